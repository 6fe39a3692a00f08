"""Demo outcome measures for the open cases the service has taken on: a fortnightly outcome
check-in from acceptance (most answered, some missed, skipped while paused), and questionnaires
at baseline, 6 weeks and 6 months as far as each case has got, with answers item by item and
scores that mostly improve; one case of the demo VSW has a PHQ-9 item 9 answer whose alert
nobody has acknowledged yet, so the worklist shows it.

The last week before the anchor day is left alone: in ``make run`` the producers create the
current fortnight's check-in and send it (by email, or by text message to var/sms).

Repeatable like the rest of the demo: every row is unique on (case, due day) or
(case, timepoint) and inserted with ``ignore_conflicts``, and the answers are drawn from a
generator seeded with the case's fixed code.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Case, CaseStatus
from demo.data import SEED, email_for
from outcomes.instruments import GAD7, PHQ9, needs_alert, score_answers
from outcomes.models import (
    TIMEPOINT_DAYS,
    OutcomeCheckIn,
    OutcomeStatus,
    Questionnaire,
    Timepoint,
)
from rtw.models import User

LIVE_DAYS = 7  # the last days before the anchor, left for the producers


def _items(rng: random.Random, total: int, count: int, top: int = 3) -> list[int]:
    """``count`` answers of 0..``top`` adding up to ``total`` (capped at the most possible)."""
    total = max(0, min(total, count * top))
    answers = [0] * count
    for _ in range(total):
        i = rng.choice([j for j in range(count) if answers[j] < top])
        answers[i] += 1
    return answers


def _answers(rng: random.Random, *, phq9: int, gad7: int, was: int, health: int, weeks):
    phq = _items(rng, phq9, len(PHQ9.items) - 1) + [0]  # item 9 stays 0 unless chosen
    return {
        "was": [max(0, min(10, was))],
        "phq9": phq,
        "gad7": _items(rng, gad7, len(GAD7.items)),
        "health": [max(0, min(10, health))],
        "expected_weeks": [weeks],
    }


def _questionnaire(seeder, case, timepoint, due: date, answers) -> Questionnaire:
    alert = needs_alert(answers)
    return Questionnaire(
        case=case,
        timepoint=timepoint,
        due_on=due,
        status=OutcomeStatus.DONE,
        completed_at=seeder.at(due, 19),
        invited_at=seeder.at(due, 9),
        answers=answers,
        scores=score_answers(answers),
        alert_raised_at=seeder.at(due, 19) if alert else None,
    )


def seed_outcomes(seeder) -> None:
    """Outcome check-ins and questionnaires for every accepted, active or paused demo case."""
    anchor: date = seeder.anchor
    last = anchor - timedelta(days=LIVE_DAYS)
    cases = list(
        Case.objects.filter(
            status__in=[CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED],
            decided_at__isnull=False,
            closed_on__isnull=True,
        )
        .select_related("assigned_vsw")
        .order_by("referred_at", "id")
    )
    demo_vsw = User.objects.filter(email=email_for("vsw")).first()
    alert_case = next(
        (
            c
            for c in cases
            if c.assigned_vsw_id == getattr(demo_vsw, "pk", None)
            and c.status == CaseStatus.ACTIVE
            and timezone.localdate(c.decided_at) <= last
        ),
        None,
    )
    check_ins, questionnaires = [], []
    for case in cases:
        rng = random.Random(f"{SEED}/outcomes/{case.code}")
        accepted_on = timezone.localdate(case.decided_at)
        paused_from = anchor - timedelta(days=20) if case.status == CaseStatus.PAUSED else None
        days_off = rng.randint(10, 14)
        due = accepted_on + timedelta(days=14)
        while due <= last:
            if paused_from and due >= paused_from:
                row = OutcomeStatus.SKIPPED
            else:
                row = OutcomeStatus.DONE if rng.random() < 0.85 else OutcomeStatus.MISSED
            answered = row == OutcomeStatus.DONE
            check_ins.append(
                OutcomeCheckIn(
                    case=case,
                    due_on=due,
                    period_start=due - timedelta(days=13),
                    period_end=due,
                    status=row,
                    invited_at=seeder.at(due, 9) if row != OutcomeStatus.SKIPPED else None,
                    completed_at=seeder.at(due, 18) if answered else None,
                    days_off_sick=days_off if answered else None,
                    hours_worked=Decimal(max(0, (14 - days_off) * 4)) if answered else None,
                )
            )
            # Most workers need fewer days off each fortnight; a few have a setback.
            days_off = max(0, min(14, days_off - rng.randint(0, 5) + rng.choice([0, 0, 0, 4])))
            due += timedelta(days=14)

        phq9, gad7 = rng.randint(8, 22), rng.randint(6, 18)
        was, health, weeks = rng.randint(1, 5), rng.randint(2, 5), rng.randint(4, 16)
        for timepoint, days in TIMEPOINT_DAYS.items():
            due = accepted_on + timedelta(days=days)
            if due > last:
                break
            answers = _answers(rng, phq9=phq9, gad7=gad7, was=was, health=health, weeks=weeks)
            if case is alert_case and timepoint == Timepoint.BASELINE:
                answers["phq9"][8] = 1
            questionnaires.append(_questionnaire(seeder, case, timepoint, due, answers))
            better = rng.randint(-1, 4)
            phq9, gad7 = max(0, phq9 - 2 * better), max(0, gad7 - 2 * better)
            was, health = was + better, health + max(0, better)
            weeks = max(0, weeks - 6 - better)
    held = set(OutcomeCheckIn.objects.filter(case__in=cases).values_list("case_id", "due_on"))
    check_ins = [c for c in check_ins if (c.case.pk, c.due_on) not in held]
    held = set(Questionnaire.objects.filter(case__in=cases).values_list("case_id", "timepoint"))
    questionnaires = [q for q in questionnaires if (q.case.pk, q.timepoint) not in held]
    OutcomeCheckIn.objects.bulk_create(check_ins, ignore_conflicts=True)
    Questionnaire.objects.bulk_create(questionnaires, ignore_conflicts=True)
    seeder.created += len(check_ins) + len(questionnaires)
