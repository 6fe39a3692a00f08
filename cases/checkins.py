"""Check-in links and the relapse-signal rules (DOMAIN §5)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing

from cases.models import CheckIn, CheckInStatus

_SALT = "rtw.checkin-link"
# Items where a higher score is better; for symptom intensity a higher score is worse.
_HIGHER_IS_BETTER = {
    "sleep": "sleep",
    "mood": "mood",
    "energy": "energy",
    "work_ability": "work ability",
}
WORSENING_POINTS = 3
LOW_HOURS_FRACTION = Decimal("0.75")


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
        CheckIn.objects.select_related("case", "case__worker")
        .filter(code=data.get("c"), link_nonce=data.get("n"))
        .first()
    )
    if check_in is None:
        return LinkResult(None, "invalid")
    if check_in.status == CheckInStatus.COMPLETED:
        return LinkResult(None, "used")
    if check_in.status == CheckInStatus.MISSED or check_in.case.status != "ACTIVE":
        # Missed, or support is paused or over: nothing more is asked of the worker.
        return LinkResult(None, "expired")
    return LinkResult(check_in)


def relapse_signals(check_in: CheckIn, previous: CheckIn | None) -> list[str]:
    """The reasons this check-in should flag the case "at risk of relapse" (may be empty).

    * any early warning sign ticked;
    * actual hours below 75 % of planned in this and the previous check-in;
    * a worsening of 3 or more points on any 0–10 item since the previous check-in (a fall in
      sleep, mood, energy or work ability; a rise in symptom intensity);
    * the worker asked the VSW to get in touch.
    """
    signals = [f"Warning sign ticked: {sign}" for sign in check_in.warning_signs_ticked]

    def low_hours(c: CheckIn | None) -> bool:
        return (
            c is not None
            and c.planned_hours
            and c.hours_worked is not None
            and c.hours_worked < c.planned_hours * LOW_HOURS_FRACTION
        )

    if low_hours(check_in) and low_hours(previous):
        signals.append("Worked under 75% of the planned hours two check-ins running")
    if previous is not None:
        for item, label in _HIGHER_IS_BETTER.items():
            before, now = getattr(previous, item), getattr(check_in, item)
            if before is not None and now is not None and before - now >= WORSENING_POINTS:
                signals.append(f"{label.capitalize()} fell from {before} to {now}")
        if (
            previous.symptoms is not None
            and check_in.symptoms is not None
            and check_in.symptoms - previous.symptoms >= WORSENING_POINTS
        ):
            signals.append(
                f"Symptom intensity rose from {previous.symptoms} to {check_in.symptoms}"
            )
    if check_in.wants_contact:
        signals.append("Asked the VSW to get in touch")
    return signals
