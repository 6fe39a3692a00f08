"""Every change to a plan goes through these functions (atomic, keyword-only, ``by=``).

Editing rule: a version with any signature is frozen. The edit functions call
:func:`editable_version`, which returns the version itself while it is unsigned, or a fresh
copy (the next version) once anyone has signed; the old version keeps its signatures."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions import TransitionError
from cases.models import Case, CaseEvent
from plans import lines
from plans.approval import check_transition, withdraw_approval
from plans.milestones import generate_milestones  # noqa: F401  (callers use plans.actions)
from plans.models import (
    MAX_CHECK_INS,
    MAX_PHASES,
    RECORDED_METHODS,
    Adjustment,
    AdjustmentCategory,
    AgreedAction,
    Milestone,
    MilestoneStatus,
    Phase,
    Plan,
    PlanStatus,
    RelapsePrevention,
    Review,
    ReviewOutcome,
    SignOff,
    SignOffMethod,
    SignOffParty,
    hours_for_fraction,
)
from plans.records import lock_case as _lock_case
from plans.records import log as _log
from rtw.audit import record_event
from rtw.models import User
from rtw.stored_text import english
from rtw.versions import claim_version


@transaction.atomic
def create_plan(*, case: Case, plan: Plan, by: User) -> Plan:
    """Start the case's plan (version 1, draft) with a default relapse-prevention agreement.

    The case row is locked first, so of two "Start plan" clicks at once the second waits and
    then finds the plan the first one started."""
    _lock_case(case)
    if case.plans.current().exists():
        raise TransitionError(_("This case already has a plan: edit it instead."))
    plan.case = case
    plan.created_by = by
    plan.version = 1
    plan.status = PlanStatus.DRAFT
    plan.save()
    RelapsePrevention.objects.create(plan=plan, warning_signs="")
    _log(plan, lines.STARTED % {"version": 1}, by, "plan.create")
    return plan


def _moved_on(plan: Plan, *fields: str) -> None:
    """Make any open edit page of these parts of ``plan`` stale (rtw/versions.py)."""
    Plan.objects.filter(pk=plan.pk).update(**{f: F(f) + 1 for f in fields})


def _copy_version(plan: Plan, by: User) -> Plan:
    now = timezone.now()
    # The old version's open edit pages become stale: their saves must not land on the copy.
    Plan.objects.filter(pk=plan.pk).update(superseded_at=now)
    _moved_on(plan, "edit_version", "phases_version")
    RelapsePrevention.objects.filter(plan=plan).update(edit_version=F("edit_version") + 1)
    phases = list(plan.phases.all())
    adjustments = list(plan.adjustments.all())
    relapse = getattr(plan, "relapse", None)
    actions = list(relapse.actions.all()) if relapse else []
    new = Plan.objects.get(pk=plan.pk)
    new.pk = None
    new.id = None
    new.code = uuid.uuid4()
    new.version = plan.version + 1
    new.status = PlanStatus.DRAFT
    new.superseded_at = None
    new.created_by = by
    new.created_at = now
    new.save()
    for phase in phases:
        phase.pk = None
        phase.plan = new
    Phase.objects.bulk_create(phases)
    for adjustment in adjustments:
        adjustment.pk = None
        adjustment.code = uuid.uuid4()
        adjustment.plan = new
    Adjustment.objects.bulk_create(adjustments)
    if relapse:
        relapse.pk = None
        relapse.plan = new
        relapse.save()
        for action in actions:
            action.pk = None
            action.relapse = relapse
        AgreedAction.objects.bulk_create(actions)
    _log(new, lines.NEW_VERSION % {"version": new.version}, by, "plan.new_version")
    return new


@transaction.atomic
def editable_version(*, plan: Plan, by: User) -> Plan:
    """The version to write changes to: this one while unsigned, else a new version."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_editable():
        raise TransitionError(_("This version of the plan can no longer be changed."))
    if plan.signoffs.exists():
        return _copy_version(plan, by)
    withdraw_approval(plan=plan, by=by)
    if plan.status != PlanStatus.DRAFT:
        # An unsigned proposal that changes goes back to draft.
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["status"])
    return plan


@transaction.atomic
def update_plan(*, plan: Plan, data: dict, by: User, edit_version: int | None = None) -> Plan:
    """Change the plan's details. Raises StaleEdit (rtw/versions.py) when someone else saved
    them after the page at ``edit_version`` was opened."""
    claim_version(Plan, pk=plan.pk, expected=edit_version)
    target = editable_version(plan=plan, by=by)
    for field, value in data.items():
        setattr(target, field, value)
    target.save(update_fields=list(data))
    _log(target, lines.DETAILS_UPDATED % {"version": target.version}, by, "plan.update")
    return target


@transaction.atomic
def replace_phases(
    *, plan: Plan, phases: list[dict], by: User, phases_version: int | None = None
) -> Plan:
    """Replace the phases of the plan with ``phases`` (already validated, in order). Raises
    StaleEdit when someone else changed the phases after the page at ``phases_version`` was
    opened. A later end date also makes an open details page stale."""
    claim_version(Plan, pk=plan.pk, expected=phases_version, field="phases_version")
    target = editable_version(plan=plan, by=by)
    target.phases.all().delete()
    Phase.objects.bulk_create(
        [Phase(plan=target, order=i, **data) for i, data in enumerate(phases, start=1)]
    )
    if phases and phases[-1]["ends_on"] > target.expected_end_on:
        target.expected_end_on = phases[-1]["ends_on"]
        target.save(update_fields=["expected_end_on"])
        _moved_on(target, "edit_version")
    _log(target, lines.PHASES_UPDATED % {"version": target.version}, by, "plan.phases")
    return target


def graded_schedule(
    *, starts_on: date, contracted_hours: Decimal, weeks: int, start_percent: int
) -> list[dict]:
    """Weekly phases rising evenly from ``start_percent`` to full hours over ``weeks`` weeks.

    ``graded_schedule(starts_on=d, contracted_hours=40, weeks=4, start_percent=25)`` gives
    10, 20, 30 and 40 hours: 25 %, 50 %, 75 %, 100 %."""
    if not 1 <= weeks <= MAX_PHASES:
        raise ValueError(f"weeks must be from 1 to {MAX_PHASES}")
    start = Decimal(start_percent) / 100
    steps = []
    for i in range(weeks):
        fraction = start + (Decimal(1) - start) * i / (weeks - 1) if weeks > 1 else Decimal(1)
        begin = starts_on + timedelta(weeks=i)
        steps.append(
            {
                "starts_on": begin,
                "ends_on": begin + timedelta(days=6),
                "hours_per_week": max(
                    hours_for_fraction(contracted_hours, fraction), Decimal("0.5")
                ),
                "days": "",
                "duties_included": "",
                "duties_excluded": "",
                "supervision": "",
                "is_step_back": False,
            }
        )
    return steps


@transaction.atomic
def add_adjustment(*, plan: Plan, adjustment: Adjustment, by: User) -> Plan:
    target = editable_version(plan=plan, by=by)
    adjustment.plan = target
    adjustment.save()
    category = english(AdjustmentCategory(adjustment.category).label)
    _log(target, lines.ADJUSTMENT_ADDED % {"category": category}, by, "plan.adjustment")
    return target


@transaction.atomic
def remove_adjustment(*, plan: Plan, adjustment_code, by: User) -> Plan:
    """Remove an adjustment (matched by position in a new version, whose copies have new
    codes)."""
    original = plan.adjustments.filter(code=adjustment_code).first()
    if original is None:
        return plan
    index = list(plan.adjustments.values_list("pk", flat=True)).index(original.pk)
    target = editable_version(plan=plan, by=by)
    list(target.adjustments.all())[index].delete()
    category = english(AdjustmentCategory(original.category).label)
    _log(target, lines.ADJUSTMENT_REMOVED % {"category": category}, by, "plan.adjustment")
    return target


@transaction.atomic
def save_relapse_prevention(
    *, plan: Plan, data: dict, actions: list[dict], by: User, edit_version: int | None = None
) -> Plan:
    """Save the agreement and its actions. Raises StaleEdit when someone else saved it after
    the page at ``edit_version`` was opened."""
    current = RelapsePrevention.objects.filter(plan=plan).first()
    if current is not None:
        claim_version(RelapsePrevention, pk=current.pk, expected=edit_version)
    target = editable_version(plan=plan, by=by)
    relapse, _ = RelapsePrevention.objects.get_or_create(
        plan=target, defaults={"warning_signs": ""}
    )
    for field, value in data.items():
        setattr(relapse, field, value)
    relapse.save()
    relapse.actions.all().delete()
    AgreedAction.objects.bulk_create([AgreedAction(relapse=relapse, **a) for a in actions])
    _log(target, lines.RELAPSE_UPDATED, by, "plan.relapse")
    return target


TRANSITIONS = {
    "propose": ({PlanStatus.DRAFT}, PlanStatus.PROPOSED, "Plan proposed for signing"),
    "activate": ({PlanStatus.AGREED}, PlanStatus.ACTIVE, "Plan started"),
    "pause": ({PlanStatus.ACTIVE}, PlanStatus.PAUSED, "Plan paused"),
    "resume": ({PlanStatus.PAUSED}, PlanStatus.ACTIVE, "Plan resumed"),
    "complete": ({PlanStatus.ACTIVE}, PlanStatus.COMPLETED, "Plan completed"),
    "abandon": (
        {
            PlanStatus.DRAFT,
            PlanStatus.PROPOSED,
            PlanStatus.AGREED,
            PlanStatus.ACTIVE,
            PlanStatus.PAUSED,
        },
        PlanStatus.ABANDONED,
        "Plan abandoned",
    ),
}


@transaction.atomic
def change_plan_status(*, plan: Plan, change: str, by: User) -> Plan:
    allowed_from, to, summary = TRANSITIONS[change]
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_current or plan.status not in allowed_from:
        raise TransitionError(
            f"A {plan.get_status_display().lower()} plan cannot be {summary.split()[-1]}."
        )
    if change == "propose" and not plan.phases.exists():
        raise TransitionError(_("Add at least one phase before proposing the plan."))
    check_transition(plan, change)
    plan.status = to
    plan.save(update_fields=["status"])
    line = lines.STATUS_CHANGED[change] % {"version": plan.version}
    _log(plan, line, by, f"plan.{change}")
    return plan


@transaction.atomic
def sign_plan(
    *,
    plan: Plan,
    party: str,
    signed_by: User | None,
    by: User,
    method: str = SignOffMethod.ACCOUNT,
) -> SignOff:
    """Record ``party``'s signature on exactly this version. When everyone who must sign it
    has (the worker and the employer, or the worker alone when they have no employer: see
    ``Plan.signatories_needed``), the version is AGREED.

    With a ``method`` other than ACCOUNT, ``by`` (the VSW) records the worker's agreement given
    in person, by phone or on paper: the signature carries the worker's name and how it was
    given, and ``signed_by`` is the worker's own account or none, never the VSW."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_current or plan.status not in (PlanStatus.PROPOSED, PlanStatus.AGREED):
        raise TransitionError(_("Only a proposed plan can be signed."))
    if party == SignOffParty.EMPLOYER and plan.case.employer_id is None:
        raise TransitionError(_("There is no employer on this case to sign the plan."))
    defaults = {"signed_by": signed_by, "recorded_by": by, "method": method}
    if method != SignOffMethod.ACCOUNT:
        if party != SignOffParty.WORKER or method not in RECORDED_METHODS:
            raise TransitionError(_("Only the worker's agreement can be recorded."))
        defaults |= {"signed_by": plan.case.worker.user, "signer_name": plan.case.worker.full_name}
    signoff, created = SignOff.objects.get_or_create(plan=plan, party=party, defaults=defaults)
    if created:
        values = {
            "party": english(SignOffParty(party).label).lower(),
            "method": english(SignOffMethod(signoff.method).label).lower(),
            "version": plan.version,
        }
        recorded = method != SignOffMethod.ACCOUNT
        _log(
            plan,
            (lines.SIGNED_RECORDED if recorded else lines.SIGNED) % values,
            by,
            f"plan.sign.{party.lower()}",
        )
    if plan.status == PlanStatus.PROPOSED and plan.is_agreed():
        plan.status = PlanStatus.AGREED
        plan.save(update_fields=["status"])
        _log(plan, lines.AGREED % {"version": plan.version}, by, "plan.agreed")
    return signoff


@transaction.atomic
def update_milestone(
    *, milestone: Milestone, status: str, achieved_on: date | None, by: User
) -> Milestone:
    milestone.status = status
    milestone.achieved_on = achieved_on if status == MilestoneStatus.ACHIEVED else None
    milestone.save(update_fields=["status", "achieved_on"])
    CaseEvent.objects.create(
        case=milestone.case,
        kind=CaseEvent.Kind.PLAN,
        actor=by,
        summary=(
            lines.MILESTONE
            % {
                "title": milestone.title,
                "status": english(MilestoneStatus(status).label).lower(),
            }
        )[:300],
    )
    record_event(
        by=by, action="milestone.update", record_type="milestone", record_code=str(milestone.code)
    )
    return milestone


@transaction.atomic
def schedule_reviews(*, plan: Plan, by: User) -> int:
    """Create the review rows due under the plan's interval. Idempotent, also when two run at
    once: the case row is locked first."""
    _lock_case(plan.case)
    existing = set(plan.case.reviews.values_list("due_on", flat=True))
    new = [Review(case=plan.case, due_on=day) for day in plan.review_dates() if day not in existing]
    Review.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def record_review(
    *, review: Review, held_on: date, attendees: str, outcome: str, notes: str, by: User
) -> Review:
    review.held_on = held_on
    review.attendees = attendees
    review.outcome = outcome
    review.notes = notes
    review.save()
    CaseEvent.objects.create(
        case=review.case,
        kind=CaseEvent.Kind.PLAN,
        actor=by,
        summary=lines.REVIEW_HELD % {"outcome": english(ReviewOutcome(outcome).label).lower()},
    )
    record_event(by=by, action="review.record", record_type="review", record_code=str(review.code))
    return review


# --- Check-ins and relapse responses ----------------------------------------------------------


@transaction.atomic
def schedule_check_ins(*, plan: Plan, every_days: int, by: User) -> int:
    """Check-ins from the plan's start to its end every ``every_days`` (14 by default, 7 for
    weekly), each carrying the hours planned for that week and the worker's own warning signs.
    Idempotent: a date that already has a scheduled check-in is left alone."""
    from cases.models import ContactMethod
    from checkins.models import CheckIn, CheckInChannel

    worker = plan.case.worker
    channel = (
        CheckInChannel.SELF_LINK
        if worker.email and worker.preferred_contact == ContactMethod.EMAIL
        else CheckInChannel.PHONE
    )
    relapse = getattr(plan, "relapse", None)
    signs = relapse.warning_sign_list() if relapse else []
    phases = list(plan.phases.all())
    # Up to the end and the first date past it that falls within one interval of it, as many
    # as two years of weekly check-ins at most, whatever dates are stored (an end in 9999).
    rows, day, step = [], plan.starts_on, timedelta(days=max(every_days, 1))
    while len(rows) < MAX_CHECK_INS and day <= date.max - step:
        day += step
        if (day - plan.expected_end_on).days >= step.days:
            break
        phase = next((p for p in phases if p.starts_on <= day <= p.ends_on), None)
        if phase is None and phases and day > phases[-1].ends_on:
            phase = phases[-1]
        rows.append(
            CheckIn(
                case=plan.case,
                due_on=day,
                channel=channel,
                planned_hours=phase.hours_per_week if phase else None,
                warning_signs_offered=signs,
            )
        )
    created = CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
    _log(plan, lines.CHECK_INS_SCHEDULED % {"days": every_days}, by, "plan.checkins")
    return len(created)


@transaction.atomic
def apply_step_back(*, plan: Plan, starts_on: date, weeks: int, hours: Decimal, by: User) -> Plan:
    """The agreed relapse action "temporarily step back in hours": insert a labelled step-back
    phase of ``weeks`` weeks at ``hours`` from ``starts_on`` and move the rest of the plan
    later by as much. A signed plan gets a new version, as any change does."""
    target = editable_version(plan=plan, by=by)
    shift = timedelta(weeks=weeks)
    phases = []
    for p in target.phases.all():
        data = {f: getattr(p, f) for f in Phase.CONTENT_FIELDS}
        if p.ends_on < starts_on:
            phases.append(data)
        elif p.starts_on >= starts_on:
            phases.append({**data, "starts_on": p.starts_on + shift, "ends_on": p.ends_on + shift})
        else:  # the phase running on starts_on: split around the step back
            phases.append({**data, "ends_on": starts_on - timedelta(days=1)})
            phases.append({**data, "starts_on": starts_on + shift, "ends_on": p.ends_on + shift})
    phases.append(
        {
            "starts_on": starts_on,
            "ends_on": starts_on + shift - timedelta(days=1),
            "hours_per_week": hours,
            "days": "",
            "duties_included": "",
            "duties_excluded": "",
            "supervision": "",
            "is_step_back": True,
        }
    )
    phases.sort(key=lambda d: d["starts_on"])
    target.phases.all().delete()
    Phase.objects.bulk_create(
        [Phase(plan=target, order=i, **d) for i, d in enumerate(phases, start=1)]
    )
    target.expected_end_on = max(target.expected_end_on + shift, phases[-1]["ends_on"])
    target.save(update_fields=["expected_end_on"])
    _moved_on(target, "edit_version", "phases_version")
    _log(
        target,
        lines.STEPPED_BACK
        % {
            "hours": hours,
            "weeks": weeks,
            "day": f"{starts_on:%-d %b %Y}",
            "version": target.version,
        },
        by,
        "plan.step_back",
    )
    return target
