"""The contact log (service staff only)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.cases import Case


class ContactMode(models.TextChoices):
    PHONE = "PHONE", _("Phone")
    VIDEO = "VIDEO", _("Video")
    IN_PERSON = "IN_PERSON", _("In person")
    EMAIL = "EMAIL", _("Email")
    SMS = "SMS", _("Text message")


class Obstacle(models.TextChoices):
    HEALTH = "HEALTH", _("Health")
    BELIEFS = "BELIEFS", _("Beliefs")
    BEHAVIOURS = "BEHAVIOURS", _("Behaviours")
    EMOTIONS = "EMOTIONS", _("Emotions")
    WORKPLACE = "WORKPLACE", _("Workplace")


class ContactParty(models.TextChoices):
    """Who the contact was with."""

    WORKER = "WORKER", _("The worker")
    EMPLOYER = "EMPLOYER", _("Their employer")
    GP = "GP", _("Their GP")
    OTHER = "OTHER", _("Someone else")


class Contact(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(max_length=10, choices=ContactMode.choices)
    party = models.CharField(
        _("who the contact was with"),
        max_length=10,
        choices=ContactParty.choices,
        default=ContactParty.WORKER,
    )
    other_name = models.CharField(_("their name"), max_length=100, blank=True)
    other_role = models.CharField(_("their role"), max_length=100, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"))
    summary = models.TextField()
    obstacles = models.JSONField(_("obstacles identified"), default=list, blank=True)
    next_step = models.TextField(_("agreed next step"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=600), name="contact_duration_at_most_10h"
            ),
            # Someone else is named, with their role; nobody else carries those fields.
            models.CheckConstraint(
                condition=(Q(party="OTHER") & ~Q(other_name="") & ~Q(other_role=""))
                | (~Q(party="OTHER") & Q(other_name="", other_role="")),
                name="contact_other_party_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.occurred_at:%d %b %Y}"

    def with_label(self) -> str:
        """Who the contact was with, as the case page says it."""
        if self.party == ContactParty.OTHER:
            return f"{self.other_name} ({self.other_role})"
        return self.get_party_display()

    def obstacle_labels(self) -> list[str]:
        return [Obstacle(value).label for value in self.obstacles if value in Obstacle.values]
