"""What the apps built on cases add to the case pages, without cases importing them.

The case record is split into sections, each a page of its own (``SECTIONS``). An app registers
a function from its ``AppConfig.ready()`` that returns extra template context for a case
(check-ins and their charts, for instance), naming the sections that show it; a section page
calls only the functions registered for it, so it runs only its own queries. Each function owns
its queries. A function registered without ``sections`` serves the summary.
"""

from collections.abc import Callable, Iterable
from datetime import date

CaseContext = Callable[..., dict]

# The sections of a case, in the order of the sub-navigation.
SECTIONS = ("summary", "plan", "check_ins", "fit_notes", "contacts", "sharing", "history")
SUMMARY = "summary"

_case_context: list[tuple[CaseContext, frozenset[str]]] = []


def register_case_context(
    function: CaseContext, *, sections: Iterable[str] = (SUMMARY,)
) -> CaseContext:
    """Add ``function(case=, today=) -> dict`` to the pages of ``sections``."""
    wanted = frozenset(sections)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise ValueError(f"Unknown case page sections: {sorted(unknown)}")
    if all(registered is not function for registered, _ in _case_context):
        _case_context.append((function, wanted))
    return function


def case_context(case, today: date, *, section: str = SUMMARY) -> dict:
    """The context the registered apps add to the ``section`` page of ``case``."""
    context: dict = {}
    for function, sections in _case_context:
        if section in sections:
            context.update(function(case=case, today=today))
    return context
