"""The plan's lines on the employer's list and the worker's home (cases/homes.py registries).

The employer sees a plan's status, whether it waits for their signature and its next review
only while the worker releases the plan (ADR 6): the same gate as the plan copy itself."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from cases.models import ShareItem
from plans.models import Plan, PlanStatus, Review, SignOff, SignOffParty

SIGNABLE = (PlanStatus.PROPOSED, PlanStatus.AGREED)


@dataclass(frozen=True)
class EmployerPlanLine:
    plan_code: str
    status_label: str
    waiting_for_signature: bool
    next_review: date | None


def employer_plan_lines(*, cases, released: dict[int, set[str]], today: date) -> dict[int, dict]:
    """For each case whose worker releases the plan: its current version's status, whether the
    employer's signature is missing from a version that can be signed, and the next review
    (the earliest one not held, else the next date in the plan's review schedule).
    Three queries whatever the number of cases, none when no plan is released."""
    shown = [case.pk for case in cases if ShareItem.PLAN in released.get(case.pk, set())]
    if not shown:
        return {}
    plans = {
        plan.case_id: plan
        for plan in Plan.objects.current()
        .filter(case_id__in=shown)
        .prefetch_related(Prefetch("signoffs", queryset=SignOff.objects.only("plan", "party")))
    }
    reviews: dict[int, date] = {}
    for review in Review.objects.filter(case_id__in=shown, held_on__isnull=True).order_by(
        "case_id", "due_on"
    ):
        reviews.setdefault(review.case_id, review.due_on)
    lines = {}
    for pk, plan in plans.items():
        signed = {s.party for s in plan.signoffs.all()}
        upcoming = reviews.get(pk) or next((d for d in plan.review_dates() if d >= today), None)
        lines[pk] = {
            "audit_codes": [str(plan.code)],
            "plan": EmployerPlanLine(
                plan_code=str(plan.code),
                status_label=plan.get_status_display(),
                waiting_for_signature=plan.status in SIGNABLE
                and SignOffParty.EMPLOYER not in signed,
                next_review=upcoming,
            ),
        }
    return lines


def worker_plan_week(*, case, today: date) -> dict:
    """This week's planned hours and days from the current plan's phase covering today."""
    plan = case.plans.current().prefetch_related("phases").first()
    phase = plan.phase_on(today) if plan and plan.status == PlanStatus.ACTIVE else None
    return {"this_week": phase}
