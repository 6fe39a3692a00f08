"""What plan PDFs reuse from one render to the next (plans.pdf.lay_out): the thread's font
configuration, and a pause of the cyclic garbage collector. Neither may carry anything of one
document into another, change what a PDF says, or leave the collector off.

Every PDF here is rendered with WeasyPrint and read back with poppler's pdftotext.
"""

import gc
import subprocess
import threading
from pathlib import Path

import pytest
from django.utils import timezone

from plans import pdf as plan_pdf
from plans.sharing import Audience, build_document
from tests import factories as f

HIDDEN = "Private counselling on Thursdays"
SHARED = "A ten-minute break every two hours"
OTHER = "Quiet desk away from the door"


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def html_for(plan, audience: Audience) -> str:
    return plan_pdf.render_plan_html(build_document(plan, audience, timezone.localdate()), audience)


@pytest.fixture
def two_plans(db):
    first = f.PlanFactory(case__worker__first_name="Ada", case__worker__last_name="Lovelace")
    f.add_graded_phases(first)
    f.AdjustmentFactory(plan=first, description=SHARED, visible_to_employer=True)
    f.AdjustmentFactory(plan=first, description=HIDDEN, visible_to_employer=False)
    second = f.PlanFactory(case__worker__first_name="Alan", case__worker__last_name="Turing")
    f.add_graded_phases(second, hours=(8, 16))
    f.AdjustmentFactory(plan=second, description=OTHER, visible_to_employer=True)
    return first, second


@pytest.mark.django_db
def test_documents_laid_out_back_to_back_each_hold_only_their_own_text(two_plans, tmp_path):
    first, second = two_plans

    worker_copy = text_of(plan_pdf.lay_out(html_for(first, Audience.WORKER)), tmp_path)
    employer_copy = text_of(plan_pdf.lay_out(html_for(first, Audience.EMPLOYER)), tmp_path)
    other_copy = text_of(plan_pdf.lay_out(html_for(second, Audience.WORKER)), tmp_path)
    worker_copy_again = text_of(plan_pdf.lay_out(html_for(first, Audience.WORKER)), tmp_path)

    assert HIDDEN in worker_copy and SHARED in worker_copy and "Ada Lovelace" in worker_copy
    assert SHARED in employer_copy and HIDDEN not in employer_copy
    assert OTHER in other_copy and "Alan Turing" in other_copy
    for text in (HIDDEN, SHARED, "Ada Lovelace", "Lovelace"):
        assert text not in other_copy
    assert OTHER not in worker_copy_again and "Turing" not in worker_copy_again
    # Whatever the renders in between left behind, the same HTML prints the same page.
    assert worker_copy_again == worker_copy


@pytest.mark.django_db
def test_reusing_the_font_configuration_prints_what_a_fresh_one_prints(two_plans, tmp_path):
    import weasyprint

    first, _ = two_plans
    html = html_for(first, Audience.WORKER)
    plan_pdf.lay_out(html)  # warm this thread's configuration

    fresh = weasyprint.HTML(
        string=html, base_url=plan_pdf.BASE_URL, url_fetcher=plan_pdf.make_url_fetcher()
    ).write_pdf()

    assert text_of(plan_pdf.lay_out(html), tmp_path) == text_of(fresh, tmp_path)


def test_each_thread_keeps_one_font_configuration_of_its_own():
    mine = plan_pdf.font_config()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.extend([plan_pdf.font_config()] * 2))
    thread.start()
    thread.join()

    assert plan_pdf.font_config() is mine
    assert theirs[0] is theirs[1]
    assert theirs[0] is not mine


def test_the_collector_is_off_during_a_render_and_back_on_after_it_even_a_failed_one():
    during = []
    with plan_pdf.gc_paused():
        during.append(gc.isenabled())
    with pytest.raises(ValueError), plan_pdf.gc_paused():
        raise ValueError("render failed")

    assert during == [False]
    assert gc.isenabled()


def test_the_collector_stays_off_after_a_render_if_it_was_off_before():
    gc.disable()
    try:
        with plan_pdf.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_render_leaves_the_collector_on():
    pdf = plan_pdf.lay_out('<link rel="stylesheet" href="rtw-static:css/print.css"><p>Hello</p>')

    assert pdf.startswith(b"%PDF-")
    assert gc.isenabled()
