from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum


class EmailBackend(ModelBackend):
    """Signs in by email (case-insensitive) and loads the user with their organisation, which
    the header of every page shows, so that no page pays an extra query for it."""

    def get_user(self, user_id):
        from rtw.models import User

        try:
            user = User.objects.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def sign_in_name(request, credentials) -> str:
    """The email a sign-in attempt was for, as throttling should count it (case-insensitive).
    Called with the credentials when checking an attempt, and without them (reading the posted
    form) when resetting the count after a success."""
    source = credentials or getattr(request, "POST", None) or {}
    # The throttle's table holds 255 characters; no email address is longer than 254.
    return str(source.get("username", "")).strip().lower()[:255]


class SignInThrottle(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one (ADR 10).

    ``AXES_LOCKOUT_PARAMETERS`` counts failures for the pair (email, client address) and for
    the client address alone. The pair locks at ``AXES_FAILURE_LIMIT``; the address alone
    locks at the higher ``LOGIN_IP_FAILURE_LIMIT``, so one address guessing one password for
    each of many accounts is stopped without a practice behind one NAT being locked out by a
    colleague's typo. Axes compares the larger count with one limit, so an address at its own
    limit is reported as having reached the pair's.

    A successful sign-in resets only its own pair's failures (which then leave the address's
    count too): one valid account must not wipe the address's record of guesses at others."""

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.LOGIN_IP_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
