"""Employer and worker pages that lead to action.

The employer's list shows, for each employee who involves them, the plan's status, "Waiting
for your signature" where it is, the next review and how to reach the VSW, and never anything
the worker has not released (the no-leak checks run with that data present). The worker's home
shows their VSW's phone and email, the next check-in and this week's planned hours, with "Stop
taking part" a quiet link to a confirmation page. Both at a constant number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cases.models import CaseStatus, Recipient, ShareItem
from checkins.models import CheckIn, CheckInStatus
from plans.models import PlanStatus, Review
from rtw.models import AuditEvent
from tests import factories as f
from tests.forms import page_text

CONDITION = "Chronic fatigue syndrome"
WARNING_SIGN = "Snapping at colleagues over small things"
HIDDEN_ADJUSTMENT = "Weekly counselling session on Thursday mornings"
SCORE_COMMENT = "My mood was at rock bottom this week"


def share(case, item):
    f.SharingConsentFactory(worker=case.worker, recipient=Recipient.EMPLOYER, item=item)


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in soup.select("table.app-employer-list tbody tr")
    ]


@pytest.fixture
def team_phone(team):
    team.phone = "0113 496 0000"
    team.save()
    return team.phone


@pytest.fixture
def secrets(case, vsw):
    """Everything an employer must not see unless released, present in the database."""
    f.FitNoteFactory(case=case, condition=CONDITION)
    plan = f.PlanFactory(
        case=case, status=PlanStatus.PROPOSED, starts_on=timezone.localdate() - timedelta(days=3)
    )
    f.add_graded_phases(plan)
    f.AdjustmentFactory(plan=plan, description=HIDDEN_ADJUSTMENT, visible_to_employer=False)
    f.RelapsePreventionFactory(plan=plan, warning_signs=WARNING_SIGN)
    f.SignOffFactory(plan=plan, party="WORKER", signed_by=case.worker.user)
    Review.objects.create(case=case, due_on=timezone.localdate() + timedelta(days=9))
    CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate() - timedelta(days=1),
        status=CheckInStatus.COMPLETED,
        completed_at=timezone.now(),
        mood=1,
        comments=SCORE_COMMENT,
    )
    return plan


@pytest.mark.django_db
def test_employer_list_leads_to_action_when_the_plan_is_released(
    as_user, employer, case, secrets, team_phone
):
    share(case, ShareItem.PLAN)
    response = as_user(employer).get("/cases/employees/")
    review = timezone.localdate() + timedelta(days=9)
    assert rows(response) == [
        [
            f"Jamie Clarke {case.worker.job_title}",
            "Not shared",
            "Proposed Waiting for your signature on Jamie Clarke's plan "
            f"Next review {review:%-d %b %Y}",
            f"Priya Shah {team_phone} vsw@example.test",
        ]
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    sign = soup.find("strong", string="Waiting for your signature").parent
    assert sign["href"] == f"/plans/{secrets.code}/copy/employer/"
    text = page_text(response)
    for secret in (CONDITION, WARNING_SIGN, HIDDEN_ADJUSTMENT, SCORE_COMMENT, "mood"):
        assert secret not in text
    # The list's audit event names the plan it showed as well as the case.
    event = AuditEvent.objects.filter(action="case.list", actor_id=employer.pk).latest("at")
    assert (event.detail["cases"], event.detail["plans"]) == ([str(case.code)], [str(secrets.code)])


@pytest.mark.django_db
def test_employer_list_shows_no_plan_line_until_the_plan_is_released(
    as_user, employer, case, secrets, team_phone
):
    response = as_user(employer).get("/cases/employees/")
    assert rows(response) == [
        [
            f"Jamie Clarke {case.worker.job_title}",
            "Not shared",
            "Not shared",
            f"Priya Shah {team_phone} vsw@example.test",
        ]
    ]
    text = page_text(response)
    for secret in (CONDITION, WARNING_SIGN, HIDDEN_ADJUSTMENT, SCORE_COMMENT, "Proposed", "review"):
        assert secret not in text


@pytest.mark.django_db
def test_a_signed_plan_no_longer_waits_for_the_employer(as_user, employer, case, secrets):
    share(case, ShareItem.PLAN)
    f.SignOffFactory(plan=secrets, party="EMPLOYER", signed_by=employer)
    assert "Waiting for your signature" not in page_text(as_user(employer).get("/cases/employees/"))


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_employer_list_query_count_does_not_grow_with_plans(
    as_user, employer, employer_org, team, vsw, count, django_assert_num_queries
):
    for i in range(count):
        case = f.CaseFactory(
            worker__employer=employer_org, worker__first_name=f"P{i}", team=team, assigned_vsw=vsw
        )
        f.involve_employer(case)
        share(case, ShareItem.PLAN)
        plan = f.PlanFactory(case=case, status=PlanStatus.PROPOSED)
        f.SignOffFactory(plan=plan, party="VSW", signed_by=vsw)
        Review.objects.create(case=case, due_on=timezone.localdate() + timedelta(days=i + 1))
        f.FitNoteFactory(case=case)
    client = as_user(employer)
    # session, user, savepoint + release, paginator count, rows with the VSW and team and, as
    # JSON, the worker's consents and the fit notes; plans, their signatures, reviews, audit
    # insert
    with django_assert_num_queries(10):
        response = client.get("/cases/employees/")
    assert page_text(response).count("Waiting for your signature") == min(count, 25)


@pytest.fixture
def active_plan(case):
    plan = f.PlanFactory(
        case=case, status=PlanStatus.ACTIVE, starts_on=timezone.localdate() - timedelta(days=3)
    )
    f.PhaseFactory(
        plan=plan,
        order=1,
        starts_on=plan.starts_on,
        ends_on=plan.starts_on + timedelta(days=13),
        hours_per_week=Decimal("18.5"),
        days="Monday, Wednesday and Friday mornings",
    )
    return plan


@pytest.mark.django_db
def test_worker_home_shows_how_to_reach_the_vsw_the_next_check_in_and_this_weeks_hours(
    as_user, worker, case, active_plan, team_phone
):
    due = timezone.localdate() + timedelta(days=4)
    CheckIn.objects.create(case=case, due_on=due, status=CheckInStatus.SCHEDULED)
    soup = BeautifulSoup(as_user(worker).get("/cases/my-support/").content, "html.parser")
    summary = {
        row.dt.get_text(" ", strip=True): row.dd.get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert summary["Your support worker"] == (
        f"Priya Shah Phone: {team_phone} Email: vsw@example.test"
    )
    assert summary["Next check-in"] == f"{due:%A %-d %B}"
    assert summary["This week's plan"] == "18.5 hours: Monday, Wednesday and Friday mornings"
    assert soup.select_one('a[href^="tel:"]')["href"] == "tel:01134960000"


@pytest.mark.django_db
def test_stop_taking_part_is_a_quiet_link_to_a_confirmation_page(as_user, worker, case):
    client = as_user(worker)
    home = BeautifulSoup(client.get("/cases/my-support/").content, "html.parser")
    # No button on the home page stops support; the only warning-styled button is elsewhere.
    assert home.select("main .govuk-button--warning") == []
    link = home.find("a", string="Stop taking part")
    assert link["href"] == f"/cases/my-support/{case.code}/stop/"

    confirm = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to stop taking part?"
    button = confirm.select_one("main form button.govuk-button--warning")
    assert button.find_parent("form")["action"] == f"/cases/my-support/{case.code}/withdraw/"
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE

    client.post(f"/cases/my-support/{case.code}/withdraw/")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert client.get(link["href"])["Location"] == "/cases/my-support/"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_worker_home_query_count_does_not_grow_with_check_ins_and_phases(
    as_user, worker, case, active_plan, count, django_assert_num_queries
):
    for i in range(count):
        CheckIn.objects.create(case=case, due_on=timezone.localdate() + timedelta(days=7 * i + 1))
        f.PhaseFactory(
            plan=active_plan,
            order=i + 2,
            starts_on=active_plan.starts_on + timedelta(days=14 + 7 * i),
            ends_on=active_plan.starts_on + timedelta(days=20 + 7 * i),
            hours_per_week=Decimal("20"),
        )
    client = as_user(worker)
    # session, user, savepoint + release, cases, consents, check-ins, plan, audit insert,
    # current plan with its phases (two), second-factor device
    with django_assert_num_queries(12):
        response = client.get("/cases/my-support/")
    assert "18.5 hours" in page_text(response)
