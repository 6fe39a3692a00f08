"""The contact log (service staff only)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.models.cases import Case


class ContactMode(models.TextChoices):
    PHONE = "PHONE", "Phone"
    VIDEO = "VIDEO", "Video"
    IN_PERSON = "IN_PERSON", "In person"
    EMAIL = "EMAIL", "Email"
    SMS = "SMS", "Text message"


class Obstacle(models.TextChoices):
    HEALTH = "HEALTH", "Health"
    BELIEFS = "BELIEFS", "Beliefs"
    BEHAVIOURS = "BEHAVIOURS", "Behaviours"
    EMOTIONS = "EMOTIONS", "Emotions"
    WORKPLACE = "WORKPLACE", "Workplace"


class Contact(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField("date and time")
    mode = models.CharField(max_length=10, choices=ContactMode.choices)
    duration_minutes = models.PositiveIntegerField("duration in minutes")
    summary = models.TextField()
    obstacles = models.JSONField("obstacles identified", default=list, blank=True)
    next_step = models.TextField("agreed next step", blank=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.occurred_at:%d %b %Y}"

    def obstacle_labels(self) -> list[str]:
        return [Obstacle(value).label for value in self.obstacles if value in Obstacle.values]
