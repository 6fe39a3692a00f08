"""What the apps built on cases add to a case page, without cases importing them.

An app registers a function from its ``AppConfig.ready()`` that returns extra template context
for a case (check-ins and their charts, for instance). Each function owns its own queries.
"""

from collections.abc import Callable
from datetime import date

CaseContext = Callable[..., dict]

_case_context: list[CaseContext] = []


def register_case_context(function: CaseContext) -> CaseContext:
    if function not in _case_context:
        _case_context.append(function)
    return function


def case_context(case, today: date) -> dict:
    """The context every registered app adds to the case page of ``case``."""
    context: dict = {}
    for function in _case_context:
        context.update(function(case=case, today=today))
    return context
