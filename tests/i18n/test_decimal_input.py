"""Hours are typed the locale's way: a Dutch or Swedish worker types "12,5", an English one
"12.5", and 12.5 is stored either way. The inputs are text with a decimal keypad: a number
input would make the browser refuse the comma."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from checkins.forms import CheckInForm
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from outcomes.forms import OutcomeCheckInForm
from plans.forms import PlanForm, StepBackForm
from plans.forms.phases import PhaseForm

pytestmark = pytest.mark.django_db

ANSWERS = {"days_absent": "0", "sleep": "6", "mood": "7", "energy": "6", "symptoms": "3"}


@pytest.fixture
def invited(case):
    return CheckIn.objects.create(
        case=case, due_on=case.referred_at.date(), status=CheckInStatus.INVITED
    )


@pytest.mark.parametrize(
    ("language", "typed"), [("nl", "12,5"), ("sv", "12,5"), ("en-gb", "12.5"), ("nl", "12.5")]
)
def test_a_worker_types_the_hours_of_their_check_in_their_own_way(case, invited, language, typed):
    case.worker.preferred_language = language
    case.worker.save(update_fields=["preferred_language"])

    response = Client().post(
        reverse("checkins:link", args=[link_token(invited)]), {**ANSWERS, "hours_worked": typed}
    )

    invited.refresh_from_db()
    assert (response.status_code, invited.status) == (200, CheckInStatus.COMPLETED)
    assert invited.hours_worked == Decimal("12.5")


@pytest.mark.parametrize(
    ("form", "field", "kwargs"),
    [
        (CheckInForm, "hours_worked", "check_in"),
        (OutcomeCheckInForm, "hours_worked", None),
        (PhaseForm, "hours_per_week", None),
        (PlanForm, "contracted_hours", None),
        (StepBackForm, "hours", "contracted_hours"),
    ],
)
def test_every_hours_input_reads_a_comma_in_dutch_and_shows_one(case, form, field, kwargs):
    extra = {}
    if kwargs == "check_in":
        extra = {"check_in": CheckIn(case=case, due_on=case.referred_at.date())}
    elif kwargs == "contracted_hours":
        extra = {"contracted_hours": Decimal("37.5")}

    with translation.override("nl"):
        bound = form(data={field: "12,5"}, **extra)
        bound.is_valid()
        shown = form(initial={field: Decimal("12.5")}, **extra)[field]
        html = str(shown)

    assert field not in bound.errors
    assert bound.cleaned_data[field] == Decimal("12.5")
    assert 'value="12,5"' in html
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
