"""The demo gives the outcome measures something to show: fortnightly outcome check-ins over
months and questionnaires at every timepoint for the open cases, and one alert waiting for the
demo VSW."""

import io

import pytest
from django.core.management import call_command

from cases.models import CaseStatus
from demo.data import email_for
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from rtw.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_outcome_history_for_open_cases_and_one_alert_for_the_demo_vsw(
    settings, as_user
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    open_ones = OutcomeCheckIn.objects.filter(
        case__status__in=[CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED]
    )
    assert open_ones.values("case").distinct().count() >= 5
    statuses = set(open_ones.values_list("status", flat=True))
    assert {OutcomeStatus.DONE, OutcomeStatus.MISSED} <= statuses
    # Open cases are weeks into support (baseline, 6 weeks); the year of closed cases behind
    # them reaches 6 months.
    active = Questionnaire.objects.filter(case__status=CaseStatus.ACTIVE)
    assert set(active.values_list("timepoint", flat=True)) == {Timepoint.BASELINE, Timepoint.WEEK_6}
    assert set(Questionnaire.objects.values_list("timepoint", flat=True)) == set(Timepoint.values)
    # Every answered questionnaire's scores are its answers' scores.
    for q in Questionnaire.objects.filter(status=OutcomeStatus.DONE, answers__has_key="phq9"):
        assert q.scores["phq9"] == sum(q.answers["phq9"])

    vsw = User.objects.get(email=email_for("vsw"))
    [alert] = Questionnaire.objects.filter(
        alert_raised_at__isnull=False, alert_acknowledged_at__isnull=True
    )
    assert alert.case.assigned_vsw == vsw
    assert "Questionnaire answer needs attention" in as_user(vsw).get("/cases/").text
