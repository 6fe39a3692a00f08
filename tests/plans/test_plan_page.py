"""The plan page a VSW uses every day: its changes grouped as links with "Abandon plan" apart
and behind a confirmation page, each adjustment listed once, and the graded hours drawn as a
step chart (planned hours by week, hours worked from check-ins over it) with a table holding
the same figures. Its query count does not grow with phases, adjustments or check-ins."""

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from checkins.models import CheckIn, CheckInStatus
from plans.chart import build_hours_chart
from plans.models import Milestone, PlanStatus
from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def plan(case):
    plan = f.PlanFactory(
        case=case,
        status=PlanStatus.ACTIVE,
        contracted_hours=Decimal("40"),
        starts_on=timezone.localdate() - timedelta(weeks=2),
    )
    f.add_graded_phases(plan, hours=(10, 20, 30, 40))
    return plan


def completed(case, due_on, hours):
    return CheckIn.objects.create(
        case=case,
        due_on=due_on,
        planned_hours=Decimal("10"),
        status=CheckInStatus.COMPLETED,
        completed_at=timezone.now(),
        hours_worked=Decimal(hours),
    )


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_the_step_chart_and_its_table_hold_planned_and_worked_hours(as_user, vsw, case, plan):
    completed(case, plan.starts_on + timedelta(days=6), "8")
    completed(case, plan.starts_on + timedelta(days=13), "20")
    page = soup(as_user(vsw).get(f"/plans/{plan.code}/"))

    svg = page.select_one("svg[role=img]")
    title = svg.select_one("title")
    assert svg["aria-labelledby"] == title["id"]
    assert title.get_text().startswith("Step chart of planned hours a week over 4 weeks")
    assert len(svg.select("path.app-chart__step")) == 1
    assert len(svg.select("circle.app-chart__line--actual")) == 2
    table = page.find("caption", string="Planned and worked hours by week").parent
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.tbody("tr")]
    day = plan.starts_on
    assert rows == [
        ["1", f"{day:%-d %b %Y}", "10", "8"],
        ["2", f"{day + timedelta(weeks=1):%-d %b %Y}", "20", "20"],
        ["3", f"{day + timedelta(weeks=2):%-d %b %Y}", "30", "–"],
        ["4", f"{day + timedelta(weeks=3):%-d %b %Y}", "40", "–"],
    ]


def test_the_chart_steps_follow_the_phases_and_a_step_back_is_labelled():
    class P:
        def __init__(self, start, days, hours, back=False):
            self.starts_on, self.ends_on = start, start + timedelta(days=days - 1)
            self.hours_per_week, self.is_step_back = Decimal(hours), back

    start = timezone.localdate()
    phases = [P(start, 14, "10"), P(start + timedelta(days=14), 7, "5", back=True)]
    chart = build_hours_chart(phases, [])
    assert [(w.number, w.planned, w.is_step_back) for w in chart.weeks] == [
        (1, Decimal("10"), False),
        (2, Decimal("10"), False),
        (3, Decimal("5"), True),
    ]
    # Three steps, each a horizontal line joined to the next: M, then L pairs.
    assert chart.planned_path.count("M") == 1
    assert chart.planned_path.count("L") == 5
    assert chart.worked_points == []
    assert build_hours_chart([], []) is None


@pytest.mark.django_db
def test_each_adjustment_is_listed_once_with_who_sees_it(as_user, vsw, plan):
    f.AdjustmentFactory(plan=plan, description="A ten-minute break every two hours")
    text = page_text(as_user(vsw).get(f"/plans/{plan.code}/"))
    assert text.count("A ten-minute break every two hours") == 1


@pytest.mark.django_db
def test_abandon_is_apart_and_asks_first(as_user, vsw, plan):
    client = as_user(vsw)
    page = soup(client.get(f"/plans/{plan.code}/"))
    # No button on the plan page abandons it: a link leads to the confirmation.
    forms = [form["action"] for form in page.select("main form")]
    assert f"/plans/{plan.code}/status/abandon/" not in forms
    link = page.find("a", string="Abandon plan")
    assert link["href"] == f"/plans/{plan.code}/abandon/"
    # Everyday changes are links together, before the document.
    changes = [a.get_text(strip=True) for a in page.select("nav.app-plan-actions a")]
    assert changes == [
        "Edit phases",
        "Add an adjustment",
        "Relapse-prevention agreement",
        "Change details",
    ]

    confirm = soup(client.get(link["href"]))
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to abandon this plan?"
    button = confirm.select_one("main form button.govuk-button--warning")
    assert button.get_text(strip=True) == "Abandon plan"
    assert button.find_parent("form")["action"] == f"/plans/{plan.code}/status/abandon/"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE

    response = client.post(f"/plans/{plan.code}/status/abandon/")
    plan.refresh_from_db()
    assert (response.status_code, plan.status) == (302, PlanStatus.ABANDONED)
    again = client.get(f"/plans/{plan.code}/abandon/")
    assert again.status_code == 302
    assert again["Location"] == f"/plans/{plan.code}/"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_plan_page_query_count_does_not_grow_with_check_ins_and_adjustments(
    as_user, vsw, case, rows, django_assert_num_queries
):
    plan = f.PlanFactory(case=case, contracted_hours=Decimal("40"))
    f.add_graded_phases(plan, hours=[Decimal(min(40, 2 * (i + 1))) for i in range(rows)])
    for i in range(rows):
        completed(case, plan.starts_on + timedelta(days=7 * i), "2")
        f.AdjustmentFactory(plan=plan, description=f"A{i}")
        Milestone.objects.create(case=case, title=f"M{i}", target_on=plan.starts_on)
    client = as_user(vsw)
    client.get(f"/plans/{plan.code}/")  # warm the session
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(f"/plans/{plan.code}/")
    assert len(soup(response).select("svg circle.app-chart__line--actual")) == rows


NUM_QUERIES = 9
