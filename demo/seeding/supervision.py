"""Demo data for stepped support and supervision: support levels across the open cases (a few
far from their plan), one team that approves plans with a plan waiting for approval, two
supervision sessions with notes on the timeline, and training records with one renewal coming
up within the reminder window.

Repeatable like the rest of the demo: every row is found by a natural key or a fixed code
before it is made, and the levels are derived from the case's fixed code, so a second run
changes nothing.
"""

from datetime import timedelta

from cases.models import (
    DEFAULT_PLANNED_CONTACTS,
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
    SupportLevel,
)
from demo.data import demo_uuid, email_for
from plans.approval import ApprovalStatus, PlanApproval
from plans.models import Plan, PlanStatus
from rtw.models import Role, User
from supervision.models import DiscussedCase, SupervisionSession, TrainingRecord
from supervision.stepped import BEHIND_AFTER_DAYS, far_from_plan, with_contacts

LEVELS = [SupportLevel.LIGHT, SupportLevel.STANDARD, SupportLevel.STANDARD, SupportLevel.INTENSIVE]
SESSION_NOTES = [
    "Talked through pacing the return; agreed to check in with the worker before the review.",
    "Worry about the commute; VSW to explore a later start with the worker.",
    "Support going well; consider stepping down to light support after the next review.",
    "Few contacts so far; VSW to call this week and book the next two.",
]
TRAINING = [
    # (VSW, course, completed days before the anchor, renewal days after it or None)
    ("vsw", "VSW foundation training (3 days)", 300, 65),
    ("vsw", "Safeguarding adults, level 2", 340, 20),
    ("vsw2", "VSW foundation training (3 days)", 200, 165),
    ("vsw2", "Motivational interviewing", 90, None),
]


def seed_supervision(seeder, teams) -> None:
    """Everything supervision adds, through ``seeder`` (its anchor day, ``at`` and count)."""
    _support_levels(seeder, teams)
    _plan_waiting_for_approval(seeder)
    _sessions(seeder, teams[0])
    _training(seeder)


def _support_levels(seeder, teams) -> None:
    """A level for every open case from its code; then two cases made far from their plan on
    purpose: one above plan (light, 1 planned) and one taken on over 8 weeks ago behind it
    (intensive, 12 planned)."""
    cases = list(
        with_contacts(Case.objects.filter(team__in=teams, status__in=OPEN_STATUSES)).order_by("pk")
    )
    for case in cases:
        level = LEVELS[case.code.int % len(LEVELS)]
        planned = DEFAULT_PLANNED_CONTACTS[level]
        Case.objects.filter(pk=case.pk).update(support_level=level, planned_contacts=planned)
    # Both in the demo supervisor's team, so their page shows each rule.
    under_way = [
        c
        for c in cases
        if c.team_id == teams[0].pk and c.status in (CaseStatus.ACTIVE, CaseStatus.ACCEPTED)
    ]
    above = next((c for c in under_way if c.worker_contacts >= 2), None)
    if above is not None:
        Case.objects.filter(pk=above.pk).update(
            support_level=SupportLevel.LIGHT, planned_contacts=1
        )
    long_ago = seeder.at(seeder.anchor - timedelta(days=BEHIND_AFTER_DAYS + 1), 9)
    behind = next(
        (
            c
            for c in under_way
            if c != above and c.decided_at and c.decided_at < long_ago and c.worker_contacts < 6
        ),
        None,
    )
    if behind is not None:
        Case.objects.filter(pk=behind.pk).update(
            support_level=SupportLevel.INTENSIVE, planned_contacts=12
        )


def _plan_waiting_for_approval(seeder) -> None:
    """The demo's draft plan: its team approves plans, and this one waits for a supervisor."""
    plan = (
        Plan.objects.select_related("case__team", "case__assigned_vsw")
        .filter(code=demo_uuid("plan", 4, 1), status=PlanStatus.DRAFT)
        .first()
    )
    if plan is None:
        return
    team = plan.case.team
    if not team.plans_need_approval:
        team.plans_need_approval = True
        team.save(update_fields=["plans_need_approval"])
    _, created = PlanApproval.objects.get_or_create(
        code=demo_uuid("plan-approval", 4, 1),
        defaults={
            "plan": plan,
            "status": ApprovalStatus.PENDING,
            "requested_by": plan.case.assigned_vsw or plan.created_by,
            "requested_at": seeder.at(seeder.anchor - timedelta(days=1), 15),
        },
    )
    seeder._count(created)


def _sessions(seeder, team) -> None:
    """Two monthly sessions of the demo team, each discussing two of its open cases (the
    cases far from plan first), with a line on each case's timeline."""
    supervisor = User.objects.get(email=email_for("supervisor"))
    staff = list(User.objects.filter(organisation=team, role__in=[Role.VSW, Role.SUPERVISOR]))
    discussed = list(far_from_plan([team.pk]).order_by("pk"))
    discussed += [
        c
        for c in Case.objects.filter(team=team, status=CaseStatus.ACTIVE).order_by("pk")
        if c not in discussed
    ]
    for number, days_ago in enumerate((30, 2)):
        held_on = seeder.anchor - timedelta(days=days_ago)
        session, created = SupervisionSession.objects.get_or_create(
            code=demo_uuid("supervision-session", number),
            defaults={"team": team, "held_on": held_on, "recorded_by": supervisor},
        )
        seeder._count(created)
        if not created:
            continue
        session.attendees.set(staff)
        for slot, case in enumerate(discussed[number * 2 : number * 2 + 2]):
            note = SESSION_NOTES[(number * 2 + slot) % len(SESSION_NOTES)]
            DiscussedCase.objects.create(
                code=demo_uuid("supervision-note", number, slot),
                session=session,
                case=case,
                note=note,
                recorded_by=supervisor,
            )
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.SUPERVISION,
                summary=f"Discussed in supervision on {held_on:%-d %b %Y}: {note}"[:300],
                actor=supervisor,
                at=seeder.at(held_on, 14),
            )


def _training(seeder) -> None:
    supervisor = User.objects.get(email=email_for("supervisor"))
    for local, course, completed, renewal in TRAINING:
        vsw = User.objects.get(email=email_for(local))
        _, created = TrainingRecord.objects.get_or_create(
            vsw=vsw,
            course=course,
            defaults={
                "completed_on": seeder.anchor - timedelta(days=completed),
                "renewal_due_on": seeder.anchor + timedelta(days=renewal) if renewal else None,
                "recorded_by": supervisor,
            },
        )
        seeder._count(created)


__all__ = ["seed_supervision"]
