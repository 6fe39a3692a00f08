"""Signed check-in links: one link opens one check-in, once, for a limited time."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from checkins.models import CheckIn

_SALT = "rtw.checkin-link"


def link_token(check_in: CheckIn) -> str:
    """A signed token naming one check-in. It expires (CHECKIN_LINK_MAX_AGE_DAYS) and stops
    working once the check-in is answered or its nonce is renewed."""
    return signing.dumps(
        {"c": str(check_in.code), "n": str(check_in.link_nonce)}, salt=_SALT, compress=True
    )


@dataclass(frozen=True)
class LinkResult:
    check_in: CheckIn | None
    problem: str = ""  # "", "invalid", "expired", "used"


def resolve_link(token: str) -> LinkResult:
    """What a link points at, or why it cannot be used. The problem names never reveal
    anything about the check-in beyond whether this link works."""
    try:
        data = signing.loads(
            token, salt=_SALT, max_age=settings.CHECKIN_LINK_MAX_AGE_DAYS * 24 * 3600
        )
    except signing.SignatureExpired:
        return LinkResult(None, "expired")
    except signing.BadSignature:
        return LinkResult(None, "invalid")
    if not isinstance(data, dict):
        return LinkResult(None, "invalid")
    check_in = (
        # The team comes along for the visitor's language (activate_for_visitor).
        CheckIn.objects.select_related("case", "case__worker", "case__team")
        .filter(code=data.get("c"), link_nonce=data.get("n"))
        .first()
    )
    if check_in is None:
        return LinkResult(None, "invalid")
    reason = check_in.unanswerable_reason()
    if reason == "used":
        return LinkResult(None, "used")
    if reason:
        # Missed, or support is paused, over or not yet started: nothing more is asked of the
        # worker. The link says only that it has expired (ADR 9): it reveals nothing about the
        # case to whoever holds it; the signed-in page says why.
        return LinkResult(None, "expired")
    return LinkResult(check_in)
