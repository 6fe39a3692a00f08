"""The access-policy spine.

Two layers, both declared in code and both tested:

* **Views** declare which roles may use them with ``@allow(...)`` (or ``@public`` for the handful
  of pages anyone may open). ``LoginRequiredMiddleware`` makes a forgotten decorator fail closed,
  and ``tests/test_url_policy.py`` walks every URL and fails on a view that declares neither.
* **Records** are fetched with one helper per record type (``get_case_for`` and friends, in each
  app's ``access.py``), all built on :func:`fetch_for`: the lookup goes through the model's
  ``visible_to(user)`` queryset, so a record the user may not see is a 404 whether it exists or
  not; a visible record the user may not act on is a 403. Every call writes an audit event,
  denied attempts included. The object-level rules themselves live in ``rtw/policy.py``.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from rtw.audit import record_event
from rtw.models import AuditOutcome, Role

ALL_ROLES = frozenset(Role)
STAFF_ROLES = frozenset({Role.VSW, Role.SUPERVISOR})


def allow(*roles: Role | Iterable[Role]) -> Callable:
    """Declare which roles may use a view; anyone else signed in gets 403."""
    allowed: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            allowed.add(role)
        else:
            allowed.update(role)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated or request.user.role not in allowed:
                record_event(
                    by=request.user,
                    action=f"page.{view.__name__}",
                    record_type="page",
                    record_code=kwargs.get("code", ""),
                    outcome=AuditOutcome.DENIED,
                    detail={"reason": "role", "path": request.path[:200]},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(allowed)
        return wrapper

    return decorator


def public(view):
    """Declare a view that needs no sign-in (login, health check, check-in links)."""
    view = login_not_required(view)
    view.is_public = True
    return view


def fetch_for(
    user,
    queryset,
    *,
    code,
    permission: str,
    record_type: str,
    action: str,
    authorise_on: Callable | None = None,
    refuse_as_missing: Iterable[str] = (),
):
    """Fetch one record by ``code`` from ``queryset.visible_to(user)`` and authorise ``permission``.

    Missing and invisible records raise the same 404 (no existence oracle); visible records the
    user may not act on raise 403, except for the roles in ``refuse_as_missing``, who get the
    same 404 (an employer must not learn that an unreleased plan exists). One audit event is
    written either way. ``authorise_on`` maps the record to the object the permission is about
    (a milestone's case, say).
    """
    try:
        obj = queryset.visible_to(user).get(code=code)
    except (queryset.model.DoesNotExist, ValueError):
        record_event(
            by=user,
            action=action,
            record_type=record_type,
            record_code=code,
            outcome=AuditOutcome.DENIED,
            detail={"reason": "not visible"},
        )
        raise Http404 from None
    if not user.has_perm(permission, authorise_on(obj) if authorise_on else obj):
        record_event(
            by=user,
            action=action,
            record_type=record_type,
            record_code=code,
            outcome=AuditOutcome.DENIED,
            detail={"reason": f"lacks {permission}"},
        )
        if getattr(user, "role", None) in refuse_as_missing:
            raise Http404
        raise PermissionDenied
    record_event(by=user, action=action, record_type=record_type, record_code=code)
    return obj
