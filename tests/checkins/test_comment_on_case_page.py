"""The VSW sees what the worker said at a check-in, signals or not."""

import pytest
from django.utils import timezone

from checkins.models import CheckIn
from tests.forms import page_text

pytestmark = pytest.mark.django_db

SAID = "The early shifts wiped me out by Wednesday."


def completed_check_in(case, *, signals):
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        status="COMPLETED",
        sleep=3,
        mood=4,
        energy=3,
        symptoms=7,
        work_ability=4,
        comments=SAID,
        signals=signals,
        completed_at=timezone.now(),
    )


def test_a_comment_shows_on_the_case_page_next_to_the_signals_it_raised(as_user, vsw, case):
    completed_check_in(case, signals=["Worker asked to be contacted"])

    text = page_text(as_user(vsw).get(f"/cases/{case.code}/check-ins/"))

    assert "Worker asked to be contacted" in text
    assert SAID in text


def test_a_comment_without_signals_still_shows(as_user, vsw, case):
    completed_check_in(case, signals=[])

    assert SAID in page_text(as_user(vsw).get(f"/cases/{case.code}/check-ins/"))
