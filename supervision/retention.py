"""Retention: what supervision and plan approval wrote about a case is emptied with the rest of
its free text when the case is anonymised (cases/retention.py, ADR 15)."""

from plans.approval import PlanApproval
from supervision.models import DiscussedCase


def anonymise_supervision_notes(case) -> dict[str, int]:
    return {
        "supervision_notes": DiscussedCase.objects.filter(case=case).update(note=""),
        # A returned plan keeps a comment (a constraint), so it keeps a neutral one.
        "plan_approval_comments": PlanApproval.objects.filter(plan__case=case)
        .exclude(comment="")
        .update(comment="Anonymised"),
    }
