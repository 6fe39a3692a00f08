"""A small service whose every figure is worked out by hand in tests/reports/test_figures.py.

The day of the figures is TODAY. Team ``team`` (the supervisor's) has nine referrals from two
practices, ``practice`` (P1) and ``other_practice`` (P2); ``other_team`` has one more (CB):

| case | practice | referred   | decided    | status                 | absence    | first back |
|------|----------|------------|------------|------------------------|------------|------------|
| C1   | P1       | 2026-01-05 | 2026-01-07 | closed, same job       | 2025-12-01 | 2026-02-01 |
| C2   | P1       | 2026-01-20 | 2026-01-25 | active                 | 2026-01-01 | 2026-02-15 |
| C3   | P2       | 2026-02-10 | 2026-02-11 | closed, new job        | 2026-01-20 | 2026-03-02 |
| C4   | P2       | 2026-03-02 | 2026-03-05 | declined               |            |            |
| C5   | P1       | 2026-03-15 | 2026-03-15 | declined               |            |            |
| C6   | P2       | 2026-04-10 |            | referred (awaiting)    |            |            |
| C7   | P1       | 2026-05-01 | 2026-05-08 | accepted               |            |            |
| C8   | P2       | 2025-06-02 | 2025-06-04 | closed, not returned   |            |            |
| C9   | P2       | 2025-07-01 | 2025-07-03 | closed, withdrew       |            |            |
| CB   | P1       | 2026-01-06 | 2026-01-08 | active (other team)    |            |            |
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from cases.models import CaseStatus, ContactParty, Fitness
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from tests import factories as f

TODAY = date(2026, 6, 1)
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


@dataclass
class Service:
    cases: dict


def make_case(
    code,
    *,
    team,
    practice,
    referred,
    decided=None,
    status,
    absence=None,
    back=None,
    outcome="",
    closed=None,
    reason="",
):
    worker = f.WorkerFactory(
        gp_practice=practice,
        absence_started_on=absence or referred,
        last_name=f"Worker {code}",
    )
    return f.CaseFactory(
        worker=worker,
        team=team,
        referring_practice=practice,
        referred_at=at(referred),
        decided_at=at(decided) if decided else None,
        status=status,
        returned_to_work_on=back,
        closure_outcome=outcome,
        closed_on=closed,
        decline_reason=reason,
        **({"assigned_vsw": None} if status in (CaseStatus.REFERRED, CaseStatus.DECLINED) else {}),
    )


def contact(case, day: date, party=ContactParty.WORKER):
    return f.ContactFactory(case=case, occurred_at=at(day, 10), party=party)


def check_in(case, due: date, status=OutcomeStatus.DONE, days_off=None, start=None):
    start = start or date.fromordinal(due.toordinal() - 14)
    return OutcomeCheckIn.objects.create(
        case=case,
        due_on=due,
        period_start=start,
        period_end=date.fromordinal(start.toordinal() + 13),
        status=status,
        days_off_sick=days_off,
        completed_at=at(due) if status == OutcomeStatus.DONE else None,
    )


def questionnaire(case, timepoint, scores, status=OutcomeStatus.DONE, due=TODAY):
    return Questionnaire.objects.create(
        case=case,
        timepoint=timepoint,
        due_on=due,
        status=status,
        scores=scores if status == OutcomeStatus.DONE else {},
        completed_at=at(due) if status == OutcomeStatus.DONE else None,
    )


def build_service(team, other_team, practice, other_practice) -> dict:
    """The cases above with their contacts, fit notes, outcome check-ins and questionnaires."""
    d = date
    closed = CaseStatus.CLOSED
    c = {
        "C1": make_case(
            "C1",
            team=team,
            practice=practice,
            referred=d(2026, 1, 5),
            decided=d(2026, 1, 7),
            status=closed,
            absence=d(2025, 12, 1),
            back=d(2026, 2, 1),
            outcome="SAME_JOB",
            closed=d(2026, 4, 1),
        ),
        "C2": make_case(
            "C2",
            team=team,
            practice=practice,
            referred=d(2026, 1, 20),
            decided=d(2026, 1, 25),
            status=CaseStatus.ACTIVE,
            absence=d(2026, 1, 1),
            back=d(2026, 2, 15),
        ),
        "C3": make_case(
            "C3",
            team=team,
            practice=other_practice,
            referred=d(2026, 2, 10),
            decided=d(2026, 2, 11),
            status=closed,
            absence=d(2026, 1, 20),
            back=d(2026, 3, 2),
            outcome="NEW_JOB",
            closed=d(2026, 5, 20),
        ),
        "C4": make_case(
            "C4",
            team=team,
            practice=other_practice,
            referred=d(2026, 3, 2),
            decided=d(2026, 3, 5),
            status=CaseStatus.DECLINED,
            reason="Outside our area",
        ),
        "C5": make_case(
            "C5",
            team=team,
            practice=practice,
            referred=d(2026, 3, 15),
            decided=d(2026, 3, 15),
            status=CaseStatus.DECLINED,
            reason="  outside our AREA ",
        ),
        "C6": make_case(
            "C6",
            team=team,
            practice=other_practice,
            referred=d(2026, 4, 10),
            status=CaseStatus.REFERRED,
        ),
        "C7": make_case(
            "C7",
            team=team,
            practice=practice,
            referred=d(2026, 5, 1),
            decided=d(2026, 5, 8),
            status=CaseStatus.ACCEPTED,
        ),
        "C8": make_case(
            "C8",
            team=team,
            practice=other_practice,
            referred=d(2025, 6, 2),
            decided=d(2025, 6, 4),
            status=closed,
            outcome="NOT_RETURNED",
            closed=d(2025, 12, 15),
        ),
        "C9": make_case(
            "C9",
            team=team,
            practice=other_practice,
            referred=d(2025, 7, 1),
            decided=d(2025, 7, 3),
            status=closed,
            outcome="WITHDREW",
            closed=d(2025, 9, 1),
        ),
        "CB": make_case(
            "CB",
            team=other_team,
            practice=practice,
            referred=d(2026, 1, 6),
            decided=d(2026, 1, 8),
            status=CaseStatus.ACTIVE,
            absence=d(2025, 11, 1),
            back=d(2026, 1, 20),
        ),
    }
    # Contacts. C1: an employer contact first (not counted), then three with the worker.
    contact(c["C1"], d(2026, 1, 8), party=ContactParty.EMPLOYER)
    for day in (d(2026, 1, 9), d(2026, 1, 16), d(2026, 1, 23)):
        contact(c["C1"], day)
    for day in (d(2026, 1, 30), d(2026, 2, 10)):
        contact(c["C2"], day)
    for day in (d(2026, 2, 13), d(2026, 2, 20), d(2026, 2, 27), d(2026, 3, 6)):
        contact(c["C3"], day)
    contact(c["C3"], d(2026, 2, 12), party=ContactParty.GP)
    contact(c["C8"], d(2025, 6, 9))
    contact(c["C9"], d(2025, 7, 8))
    for day in (d(2026, 1, 7), d(2026, 1, 14)):
        contact(c["CB"], day)

    # Fit notes. C1's NOT_FIT note is from before the return (not a new episode); C2's starts
    # 14 days after the return (a new episode within 4 weeks).
    not_fit = {"fitness": Fitness.NOT_FIT, "phased_return": False, "comments": ""}
    f.FitNoteFactory(
        case=c["C1"],
        starts_on=d(2025, 12, 1),
        ends_on=d(2026, 1, 31),
        assessed_on=d(2025, 12, 1),
        issued_on=d(2025, 12, 1),
        **not_fit,
    )
    f.FitNoteFactory(
        case=c["C2"],
        starts_on=d(2026, 3, 1),
        ends_on=d(2026, 3, 28),
        assessed_on=d(2026, 3, 1),
        issued_on=d(2026, 3, 1),
        **not_fit,
    )
    # A MAY_BE_FIT note after C3's return is not a new episode.
    f.FitNoteFactory(
        case=c["C3"],
        starts_on=d(2026, 3, 10),
        ends_on=d(2026, 4, 6),
        assessed_on=d(2026, 3, 10),
        issued_on=d(2026, 3, 10),
    )

    # Outcome check-ins. C1: 7 days off after the return (under 8: not an episode). C3: 9 days
    # off in the fortnight from 2026-04-20, 49 days after the return (an episode after 4
    # weeks, within 13).
    check_in(c["C1"], d(2026, 3, 15), days_off=7, start=d(2026, 3, 1))
    check_in(c["C3"], d(2026, 5, 4), days_off=9, start=d(2026, 4, 20))
    # C8, accepted 2025-06-04, day 182 = 2025-12-03: three answered fortnights in the window
    # (3 + 5 + 0 = 8 days), one missed, one answered after day 182 (not counted).
    check_in(c["C8"], d(2025, 6, 18), days_off=3)
    check_in(c["C8"], d(2025, 7, 2), days_off=5)
    check_in(c["C8"], d(2025, 7, 16), status=OutcomeStatus.MISSED)
    check_in(c["C8"], d(2025, 7, 30), days_off=0)
    check_in(c["C8"], d(2025, 12, 17), days_off=10)
    # C9, accepted 2025-07-03: never answered.
    check_in(c["C9"], d(2025, 7, 17), status=OutcomeStatus.MISSED)

    # Questionnaires.
    base, m6 = Timepoint.BASELINE, Timepoint.MONTH_6
    questionnaire(
        c["C1"], base, {"was": 3, "phq9": 15, "gad7": 12, "health": 4, "expected_weeks": 8}
    )
    questionnaire(c["C1"], m6, {"was": 7, "phq9": 6, "gad7": 5, "health": 7})
    questionnaire(
        c["C2"], base, {"was": 5, "phq9": 10, "gad7": 8, "health": 5, "expected_weeks": 4}
    )
    questionnaire(c["C2"], m6, {}, status=OutcomeStatus.DUE)
    questionnaire(
        c["C3"], base, {"was": 2, "phq9": 20, "gad7": 15, "health": 3, "expected_weeks": 12}
    )
    questionnaire(c["C3"], m6, {"was": 7, "phq9": 8, "gad7": 9, "health": 6, "expected_weeks": 0})
    questionnaire(c["C8"], m6, {"was": 9, "phq9": 2, "gad7": 2, "health": 9})
    questionnaire(c["CB"], base, {"was": 1, "phq9": 25, "gad7": 20, "health": 1})
    questionnaire(c["CB"], m6, {"was": 10, "phq9": 0, "gad7": 0, "health": 10})
    return c
