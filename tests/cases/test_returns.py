"""Recording the first day back at work, on its own and when a case closes as returned."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cases import actions
from cases.models import CaseEvent, CaseStatus
from rtw.models import AuditEvent
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def date_fields(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_a_vsw_records_the_first_day_back(vsw, case):
    day = case.worker.absence_started_on + timedelta(days=20)
    response = client_for(vsw).post(
        f"/cases/{case.code}/return/", date_fields("returned_to_work_on", day)
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.returned_to_work_on == day
    assert case.events.filter(kind=CaseEvent.Kind.STATUS).first().summary == (
        f"First day back at work: {day:%-d %B %Y}"
    )
    assert AuditEvent.objects.filter(action="case.return", record_code=str(case.code)).count() == 1


def test_correcting_the_day_says_what_it_was(vsw, case):
    first = case.worker.absence_started_on + timedelta(days=20)
    actions.record_return(case=case, returned_on=first, by=vsw)
    actions.record_return(case=case, returned_on=first + timedelta(days=1), by=vsw)
    assert case.events.first().summary == (
        f"First day back at work: {first + timedelta(days=1):%-d %B %Y} (was {first:%-d %B %Y})"
    )


def test_the_first_day_back_cannot_be_before_the_absence_or_in_the_future(vsw, case):
    client = client_for(vsw)
    before = case.worker.absence_started_on - timedelta(days=1)
    page = client.post(f"/cases/{case.code}/return/", date_fields("returned_to_work_on", before))
    assert page.status_code == 200
    assert "cannot be before the absence started on" in page.content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = client.post(f"/cases/{case.code}/return/", date_fields("returned_to_work_on", tomorrow))
    assert "The first day back at work cannot be in the future" in page.content.decode()
    case.refresh_from_db()
    assert case.returned_to_work_on is None


def test_a_referral_not_yet_taken_on_has_no_return_to_record(vsw, team):
    referral = f.CaseFactory(team=team, status=CaseStatus.REFERRED, assigned_vsw=None)
    response = client_for(vsw).get(f"/cases/{referral.code}/return/")
    assert (response.status_code, response["Location"]) == (302, f"/cases/{referral.code}/")


def test_another_team_finds_nothing(vsw_other_team, case):
    assert client_for(vsw_other_team).get(f"/cases/{case.code}/return/").status_code == 404


def close(client, case, outcome, returned=None):
    data = {"outcome": outcome, **date_fields("closed_on", timezone.localdate())}
    if returned:
        data |= date_fields("returned_to_work_on", returned)
    return client.post(f"/cases/{case.code}/close/", data)


def test_closing_as_returned_asks_for_the_first_day_back(vsw, case):
    page = close(client_for(vsw), case, "SAME_JOB")
    assert page.status_code == 200
    assert "Enter the first day back at work, since they returned to work" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


def test_closing_as_returned_records_the_day_given(vsw, case):
    day = timezone.localdate() - timedelta(days=3)
    assert close(client_for(vsw), case, "NEW_JOB", returned=day).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_outcome, case.returned_to_work_on) == (
        CaseStatus.CLOSED,
        "NEW_JOB",
        day,
    )
    assert [e.kind for e in case.events.all()[:2]] == [
        CaseEvent.Kind.CLOSED,
        CaseEvent.Kind.STATUS,
    ]


def test_a_day_back_with_an_outcome_of_not_returning_is_refused(vsw, case):
    day = timezone.localdate() - timedelta(days=3)
    page = close(client_for(vsw), case, "NOT_RETURNED", returned=day)
    assert "the outcome says they did not return" in page.content.decode()


def test_a_case_with_a_return_recorded_closes_without_being_asked(vsw, case):
    actions.record_return(case=case, returned_on=timezone.localdate(), by=vsw)
    client = client_for(vsw)
    assert "returned_to_work_on" not in client.get(f"/cases/{case.code}/close/").content.decode()
    assert close(client, case, "SAME_JOB_ADJUSTED").status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_action_refuses_to_close_as_returned_without_a_day(vsw, case):
    with pytest.raises(actions.TransitionError):
        actions.close_case_with_return(
            case=case, outcome="SAME_JOB", closed_on=timezone.localdate(), by=vsw
        )
    closed = actions.close_case_with_return(
        case=case, outcome="NOT_RETURNED", closed_on=timezone.localdate(), by=vsw
    )
    assert closed.status == CaseStatus.CLOSED


def test_the_page_shows_the_day_already_recorded(vsw, case):
    day = case.worker.absence_started_on + timedelta(days=20)
    actions.record_return(case=case, returned_on=day, by=vsw)
    page = client_for(vsw).get(f"/cases/{case.code}/return/").content.decode()
    values = re.findall(r'name="returned_to_work_on_(\d)"[^>]*value="(\d+)"', page)
    assert values == [("0", str(day.day)), ("1", str(day.month)), ("2", str(day.year))]
