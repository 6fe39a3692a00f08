"""Service figures (DOMAIN.md section 7), each a pure function over a queryset of cases.

Every function takes the cases to count (already narrowed to the user's teams and the chosen
filters, see :mod:`reports.access`) and returns plain values: counts, and spreads of days as
:class:`Spread`. Each runs one aggregate query (a small constant number for the ones with
several parts), whatever the number of cases: the database counts, Python does not loop over
cases. The expressions are portable between PostgreSQL and SQLite (``make run``).

Which cases each figure counts is written beside it, and in docs/service-figures.md.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Least, Lower, Trim, TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from cases.actions import RETURNED_OUTCOMES
from cases.models import CaseStatus, ClosureOutcome, ContactParty, Fitness, FitNote
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Timepoint

#: Sustained return is judged at the end of each of these periods after the first return.
SUSTAINED_WEEKS = (4, 13, 26)
#: Days off over 6 months count the outcome check-ins from acceptance to this day.
SIX_MONTHS_DAYS = 182
#: Fortnights in those 182 days: what a fully answered case has.
FORTNIGHTS_IN_SIX_MONTHS = SIX_MONTHS_DAYS // 14
#: A fortnight with this many days off or more is a new sickness episode.
EPISODE_DAYS_OFF = 8
#: Questionnaire scores compared between baseline and 6 months, in the order shown.
SCORE_CODES = ("was", "phq9", "gad7", "health", "expected_weeks")
#: Statuses of a case the service has taken on (accepted at some point).
TAKEN_ON = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED)


@dataclass(frozen=True)
class Spread:
    """How many cases a figure in days counts, and their mean, shortest and longest."""

    n: int
    mean: float | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Proportion:
    """``numerator`` of ``denominator`` cases."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return 100 * self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class DaysOff:
    """Days off sick over the first 6 months (WAVE's primary outcome), from answered
    fortnights only: ``cases`` whose 6 months have ended, ``answered_cases`` of them with at
    least one answer, ``spread`` of the days each of those reported, and ``coverage`` as
    fortnights answered of fortnights asked (13 per case)."""

    cases: int
    answered_cases: int
    spread: Spread
    fortnights_answered: int
    fortnights_expected: int

    @property
    def coverage_percent(self) -> float | None:
        if not self.fortnights_expected:
            return None
        return 100 * self.fortnights_answered / self.fortnights_expected


@dataclass
class Figures:
    """Every figure of the dashboard, for one set of cases on one day."""

    today: date
    referrals: int = 0
    referrals_by_month: list[tuple[date, int]] = field(default_factory=list)
    referrals_by_practice_month: list[tuple[str, date, int]] = field(default_factory=list)
    accepted: int = 0
    declined: int = 0
    awaiting: int = 0
    decline_reasons: list[tuple[str, int]] = field(default_factory=list)
    days_to_decision: Spread = Spread(0)
    days_to_first_contact: Spread = Spread(0)
    contacts_per_case: Spread = Spread(0)
    days_to_first_return: Spread = Spread(0)
    sustained: dict[int, Proportion] = field(default_factory=dict)
    closure_outcomes: list[tuple[str, int]] = field(default_factory=list)
    days_off: DaysOff | None = None
    score_changes: list[tuple[str, Spread]] = field(default_factory=list)


def _days(end, start) -> ExpressionWrapper:
    return ExpressionWrapper(end - start, output_field=DurationField())


def _in_days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value)


def _spread(queryset, expression) -> Spread:
    """n, mean, minimum and maximum of ``expression`` (days, or a number) over ``queryset``,
    in one query; rows where it is null are not counted. The aggregates take the expression
    itself, not an annotation of it, so that when it reads a subquery annotation Django
    computes that once per case in an inner query rather than once per aggregate."""
    row = queryset.order_by().aggregate(
        n=Count(expression), mean=Avg(expression), minimum=Min(expression), maximum=Max(expression)
    )
    if not row["n"]:
        return Spread(0)
    return Spread(
        row["n"], _in_days(row["mean"]), _in_days(row["minimum"]), _in_days(row["maximum"])
    )


# --- Referrals and decisions ------------------------------------------------------------------


def referrals_by_practice_month(cases) -> list[tuple[str, date, int]]:
    """Referrals per referring practice per calendar month of the referral (every case)."""
    rows = (
        cases.order_by()
        .annotate(month=TruncMonth("referred_at"))
        .values("referring_practice__name", "month")
        .annotate(n=Count("pk"))
        .order_by("month", "referring_practice__name")
    )
    return [(r["referring_practice__name"], _as_date(r["month"]), r["n"]) for r in rows]


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def referrals_by_month(by_practice_month: list[tuple[str, date, int]]) -> list[tuple[date, int]]:
    """The monthly totals of :func:`referrals_by_practice_month` (no query)."""
    totals: dict[date, int] = defaultdict(int)
    for _practice, month, n in by_practice_month:
        totals[month] += n
    return sorted(totals.items())


def decisions(cases) -> dict[str, int]:
    """Referrals accepted (the service took the case on, whatever happened since), declined,
    and still awaiting a decision."""
    return cases.aggregate(
        accepted=Count("pk", filter=Q(status__in=TAKEN_ON)),
        declined=Count("pk", filter=Q(status=CaseStatus.DECLINED)),
        awaiting=Count("pk", filter=Q(status=CaseStatus.REFERRED)),
    )


def decline_reasons(cases) -> list[tuple[str, int]]:
    """Declined referrals by reason, most frequent first. Reasons are typed, so the same words
    (ignoring case and surrounding spaces) count as one reason."""
    rows = (
        cases.filter(status=CaseStatus.DECLINED)
        .order_by()
        .annotate(reason=Lower(Trim("decline_reason")))
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    return [(r["reason"], r["n"]) for r in rows]


def days_to_decision(cases) -> Spread:
    """Calendar days from the referral to its acceptance or decline, over decided referrals."""
    return _spread(
        cases.filter(decided_at__isnull=False),
        _days(TruncDate("decided_at"), TruncDate("referred_at")),
    )


def _first_worker_contact():
    from cases.models import Contact

    return Subquery(
        Contact.objects.filter(case=OuterRef("pk"), party=ContactParty.WORKER)
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )


def days_to_first_contact(cases) -> Spread:
    """Calendar days from the referral to the first contact with the worker (not the employer
    or GP), over cases taken on that have had one."""
    return _spread(
        cases.filter(status__in=TAKEN_ON).annotate(first_contact=_first_worker_contact()),
        _days(TruncDate("first_contact"), TruncDate("referred_at")),
    )


def contacts_per_case(cases) -> Spread:
    """Contacts with the worker per case taken on (a case with none counts as 0); for open
    cases, the contacts so far."""
    row = (
        cases.filter(status__in=TAKEN_ON)
        .order_by()
        .annotate(n_contacts=Count("contacts", filter=Q(contacts__party=ContactParty.WORKER)))
        .aggregate(
            n=Count("pk"),
            mean=Avg("n_contacts"),
            minimum=Min("n_contacts"),
            maximum=Max("n_contacts"),
        )
    )
    if not row["n"]:
        return Spread(0)
    return Spread(row["n"], float(row["mean"]), row["minimum"], row["maximum"])


# --- Returns to work --------------------------------------------------------------------------


def days_to_first_return(cases) -> Spread:
    """Days from the first day of absence to the first day back at work at any hours, over
    cases with a first return recorded."""
    return _spread(
        cases.filter(returned_to_work_on__isnull=False),
        _days(F("returned_to_work_on"), F("worker__absence_started_on")),
    )


def _new_episode_starts() -> dict[str, Subquery]:
    """Two annotations: the first day a new sickness episode after the first return started by
    each measure, a NOT_FIT fit note starting after the return (``relapse_note``), and an
    answered outcome check-in whose fortnight starts on or after the return and reports 8 or
    more days off (``relapse_check_in``). Null when there is none."""
    note = (
        FitNote.objects.filter(
            case=OuterRef("pk"),
            fitness=Fitness.NOT_FIT,
            starts_on__gt=OuterRef("returned_to_work_on"),
        )
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    check_in = (
        OutcomeCheckIn.objects.filter(
            case=OuterRef("pk"),
            status=OutcomeStatus.DONE,
            days_off_sick__gte=EPISODE_DAYS_OFF,
            period_start__gte=OuterRef("returned_to_work_on"),
        )
        .order_by("period_start")
        .values("period_start")[:1]
    )
    return {"relapse_note": Subquery(note), "relapse_check_in": Subquery(check_in)}


def sustained_returns(cases, today: date) -> dict[int, Proportion]:
    """For 4, 13 and 26 weeks: of the cases whose period after the first return has ended by
    ``today``, how many had no new sickness episode start within it. Cases whose period has
    not ended yet are not in the denominator. One query for all three: the aggregates read
    the two subquery annotations, so Django computes them once per case in an inner query."""
    annotated = cases.filter(returned_to_work_on__isnull=False).annotate(**_new_episode_starts())
    # The earlier of the two; Least() of a null is null on SQLite but not on PostgreSQL, so
    # each side gets the other in its place.
    relapse_on = Least(
        Coalesce(F("relapse_note"), F("relapse_check_in")),
        Coalesce(F("relapse_check_in"), F("relapse_note")),
    )
    relapse_after = _days(relapse_on, F("returned_to_work_on"))
    period_so_far = _days(Value(today), F("returned_to_work_on"))
    aggregates = {}
    for weeks in SUSTAINED_WEEKS:
        span = Value(timedelta(weeks=weeks), output_field=DurationField())
        ended = Q(LessThanOrEqual(span, period_so_far))
        kept = Q(relapse_note__isnull=True, relapse_check_in__isnull=True) | Q(
            GreaterThan(relapse_after, span)
        )
        aggregates[f"ended_{weeks}"] = Count("pk", filter=ended)
        aggregates[f"kept_{weeks}"] = Count("pk", filter=ended & kept)
    row = annotated.order_by().aggregate(**aggregates)
    return {
        weeks: Proportion(row[f"kept_{weeks}"], row[f"ended_{weeks}"]) for weeks in SUSTAINED_WEEKS
    }


def closure_outcomes(cases) -> list[tuple[str, int]]:
    """Closed cases by outcome, in the order the outcomes are listed (zeros included)."""
    counts = dict(
        cases.filter(status=CaseStatus.CLOSED)
        .order_by()
        .values_list("closure_outcome")
        .annotate(n=Count("pk"))
    )
    return [(outcome, counts.get(outcome, 0)) for outcome in ClosureOutcome.values]


# --- Outcome measures -------------------------------------------------------------------------


def days_off_over_six_months(cases, today: date) -> DaysOff:
    """Days off sick reported in the outcome check-ins due from acceptance to day 182, over
    cases taken on whose 182 days have ended by ``today``. Unanswered fortnights are missing,
    not zero: a case's figure is the sum of its answered fortnights, cases with no answer at
    all are left out of the spread, and the coverage (fortnights answered of 13 per case)
    stands beside it."""
    window = (
        Q(
            outcome_check_ins__status=OutcomeStatus.DONE,
            outcome_check_ins__days_off_sick__isnull=False,
        )
        & Q(
            GreaterThan(
                _days(F("outcome_check_ins__due_on"), F("accepted_on")), Value(timedelta(0))
            )
        )
        & Q(
            LessThanOrEqual(
                _days(F("outcome_check_ins__due_on"), F("accepted_on")),
                Value(timedelta(days=SIX_MONTHS_DAYS)),
            )
        )
    )
    per_case = (
        cases.filter(status__in=TAKEN_ON, decided_at__isnull=False)
        .order_by()
        .annotate(accepted_on=TruncDate("decided_at"))
        .filter(
            Q(
                LessThanOrEqual(
                    ExpressionWrapper(
                        Value(timedelta(days=SIX_MONTHS_DAYS)), output_field=DurationField()
                    ),
                    _days(Value(today), F("accepted_on")),
                )
            )
        )
        .annotate(
            answered=Count("outcome_check_ins", filter=window),
            days=Sum("outcome_check_ins__days_off_sick", filter=window),
        )
    )
    row = per_case.aggregate(
        cases=Count("pk"),
        answered_cases=Count("pk", filter=Q(answered__gt=0)),
        mean=Avg("days", filter=Q(answered__gt=0)),
        minimum=Min("days", filter=Q(answered__gt=0)),
        maximum=Max("days", filter=Q(answered__gt=0)),
        fortnights=Coalesce(Sum(Least("answered", Value(FORTNIGHTS_IN_SIX_MONTHS))), Value(0)),
    )
    spread = (
        Spread(row["answered_cases"], float(row["mean"]), row["minimum"], row["maximum"])
        if row["answered_cases"]
        else Spread(0)
    )
    return DaysOff(
        cases=row["cases"],
        answered_cases=row["answered_cases"],
        spread=spread,
        fortnights_answered=row["fortnights"],
        fortnights_expected=row["cases"] * FORTNIGHTS_IN_SIX_MONTHS,
    )


def _answered(timepoint: str) -> FilteredRelation:
    return FilteredRelation(
        "questionnaires",
        condition=Q(questionnaires__timepoint=timepoint, questionnaires__status=OutcomeStatus.DONE),
    )


def score_changes(cases) -> list[tuple[str, Spread]]:
    """For each questionnaire score, the change from baseline to 6 months (6 months minus
    baseline): mean, range and n, over cases that answered both with that score. One query,
    joining each case's answered baseline and 6-month questionnaires (one of each at most)."""
    joined = (
        cases.filter(status__in=TAKEN_ON)
        .order_by()
        .annotate(baseline=_answered(Timepoint.BASELINE), month_6=_answered(Timepoint.MONTH_6))
    )
    aggregates = {}
    for code in SCORE_CODES:
        change = ExpressionWrapper(
            Cast(F(f"month_6__scores__{code}"), FloatField())
            - Cast(F(f"baseline__scores__{code}"), FloatField()),
            output_field=FloatField(),
        )
        aggregates |= {
            f"n_{code}": Count(change),
            f"mean_{code}": Avg(change),
            f"min_{code}": Min(change),
            f"max_{code}": Max(change),
        }
    row = joined.aggregate(**aggregates)
    changes = []
    for code in SCORE_CODES:
        n = row[f"n_{code}"]
        changes.append(
            (
                code,
                Spread(n, row[f"mean_{code}"], row[f"min_{code}"], row[f"max_{code}"])
                if n
                else Spread(0),
            )
        )
    return changes


# --- Everything -------------------------------------------------------------------------------


def compute(cases, today: date) -> Figures:
    """Every figure for ``cases`` on ``today``: a constant number of queries (about a dozen),
    however many cases there are."""
    by_practice_month = referrals_by_practice_month(cases)
    decided = decisions(cases)
    return Figures(
        today=today,
        referrals=sum(n for _p, _m, n in by_practice_month),
        referrals_by_month=referrals_by_month(by_practice_month),
        referrals_by_practice_month=by_practice_month,
        accepted=decided["accepted"],
        declined=decided["declined"],
        awaiting=decided["awaiting"],
        decline_reasons=decline_reasons(cases),
        days_to_decision=days_to_decision(cases),
        days_to_first_contact=days_to_first_contact(cases),
        contacts_per_case=contacts_per_case(cases),
        days_to_first_return=days_to_first_return(cases),
        sustained=sustained_returns(cases, today),
        closure_outcomes=closure_outcomes(cases),
        days_off=days_off_over_six_months(cases, today),
        score_changes=score_changes(cases),
    )


__all__ = [
    "FORTNIGHTS_IN_SIX_MONTHS",
    "RETURNED_OUTCOMES",
    "SCORE_CODES",
    "SUSTAINED_WEEKS",
    "DaysOff",
    "Figures",
    "Proportion",
    "Spread",
    "compute",
]
