"""Check-ins and reminders: what the worker answers, and every message that must go out once."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CHECK_IN_STATUSES, Case, CaseStatus


class CheckInChannel(models.TextChoices):
    SELF_LINK = "SELF_LINK", _("Worker checks in by link")
    PHONE = "PHONE", _("By phone with the VSW")


class CheckInStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("Scheduled")
    INVITED = "INVITED", _("Invited")
    COMPLETED = "COMPLETED", _("Completed")
    MISSED = "MISSED", _("Missed")
    # Fell due while support was paused, so the worker was never asked (not a missed one).
    SKIPPED = "SKIPPED", _("Not asked: support paused")
    # Still open when the case closed: nothing more is asked of the worker.
    ENDED = "ENDED", _("Closed: support ended")


OPEN_CHECK_IN_STATUSES = (CheckInStatus.SCHEDULED, CheckInStatus.INVITED)


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def completed(self):
        return self.filter(status=CheckInStatus.COMPLETED)

    def open(self):
        return self.filter(status__in=OPEN_CHECK_IN_STATUSES)

    def answerable(self):
        """Check-ins the worker may be asked for and may answer: open, on a case whose support
        is active. The queryset form of :meth:`CheckIn.can_be_answered` (a test proves they
        agree)."""
        return self.open().filter(case__status__in=CHECK_IN_STATUSES)


SCALE_ITEMS = ("sleep", "mood", "energy", "symptoms", "work_ability")


class CheckIn(models.Model):
    """One check-in: scheduled from the plan (or ad hoc), answered by the worker through a
    signed link or on the phone with the VSW."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField("due")
    ad_hoc = models.BooleanField(default=False)
    channel = models.CharField(
        max_length=10, choices=CheckInChannel.choices, default=CheckInChannel.SELF_LINK
    )
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    # Copied in when scheduled, so the form never needs the plan.
    planned_hours = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    warning_signs_offered = models.JSONField(default=list, blank=True)
    # Changing the nonce invalidates every link issued before.
    link_nonce = models.UUIDField(default=uuid.uuid4, editable=False)

    # Answers.
    hours_worked = models.DecimalField(
        "hours worked this week", max_digits=4, decimal_places=1, null=True, blank=True
    )
    days_absent = models.PositiveSmallIntegerField("days absent this week", null=True, blank=True)
    sleep = models.PositiveSmallIntegerField(null=True, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    energy = models.PositiveSmallIntegerField(null=True, blank=True)
    symptoms = models.PositiveSmallIntegerField("symptom intensity", null=True, blank=True)
    work_ability = models.PositiveSmallIntegerField("work ability", null=True, blank=True)
    warning_signs_ticked = models.JSONField(default=list, blank=True)
    comments = models.TextField("what helped, what was hard", blank=True)
    wants_contact = models.BooleanField("would like the VSW to get in touch", default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signals = models.JSONField("relapse signals found", default=list, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        db_table = "cases_checkin"  # created by the cases app before check-ins moved here
        ordering = ["case", "due_on", "id"]
        indexes = [
            # The reminder producers' question every minute: which open check-ins are due by
            # today (checkins.reminders). Open ones are a sliver of all check-ins.
            models.Index(
                fields=["due_on"],
                condition=Q(status__in=["SCHEDULED", "INVITED"]),
                name="checkin_open_due",
            ),
            # Scheduled check-ins due by today, with their case (check-in invitations, every
            # minute): read from the index alone, without visiting each row.
            models.Index(
                fields=["due_on", "case"],
                condition=Q(status="SCHEDULED"),
                name="checkin_scheduled_due",
            ),
            # Each case's latest answered or missed check-in (checkins.worklist, on every
            # worklist row and count card): the first entry of the case's range, where the
            # case index made PostgreSQL sort all of the case's check-ins for every case.
            models.Index(
                fields=["case", "-due_on", "-id"],
                condition=Q(status__in=["COMPLETED", "MISSED"]),
                name="checkin_case_latest_closed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "due_on"],
                condition=Q(ad_hoc=False),
                name="checkin_one_scheduled_per_day",
            ),
            models.CheckConstraint(
                condition=(Q(status=CheckInStatus.COMPLETED) & Q(completed_at__isnull=False))
                | (~Q(status=CheckInStatus.COMPLETED) & Q(completed_at__isnull=True)),
                name="checkin_completed_at_with_status",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{item}__lte": 10}), name=f"checkin_{item}_0_to_10"
                )
                for item in SCALE_ITEMS
            ],
            models.CheckConstraint(
                condition=Q(days_absent__lte=7), name="checkin_days_absent_0_to_7"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CHECK_IN_STATUSES

    def unanswerable_reason(self) -> str:
        """Why this check-in cannot be answered now, or "" when it can. The one rule for the
        link, the worker's own page and the VSW's phone record (and, as
        ``CheckInQuerySet.answerable``, for the reminders): "used" once answered; "paused",
        "ended" or "not_started" while the case's support is not active
        (``Case.accepts_check_ins``); "closed" once it closed unanswered (missed, or skipped
        during a pause)."""
        if self.status == CheckInStatus.COMPLETED:
            return "used"
        case = self.case
        if not case.accepts_check_ins():
            if case.status == CaseStatus.PAUSED:
                return "paused"
            if case.status in (CaseStatus.CLOSED, CaseStatus.DECLINED):
                return "ended"
            return "not_started"
        if not self.is_open:
            return "closed"
        return ""

    def can_be_answered(self) -> bool:
        return not self.unanswerable_reason()

    def scores(self) -> dict[str, int | None]:
        return {item: getattr(self, item) for item in SCALE_ITEMS}


# ---------------------------------------------------------------------------------------------
# Reminders: the database row is the queue's memory (see checkins/reminders.py)


class ReminderKind(models.TextChoices):
    CHECKIN_INVITE = "CHECKIN_INVITE", _("Check-in invitation")
    CHECKIN_REMINDER = "CHECKIN_REMINDER", _("Check-in reminder")
    CHECKIN_MISSED = "CHECKIN_MISSED", _("Missed check-in")
    CHECKIN_PHONE_DUE = "CHECKIN_PHONE_DUE", _("Phone check-in due")
    FIT_NOTE_EXPIRING = "FIT_NOTE_EXPIRING", _("Fit note ending")
    REVIEW_DUE = "REVIEW_DUE", _("Plan review due")
    MILESTONE_DUE = "MILESTONE_DUE", _("Milestone due")
    AT_RISK = "AT_RISK", _("At risk of relapse")
    WEEKLY_DIGEST = "WEEKLY_DIGEST", _("Weekly digest")
    OUTCOME_CHECKIN = "OUTCOME_CHECKIN", _("Outcome check-in")
    QUESTIONNAIRE = "QUESTIONNAIRE", _("Questionnaire")
    TRAINING_RENEWAL = "TRAINING_RENEWAL", _("Training renewal due")


class ReminderChannel(models.TextChoices):
    EMAIL = "EMAIL", _("Email")
    SMS = "SMS", _("Text message")


class ReminderStatus(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    SENT = "SENT", _("Sent")
    CANCELLED = "CANCELLED", _("Cancelled")


class Reminder(models.Model):
    """One message that must go out once. Unique on (kind, subject, slot): producing it twice
    is harmless. The sweep locks a row while sending it, so two sweeps never both send it."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    subject_key = models.CharField(max_length=80)
    slot = models.CharField(max_length=20)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Email (to_email, with a subject) or text message (to_phone, body only; rtw.sms). Both
    # addresses are blanked when the case is anonymised (checkins.retention).
    channel = models.CharField(
        max_length=5, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL
    )
    to_email = models.EmailField(blank=True)
    to_phone = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    due_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_reminder"  # created by the cases app before check-ins moved here
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "slot"], name="reminder_unique_kind_subject_slot"
            ),
        ]
        indexes = [
            # The sweep's claim (checkins.reminders.claimable): pending rows only, in the
            # claim's order, so a claim reads the first row of the index instead of sorting
            # every pending row, whatever the backlog. The only index on pending rows: with a
            # second one on (status, next_attempt_at) the planner, working from statistics
            # taken before a burst of new reminders, chose it and sorted the whole backlog.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="PENDING"),
                name="reminder_pending_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email or self.to_phone} ({self.slot})"


class Delivery(models.Model):
    """The record that a reminder went out. At most one per reminder, by constraint."""

    reminder = models.OneToOneField(Reminder, on_delete=models.CASCADE, related_name="delivery")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cases_delivery"  # created by the cases app before check-ins moved here
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Delivered {self.reminder} at {self.sent_at:%Y-%m-%d %H:%M}"
