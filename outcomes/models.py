"""Outcome measures (DOMAIN.md section 5): the fortnightly outcome check-in (days off sick and
hours worked, for every open case, plan or not) and the questionnaires at baseline, 6 weeks and
6 months. Kept apart from the plan check-in (``checkins.CheckIn``), which asks about the plan."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus

# Outcome check-ins and questionnaires go to the worker while the service has taken the case on
# and support is not paused: accepted (plan or not) or active.
OUTCOME_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE)


class OutcomeStatus(models.TextChoices):
    DUE = "DUE", _("Due")
    DONE = "DONE", _("Done")
    MISSED = "MISSED", _("Missed")
    # Fell due while support was paused or after it ended: the worker was not asked.
    SKIPPED = "SKIPPED", _("Not asked")


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def done(self):
        return self.filter(status=OutcomeStatus.DONE)

    def answerable(self):
        """Due, on a case that may be asked (the queryset form of ``unanswerable_reason``)."""
        return self.filter(status=OutcomeStatus.DUE, case__status__in=OUTCOME_STATUSES)


class _Asked(models.Model):
    """What an outcome check-in and a questionnaire share: a code for URLs, a signed link
    (the nonce renews to revoke), a due date and a status."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.DUE
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    link_nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    # When the invitation was produced (outcomes.schedule); None until then.
    invited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        abstract = True

    def unanswerable_reason(self) -> str:
        """ "" when the worker may answer now; "used" once answered; "closed" when missed or
        skipped; "paused"/"ended"/"not_started" while the case may not be asked."""
        if self.status == OutcomeStatus.DONE:
            return "used"
        if self.status != OutcomeStatus.DUE:
            return "closed"
        status = self.case.status
        if status in OUTCOME_STATUSES:
            return ""
        if status == CaseStatus.PAUSED:
            return "paused"
        if status in (CaseStatus.CLOSED, CaseStatus.DECLINED):
            return "ended"
        return "not_started"

    def can_be_answered(self) -> bool:
        return not self.unanswerable_reason()


def _completed_with_status(prefix: str):
    return models.CheckConstraint(
        condition=(Q(status=OutcomeStatus.DONE) & Q(completed_at__isnull=False))
        | (~Q(status=OutcomeStatus.DONE) & Q(completed_at__isnull=True)),
        name=f"{prefix}_completed_at_with_status",
    )


class OutcomeCheckIn(_Asked):
    """Every 14 days from acceptance: how many days off sick in the 14 days up to ``period_end``
    (0-14), and how many hours worked. WAVE's primary outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcome_check_ins")
    period_start = models.DateField()
    period_end = models.DateField()
    days_off_sick = models.PositiveSmallIntegerField(
        _("days off sick in the last 14 days"), null=True, blank=True
    )
    hours_worked = models.DecimalField(
        _("hours worked in the last 14 days"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["case", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "due_on"], name="outcome_checkin_one_per_day"),
            _completed_with_status("outcome_checkin"),
            models.CheckConstraint(
                condition=Q(days_off_sick__lte=14), name="outcome_checkin_days_off_0_to_14"
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__gte=0), name="outcome_checkin_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="outcome_checkin_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome check-in due {self.due_on}"


class Timepoint(models.TextChoices):
    BASELINE = "BASELINE", _("Baseline")
    WEEK_6 = "WEEK_6", _("6 weeks")
    MONTH_6 = "MONTH_6", _("6 months")


# Days after acceptance each questionnaire falls due.
TIMEPOINT_DAYS = {Timepoint.BASELINE: 0, Timepoint.WEEK_6: 42, Timepoint.MONTH_6: 182}


class Questionnaire(_Asked):
    """The questionnaires at acceptance, 6 weeks and 6 months (instruments in
    ``outcomes.instruments``). ``answers`` maps instrument code to a list (or, for single
    items, a number); ``scores`` maps instrument code to its total. A PHQ-9 item 9 answer above
    0 raises an alert for the VSW (``alert_raised_at``) that stays on the worklist until a VSW
    acknowledges it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="questionnaires")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    answers = models.JSONField(default=dict, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    alert_raised_at = models.DateTimeField(null=True, blank=True)
    alert_acknowledged_at = models.DateTimeField(null=True, blank=True)
    alert_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "timepoint"], name="questionnaire_one_per_timepoint"
            ),
            _completed_with_status("questionnaire"),
            models.CheckConstraint(
                condition=Q(alert_acknowledged_at__isnull=True) | Q(alert_raised_at__isnull=False),
                name="questionnaire_acknowledged_only_if_raised",
            ),
        ]
        indexes = [
            models.Index(
                fields=["case"],
                condition=Q(alert_raised_at__isnull=False, alert_acknowledged_at__isnull=True),
                name="questionnaire_open_alert_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_timepoint_display()} questionnaire due {self.due_on}"

    @property
    def alert_open(self) -> bool:
        return self.alert_raised_at is not None and self.alert_acknowledged_at is None
