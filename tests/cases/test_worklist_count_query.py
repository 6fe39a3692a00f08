"""The worklist's count cards come from one query that computes only the columns the cards use,
each once per case (cases.worklist.count; docs/performance.md). The cards themselves are
checked against hand-made caseloads in test_worklist.py and test_worklist_actions.py."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseStatus
from checkins.models import CheckIn, CheckInStatus
from tests import factories as f


@pytest.mark.django_db
def test_the_count_cards_query_leaves_out_the_columns_no_card_uses(as_user, vsw):
    f.CaseFactory(assigned_vsw=vsw, team=vsw.organisation, status=CaseStatus.ACTIVE)

    with CaptureQueriesContext(connection) as captured:
        response = as_user(vsw).get("/cases/")

    assert response.status_code == 200
    (counts,) = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(")]
    # What the cards read: the latest fit note, the next review and milestones, the latest
    # answered check-in...
    for used in ("cases_fitnote", "plans_review", "plans_milestone", "cases_checkin"):
        assert used in counts
    # ...and not the plan's status or phases, the next check-in or the outcome alert, which
    # only the rows show; and no next action's date twice (it is computed over the columns).
    for unused in ("plans_plan", "plans_phase", "outcomes_questionnaire"):
        assert unused not in counts
    assert counts.count('FROM "plans_review"') == 1


@pytest.mark.django_db
def test_each_cases_latest_answered_check_in_is_read_from_its_index_without_a_sort(vsw):
    """The worklist's "last check-in" columns read the first entry of the case's range of
    ``checkin_case_latest_closed`` rather than sorting every check-in of the case."""
    case = f.CaseFactory(assigned_vsw=vsw, team=vsw.organisation, status=CaseStatus.ACTIVE)
    today = timezone.localdate()
    CheckIn.objects.bulk_create(
        CheckIn(case=case, due_on=today - timedelta(weeks=k), status=CheckInStatus.MISSED)
        for k in range(1, 30)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_checkin")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small table would be scanned
        plan = (
            Case.objects.filter(pk=case.pk)
            .with_worklist_columns(today)
            .order_by()
            .values("last_check_in_status", "last_check_in_on")
            .explain()
        )

    assert "checkin_case_latest_closed" in plan
    assert "Sort" not in plan
