"""Service figures (DOMAIN.md section 7), each a pure function over a queryset of cases.

Every function takes the cases to count (already narrowed to the user's teams and the chosen
filters, see :mod:`reports.access`) and returns plain values: counts, and spreads of days as
:class:`Spread`. Each runs one aggregate query, whatever the number of cases: the database
counts, Python does not loop over cases. Most figures are built as a :class:`_Part` of one
aggregate query, so that :func:`compute` reads them all in one (three queries in all). The
expressions are portable between PostgreSQL and SQLite (``make run``).

Which cases each figure counts is written beside it, and in docs/service-figures.md.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import wraps

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
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual

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


# --- One query for the figures over the cases -------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """A figure as its part of the one aggregate query over the cases: ``columns`` it needs
    on each case (annotations), the ``aggregates`` it adds to the query, and ``read``, which
    makes the figure from the aggregated row."""

    aggregates: dict
    read: Callable[[dict], object]
    columns: dict = field(default_factory=dict)


def _query(cases, **parts: _Part) -> dict:
    """The figures of ``parts``, by name, from one aggregate query over ``cases``. A figure
    counts only its own cases (each aggregate's ``filter=``), so they share the query without
    changing each other. The per-case columns are computed once per case in an inner query,
    grouped by case: the worker contacts are the one joined table with many rows per case (a
    second would multiply them), the questionnaires are joined one per timepoint at most, and
    the other related tables are read by :func:`_per_case`."""
    columns: dict = {}
    aggregates: dict = {}
    for part in parts.values():
        columns |= part.columns
        aggregates |= part.aggregates
    row = cases.order_by().annotate(**columns).aggregate(**aggregates)
    return {name: part.read(row) for name, part in parts.items()}


def _alone(part):
    """The figure ``part`` makes, from the cases (and the day) in a query of its own."""

    @wraps(part)
    def figure(cases, *args):
        return _query(cases, figure=part(*args))["figure"]

    return figure


def _per_case(rows, aggregate):
    """``aggregate`` over the ``rows`` that belong to each case, as a column of the case (null
    when it has none): a correlated subquery, so that it does not multiply the rows of the
    contacts joined beside it. Use it bare: wrapped (in a Coalesce, say), the inner query
    would group on it and run it once per contact rather than once per case."""
    return Subquery(
        rows.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(value=aggregate)
        .values("value")
    )


def _spread(name: str, expression, of: Q | None = None, columns: dict | None = None) -> _Part:
    """n, mean, minimum and maximum of ``expression`` (days, or a number) over the cases ``of``
    selects (every case when None); cases where it is null are not counted."""
    aggregates = {
        f"{name}_n": Count(expression, filter=of),
        f"{name}_mean": Avg(expression, filter=of),
        f"{name}_min": Min(expression, filter=of),
        f"{name}_max": Max(expression, filter=of),
    }
    return _Part(aggregates, lambda row: _read_spread(row, name), columns or {})


def _read_spread(row: dict, name: str) -> Spread:
    """The spread from the row; durations in days, counts and scores as they are."""
    n, mean, low, high = (
        value.total_seconds() / 86400 if isinstance(value, timedelta) else value
        for value in (row[f"{name}_{part}"] for part in ("n", "mean", "min", "max"))
    )
    return Spread(n, float(mean), low, high) if n else Spread(0)


#: The cases taken on, and those with a first return recorded, as aggregate filters.
TAKEN = Q(status__in=TAKEN_ON)
RETURNED = Q(returned_to_work_on__isnull=False)


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


def _decisions() -> _Part:
    """Referrals accepted (the service took the case on, whatever happened since), declined,
    and still awaiting a decision."""
    counts = {
        "accepted": Count("pk", filter=TAKEN),
        "declined": Count("pk", filter=Q(status=CaseStatus.DECLINED)),
        "awaiting": Count("pk", filter=Q(status=CaseStatus.REFERRED)),
    }
    return _Part(counts, lambda row: {name: row[name] for name in counts})


decisions = _alone(_decisions)


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


def _days_to_decision() -> _Part:
    """Calendar days from the referral to its acceptance or decline, over decided referrals."""
    return _spread(
        "decision",
        _days(TruncDate("decided_at"), TruncDate("referred_at")),
        Q(decided_at__isnull=False),
    )


#: Contacts with the worker (not the employer or GP), joined in the query over the cases.
WORKER_CONTACTS = Q(contacts__party=ContactParty.WORKER)


def _days_to_first_contact() -> _Part:
    """Calendar days from the referral to the first contact with the worker (not the employer
    or GP), over cases taken on that have had one."""
    return _spread(
        "first_contact",
        _days(TruncDate("first_contact"), TruncDate("referred_at")),
        TAKEN,
        {"first_contact": Min("contacts__occurred_at", filter=WORKER_CONTACTS)},
    )


def _contacts_per_case() -> _Part:
    """Contacts with the worker per case taken on (a case with none counts as 0); for open
    cases, the contacts so far."""
    return _spread(
        "contacts",
        "n_contacts",
        TAKEN,
        {"n_contacts": Count("contacts", filter=WORKER_CONTACTS)},
    )


# --- Returns to work --------------------------------------------------------------------------


def _days_to_first_return() -> _Part:
    """Days from the first day of absence to the first day back at work at any hours, over
    cases with a first return recorded."""
    return _spread(
        "first_return", _days(F("returned_to_work_on"), F("worker__absence_started_on")), RETURNED
    )


def _new_episode_starts() -> dict:
    """Two columns: the first day a new sickness episode after the first return started by
    each measure, a NOT_FIT fit note starting after the return (``relapse_note``), and an
    answered outcome check-in whose fortnight starts on or after the return and reports 8 or
    more days off (``relapse_check_in``). Null when there is none."""
    # Read only for cases with a first return (PostgreSQL skips the subquery for the others).
    returned = IsNull(OuterRef("returned_to_work_on"), False)
    notes = FitNote.objects.filter(
        returned, fitness=Fitness.NOT_FIT, starts_on__gt=OuterRef("returned_to_work_on")
    )
    check_ins = OutcomeCheckIn.objects.filter(
        returned,
        status=OutcomeStatus.DONE,
        days_off_sick__gte=EPISODE_DAYS_OFF,
        period_start__gte=OuterRef("returned_to_work_on"),
    )
    return {
        "relapse_note": _per_case(notes, Min("starts_on")),
        "relapse_check_in": _per_case(check_ins, Min("period_start")),
    }


def _sustained_returns(today: date) -> _Part:
    """For 4, 13 and 26 weeks: of the cases whose period after the first return has ended by
    ``today``, how many had no new sickness episode start within it. Cases whose period has
    not ended yet are not in the denominator."""
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
        ended = RETURNED & Q(LessThanOrEqual(span, period_so_far))
        kept = Q(relapse_note__isnull=True, relapse_check_in__isnull=True) | Q(
            GreaterThan(relapse_after, span)
        )
        aggregates[f"ended_{weeks}"] = Count("pk", filter=ended)
        aggregates[f"kept_{weeks}"] = Count("pk", filter=ended & kept)

    return _Part(
        aggregates,
        lambda row: {w: Proportion(row[f"kept_{w}"], row[f"ended_{w}"]) for w in SUSTAINED_WEEKS},
        _new_episode_starts(),
    )


def _closure_outcomes() -> _Part:
    """Closed cases by outcome, in the order the outcomes are listed (zeros included)."""
    counts = {
        f"closed_{outcome}": Count(
            "pk", filter=Q(status=CaseStatus.CLOSED, closure_outcome=outcome)
        )
        for outcome in ClosureOutcome.values
    }
    return _Part(counts, lambda row: [(o, row[f"closed_{o}"]) for o in ClosureOutcome.values])


# --- Outcome measures -------------------------------------------------------------------------


def _days_off_over_six_months(today: date) -> _Part:
    """Days off sick reported in the outcome check-ins due from acceptance to day 182, over
    cases taken on whose 182 days have ended by ``today``. Unanswered fortnights are missing,
    not zero: a case's figure is the sum of its answered fortnights, cases with no answer at
    all are left out of the spread, and the coverage (fortnights answered of 13 per case)
    stands beside it."""
    # A case accepted on this day or before has had its 182 days by today.
    accepted_by = today - timedelta(days=SIX_MONTHS_DAYS)
    ended = TAKEN & Q(accepted_on__lte=accepted_by)
    after_acceptance = _days(F("due_on"), TruncDate("case__decided_at"))
    answers = OutcomeCheckIn.objects.filter(
        # Read only for those cases (PostgreSQL skips the subquery for the others).
        LessThanOrEqual(OuterRef("accepted_on"), Value(accepted_by)),
        Q(status=OutcomeStatus.DONE, days_off_sick__isnull=False)
        & Q(GreaterThan(after_acceptance, Value(timedelta(0))))
        & Q(LessThanOrEqual(after_acceptance, Value(timedelta(days=SIX_MONTHS_DAYS)))),
    )
    days = _spread("days_off", "days_off", ended & Q(answered__gt=0))
    aggregates = days.aggregates | {
        "days_off_cases": Count("pk", filter=ended),
        "fortnights": Coalesce(
            Sum(Least(Coalesce("answered", 0), Value(FORTNIGHTS_IN_SIX_MONTHS)), filter=ended),
            Value(0),
        ),
    }
    columns = {
        "accepted_on": TruncDate("decided_at"),
        "answered": _per_case(answers, Count("pk")),
        "days_off": _per_case(answers, Sum("days_off_sick")),
    }

    def read(row) -> DaysOff:
        spread = days.read(row)
        return DaysOff(
            cases=row["days_off_cases"],
            answered_cases=spread.n,
            spread=spread,
            fortnights_answered=row["fortnights"],
            fortnights_expected=row["days_off_cases"] * FORTNIGHTS_IN_SIX_MONTHS,
        )

    return _Part(aggregates, read, columns)


def _answered(timepoint: str) -> FilteredRelation:
    return FilteredRelation(
        "questionnaires",
        condition=Q(questionnaires__timepoint=timepoint, questionnaires__status=OutcomeStatus.DONE),
    )


def _score_changes() -> _Part:
    """For each questionnaire score, the change from baseline to 6 months (6 months minus
    baseline): mean, range and n, over cases taken on that answered both with that score.
    Each case's answered baseline and 6-month questionnaires are joined (one of each at most,
    so no case is counted twice)."""
    parts = [
        _spread(
            f"score_{code}",
            ExpressionWrapper(
                Cast(F(f"month_6__scores__{code}"), FloatField())
                - Cast(F(f"baseline__scores__{code}"), FloatField()),
                output_field=FloatField(),
            ),
            TAKEN,
        )
        for code in SCORE_CODES
    ]
    columns = {"baseline": _answered(Timepoint.BASELINE), "month_6": _answered(Timepoint.MONTH_6)}
    aggregates = {name: a for part in parts for name, a in part.aggregates.items()}
    return _Part(
        aggregates,
        lambda row: [(code, part.read(row)) for code, part in zip(SCORE_CODES, parts, strict=True)],
        columns,
    )


days_to_decision = _alone(_days_to_decision)
days_to_first_contact = _alone(_days_to_first_contact)
contacts_per_case = _alone(_contacts_per_case)
days_to_first_return = _alone(_days_to_first_return)
sustained_returns = _alone(_sustained_returns)
closure_outcomes = _alone(_closure_outcomes)
days_off_over_six_months = _alone(_days_off_over_six_months)
score_changes = _alone(_score_changes)


# --- Everything -------------------------------------------------------------------------------


def compute(cases, today: date) -> Figures:
    """Every figure for ``cases`` on ``today`` in three queries, however many cases there are:
    referrals by practice and month, decline reasons, and one aggregate query for the rest
    (counts over the cases, and spreads over per-case columns read from each case's
    contacts, fit notes, outcome check-ins and questionnaires)."""
    by_practice_month = referrals_by_practice_month(cases)
    figures = _query(
        cases,
        decided=_decisions(),
        days_to_decision=_days_to_decision(),
        days_to_first_contact=_days_to_first_contact(),
        contacts_per_case=_contacts_per_case(),
        days_to_first_return=_days_to_first_return(),
        sustained=_sustained_returns(today),
        closure_outcomes=_closure_outcomes(),
        days_off=_days_off_over_six_months(today),
        score_changes=_score_changes(),
    )
    return Figures(
        today=today,
        referrals=sum(n for _p, _m, n in by_practice_month),
        referrals_by_month=referrals_by_month(by_practice_month),
        referrals_by_practice_month=by_practice_month,
        decline_reasons=decline_reasons(cases),
        **figures.pop("decided"),
        **figures,
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
