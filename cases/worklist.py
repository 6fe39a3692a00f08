"""The worklist's columns and its idea of "overdue", open to the apps built on cases.

``cases`` never imports ``plans``. Apps that add worklist columns (plan status, overdue
milestones, next check-in) register an annotation and, optionally, an "overdue" condition from
their ``AppConfig.ready()``; the worklist stays one query however many apps add to it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class WorklistExtension:
    annotate: Callable[[QuerySet, date], QuerySet]
    overdue: Callable[[date], Q] | None = None
    # Display labels of annotated values: {annotation name: {value: label}}.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


_extensions: list[WorklistExtension] = []


def register(extension: WorklistExtension) -> None:
    if extension not in _extensions:
        _extensions.append(extension)


def annotate(queryset: QuerySet, today: date) -> QuerySet:
    for extension in _extensions:
        queryset = extension.annotate(queryset, today)
    return queryset


def label(name: str, value) -> str:
    """The display label an extension gave ``value`` of its annotation ``name``."""
    for extension in _extensions:
        if name in extension.labels:
            return extension.labels[name].get(value, "")
    return ""


def overdue_condition(today: date) -> Q:
    """A case is overdue when its latest fit note has run out, or any extension says so."""
    condition = Q(fit_ends_on__lt=today)
    for extension in _extensions:
        if extension.overdue is not None:
            condition |= extension.overdue(today)
    return condition
