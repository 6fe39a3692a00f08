"""Signed links to one outcome check-in or one questionnaire, like the plan check-in's
(``checkins.links``, ADR 9): one link opens one record, once, for a limited time, and says
nothing about the case to whoever holds it."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from outcomes.models import OutcomeCheckIn, Questionnaire

_SALT = {OutcomeCheckIn: "rtw.outcome-check-in-link", Questionnaire: "rtw.questionnaire-link"}


def link_token(record: OutcomeCheckIn | Questionnaire) -> str:
    """A signed token naming ``record``. It expires (CHECKIN_LINK_MAX_AGE_DAYS) and stops
    working once the record is answered, closed, or its nonce renewed."""
    return signing.dumps(
        {"c": str(record.code), "n": str(record.link_nonce)},
        salt=_SALT[type(record)],
        compress=True,
    )


@dataclass(frozen=True)
class LinkResult:
    record: OutcomeCheckIn | Questionnaire | None
    problem: str = ""  # "", "invalid", "expired", "used"


def resolve_link(model: type[OutcomeCheckIn | Questionnaire], token: str) -> LinkResult:
    """What a link points at, or why it cannot be used (the same words for every reason the
    record may not be answered: it has expired)."""
    try:
        data = signing.loads(
            token, salt=_SALT[model], max_age=settings.CHECKIN_LINK_MAX_AGE_DAYS * 24 * 3600
        )
    except signing.SignatureExpired:
        return LinkResult(None, "expired")
    except signing.BadSignature:
        return LinkResult(None, "invalid")
    if not isinstance(data, dict):
        return LinkResult(None, "invalid")
    try:
        record = (
            model.objects.select_related("case", "case__worker")
            .filter(code=data.get("c"), link_nonce=data.get("n"))
            .first()
        )
    except Exception:  # noqa: BLE001  (a malformed UUID inside a validly signed token)
        return LinkResult(None, "invalid")
    if record is None:
        return LinkResult(None, "invalid")
    reason = record.unanswerable_reason()
    if reason == "used":
        return LinkResult(None, "used")
    if reason:
        return LinkResult(None, "expired")
    return LinkResult(record)
