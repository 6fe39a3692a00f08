"""Choice labels print as written: lower-casing them broke acronyms and names ("the vsw")."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def agreed_plan(case, vsw, worker, employer):
    plan = f.PlanFactory(case=case, status="AGREED")
    f.AdjustmentFactory(plan=plan, category="EXTRA_BREAKS")
    relapse = f.RelapsePreventionFactory(plan=plan, contacts="Priya Shah, 0113 496 0000")
    f.AgreedActionFactory(
        relapse=relapse,
        kind="EXTRA_VSW_CONVERSATION",
        detail="Call within two working days",
        owner="VSW",
    )
    f.SignOffFactory(plan=plan, party="WORKER", signed_by=worker)
    f.SignOffFactory(plan=plan, party="EMPLOYER", signed_by=employer)
    return plan


def summary_value(response, key: str) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    row = next(
        row
        for row in soup.select(".govuk-summary-list__row")
        if row.select_one(".govuk-summary-list__key").get_text(strip=True) == key
    )
    return row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)


@pytest.mark.django_db
def test_worker_copy_names_the_vsw_as_written(as_user, worker, agreed_plan):
    response = as_user(worker).get(f"/plans/{agreed_plan.code}/copy/worker/")
    soup = BeautifulSoup(response.content, "html.parser")
    agreed = soup.find("h3", string="What we agreed to do").find_next_sibling("ul")

    assert response.status_code == 200
    assert [li.get_text(" ", strip=True) for li in agreed.select("li")] == [
        "An extra conversation with the VSW: Call within two working days (The VSW)"
    ]
    assert "vsw" not in page_text(response)
    assert summary_value(response, "Version") == "1 (Agreed)"


@pytest.mark.django_db
def test_plan_page_lists_versions_and_adjustments_with_labels_as_written(as_user, vsw, agreed_plan):
    agreed_plan.superseded_at = timezone.now()
    agreed_plan.save()
    current = f.PlanFactory(case=agreed_plan.case, version=2, status="ACTIVE")
    f.AdjustmentFactory(plan=current, category="EXTRA_BREAKS")

    soup = BeautifulSoup(as_user(vsw).get(f"/plans/{current.code}/").content, "html.parser")
    versions = soup.find("h2", string="Versions").find_next_sibling("ul")
    removes = [b for b in soup.select("button") if b.get_text(strip=True).startswith("Remove")]
    day = f"{timezone.localdate():%-d %b %Y}"

    assert [" ".join(li.get_text().split()) for li in versions.select("li")] == [
        f"Version 2 (this page), status: Active, started {day}",
        f"Version 1, replaced on {day} (status then: Agreed), started {day}",
    ]
    assert [" ".join(b.get_text().split()) for b in removes] == ["Remove adjustment: Extra breaks"]
