"""Who is calling: a client token in ``Authorization: Bearer …``; whether it may: its scopes;
how often: a rate per client, counted in the shared cache."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from api.models import IntegrationClient
from api.tokens import matches, prefix_of
from rtw.audit import record_event
from rtw.models import AuditOutcome

#: last_used_at is written at most this often per client, not on every call.
LAST_USED_RESOLUTION_SECONDS = 60


def _refuse(reason: str, prefix: str = "") -> exceptions.AuthenticationFailed:
    record_event(
        by=None,
        action="api.authenticate",
        record_type="api_client",
        outcome=AuditOutcome.DENIED,
        detail={"reason": reason, "prefix": prefix},
    )
    # One message for every refusal: the caller learns nothing about which tokens exist.
    return exceptions.AuthenticationFailed(_("The token is not valid."))


class ClientTokenAuthentication(BaseAuthentication):
    """``request.user`` becomes the client's principal (a user of its organisation who cannot
    sign in) and ``request.auth`` the client. A missing header is anonymous (401 from the
    permission); a malformed, unknown, revoked or expired token is refused (401) and audited."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts:
            return None
        if parts[0].lower() != self.keyword or len(parts) != 2:
            raise _refuse("malformed header")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise _refuse("malformed token") from None
        prefix = prefix_of(token)
        if prefix is None:
            raise _refuse("malformed token")
        client = (
            IntegrationClient.objects.select_related("principal__organisation", "organisation")
            .filter(prefix=prefix)
            .first()
        )
        if client is None or not matches(token, client.token_digest):
            raise _refuse("unknown token", prefix)
        now = timezone.now()
        if client.revoked_at is not None:
            raise _refuse("revoked", prefix)
        if client.expires_at <= now:
            raise _refuse("expired", prefix)
        stale = now - timezone.timedelta(seconds=LAST_USED_RESOLUTION_SECONDS)
        if client.last_used_at is None or client.last_used_at < stale:
            IntegrationClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client.principal, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasScopes(BasePermission):
    """The view's ``required_scopes`` must all be held by the calling client. A client without
    one gets 403 for the endpoint (it says nothing about any record), audited."""

    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, IntegrationClient):
            return False  # DRF answers 401: no credentials
        missing = [s for s in getattr(view, "required_scopes", ()) if not client.has_scope(s)]
        if missing:
            record_event(
                by=request.user,
                action=f"api.{type(view).__name__}",
                record_type="api",
                outcome=AuditOutcome.DENIED,
                detail={"reason": "scope", "missing": missing, "client": client.prefix},
            )
            self.message = _("This client lacks the scope %(scope)s.") % {"scope": missing[0]}
            return False
        return True


class ClientRateThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` calls per client, counted in the default cache (Redis when
    ``CACHE_URL`` is set, so every web process shares the count)."""

    scope = "api_client"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        client = request.auth
        if not isinstance(client, IntegrationClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
