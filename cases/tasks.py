"""Celery tasks of the cases app: thin, named, idempotent."""

from celery import shared_task

from cases import retention


@shared_task(name="cases.apply_retention")
def apply_retention() -> int:
    """Anonymise the cases whose care ended more than RETENTION_YEARS ago (one receipt each in
    the audit trail). Idempotent: a case with a receipt is never done again."""
    return len(retention.apply_retention())
