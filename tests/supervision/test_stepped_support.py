"""Stepped support: the level and planned contacts of a case, contacts with the worker so far
against the plan on the case page and the worklist, and the supervisor's cases far from plan."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cases.actions import TransitionError
from cases.models import CaseEvent, CaseStatus, ContactParty, SupportLevel
from rtw.models import AuditEvent
from supervision import actions
from supervision.stepped import far_from_plan
from tests import factories as f
from tests.cases.test_worklist import WORKLIST_QUERIES
from tests.forms import field_errors, page_text


def contacts(case, n, *, party=ContactParty.WORKER, days_ago=1):
    for _ in range(n):
        f.ContactFactory(
            case=case, party=party, occurred_at=timezone.now() - timedelta(days=days_ago)
        )


def support_form(level, planned):
    return {"support_level": level, "planned_contacts": str(planned)}


# --- Setting the level ------------------------------------------------------------------------


@pytest.mark.django_db
def test_vsw_sets_level_and_planned_contacts_with_a_timeline_line(as_user, vsw, case):
    response = as_user(vsw).post(
        f"/supervision/cases/{case.code}/support/", support_form("INTENSIVE", 9)
    )
    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.support_level, case.planned_contacts) == (SupportLevel.INTENSIVE, 9)
    assert list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SUPPORT).values_list(
            "summary", flat=True
        )
    ) == ["Support level set to Intensive (7 to 12 contacts), 9 contacts planned"]


@pytest.mark.django_db
def test_supervisor_may_set_the_level_too(as_user, supervisor, case):
    as_user(supervisor).post(f"/supervision/cases/{case.code}/support/", support_form("LIGHT", 2))
    case.refresh_from_db()
    assert (case.support_level, case.planned_contacts) == (SupportLevel.LIGHT, 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "planned", "message"),
    [
        ("LIGHT", 4, "Light support plans between 1 and 3 contacts"),
        ("STANDARD", 3, "Standard support plans between 4 and 6 contacts"),
        ("INTENSIVE", 6, "Intensive support plans between 7 and 12 contacts"),
        ("INTENSIVE", 13, "Plan at most 12 contacts"),
    ],
)
def test_planned_contacts_outside_the_level_are_refused_at_the_field(
    as_user, vsw, case, level, planned, message
):
    response = as_user(vsw).post(
        f"/supervision/cases/{case.code}/support/", support_form(level, planned)
    )
    case.refresh_from_db()
    assert response.status_code == 200
    assert field_errors(response, "id_planned_contacts") == [message]
    assert (case.support_level, case.planned_contacts) == (SupportLevel.STANDARD, 5)


@pytest.mark.django_db
def test_the_action_refuses_a_count_outside_the_range_too(vsw, case):
    with pytest.raises(TransitionError):
        actions.set_support_level(case=case, level="LIGHT", planned_contacts=5, by=vsw)


@pytest.mark.django_db
def test_other_team_cannot_set_the_level(as_user, vsw_other_team, case):
    response = as_user(vsw_other_team).post(
        f"/supervision/cases/{case.code}/support/", support_form("LIGHT", 2)
    )
    case.refresh_from_db()
    assert (response.status_code, case.support_level) == (404, SupportLevel.STANDARD)


# --- Contacts so far against plan -------------------------------------------------------------


@pytest.mark.django_db
def test_case_page_counts_only_contacts_with_the_worker(as_user, vsw, case):
    contacts(case, 2)
    contacts(case, 1, party=ContactParty.EMPLOYER)
    contacts(case, 1, party=ContactParty.GP)
    soup = BeautifulSoup(as_user(vsw).get(f"/cases/{case.code}/").content, "html.parser")
    assert soup.select_one("[data-contacts]").get_text(" ", strip=True) == "2 of 5 planned"


@pytest.mark.django_db
def test_case_page_marks_contacts_above_plan(as_user, vsw, case):
    actions.set_support_level(case=case, level="LIGHT", planned_contacts=1, by=vsw)
    contacts(case, 2)
    soup = BeautifulSoup(as_user(vsw).get(f"/cases/{case.code}/").content, "html.parser")
    assert soup.select_one("[data-contacts]").get_text(" ", strip=True) == (
        "2 of 1 planned Above plan"
    )


def worklist_contacts(response) -> dict[str, str]:
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("table.govuk-table thead th")]
    column = headers.index("Contacts / planned")
    return {
        row.select_one("td a").get_text(strip=True): row.select("td")[column].get_text(strip=True)
        for row in soup.select("table.govuk-table tbody tr")
    }


@pytest.mark.django_db
def test_worklist_shows_worker_contacts_against_plan(as_user, vsw, case):
    other = f.CaseFactory(team=vsw.organisation, assigned_vsw=vsw, worker__first_name="Bea")
    actions.set_support_level(case=other, level="INTENSIVE", planned_contacts=8, by=vsw)
    contacts(case, 3)
    contacts(case, 2, party=ContactParty.EMPLOYER)
    assert worklist_contacts(as_user(vsw).get("/cases/")) == {
        "Jamie Clarke": "3 / 5",
        f"Bea {other.worker.last_name}": "0 / 8",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_worklist_stays_one_query_with_the_contacts_column(
    as_user, vsw, rows, django_assert_num_queries
):
    for i in range(rows):
        made = f.CaseFactory(team=vsw.organisation, assigned_vsw=vsw, worker__first_name=f"P{i}")
        contacts(made, 2)
    client = as_user(vsw)
    with django_assert_num_queries(WORKLIST_QUERIES):
        response = client.get("/cases/")
    assert set(worklist_contacts(response).values()) == {"2 / 5"}


# --- Far from plan ----------------------------------------------------------------------------


def taken_on(team, *, days_ago, level="STANDARD", planned=5, status=CaseStatus.ACTIVE):
    case = f.CaseFactory(team=team, status=status, support_level=level, planned_contacts=planned)
    case.decided_at = timezone.now() - timedelta(days=days_ago)
    case.save(update_fields=["decided_at"])
    return case


def flags(case) -> dict[str, bool]:
    found = far_from_plan([case.team_id]).filter(pk=case.pk).first()
    if found is None:
        return {}
    return {
        k: getattr(found, k)
        for k in ("over_plan", "behind_plan", "gone_quiet")
        if getattr(found, k)
    }


@pytest.mark.django_db
def test_more_contacts_than_planned_is_far_from_plan(team):
    case = taken_on(team, days_ago=20, level="LIGHT", planned=2)
    contacts(case, 3)
    assert flags(case) == {"over_plan": True}


@pytest.mark.django_db
def test_exactly_the_planned_contacts_is_not_far_from_plan(team):
    case = taken_on(team, days_ago=20, level="LIGHT", planned=2)
    contacts(case, 2)
    assert flags(case) == {}


@pytest.mark.django_db
def test_below_half_of_plan_after_eight_weeks_is_far_from_plan(team):
    case = taken_on(team, days_ago=57, planned=5)
    contacts(case, 2)  # 2 of 5: below half
    assert flags(case) == {"behind_plan": True}


@pytest.mark.django_db
def test_half_of_plan_after_eight_weeks_is_not_behind(team):
    case = taken_on(team, days_ago=57, planned=6)
    contacts(case, 3)  # exactly half
    assert flags(case) == {}


@pytest.mark.django_db
def test_below_half_of_plan_before_eight_weeks_is_not_behind(team):
    case = taken_on(team, days_ago=55, planned=5)
    contacts(case, 1)
    assert flags(case) == {}


@pytest.mark.django_db
def test_no_contact_for_28_days_is_far_from_plan(team):
    case = taken_on(team, days_ago=40, planned=4)
    contacts(case, 2, days_ago=29)
    assert flags(case) == {"gone_quiet": True}


@pytest.mark.django_db
def test_a_contact_with_the_employer_does_not_break_the_silence(team):
    case = taken_on(team, days_ago=40, planned=4)
    contacts(case, 2, days_ago=29)
    contacts(case, 1, party=ContactParty.EMPLOYER, days_ago=2)
    assert flags(case) == {"gone_quiet": True}


@pytest.mark.django_db
def test_a_recent_contact_with_the_worker_is_not_quiet(team):
    case = taken_on(team, days_ago=40, planned=4)
    contacts(case, 2, days_ago=27)
    assert flags(case) == {}


@pytest.mark.django_db
def test_no_contact_since_acceptance_29_days_ago_is_quiet_and_27_is_not(team):
    quiet = taken_on(team, days_ago=29)
    fresh = taken_on(team, days_ago=27)
    assert (flags(quiet), flags(fresh)) == ({"gone_quiet": True}, {})


@pytest.mark.django_db
def test_a_paused_case_is_not_far_from_plan(team):
    case = taken_on(team, days_ago=90, status=CaseStatus.PAUSED)
    assert flags(case) == {}


@pytest.mark.django_db
def test_supervisor_sees_their_teams_cases_far_from_plan_with_reasons(
    as_user, supervisor, team, other_team
):
    over = taken_on(team, days_ago=10, level="LIGHT", planned=1)
    contacts(over, 2)
    on_track = taken_on(team, days_ago=10)
    contacts(on_track, 1)
    elsewhere = taken_on(other_team, days_ago=90)
    response = as_user(supervisor).get("/supervision/off-plan/")
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in soup.select("table tbody tr")
    ]
    assert [(r[0], r[3], r[5]) for r in rows] == [
        (over.worker.full_name, "2 / 1", "More contacts than planned")
    ]
    assert elsewhere.worker.full_name not in page_text(response)
    audit = AuditEvent.objects.get(action="case.list_off_plan")
    assert audit.detail["cases"] == [str(over.code)]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 30])
def test_off_plan_page_query_count_does_not_grow(
    as_user, supervisor, team, rows, django_assert_num_queries
):
    for _ in range(rows):
        taken_on(team, days_ago=60)
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint + release, paginator count, page rows,
    # audit insert
    with django_assert_num_queries(8):
        response = client.get("/supervision/off-plan/")
    assert len(BeautifulSoup(response.content, "html.parser").select("tbody tr")) == rows


@pytest.mark.django_db
def test_vsw_cannot_open_the_off_plan_page(as_user, vsw):
    assert as_user(vsw).get("/supervision/off-plan/").status_code == 403


# --- At acceptance ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ({"accept-support_level": "INTENSIVE"}, ("INTENSIVE", 9)),
        ({"accept-support_level": "LIGHT"}, ("LIGHT", 2)),
        ({}, ("STANDARD", 5)),
    ],
)
def test_the_level_is_chosen_at_acceptance_with_its_default_plan(
    as_user, vsw, team, posted, expected
):
    referral = f.CaseFactory(team=team, status=CaseStatus.REFERRED, assigned_vsw=None)
    response = as_user(vsw).post(
        f"/cases/{referral.code}/decision/",
        {"decision": "accept", "accept-vsw": vsw.pk, **posted},
    )
    referral.refresh_from_db()
    assert response.status_code == 302
    assert (referral.status, referral.support_level, referral.planned_contacts) == (
        CaseStatus.ACCEPTED,
        *expected,
    )


@pytest.mark.django_db
def test_the_acceptance_form_offers_the_levels_with_standard_chosen(as_user, vsw, team):
    referral = f.CaseFactory(team=team, status=CaseStatus.REFERRED, assigned_vsw=None)
    soup = BeautifulSoup(
        as_user(vsw).get(f"/cases/{referral.code}/decision/").content, "html.parser"
    )
    radios = soup.select('input[name="accept-support_level"]')
    assert [(r["value"], r.has_attr("checked")) for r in radios] == [
        ("LIGHT", False),
        ("STANDARD", True),
        ("INTENSIVE", False),
    ]


@pytest.mark.django_db
def test_contacts_page_shows_contacts_against_plan_too(as_user, vsw, case):
    contacts(case, 3)
    soup = BeautifulSoup(as_user(vsw).get(f"/cases/{case.code}/contacts/").content, "html.parser")
    assert soup.select_one("[data-contacts]").get_text(" ", strip=True) == "3 of 5 planned"


@pytest.mark.django_db
def test_worklist_marks_the_cases_far_from_plan(as_user, vsw, team):
    quiet = taken_on(team, days_ago=40)
    on_track = taken_on(team, days_ago=40)
    contacts(on_track, 1, days_ago=3)
    for made in (quiet, on_track):
        made.assigned_vsw = vsw
        made.save(update_fields=["assigned_vsw"])
    assert worklist_contacts(as_user(vsw).get("/cases/")) == {
        quiet.worker.full_name: "0 / 5Far from plan",
        on_track.worker.full_name: "1 / 5",
    }
