"""The role predicates every app's rules are built from.

Each app registers the rules about its own records next to its models (``cases/rules.py``,
``plans/rules.py``), composed from these. Predicates take ``(user, obj)``.
"""

import rules

from rtw.models import Role


@rules.predicate
def is_service_staff(user) -> bool:
    return user.is_authenticated and user.role in (Role.VSW, Role.SUPERVISOR)


@rules.predicate
def is_supervisor(user) -> bool:
    return user.is_authenticated and user.role == Role.SUPERVISOR


@rules.predicate
def is_clinician(user) -> bool:
    return user.is_authenticated and user.role == Role.CLINICIAN
