"""Plans: versions, phases, adjustments, signatures, milestones and reviews."""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ShareItem,
)
from demo.data import (
    ADJUSTMENTS,
    AGREED_ACTIONS,
    REVIEW_NOTES,
    REVIEW_OUTCOMES,
    WARNING_SIGNS,
    E,
    PlanSpec,
    V,
    W,
    demo_uuid,
)
from plans.actions import graded_schedule
from plans.models import (
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
    SignOffParty,
)
from rtw.models import User


class PlansSeeder:
    def plan(self, index: int, case: Case, spec: PlanSpec, contact: User) -> None:
        """The case's plan versions with phases, adjustments, relapse-prevention agreement and
        signatures, and the case's milestones and reviews. Written only when the case has no
        plan yet, so a second run (or a plan the VSW started by hand) is left alone."""
        if case.plans.exists():
            return
        vsw = case.assigned_vsw
        closed = case.status == CaseStatus.CLOSED
        reference = case.closed_on if closed else self.anchor
        # Drafting starts after the referral decision; work starts at least nine days after it.
        decided_on = timezone.localtime(case.decided_at).date()
        start = max(reference + timedelta(days=spec.start), decided_on + timedelta(days=9))
        weeks = spec.weeks
        if spec.status == PlanStatus.COMPLETED:
            start = decided_on + timedelta(days=9)
            weeks = max(1, min(weeks, (case.closed_on - start).days // 7))
        hours = case.worker.contracted_hours
        phases = self.phase_rows(
            graded_schedule(
                starts_on=start,
                contracted_hours=hours,
                weeks=weeks,
                start_percent=spec.start_percent,
            )
        )
        signed_on = max(
            min(start - timedelta(days=5), reference - timedelta(days=2)),
            decided_on + timedelta(days=4),
        )
        created_on = max(signed_on - timedelta(days=4), decided_on + timedelta(days=1))

        if spec.signed and E in spec.signed:
            # The employer signs only a plan it can see: the worker released it first.
            for item in (ShareItem.PLAN, *spec.shares):
                self.release(case, item, self.at(signed_on - timedelta(days=1), 10))

        version = 1
        if spec.revised:
            # Version 1 was agreed and started; a dip three days ago led to a step back from
            # the next week, which made version 2. Version 1 keeps its signatures and status.
            first = self.plan_version(
                index, case, 1, PlanStatus.ACTIVE, spec, phases, created_on, contact
            )
            self.plan_event(first, "Plan proposed for signing", signed_on - timedelta(days=1))
            self.signatures(first, spec.signed, signed_on, contact)
            self.plan_event(first, "Plan started", start)
            changed_on = self.anchor - timedelta(days=3)
            Plan.objects.filter(pk=first.pk).update(superseded_at=self.at(changed_on, 12))
            kept = min((changed_on - start).days // 7 + 1, len(phases) - 1)
            start_on = start + timedelta(weeks=kept)
            step_back = graded_schedule(
                starts_on=start_on,
                contracted_hours=hours,
                weeks=4,
                start_percent=spec.start_percent,
            )
            step_back[0]["is_step_back"] = True
            phases = phases[:kept] + self.phase_rows(step_back, first_order=kept + 1)
            version, created_on, signed_on = 2, changed_on, changed_on + timedelta(days=1)
        else:
            start_on = start
        plan = self.plan_version(
            index, case, version, spec.status, spec, phases, created_on, contact
        )
        if version == 2:
            self.event(
                case,
                CaseEvent.Kind.PLAN,
                "Plan changed after signing: version 2 started",
                self.at(created_on, 12),
                vsw,
            )
            self.adjustment(
                plan,
                AdjustmentCategory.PHASED_RETURN,
                "A week back at the first phase's hours after a dip, then building up again.",
                True,
            )
        if spec.status != PlanStatus.DRAFT:
            self.plan_event(plan, "Plan proposed for signing", signed_on - timedelta(days=1))
        self.signatures(plan, spec.signed, signed_on, contact)
        if spec.status in (PlanStatus.ACTIVE, PlanStatus.PAUSED, PlanStatus.COMPLETED):
            self.plan_event(plan, "Plan started", start_on)
        if spec.status == PlanStatus.PAUSED:
            self.plan_event(plan, "Plan paused", self.anchor - timedelta(days=3))
        if spec.status in (PlanStatus.COMPLETED, PlanStatus.ABANDONED):
            label = "Plan completed" if spec.status == PlanStatus.COMPLETED else "Plan abandoned"
            self.plan_event(plan, label, case.closed_on)
        if spec.status in (
            PlanStatus.AGREED,
            PlanStatus.ACTIVE,
            PlanStatus.PAUSED,
            PlanStatus.COMPLETED,
        ):
            until = self.anchor - timedelta(days=3) if spec.status == PlanStatus.PAUSED else None
            self.milestones(index, plan, spec, until or reference, closed=closed)
            self.reviews(index, plan, spec, until or reference, contact)

    def phase_rows(self, schedule: list[dict], first_order: int = 1) -> list[dict]:
        """Fill the days, duties and supervision of ``graded_schedule`` phases."""
        rows = []
        for order, step in enumerate(schedule, start=first_order):
            early = order <= 2 or step["is_step_back"]
            rows.append(
                {
                    **step,
                    "days": "Monday, Wednesday and Friday mornings"
                    if early
                    else "Monday to Friday",
                    "duties_included": "Familiar tasks at the worker's own pace; catching up "
                    "with the team and any changes while away."
                    if early
                    else "Usual duties, building up to the full role.",
                    "duties_excluded": "Overtime, lone working and on-call."
                    if early
                    else "Overtime until the plan ends.",
                    "supervision": "Ten-minute check-in with the line manager at the start of "
                    "each shift."
                    if early
                    else "Weekly catch-up with the line manager.",
                }
            )
        return rows

    def plan_version(
        self,
        index: int,
        case: Case,
        version: int,
        status: str,
        spec: PlanSpec,
        phases: list[dict],
        created_on: date,
        contact: User,
    ) -> Plan:
        plan = Plan.objects.create(
            code=demo_uuid("plan", index, version),
            case=case,
            version=version,
            status=status,
            goal=spec.goal,
            contracted_hours=case.worker.contracted_hours,
            starts_on=phases[0]["starts_on"],
            expected_end_on=phases[-1]["ends_on"],
            review_interval_days=14,
            created_by=case.assigned_vsw,
            created_at=self.at(created_on, 9),
        )
        self._count(True)
        self.plan_event(plan, "Plan created", created_on)
        Phase.objects.bulk_create(
            [Phase(plan=plan, order=order, **data) for order, data in enumerate(phases, 1)]
        )
        self.created += len(phases)
        self.adjustment(
            plan,
            AdjustmentCategory.PHASED_RETURN,
            f"Hours build up over {len(phases)} weeks, as in the phases.",
            True,
        )
        if status == PlanStatus.DRAFT:
            # As a new plan starts: an empty agreement to fill in with the worker.
            RelapsePrevention.objects.create(plan=plan, warning_signs="")
            self._count(True)
            return plan
        for offset in (0, 1):
            self.adjustment(plan, *ADJUSTMENTS[(index + offset) % len(ADJUSTMENTS)])
        relapse = RelapsePrevention.objects.create(
            plan=plan,
            warning_signs=WARNING_SIGNS[index % len(WARNING_SIGNS)],
            contacts=f"VSW: {case.assigned_vsw.full_name}, {case.team.phone}\n"
            f"Employer: {contact.full_name} ({contact.job_title})",
            review_on=phases[0]["starts_on"] + timedelta(weeks=4),
        )
        self._count(True)
        AgreedAction.objects.bulk_create(
            [
                AgreedAction(relapse=relapse, kind=kind, detail=detail, owner=owner)
                for kind, detail, owner in AGREED_ACTIONS
            ]
        )
        self.created += len(AGREED_ACTIONS)
        return plan

    def adjustment(self, plan: Plan, category: str, description: str, visible: bool) -> None:
        Adjustment.objects.create(
            plan=plan, category=category, description=description, visible_to_employer=visible
        )
        self._count(True)

    def signatures(self, plan: Plan, parties: tuple[str, ...], day: date, contact: User):
        vsw = plan.case.assigned_vsw
        worker = plan.case.worker
        signers = {W: worker.user, E: contact, V: vsw}
        hours = {V: 10, W: 11, E: 15}
        for party in parties:
            # A worker without an account agreed in person, recorded by the VSW in their name.
            recorded = party == W and worker.user is None
            SignOff.objects.create(
                plan=plan,
                party=party,
                signed_by=signers[party],
                method="IN_PERSON" if recorded else "ACCOUNT",
                signer_name=worker.full_name if recorded else "",
                signed_at=self.at(day, hours[party]),
                recorded_by=contact if party == E else vsw,
            )
            self._count(True)
            self.plan_event(plan, f"Signed by the {SignOffParty(party).label.lower()}", day)
        if {W, E} <= set(parties):
            self.plan_event(plan, "Plan agreed", day)

    def plan_event(self, plan: Plan, summary: str, day: date) -> None:
        self.event(
            plan.case,
            CaseEvent.Kind.PLAN,
            f"{summary} (version {plan.version})",
            self.at(day, 16),
            plan.case.assigned_vsw,
        )

    def milestones(self, index: int, plan: Plan, spec: PlanSpec, until: date, *, closed: bool):
        """The defaults ``generate_milestones`` would add, with progress up to ``until``: the
        last ``spec.overdue`` past ones still pending (overdue), the rest achieved; after a
        closure, later ones deferred."""
        phases = list(plan.phases.all())
        wanted = [("First day back", phases[0].starts_on)]
        wanted += [
            (f"End of phase {p.order} ({p.hours_per_week} hours a week)", p.ends_on) for p in phases
        ]
        full = next((p for p in phases if p.hours_per_week >= plan.contracted_hours), None)
        if full is not None:
            wanted.append(("Full contracted hours", full.starts_on))
            wanted += [
                (f"Return sustained for {w} weeks", full.starts_on + timedelta(weeks=w))
                for w in (4, 13, 26)
            ]
        wanted.sort(key=lambda item: item[1])
        past = [title for title, day in wanted if day < until]
        late = set(past[len(past) - spec.overdue :]) if spec.overdue else set()
        for number, (title, day) in enumerate(wanted):
            if day < until and title not in late:
                status, achieved_on = MilestoneStatus.ACHIEVED, day
            elif closed:
                status, achieved_on = MilestoneStatus.DEFERRED, None
            else:
                status, achieved_on = MilestoneStatus.PENDING, None
            Milestone.objects.create(
                code=demo_uuid("milestone", index, number),
                case=plan.case,
                title=title,
                target_on=day,
                status=status,
                achieved_on=achieved_on,
            )
            self._count(True)

    def reviews(self, index: int, plan: Plan, spec: PlanSpec, until: date, contact: User):
        """A review every interval; those due before ``until`` held, except the latest when
        the plan has overdue milestones. In a revised plan the review due next after the
        change was held early and replanned."""
        due = plan.review_dates()
        held = [day for day in due if day < until]
        if spec.overdue and not spec.revised and held:
            held = held[:-1]
        # due day -> (held on, outcome)
        rows = {day: (day if day in held else None, "") for day in due}
        if spec.revised:
            # The review due next after the dip was brought forward and replanned.
            changed_on = timezone.localtime(plan.created_at).date()
            due_day = next((day for day in due if day >= changed_on), changed_on)
            rows[due_day] = (changed_on, ReviewOutcome.REPLAN)
        last_held = max((day for day, (held_on, _) in rows.items() if held_on), default=None)
        attendees = f"{plan.case.worker.full_name}, {plan.case.assigned_vsw.full_name}, "
        attendees += contact.full_name
        for number, (day, (held_on, outcome)) in enumerate(sorted(rows.items())):
            values = {}
            if held_on:
                outcome = outcome or REVIEW_OUTCOMES[number % len(REVIEW_OUTCOMES)]
                if spec.status == PlanStatus.PAUSED and day == last_held:
                    outcome = ReviewOutcome.HOLD
                values = {
                    "held_on": held_on,
                    "attendees": attendees,
                    "outcome": outcome,
                    "notes": REVIEW_NOTES[outcome],
                }
            Review.objects.create(
                code=demo_uuid("review", index, number), case=plan.case, due_on=day, **values
            )
            self._count(True)

    # Check-ins ---------------------------------------------------------------------------------
