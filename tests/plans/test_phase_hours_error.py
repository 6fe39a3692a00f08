"""Saving phases where one phase's hours are refused and another phase follows it: the page
answers with the message next to the field, never a server error."""

from datetime import timedelta
from decimal import Decimal

import pytest

from plans.models import Phase
from tests import factories as f
from tests.forms import date_fields, error_summary, field_errors


@pytest.fixture
def plan(case):
    return f.PlanFactory(case=case, contracted_hours=Decimal("40"))


def phase_rows(plan, *rows):
    """POST data for the phases formset: one week per (hours, step_back) row from the start."""
    data = {
        "phases-TOTAL_FORMS": str(len(rows)),
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "52",
    }
    for i, (hours, step_back) in enumerate(rows):
        start = plan.starts_on + timedelta(weeks=i)
        data.update(date_fields(f"phases-{i}-starts_on", start))
        data.update(date_fields(f"phases-{i}-ends_on", start + timedelta(days=6)))
        data[f"phases-{i}-hours_per_week"] = str(hours)
        if step_back:
            data[f"phases-{i}-is_step_back"] = "on"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("41", "Planned hours cannot be more than the contracted 40.0 hours"),
        ("0", "Planned hours must be more than 0"),
    ],
)
def test_an_hours_error_followed_by_another_phase_is_shown_not_a_server_error(
    as_user, vsw, plan, hours, message
):
    response = as_user(vsw).post(
        f"/plans/{plan.code}/phases/", phase_rows(plan, (hours, False), ("20", False))
    )
    assert response.status_code == 200
    assert field_errors(response, "id_phases-0-hours_per_week") == [f"Phase 1: {message}"]
    assert field_errors(response, "id_phases-1-hours_per_week") == []
    assert error_summary(response) == [f"Phase 1: {message}"]
    assert Phase.objects.filter(plan=plan).count() == 0


@pytest.mark.django_db
def test_an_hours_error_in_the_middle_of_three_phases_is_shown_not_a_server_error(
    as_user, vsw, plan
):
    response = as_user(vsw).post(
        f"/plans/{plan.code}/phases/",
        phase_rows(plan, ("10", False), ("0", False), ("5", False)),
    )
    assert response.status_code == 200
    assert field_errors(response, "id_phases-1-hours_per_week") == [
        "Phase 2: Planned hours must be more than 0"
    ]
    assert field_errors(response, "id_phases-2-hours_per_week") == []
    assert Phase.objects.filter(plan=plan).count() == 0
