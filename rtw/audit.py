"""Writing the audit trail. Only the fetch helpers, the view decorators and actions call this.

Denied attempts inside a request are written *after* the view's transaction has ended: with
``ATOMIC_REQUESTS`` the 404/403 raised by a fetch helper rolls the view's transaction back, and
would take the denial's audit row with it. ``AuditMiddleware`` opens a per-request list,
:func:`record_event` queues denials on it, and the middleware writes them once the view has
returned, with the request's id.
"""

from contextvars import ContextVar
from datetime import datetime

from django.db import connection, transaction

from rtw.models import AuditEvent, AuditOutcome

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_pending_denials: ContextVar[list[dict] | None] = ContextVar("pending_denials", default=None)


def current_request_id() -> str:
    """The id of the request being served (or of the task being run), for the audit trail."""
    return _request_id.get()


def bind_request_id(request_id: str):
    """Make ``request_id`` the current one; returns a token for :func:`unbind_request_id`."""
    return _request_id.set(request_id)


def unbind_request_id(token) -> None:
    _request_id.reset(token)


def _event_fields(*, by, action, record_type, record_code, outcome, detail) -> dict:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    organisation = getattr(actor, "organisation", None) if actor else None
    return {
        "actor_id": actor.pk if actor else None,
        "actor_email": actor.email if actor else "",
        "actor_role": actor.role if actor else "",
        "organisation_id": organisation.pk if organisation else None,
        "organisation_name": organisation.name if organisation else "",
        "action": action,
        "record_type": record_type,
        "record_code": str(record_code or ""),
        "outcome": outcome,
        "request_id": current_request_id(),
        "detail": detail or {},
    }


def record_event(
    *,
    by,
    action: str,
    record_type: str,
    record_code: str = "",
    outcome: str = AuditOutcome.ALLOWED,
    detail: dict | None = None,
) -> AuditEvent | None:
    """Append one audit event for ``by`` (a user, or None for the system).

    Returns the event, or None when a denial was queued to be written after the request."""
    fields = _event_fields(
        by=by,
        action=action,
        record_type=record_type,
        record_code=record_code,
        outcome=outcome,
        detail=detail,
    )
    pending = _pending_denials.get()
    if outcome == AuditOutcome.DENIED and pending is not None:
        pending.append(fields)
        return None
    return AuditEvent.objects.create(**fields)


def record_list(
    *, by, action: str, record_type: str, key: str, codes, detail: dict | None = None
) -> AuditEvent | None:
    """One event for a page that lists records, naming every record shown (their codes under
    ``key``), so "who saw this person, even on a list" has an answer. One INSERT per page,
    however many rows it shows."""
    return record_event(
        by=by,
        action=action,
        record_type=record_type,
        detail={key: [str(code) for code in codes], **(detail or {})},
    )


#: Receipts of anonymisation hold no personal data and prove the erasure: pruning keeps them.
KEPT_ACTION = "case.anonymise"


def prune_audit(*, before: datetime) -> int:
    """Delete the audit events older than ``before`` (except the receipts, KEPT_ACTION)
    and write one event saying so; returns how many went.

    The only path that removes audit rows. On PostgreSQL the append-only trigger refuses every
    DELETE unless the transaction has switched ``rtw.audit_prune`` on (migration
    ``rtw.0006``); it is switched on here for this one statement and off again, inside one
    transaction, so nothing else in the same transaction inherits it.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SET LOCAL rtw.audit_prune = 'on'")
        try:
            cursor.execute(
                "DELETE FROM rtw_auditevent WHERE at < %s AND action <> %s",
                [before, KEPT_ACTION],
            )
            deleted = cursor.rowcount
        finally:
            if postgres:
                cursor.execute("SET LOCAL rtw.audit_prune = 'off'")
        record_event(
            by=None,
            action="audit.prune",
            record_type="audit",
            detail={"deleted": deleted, "before": before.isoformat()},
        )
    return deleted


def open_request_log():
    return _pending_denials.set([])


def close_request_log(token) -> None:
    """Write the request's queued denials (outside the view's transaction) and close the log."""
    pending = _pending_denials.get() or []
    _pending_denials.reset(token)
    if pending:
        AuditEvent.objects.bulk_create([AuditEvent(**fields) for fields in pending])
