"""What else happens when the service accepts a referral.

Apps above cases register a function from their ``AppConfig.ready()``; :func:`accepted` calls
each, in the accepting transaction, with the case locked. Plans registers the jurisdiction's
statutory milestones here: they run from the first day of absence, and the Dutch problem
analysis (week 6) often falls due before any plan is started.
"""

from collections.abc import Callable

from cases.models import Case
from rtw.models import User

OnAccept = Callable[..., object]  # called as function(case=..., by=...)

_on_accept: list[OnAccept] = []


def register(function: OnAccept) -> OnAccept:
    if function not in _on_accept:
        _on_accept.append(function)
    return function


def accepted(*, case: Case, by: User) -> None:
    for function in _on_accept:
        function(case=case, by=by)
