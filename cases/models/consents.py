"""Consent to share: a confidentiality gate whose default is nothing shared."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.workers import Worker


class Recipient(models.TextChoices):
    EMPLOYER = "EMPLOYER", _("Their employer")
    GP = "GP", _("Their GP")


class ShareItem(models.TextChoices):
    # Not an item of content but the gate in front of all of them: until the worker agrees that
    # the service may involve their employer, the employer sees nothing of them (ADR 16).
    # Only ever recorded for Recipient.EMPLOYER.
    INVOLVEMENT = (
        "INVOLVEMENT",
        _("That the service may contact your employer about your return to work"),
    )
    FIT_NOTE_ADVICE = "FIT_NOTE_ADVICE", _("Fit-note advice (not fit or may be fit, dates, advice)")
    PLAN = "PLAN", _("Return-to-work plan and adjustments")
    RELAPSE_ACTIONS = "RELAPSE_ACTIONS", _("Relapse-prevention actions")
    WARNING_SIGNALS = "WARNING_SIGNALS", _("Early warning signals")
    CONDITION = "CONDITION", _("Condition (diagnosis)")


# What each recipient can be asked for: involvement is a question about the employer only.
ITEMS_FOR = {
    Recipient.EMPLOYER: tuple(ShareItem),
    Recipient.GP: tuple(item for item in ShareItem if item != ShareItem.INVOLVEMENT),
}


class SharingConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def involving_employer(self):
        """Active agreements that the service may involve the worker's employer (ADR 16)."""
        return self.active().filter(recipient=Recipient.EMPLOYER, item=ShareItem.INVOLVEMENT)


class SharingConsent(models.Model):
    """The worker's permission to share one item with one recipient. Withdrawn rows are kept."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(max_length=10, choices=Recipient.choices)
    item = models.CharField(max_length=20, choices=ShareItem.choices)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SharingConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "recipient", "item"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_item",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawn_fields_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} → {self.get_recipient_display()}"
