"""The verbs of two-factor sign-in. Views and the admin call these; each writes its own audit row.

django-otp's own back-off between wrong codes is switched off in settings
(``OTP_*_THROTTLE_FACTOR = 0``): :func:`check_second_factor` counts wrong codes instead, with
the same limit and lock-out time as wrong passwords.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rtw.audit import record_event
from rtw.models import AuditOutcome, User
from rtw.sessions import end_sessions

RECOVERY_CODE_COUNT = 10


@dataclass
class SecondFactorLocked(Exception):
    """Too many wrong codes: no code is checked until ``until``."""

    until: datetime


def second_factor_required(user: User) -> bool:
    """Whether ``user``'s role must sign in with a second factor (``OTP_REQUIRED_ROLES``)."""
    return user.role in settings.OTP_REQUIRED_ROLES


def has_second_factor(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator app or recovery codes."""
    return user_has_device(user, confirmed=True)


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or hyphens to read them more easily, recovery codes in
    either case; none of that is part of the code."""
    return "".join(code.split()).replace("-", "").lower()


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator app being set up: an unconfirmed TOTP device, made on the first visit
    to the set-up page and kept until a code from it confirms it, so that reloading the page
    shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def turn_on_second_factor(*, device: TOTPDevice, code: str, by: User) -> list[str] | None:
    """Confirm ``by``'s pending authenticator app with a code it shows, and give them
    :data:`RECOVERY_CODE_COUNT` new recovery codes. Returns the codes (to show once; only the
    database keeps them after that), or None when the code is wrong.

    The device row is locked while the code is checked, so the same code cannot confirm it
    twice; it is then the one code that has been used (``last_t``), and signing in needs the
    next."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=by, confirmed=False)
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()
    codes = _new_recovery_codes(by)
    record_event(by=by, action="two_factor.turn_on", record_type="user", record_code=by.code)
    return codes


@transaction.atomic
def replace_recovery_codes(*, by: User) -> list[str]:
    """New recovery codes for ``by``, for someone who used or lost theirs; the old ones stop
    working."""
    codes = _new_recovery_codes(by)
    record_event(
        by=by, action="two_factor.new_recovery_codes", record_type="user", record_code=by.code
    )
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def check_second_factor(*, user: User, code: str) -> Device | None:
    """The device that accepts ``code`` for ``user`` (their authenticator app for six digits,
    their recovery codes otherwise), or None. Raises :class:`SecondFactorLocked` while the
    account is locked out.

    Each code works once: the TOTP device only accepts a time step later than the last one it
    accepted (``last_t``), and a recovery code is deleted when used. The rows are locked while
    checked, so two requests racing with the same code cannot both succeed.

    After ``LOGIN_FAILURE_LIMIT`` wrong codes in a row (app and recovery codes together) no
    code is checked for ``LOGIN_LOCKOUT_MINUTES``; a right code clears the count. The count is
    kept per person, not per address: whoever is typing codes already has the password. It is
    kept in the throttling fields django-otp gives every device, on the person's one confirmed
    authenticator app (django-otp's own back-off on those fields is off: its factor is 0)."""
    app = (
        TOTPDevice.objects.devices_for_user(user, confirmed=True)
        .select_for_update()
        .order_by("pk")
        .first()
    )
    if app is None:
        return None
    failures = app.throttling_failure_count
    now = timezone.now()
    if failures >= settings.AXES_FAILURE_LIMIT:
        until = app.throttling_failure_timestamp + settings.AXES_COOLOFF_TIME
        if until > now:
            raise SecondFactorLocked(until=until)
        failures = 0
    token = normalise_code(code)
    if token.isdigit():
        device = app if app.verify_token(token) else None
    else:
        recovery = StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        device = next((d for d in recovery if d.verify_token(token)), None)
    app.refresh_from_db(fields=["last_t", "drift"])
    if device is not None:
        app.throttling_failure_count, app.throttling_failure_timestamp = 0, None
    else:
        app.throttling_failure_count, app.throttling_failure_timestamp = failures + 1, now
        if failures + 1 >= settings.AXES_FAILURE_LIMIT:
            record_event(
                by=user,
                action="two_factor.locked_out",
                record_type="user",
                record_code=user.code,
                outcome=AuditOutcome.DENIED,
                detail={"until": (now + settings.AXES_COOLOFF_TIME).isoformat()},
            )
    app.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp"])
    return device


@transaction.atomic
def turn_off_second_factor(*, user: User, by: User) -> None:
    """Remove ``user``'s authenticator app and recovery codes, for someone whose role does not
    require them and who no longer wants them."""
    if second_factor_required(user):
        raise ValueError(f"A {user.get_role_display().lower()} must keep two-factor sign-in.")
    _delete_devices(user)
    record_event(by=by, action="two_factor.turn_off", record_type="user", record_code=user.code)


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> int:
    """For a lost phone: delete ``user``'s authenticator app and recovery codes, and end every
    session they have (rtw.sessions.end_sessions), so whoever holds the phone or a signed-in
    browser is out. They set up a new app the next time they sign in. Returns the number of
    sessions ended."""
    _delete_devices(user)
    ended = end_sessions(user)
    record_event(
        by=by,
        action="two_factor.reset",
        record_type="user",
        record_code=user.code,
        detail={"sessions_ended": ended},
    )
    return ended


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
