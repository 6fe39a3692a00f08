"""Writing the audit trail. Only the fetch helpers (rtw.access) and actions call this."""

from rtw.middleware import current_request_id
from rtw.models import AuditEvent, AuditOutcome


def record_event(
    *,
    by,
    action: str,
    record_type: str,
    record_code: str = "",
    outcome: str = AuditOutcome.ALLOWED,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit event for ``by`` (a user, or None for the system)."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    organisation = getattr(actor, "organisation", None) if actor else None
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor else None,
        actor_email=actor.email if actor else "",
        actor_role=actor.role if actor else "",
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else "",
        action=action,
        record_type=record_type,
        record_code=str(record_code or ""),
        outcome=outcome,
        request_id=current_request_id(),
        detail=detail or {},
    )
