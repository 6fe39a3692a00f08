"""Integration clients (a practice system, a referral hub, the service's own tools) and the
keys that make a resent FHIR referral find the first one instead of making a second."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rtw.models import Organisation, OrganisationKind


class Scope(models.TextChoices):
    REFERRALS_WRITE = "referrals:write", _("Refer patients (FHIR ServiceRequest)")
    REFERRALS_READ = "referrals:read", _("Read the status of the organisation's referrals")
    CASES_READ = "cases:read", _("Read the cases, fit notes and plan status the caller may see")
    REPORTS_READ = "reports:read", _("Read the service figures (aggregates only)")


#: Which scopes a client of each kind of organisation may hold. Employers get no client in
#: version 1 (ADR 20): what an employer may see is built from per-worker copies (ADR 6, 16)
#: that no integration needs yet.
SCOPES_FOR_KIND = {
    OrganisationKind.GP_PRACTICE: (Scope.REFERRALS_WRITE, Scope.REFERRALS_READ, Scope.CASES_READ),
    OrganisationKind.VSW_TEAM: (Scope.CASES_READ, Scope.REPORTS_READ),
}


class IntegrationClientQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Clients whose token still works: not revoked and not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class IntegrationClient(models.Model):
    """A system that calls the API for one organisation, with a token and the scopes it holds.

    The token is shown once, when the client is created (``api.actions.create_client``); only
    its SHA-256 digest is kept, found by its short public ``prefix``. The client acts through
    ``principal``: a user of the organisation that can never sign in (inactive, no password),
    so every call is authorised by the same ``visible_to`` querysets and rules as a person of
    that organisation, and the audit trail names the client and its organisation.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="integration_clients"
    )
    name = models.CharField(max_length=200)
    scopes = models.JSONField(default=list)
    principal = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integration_client",
        editable=False,
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_digest = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IntegrationClientQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="integrationclient_revoked_with_who",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="integrationclient_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ReferralKey(models.Model):
    """An identifier a referring organisation gave a referral (its ServiceRequest.identifier or
    Bundle.identifier, as ``system|value``): the same key from the same organisation again finds
    the same case. The key is written before the case, in the same transaction, so two copies
    sent at once meet at the unique constraint and the second waits for the first."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=600)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    client = models.ForeignKey(IntegrationClient, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="referralkey_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.key
