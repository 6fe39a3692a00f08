"""The worklist's columns, its idea of "overdue" and of each case's next action, open to the
apps built on cases.

``cases`` never imports ``plans``. Apps that add worklist columns (plan status, overdue
milestones, next check-in) register an annotation, optionally an "overdue" condition, and the
next actions they know of (a date expression and the words for it) from their
``AppConfig.ready()``; the worklist stays one query however many apps add to it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    DateField,
    Expression,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, NullIf
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models.cases import CaseStatus


@dataclass(frozen=True)
class NextAction:
    """Something the VSW will have to do for a case, and when.

    ``on(today)`` is a date expression over the annotated case queryset (NULL when there is
    nothing to do); ``words`` is what the worklist row says, with ``%(date)s`` for the date.

    One action can stand for several of a kind (the statutory steps of every country): then
    ``variant`` names the row's annotation that says which one it is, and ``words`` maps each
    of its values to their words. The SQL carries one date for all of them, where an action
    per step repeated the same subqueries once per step (docs/performance.md)."""

    kind: str
    words: object
    on: Callable[[date], Expression]
    variant: str = ""

    def text(self, variant: str = "") -> str:
        words = self.words.get(variant, "") if self.variant else self.words
        return str(words)


@dataclass(frozen=True)
class WorklistExtension:
    annotate: Callable[[QuerySet, date], QuerySet]
    overdue: Callable[[date], Q] | None = None
    # Display labels of annotated values: {annotation name: {value: label}}.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    next_actions: tuple[NextAction, ...] = ()


_extensions: list[WorklistExtension] = []

# Open statuses other than a referral waiting for its decision.
WORKING = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)

# The built-in next actions: decide a referral; get a new fit note before the latest runs out.
BUILT_IN = (
    NextAction(
        kind="referral",
        words=_("Decide referral"),
        on=lambda today: Case(
            When(status=CaseStatus.REFERRED, then=Cast("referred_at", DateField())),
            output_field=DateField(),
        ),
    ),
    NextAction(
        kind="fit_note",
        words=_("Fit note runs out %(date)s"),
        on=lambda today: Case(
            # An indefinite note has no end (a database check), so its fit_ends_on is NULL.
            When(status__in=WORKING, then=F("fit_ends_on")),
            output_field=DateField(),
        ),
    ),
)

# A date later than any real one, so that "the soonest of these" ignores missing dates the
# same way on every database (PostgreSQL's LEAST skips NULLs, SQLite's MIN does not).
_NEVER = date(9999, 12, 31)


def register(extension: WorklistExtension) -> None:
    if extension not in _extensions:
        _extensions.append(extension)


def next_actions() -> tuple[NextAction, ...]:
    actions = list(BUILT_IN)
    for extension in _extensions:
        actions.extend(extension.next_actions)
    return tuple(actions)


def annotate(queryset: QuerySet, today: date, *, next_action: bool = True) -> QuerySet:
    """Every extension's columns, then ``next_action_on`` (the soonest date any next action
    gives, NULL if none), in SQL. Which action that is: :func:`next_action_kind`, in Python (a
    SQL ``CASE`` comparing each action's date with the soonest repeated every action's
    subqueries once per action: 250,000 characters of SQL and 50 ms of planning per query).
    ``next_action=False`` leaves out the next action's dates (for :func:`count`)."""
    for extension in _extensions:
        queryset = extension.annotate(queryset, today)
    if not next_action:
        return queryset
    actions = next_actions()
    dates = {f"next_{action.kind}_on": action.on(today) for action in actions}
    queryset = queryset.annotate(**dates)
    return queryset.annotate(next_action_on=_soonest([F(name) for name in dates]))


def _soonest(dates: list) -> Expression:
    never = Value(_NEVER, output_field=DateField())
    padded = [Coalesce(on, never) for on in dates]
    return NullIf(padded[0] if len(padded) == 1 else Least(*padded), never)


def soonest(today: date) -> Expression:
    """``next_action_on`` as an expression over the worklist's columns (for :func:`count`)."""
    return _soonest([action.on(today) for action in next_actions()])


def count(queryset: QuerySet, conditions: dict[str, Q]) -> dict[str, int]:
    """How many rows of ``queryset`` (``with_worklist_columns(today, next_action=False)``)
    meet each condition, and ``"all"`` of them, in one query.

    Only the columns the conditions name are computed, each once per case, in a subquery the
    counts read (Django wraps an aggregate over subquery columns): counting over the full
    worklist queryset computed every column, and each next action's date again inside
    ``next_action_on`` (docs/performance.md)."""
    names = set().union(*(_names(condition) for condition in conditions.values()))
    fields = {f.name for f in queryset.model._meta.concrete_fields}
    named = [n for n in names if n in queryset.query.annotations or n in fields]
    return queryset.values("pk", *named).aggregate(
        all=Count("pk"), **{key: Count("pk", filter=q) for key, q in conditions.items()}
    )


def _names(node) -> set[str]:
    """The field and annotation names a Q or an expression refers to (the first part of each
    lookup, and each F())."""
    if isinstance(node, Q):
        found = set()
        for child in node.children:
            if isinstance(child, tuple):  # ("lookup__in", value)
                lookup, value = child
                found |= {lookup.split("__")[0]} | _names(value)
            else:
                found |= _names(child)
        return found
    if isinstance(node, F):
        return {node.name.split("__")[0]}
    if hasattr(node, "get_source_expressions"):
        found = set()
        for source in node.get_source_expressions():
            found |= _names(source)
        return found
    return set()


def next_action_kind(case) -> str:
    """Which next action gives ``case.next_action_on`` (the first registered on a tie), from
    the per-action dates a row of :func:`annotate` carries; "" when there is none. An action
    with variants says which: ``"step:NL_PLAN_OF_ACTION"``."""
    if case.next_action_on is None:
        return ""
    for action in next_actions():
        if getattr(case, f"next_{action.kind}_on", None) == case.next_action_on:
            if action.variant:
                return f"{action.kind}:{getattr(case, action.variant, '')}"
            return action.kind
    return ""


def next_action_text(kind: str, on: date | None) -> str:
    """What a worklist row says about a case's next action ("Review plan by 3 Dec")."""
    kind, _sep, variant = kind.partition(":")
    for action in next_actions():
        if action.kind == kind:
            return action.text(variant) % {"date": date_format(on, "j M") if on else ""}
    return ""


def label(name: str, value) -> str:
    """The display label an extension gave ``value`` of its annotation ``name``."""
    for extension in _extensions:
        if name in extension.labels:
            return extension.labels[name].get(value, "")
    return ""


def overdue_condition(today: date) -> Q:
    """A case is overdue when its latest fit note has run out, or any extension says so
    (a review not held by its date, a missed check-in, a milestone past its target)."""
    condition = Q(fit_ends_on__lt=today)
    for extension in _extensions:
        if extension.overdue is not None:
            condition |= extension.overdue(today)
    return condition
