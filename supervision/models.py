"""Supervision records: sessions where a team's supervisor discusses cases with its VSWs, and
the VSWs' training (docs/supervision.md).

Stepped support itself lives on the case (``Case.support_level``, ``Case.planned_contacts``);
plan approval lives on the plan version (``plans.PlanApproval``)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from rtw.models import Role

# A note about a case discussed in supervision: it is written on the case's timeline too, whose
# lines hold 300 characters with the date in front.
DISCUSSION_NOTE_MAX_LENGTH = 240
COURSE_MAX_LENGTH = 200


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A team's sessions for its supervisors; for a VSW, the sessions they attended."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.SUPERVISOR:
            return self.filter(team_id=user.organisation_id)
        if user.role == Role.VSW:
            return self.filter(team_id=user.organisation_id, attendees=user)
        return self.none()


class SupervisionSession(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
        limit_choices_to={"kind": "VSW_TEAM"},
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supervision_sessions_attended"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%d %b %Y}"


class DiscussedCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__in=SupervisionSession.objects.visible_to(user))


class DiscussedCase(models.Model):
    """One case discussed in a session, with the staff-only note about it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="discussions"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supervision_notes")
    note = models.CharField(_("note"), max_length=DISCUSSION_NOTE_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DiscussedCaseQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="discussed_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} in {self.session}"


class TrainingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A team's training records for its supervisors; a VSW's own for the VSW."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.SUPERVISOR:
            return self.filter(vsw__organisation_id=user.organisation_id)
        if user.role == Role.VSW:
            return self.filter(vsw=user)
        return self.none()


class TrainingRecord(models.Model):
    """A course a VSW completed, and when it must be renewed (if ever)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vsw = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.CharField(_("course"), max_length=COURSE_MAX_LENGTH)
    completed_on = models.DateField(_("completed on"))
    renewal_due_on = models.DateField(_("renewal due"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["vsw", "-completed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal_due_on__isnull=True) | Q(renewal_due_on__gt=F("completed_on")),
                name="training_renewal_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.vsw})"
