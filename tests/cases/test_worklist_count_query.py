"""The worklist's count cards come from one query that computes only the columns the cards use,
each once per case (cases.worklist.count; docs/performance.md). The cards themselves are
checked against hand-made caseloads in test_worklist.py and test_worklist_actions.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseStatus
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
