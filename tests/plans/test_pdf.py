"""Plan PDFs: each audience's copy holds exactly what build_document allowed, on every page the
version and sign-off status, fonts embedded, and a URL fetcher that serves only our static files.

Every test renders a real PDF with WeasyPrint and reads it back with poppler's pdftotext.
"""

import hashlib
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from plans import pdf as plan_pdf
from plans.pdf import render_plan_pdf, safe_url_fetcher
from plans.sharing import Audience, build_document
from tests import factories as f

CONDITION = "Recurrent depressive disorder"
HIDDEN_ADJUSTMENT = "Private counselling on Thursdays"
VISIBLE_ADJUSTMENT = "A ten-minute break every two hours"
WARNING_SIGN = "Sleeping worse"
VSW_ACTION = "Call within two working days"
EMPLOYER_ACTION = "Team leader offers routine tasks for a week"
CONTACTS = "Priya Shah, vocational support, 0113 496 0000"
CONTACT_NOTE = "Told me about panic attacks on the bus."
NORMALISATION_START = "A dip can happen on the way back to work."


# --- Helpers ----------------------------------------------------------------------------------


def pdf_to_text(pdf: bytes, tmp_path: Path, *, page: int | None = None, layout=True) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def lines(text: str) -> list[str]:
    """Non-empty lines with runs of spaces (layout columns) collapsed."""
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


def flat(text: str) -> str:
    """All whitespace collapsed, so a phrase wrapped across lines is still found."""
    return re.sub(r"\s+", " ", text)


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def share_with_employer(case, vsw, *items):
    for item in items:
        f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item=item, granted_by=vsw)


def render(plan, audience):
    return render_plan_pdf(build_document(plan, audience, timezone.localdate()))


# --- Data -------------------------------------------------------------------------------------


@pytest.fixture
def plan(case, vsw, worker, employer):
    """A proposed plan holding every kind of sensitive value the copies must filter."""
    today = timezone.localdate()
    f.FitNoteFactory(
        case=case,
        condition=CONDITION,
        fitness="MAY_BE_FIT",
        phased_return=True,
        altered_hours=True,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=40),
    )
    f.ContactFactory(case=case, summary=CONTACT_NOTE)
    plan = f.PlanFactory(case=case, status="PROPOSED", contracted_hours=37.5)
    phases = f.add_graded_phases(plan, hours=(10, 20, 15, 30))
    phases[2].is_step_back = True
    phases[2].save()
    f.AdjustmentFactory(plan=plan, description=VISIBLE_ADJUSTMENT, visible_to_employer=True)
    f.AdjustmentFactory(
        plan=plan, category="OTHER", description=HIDDEN_ADJUSTMENT, visible_to_employer=False
    )
    relapse = f.RelapsePreventionFactory(
        plan=plan,
        warning_signs=f"{WARNING_SIGN}\nMore easily irritated",
        contacts=CONTACTS,
        review_on=plan.starts_on + timedelta(weeks=3),
    )
    f.AgreedActionFactory(
        relapse=relapse, kind="EXTRA_VSW_CONVERSATION", detail=VSW_ACTION, owner="VSW"
    )
    f.AgreedActionFactory(
        relapse=relapse, kind="ROUTINE_TASKS", detail=EMPLOYER_ACTION, owner="EMPLOYER"
    )
    f.SignOffFactory(plan=plan, party="WORKER", signed_by=worker)
    return plan


# --- Per audience -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_worker_copy_holds_the_whole_plan(plan, tmp_path):
    text = pdf_to_text(render(plan, Audience.WORKER), tmp_path)
    body = flat(text)

    assert "Your return-to-work plan" in lines(text)
    for value in (
        "Jamie Clarke",
        "Pennine Logistics Ltd",
        "Priya Shah",
        "Same job, adapted",
        "37.5 hours a week",
        f"{plan.starts_on:%-d %B %Y}",
        f"{plan.expected_end_on:%-d %B %Y}",
        f"Condition: {CONDITION}",
        "May be fit for work",
        VISIBLE_ADJUSTMENT,
        HIDDEN_ADJUSTMENT,
        WARNING_SIGN,
        "More easily irritated",
        NORMALISATION_START,
        VSW_ACTION,
        EMPLOYER_ACTION,
        CONTACTS,
        f"We will look at this agreement again on {plan.relapse.review_on:%-d %B %Y}",
        f"{plan.review_dates()[0]:%A %-d %B %Y}",
        "Step back",
        "Sign-off status: Signed by Worker; not yet agreed",
    ):
        assert value in body, value
    assert CONTACT_NOTE not in body


# A phase row's first line in layout text: step, start date "to", hours a week, ...
ROW = re.compile(r"^(\d+) (\d+ \w{3} \d{4}) to (\d+(?:\.5)?) ")


@pytest.mark.django_db
def test_worker_copy_lists_the_phases_with_hours_and_dates(plan, tmp_path):
    raw = pdf_to_text(render(plan, Audience.WORKER), tmp_path)
    text = lines(raw)

    rows = [m.groups() for line in text if (m := ROW.match(line))]

    assert rows == [
        (str(i + 1), f"{plan.starts_on + timedelta(weeks=i):%-d %b %Y}", hours)
        for i, hours in enumerate(["10", "20", "15", "30"])
    ]
    assert raw.count("Step back") == 1


@pytest.mark.django_db
def test_employer_cannot_see_condition_on_plan_pdf(plan, vsw, tmp_path):
    share_with_employer(plan.case, vsw, "PLAN", "FIT_NOTE_ADVICE", "RELAPSE_ACTIONS")

    text = pdf_to_text(render(plan, Audience.EMPLOYER), tmp_path)
    body = flat(text)

    assert "Return-to-work plan: employer's copy" in lines(text)
    assert "May be fit for work" in body
    assert "Recurrent" not in body
    assert "depressive" not in body
    assert "Condition" not in body


@pytest.mark.django_db
def test_employer_sees_condition_only_once_the_worker_releases_it(plan, vsw, tmp_path):
    share_with_employer(plan.case, vsw, "PLAN", "FIT_NOTE_ADVICE", "CONDITION")

    text = pdf_to_text(render(plan, Audience.EMPLOYER), tmp_path)

    assert f"Condition: {CONDITION}" in lines(text)


@pytest.mark.django_db
def test_employer_copy_leaves_out_hidden_adjustments_warning_signs_and_other_actions(
    plan, vsw, tmp_path
):
    share_with_employer(plan.case, vsw, "PLAN", "FIT_NOTE_ADVICE", "RELAPSE_ACTIONS")

    body = flat(pdf_to_text(render(plan, Audience.EMPLOYER), tmp_path))

    assert VISIBLE_ADJUSTMENT in body
    assert EMPLOYER_ACTION in body
    assert NORMALISATION_START in body
    assert CONTACTS in body
    assert "counselling" not in body
    assert "Sleeping" not in body
    assert "irritated" not in body
    assert "Early warning signs" not in body
    assert "two working days" not in body
    assert "panic attacks" not in body


@pytest.mark.django_db
def test_employer_sees_warning_signs_once_the_worker_releases_them(plan, vsw, tmp_path):
    share_with_employer(plan.case, vsw, "PLAN", "RELAPSE_ACTIONS", "WARNING_SIGNALS")

    text = pdf_to_text(render(plan, Audience.EMPLOYER), tmp_path)

    assert "Early warning signs" in lines(text)
    assert f"• {WARNING_SIGN}" in lines(text)
    assert "• More easily irritated" in lines(text)
    assert "counselling" not in flat(text)
    assert "depressive" not in flat(text)


@pytest.mark.django_db
def test_employer_copy_without_released_items_has_no_fit_note_or_relapse_section(
    plan, vsw, tmp_path
):
    share_with_employer(plan.case, vsw, "PLAN")

    body = flat(pdf_to_text(render(plan, Audience.EMPLOYER), tmp_path))

    assert "Phases" in body
    assert VISIBLE_ADJUSTMENT in body
    for absent in (
        "Fit-note advice",
        "May be fit",
        "Relapse-prevention agreement",
        "A dip can happen",
        "Team leader offers",
        "Sleeping",
        "depressive",
        "counselling",
    ):
        assert absent not in body, absent


@pytest.mark.django_db
def test_clinician_copy_has_the_outline_but_no_relapse_details(plan, tmp_path):
    text = pdf_to_text(render(plan, Audience.CLINICIAN), tmp_path)
    body = flat(text)

    assert "Return-to-work plan: summary for the clinician" in lines(text)
    assert "May be fit for work" in body
    assert VISIBLE_ADJUSTMENT in body
    assert "37.5 hours a week" in body
    for absent in (
        "Relapse-prevention agreement",
        "A dip can happen",
        "Sleeping",
        "irritated",
        "two working days",
        "Team leader offers",
        "0113 496 0000",
        "panic attacks",
    ):
        assert absent not in body, absent


@pytest.mark.django_db
def test_rendering_reads_only_the_document_never_the_database(
    plan, tmp_path, django_assert_num_queries
):
    document = build_document(plan, Audience.WORKER, timezone.localdate())

    with django_assert_num_queries(0):
        pdf = render_plan_pdf(document)

    assert pdf.startswith(b"%PDF-")


# --- Pages, running header, fonts -------------------------------------------------------------


@pytest.fixture
def long_plan(case, worker, employer):
    """25 weekly phases with long duty text: several pages. Agreed by worker and employer."""
    plan = f.PlanFactory(
        case=case,
        status="AGREED",
        version=3,
        expected_end_on=timezone.localdate() + timedelta(weeks=27),
    )
    duties = (
        "Answering customer emails, updating the order tracker, checking stock levels in the "
        "warehouse system and preparing the weekly dispatch summary for the team meeting"
    )
    for i in range(25):
        start = plan.starts_on + timedelta(weeks=i)
        f.PhaseFactory(
            plan=plan,
            order=i + 1,
            starts_on=start,
            ends_on=start + timedelta(days=6),
            hours_per_week=min(10 + i, 37.5),
            duties_included=duties,
            duties_excluded="Night shifts, lifting over 10 kg and covering the front desk alone",
            supervision="Daily check-in with the team leader at the start of each shift",
        )
    f.SignOffFactory(plan=plan, party="WORKER", signed_by=worker)
    f.SignOffFactory(plan=plan, party="EMPLOYER", signed_by=employer)
    return plan


@pytest.mark.django_db
def test_every_page_shows_version_sign_off_status_and_page_number(long_plan, tmp_path):
    pdf = render(long_plan, Audience.EMPLOYER)
    pages = page_count(pdf, tmp_path)

    assert pages >= 3
    for number in range(1, pages + 1):
        page = lines(pdf_to_text(pdf, tmp_path, page=number))
        assert page[0] == (
            "Plan version 3 (Agreed) · Agreed: signed by the worker and the employer"
        ), number
        assert page[-1] == f"Return-to-work plan: employer's copy Page {number} of {pages}"


@pytest.mark.django_db
def test_all_fonts_are_embedded(long_plan, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(render(long_plan, Audience.WORKER))

    report = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    header, rows = report[0].split(), report[2:]
    emb = header.index("emb")
    # pdffonts columns: name type [encoding words] emb sub uni object ID; count from the right.
    embedded = [row.split()[emb - len(header)] for row in rows]

    assert set(embedded) == {"yes"}
    assert [row.split()[0].split("+")[1] for row in rows] == ["DejaVu-Sans-Bold", "DejaVu-Sans"]


# --- URL fetcher ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "http://127.0.0.1:9/x.css",
        "ftp://example.com/x.css",
        "data:text/css,body{color:red}",
        "/etc/passwd",
        "css/print.css",
        "rtw-static:../../etc/passwd",
        "rtw-static:css/../../../etc/passwd",
        "rtw-static:%2e%2e/%2e%2e/etc/passwd",
        "rtw-static:/etc/passwd",
        "rtw-static:css//print.css",
        "rtw-static:css\\..\\print.css",
        "rtw-static:file:///etc/passwd",
        "rtw-static:css/print.css?x=1",
        "rtw-static:css/missing.css",
        "rtw-static:img/favicon.svg/../../../../etc/hostname",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError, match="Refused"):
        safe_url_fetcher(url)


def test_fetcher_serves_our_print_stylesheet():
    response = safe_url_fetcher("rtw-static:css/print.css")

    assert response.content_type == "text/css"
    assert response.read() == (Path(__file__).parents[2] / "static/css/print.css").read_bytes()


HOSTILE_IMG = '<img src="file:///etc/passwd">'
HOSTILE_LINK = '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
HOSTILE_CSS = "<style>p { background: url(file:///etc/hostname) }</style>"


@pytest.mark.django_db
def test_markup_typed_into_the_plan_is_printed_as_text_and_fetches_nothing(
    case, vsw, tmp_path, monkeypatch
):
    plan = f.PlanFactory(case=case)
    f.PhaseFactory(plan=plan, order=1, duties_included=HOSTILE_IMG, supervision=HOSTILE_CSS)
    f.AdjustmentFactory(plan=plan, description=HOSTILE_LINK)
    f.AdjustmentFactory(plan=plan, description=HOSTILE_CSS)
    requested = []

    def recording_fetcher(url):
        requested.append(url)
        return safe_url_fetcher(url)

    monkeypatch.setattr(plan_pdf, "safe_url_fetcher", recording_fetcher)

    text = pdf_to_text(render(plan, Audience.WORKER), tmp_path, layout=False)

    assert requested == ["rtw-static:css/print.css"]
    # Narrow table cells wrap long strings (after a slash, say): compare without whitespace.
    printed = unspaced(text)
    assert printed.count(unspaced(HOSTILE_IMG)) == 1
    assert printed.count(unspaced(HOSTILE_LINK)) == 1
    assert printed.count(unspaced(HOSTILE_CSS)) == 2
    assert "root:" not in text


def test_renderer_given_hostile_markup_directly_asks_the_fetcher_which_refuses(monkeypatch):
    """Even markup that bypassed the template's escaping fetches nothing: every URL goes to
    safe_url_fetcher, which refuses it."""
    import weasyprint

    outcomes = []

    def recording_fetcher(url):
        try:
            response = safe_url_fetcher(url)
        except ValueError:
            outcomes.append((url, "refused"))
            raise
        outcomes.append((url, "served"))
        return response

    monkeypatch.setattr(plan_pdf, "safe_url_fetcher", recording_fetcher)
    html = (
        f"{HOSTILE_LINK}<p>{HOSTILE_IMG}</p>"
        '<link rel="stylesheet" href="rtw-static:css/print.css">'
        "<style>p { background: url(file:///etc/hostname) }</style>"
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="../../etc/passwd">'
    )

    pdf = weasyprint.HTML(
        string=html, base_url=plan_pdf.BASE_URL, url_fetcher=plan_pdf.make_url_fetcher()
    ).write_pdf()

    assert pdf.startswith(b"%PDF-")
    assert sorted(outcomes) == sorted(
        [
            ("http://127.0.0.1:9/x.css", "refused"),
            ("file:///etc/passwd", "refused"),
            ("rtw-static:css/print.css", "served"),
            ("file:///etc/hostname", "refused"),
            ("data:image/png;base64,iVBORw0KGgo=", "refused"),
            ("../../etc/passwd", "refused"),
        ]
    )


# --- Cache: a repeated download skips WeasyPrint, never stale, never across audiences -------


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def document(plan, audience):
    return build_document(plan, audience, timezone.localdate())


def key_for(doc):
    audience = Audience(doc.audience)
    html = plan_pdf.render_plan_html(doc, audience)
    return "plan-pdf:" + audience.value + ":" + hashlib.sha256(html.encode()).hexdigest()


@pytest.mark.django_db
def test_a_second_download_of_an_unchanged_version_is_served_from_the_cache(plan, empty_cache):
    doc = document(plan, Audience.WORKER)
    first = plan_pdf.render_plan_pdf(doc)
    assert cache.get(key_for(doc)) == first

    # What the cache holds is what is served: the second call does not lay the page out again.
    cache.set(key_for(doc), b"%PDF- the cached copy", 60)
    assert plan_pdf.render_plan_pdf(document(plan, Audience.WORKER)) == b"%PDF- the cached copy"


@pytest.mark.django_db
def test_a_release_changes_the_employer_copy_at_once(plan, vsw, tmp_path, empty_cache):
    share_with_employer(plan.case, vsw, "PLAN", "FIT_NOTE_ADVICE")
    before = plan_pdf.render_plan_pdf(document(plan, Audience.EMPLOYER))
    assert CONDITION not in flat(pdf_to_text(before, tmp_path))

    share_with_employer(plan.case, vsw, "CONDITION")
    after = plan_pdf.render_plan_pdf(document(plan, Audience.EMPLOYER))

    assert CONDITION in flat(pdf_to_text(after, tmp_path))


@pytest.mark.django_db
def test_a_new_signature_changes_the_copy_at_once(plan, employer, tmp_path, empty_cache):
    status_before = document(plan, Audience.WORKER).signoff_status
    before = flat(pdf_to_text(plan_pdf.render_plan_pdf(document(plan, Audience.WORKER)), tmp_path))
    f.SignOffFactory(plan=plan, party="EMPLOYER", signed_by=employer)
    status_after = document(plan, Audience.WORKER).signoff_status
    after = flat(pdf_to_text(plan_pdf.render_plan_pdf(document(plan, Audience.WORKER)), tmp_path))

    assert status_before != status_after
    assert status_before in before
    assert status_after in after


@pytest.mark.django_db
def test_the_worker_copy_cached_first_never_reaches_the_employer(plan, vsw, tmp_path, empty_cache):
    share_with_employer(plan.case, vsw, "PLAN", "FIT_NOTE_ADVICE")
    worker_pdf = plan_pdf.render_plan_pdf(document(plan, Audience.WORKER))
    assert CONDITION in flat(pdf_to_text(worker_pdf, tmp_path))

    employer_doc = document(plan, Audience.EMPLOYER)
    employer_pdf = plan_pdf.render_plan_pdf(employer_doc)

    assert employer_pdf != worker_pdf
    assert CONDITION not in flat(pdf_to_text(employer_pdf, tmp_path))
    assert key_for(employer_doc).startswith("plan-pdf:employer:")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_worker_copy_download_query_count_does_not_grow(
    as_user, vsw, plan, rows, tmp_path, django_assert_num_queries
):
    for i in range(rows):
        f.AdjustmentFactory(plan=plan, description=f"Adjustment number {i}")
    client = as_user(vsw)
    # session, user, second-factor device, savepoint, plan (fetch helper), audit insert, plan
    # with its case and every list as JSON (plans/loading.py), signoffs, release; the same for
    # a first render and for bytes already cached (7 of each over HTTP, docs/performance.md)
    for _ in range(2):
        with django_assert_num_queries(9):
            response = client.get(f"/plans/{plan.code}/pdf/worker/")
    text = flat(pdf_to_text(response.content, tmp_path))
    assert text.count("Adjustment number") == rows
