"""A year of past referrals, so that every chart of the service figures has something to show.

Seventy referrals over the 12 months before the anchor day, across every practice and both
teams (most in the demo supervisor's): some declined with a reason, the rest taken on and
closed with an outcome, each with contacts, a first day back at work when they returned, outcome
check-ins (some fortnights unanswered, a few with a new spell off sick after the return) and
questionnaires at baseline and 6 months. All of it is closed or declined, so no worklist or
reminder changes; all of it is written with bulk_create, in a handful of queries.

Repeatable like the rest of the demo: the rows have fixed codes, and a second run finds the
first one and adds nothing.
"""

import random
from datetime import date, timedelta

from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ClosureOutcome,
    ConsentMethod,
    Contact,
    ContactMode,
    ContactParty,
    Recipient,
    ShareItem,
    SharingConsent,
    Worker,
)
from demo.data import (
    DECLINE_REASONS,
    FIRST_NAMES,
    LAST_NAMES,
    REFERRAL_REASONS,
    SEED,
    demo_uuid,
    email_for,
)
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint

HISTORY = 70
OUTCOMES = [
    ClosureOutcome.SAME_JOB,
    ClosureOutcome.SAME_JOB,
    ClosureOutcome.SAME_JOB_ADJUSTED,
    ClosureOutcome.SAME_JOB_ADJUSTED,
    ClosureOutcome.NEW_JOB,
    ClosureOutcome.NOT_RETURNED,
    ClosureOutcome.WITHDREW,
]
RETURNED = (ClosureOutcome.SAME_JOB, ClosureOutcome.SAME_JOB_ADJUSTED, ClosureOutcome.NEW_JOB)


def seed_history(seeder, teams, practices, employers, vsws, supervisors, clinicians) -> None:
    """Add the past year's referrals through ``seeder`` (its anchor day, ``at`` and count)."""
    first = demo_uuid("history", "case", 0)
    if Case.objects.filter(code=first).exists():
        return
    rng = random.Random(SEED + 19)
    anchor: date = seeder.anchor
    demo_vsw = email_for("vsw")
    plans = []
    for i in range(HISTORY):
        team_index = 0 if i % 5 else 1
        practice_index = i % len(practices)
        referred_on = anchor - timedelta(days=rng.randint(20, 365))
        absence = referred_on - timedelta(days=rng.randint(15, 70))
        declined = i % 8 == 3
        outcome = OUTCOMES[i % len(OUTCOMES)]
        plans.append(
            {
                "i": i,
                "team": teams[team_index],
                "practice": practices[practice_index],
                "clinician": clinicians[practice_index],
                "supervisor": supervisors[team_index],
                "vsw": rng.choice(
                    [v for v in vsws[team_index] if v.email != demo_vsw] or vsws[team_index]
                ),
                "employer": employers[i % len(employers)],
                "referred_on": referred_on,
                "decided_on": referred_on + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 8])),
                "absence": absence,
                "declined": declined,
                "outcome": outcome,
                "first": rng.choice(FIRST_NAMES),
                "last": rng.choice(LAST_NAMES),
                "back_after": rng.randint(20, 120),
                "relapse": rng.random() < 0.25,
                "contacts": rng.randint(1, 9),
                "answer_rate": rng.choice([0.5, 0.7, 0.85, 1.0]),
            }
        )

    workers = Worker.objects.bulk_create(
        [
            Worker(
                code=demo_uuid("history", "worker", p["i"]),
                first_name=p["first"],
                last_name=p["last"],
                date_of_birth=date(1970 + p["i"] % 30, 1 + p["i"] % 12, 1 + p["i"] % 28),
                email=f"{p['first']}.{p['last']}.h{p['i']}@example.test".lower(),
                employer=p["employer"],
                job_title="Administrator",
                contracted_hours=37.5,
                gp_practice=p["practice"],
                absence_started_on=p["absence"],
                created_at=seeder.at(p["absence"], 9),
            )
            for p in plans
        ]
    )
    cases = []
    for p, worker in zip(plans, workers, strict=True):
        values = {}
        if p["declined"]:
            values = {
                "status": CaseStatus.DECLINED,
                "decline_reason": DECLINE_REASONS[p["i"] % len(DECLINE_REASONS)],
            }
        else:
            back = p["absence"] + timedelta(days=p["back_after"])
            returned = p["outcome"] in RETURNED and back < anchor
            closed_on = min(p["decided_on"] + timedelta(days=rng.randint(60, 240)), anchor)
            if returned:
                closed_on = max(closed_on, back)
            values = {
                "status": CaseStatus.CLOSED,
                "assigned_vsw": p["vsw"],
                "closed_on": closed_on,
                "closed_by": p["vsw"],
                "closure_outcome": p["outcome"]
                if returned or p["outcome"] not in RETURNED
                else ClosureOutcome.NOT_RETURNED,
                "returned_to_work_on": back if returned else None,
            }
        cases.append(
            Case(
                code=demo_uuid("history", "case", p["i"]),
                worker=worker,
                team=p["team"],
                employer=p["employer"],
                referred_by=p["clinician"],
                referring_practice=p["practice"],
                referred_at=seeder.at(p["referred_on"], 10),
                referral_reason=REFERRAL_REASONS[p["i"] % len(REFERRAL_REASONS)],
                consent_to_refer_given_on=p["referred_on"],
                consent_to_refer_method=ConsentMethod.VERBAL,
                decided_at=seeder.at(p["decided_on"], 14),
                decided_by=p["supervisor"],
                **values,
            )
        )
    cases = Case.objects.bulk_create(cases)

    events, contacts, check_ins, questionnaires, consents = [], [], [], [], []
    for p, case in zip(plans, cases, strict=True):
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.REFERRED,
                summary=f"Referred by {p['clinician'].full_name} ({p['practice'].name})",
                at=case.referred_at,
                actor=p["clinician"],
            )
        )
        if case.status == CaseStatus.DECLINED:
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.DECLINED,
                    summary="Referral declined",
                    at=case.decided_at,
                    actor=p["supervisor"],
                )
            )
            continue
        events += [
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.ACCEPTED,
                summary=f"Accepted and assigned to {p['vsw'].full_name}",
                at=case.decided_at,
                actor=p["supervisor"],
            ),
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.CLOSED,
                summary=f"Closed: {ClosureOutcome(case.closure_outcome).label}",
                at=seeder.at(case.closed_on, 16),
                actor=p["vsw"],
            ),
        ]
        # Like every taken-on demo worker, they agreed that the service may involve their
        # employer (ADR 16).
        consents.append(
            SharingConsent(
                worker=case.worker,
                recipient=Recipient.EMPLOYER,
                item=ShareItem.INVOLVEMENT,
                granted_at=case.decided_at + timedelta(days=1),
                granted_by=p["vsw"],
            )
        )
        contacts += _contacts(seeder, rng, p, case)
        check_ins += _check_ins(seeder, rng, p, case, anchor)
        questionnaires += _questionnaires(seeder, rng, p, case, anchor)
    CaseEvent.objects.bulk_create(events)
    SharingConsent.objects.bulk_create(consents)
    Contact.objects.bulk_create(contacts)
    OutcomeCheckIn.objects.bulk_create(check_ins)
    Questionnaire.objects.bulk_create(questionnaires)
    seeder.created += len(workers) + len(cases) + len(events) + len(contacts)
    seeder.created += len(check_ins) + len(questionnaires) + len(consents)


def _contacts(seeder, rng, p, case) -> list[Contact]:
    """Worker contacts a few days apart from soon after the decision, and now and then one
    with the employer (which the figures leave out)."""
    rows = []
    day = p["decided_on"] + timedelta(days=rng.randint(1, 6))
    for n in range(p["contacts"]):
        if day > case.closed_on:
            break
        rows.append(
            Contact(
                case=case,
                occurred_at=seeder.at(day, 11),
                mode=rng.choice([ContactMode.PHONE, ContactMode.PHONE, ContactMode.VIDEO]),
                party=ContactParty.EMPLOYER if n == 2 and p["i"] % 3 == 0 else ContactParty.WORKER,
                duration_minutes=rng.choice([20, 30, 45]),
                summary="Talked through progress and the next step back to work.",
                next_step="Call again next week.",
                recorded_by=p["vsw"],
                created_at=seeder.at(day, 12),
            )
        )
        day += timedelta(days=rng.randint(5, 14))
    return rows


def _check_ins(seeder, rng, p, case, anchor) -> list[OutcomeCheckIn]:
    """Fortnightly outcome check-ins from acceptance to day 182 or the closure: off sick
    before the return, mostly at work after it, a new spell off for some; some unanswered."""
    rows = []
    back = case.returned_to_work_on
    last_day = min(case.closed_on, anchor, p["decided_on"] + timedelta(days=182))
    due = p["decided_on"] + timedelta(days=14)
    fortnight = 0
    while due <= last_day:
        start = due - timedelta(days=14)
        answered = rng.random() < p["answer_rate"]
        if back is None or due <= back:
            days_off = 14 if back is None or back > due else max(0, (back - start).days)
        elif p["relapse"] and fortnight % 4 == 3:
            days_off = rng.randint(8, 12)
        else:
            days_off = rng.choice([0, 0, 0, 1, 2])
        rows.append(
            OutcomeCheckIn(
                case=case,
                due_on=due,
                period_start=start,
                period_end=due - timedelta(days=1),
                status=OutcomeStatus.DONE if answered else OutcomeStatus.MISSED,
                days_off_sick=min(days_off, 14) if answered else None,
                hours_worked=None if not answered else (0 if days_off >= 14 else 30),
                completed_at=seeder.at(due, 18) if answered else None,
            )
        )
        due += timedelta(days=14)
        fortnight += 1
    return rows


def _questionnaires(seeder, rng, p, case, anchor) -> list[Questionnaire]:
    """Baseline at acceptance; 6 months at day 182 when the case lasted that long."""
    phq9, gad7 = rng.randint(8, 22), rng.randint(6, 18)
    was, health, weeks = rng.randint(1, 5), rng.randint(2, 5), rng.randint(2, 16)
    rows = [
        Questionnaire(
            case=case,
            timepoint=Timepoint.BASELINE,
            due_on=p["decided_on"],
            status=OutcomeStatus.DONE,
            completed_at=seeder.at(p["decided_on"], 19),
            scores={
                "was": was,
                "phq9": phq9,
                "gad7": gad7,
                "health": health,
                "expected_weeks": weeks,
            },
        )
    ]
    six_months = p["decided_on"] + timedelta(days=182)
    if six_months <= min(case.closed_on + timedelta(days=14), anchor):
        better = rng.randint(0, 4)
        rows.append(
            Questionnaire(
                case=case,
                timepoint=Timepoint.MONTH_6,
                due_on=six_months,
                status=OutcomeStatus.DONE,
                completed_at=seeder.at(six_months, 19),
                scores={
                    "was": min(10, was + better),
                    "phq9": max(0, phq9 - 2 * better - rng.randint(0, 3)),
                    "gad7": max(0, gad7 - 2 * better),
                    "health": min(10, health + better),
                    "expected_weeks": 0 if case.returned_to_work_on else rng.randint(2, 8),
                },
            )
        )
    return rows
