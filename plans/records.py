"""What every change to a plan writes: the case row locked first, a timeline line and an
audit row. Shared by ``plans.actions`` and ``plans.milestones``."""

from cases.models import Case, CaseEvent
from plans.models import Plan
from rtw.audit import record_event
from rtw.models import User


def lock_case(case: Case) -> None:
    """Queue writes that check, then add, rows of one case (plans, milestones, reviews)."""
    Case.objects.select_for_update().filter(pk=case.pk).first()


def log(plan: Plan, summary: str, by: User, action: str) -> None:
    CaseEvent.objects.create(
        case=plan.case, kind=CaseEvent.Kind.PLAN, summary=summary[:300], actor=by
    )
    record_event(by=by, action=action, record_type="plan", record_code=str(plan.code))
