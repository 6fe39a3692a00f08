"""What the employer's list and the worker's home show beyond the case itself, without cases
importing the apps above it (ADR 7's registry pattern, as for the case page).

An app registers, from its ``AppConfig.ready()``:
- an employer-lines function ``(cases, released, today) -> {case_pk: {...}}``, given the page's
  cases and, for each, the items its worker releases to the employer (``released``); it must
  show nothing from an item not in that set, and own a constant number of queries. A line's
  ``audit_codes`` name the records it reads, for the page's audit event;
- a worker-home function ``(case, today) -> dict`` of extra template context.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

EmployerLines = Callable[..., dict[int, dict]]
WorkerHome = Callable[..., dict]

_employer_lines: list[EmployerLines] = []
_worker_home: list[WorkerHome] = []


def register_employer_lines(function: EmployerLines) -> EmployerLines:
    if function not in _employer_lines:
        _employer_lines.append(function)
    return function


def register_worker_home(function: WorkerHome) -> WorkerHome:
    if function not in _worker_home:
        _worker_home.append(function)
    return function


def employer_lines(cases, released: dict[int, set[str]], today: date) -> dict[int, dict]:
    """Each registered app's lines for each case of the employer's page, merged by case."""
    lines: dict[int, dict] = {case.pk: {} for case in cases}
    for function in _employer_lines:
        for pk, extra in function(cases=cases, released=released, today=today).items():
            lines.setdefault(pk, {}).update(extra)
    return lines


def worker_home_context(case, today: date) -> dict:
    context: dict = {}
    for function in _worker_home:
        context.update(function(case=case, today=today))
    return context


@dataclass(frozen=True)
class SupportContact:
    """How to reach the worker's VSW: not health information, so the employer of a worker who
    involves them sees it too. The phone is the team's: people have no phone of their own here."""

    name: str
    phone: str
    email: str


def support_contact(case) -> SupportContact | None:
    """The assigned VSW's contact details; uses ``case.assigned_vsw`` and ``case.team`` (select
    them with the case)."""
    vsw = case.assigned_vsw
    if vsw is None:
        return None
    team = case.team
    phone = getattr(vsw, "phone", "") or (team.phone if team else "")
    return SupportContact(name=vsw.full_name, phone=phone, email=vsw.email)
