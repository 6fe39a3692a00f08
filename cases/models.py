import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.validators import validate_nhs_number
from rtw.models import Role

# ---------------------------------------------------------------------------------------------
# Workers


class ContactMethod(models.TextChoices):
    EMAIL = "EMAIL", "Email"
    PHONE = "PHONE", "Phone"
    SMS = "SMS", "Text message"


class WorkerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Workers the user may see: those with a case the user may see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(cases__in=Case.objects.visible_to(user)).distinct()

    def likely_duplicates(self, *, nhs_number="", first_name="", last_name="", date_of_birth=None):
        match = Q(pk__in=[])
        if nhs_number:
            match |= Q(nhs_number=nhs_number)
        if first_name and last_name and date_of_birth:
            match |= Q(
                first_name__iexact=first_name.strip(),
                last_name__iexact=last_name.strip(),
                date_of_birth=date_of_birth,
            )
        return self.filter(match)


class Worker(models.Model):
    """A person on sick leave who may be supported back to work."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(
        "NHS number",
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_nhs_number],
    )
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    communication_needs = models.TextField(blank=True)
    employer = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="employees",
        limit_choices_to={"kind": "EMPLOYER"},
    )
    job_title = models.CharField(max_length=150, blank=True)
    contracted_hours = models.DecimalField(max_digits=4, decimal_places=1)
    gp_practice = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="patients",
        limit_choices_to={"kind": "GP_PRACTICE"},
    )
    absence_started_on = models.DateField("first day of absence")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_record",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_hours__gt=0) & Q(contracted_hours__lte=80),
                name="worker_contracted_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def weeks_absent(self, today: date) -> int:
        return max((today - self.absence_started_on).days // 7, 0)


# ---------------------------------------------------------------------------------------------
# Cases (one episode of support; it starts life as a referral)


class CaseStatus(models.TextChoices):
    REFERRED = "REFERRED", "Referred"
    ACCEPTED = "ACCEPTED", "Accepted"
    DECLINED = "DECLINED", "Declined"
    ACTIVE = "ACTIVE", "Active"
    PAUSED = "PAUSED", "Paused"
    CLOSED = "CLOSED", "Closed"


OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
# Statuses in which the employer knows the case exists (the service has taken it on).
EMPLOYER_VISIBLE_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)


class ClosureOutcome(models.TextChoices):
    SAME_JOB = "SAME_JOB", "Returned to the same job"
    SAME_JOB_ADJUSTED = "SAME_JOB_ADJUSTED", "Returned with adjustments"
    NEW_JOB = "NEW_JOB", "Started a new job"
    NOT_RETURNED = "NOT_RETURNED", "Did not return to work"
    WITHDREW = "WITHDREW", "Withdrew from support"


class ConsentMethod(models.TextChoices):
    VERBAL = "VERBAL", "Verbally, in the consultation"
    WRITTEN = "WRITTEN", "In writing"
    ELECTRONIC = "ELECTRONIC", "Electronically"


class RedFlag(models.TextChoices):
    SELF_HARM = "SELF_HARM", "Risk of self-harm"
    SEVERE_MENTAL_ILLNESS = "SEVERE_MENTAL_ILLNESS", "Severe mental illness getting worse"
    LACKS_CAPACITY = "LACKS_CAPACITY", "Lacks capacity to consent"
    PALLIATIVE = "PALLIATIVE", "Receiving palliative care"
    BEREAVEMENT = "BEREAVEMENT", "Recently bereaved"
    PREGNANCY = "PREGNANCY", "Pregnancy or maternity leave"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases the user has any relationship with. Mirrors ``cases.see_case`` in rtw/policy.py
        (a test proves they agree). What each role may *do* with a visible case is a permission
        checked by the fetch helper."""
        if not user.is_authenticated:
            return self.none()
        if user.role in (Role.VSW, Role.SUPERVISOR):
            return self.filter(team_id=user.organisation_id)
        if user.role == Role.CLINICIAN:
            return self.filter(referring_practice_id=user.organisation_id)
        if user.role == Role.EMPLOYER_CONTACT:
            return self.filter(
                employer_id=user.organisation_id, status__in=EMPLOYER_VISIBLE_STATUSES
            )
        if user.role == Role.WORKER:
            return self.filter(worker__user_id=user.pk)
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def with_worklist_columns(self, today: date):
        """Adds the latest fit note's advice and end date, and the columns other apps register
        in ``cases.worklist``, in the same query."""
        from cases import worklist

        latest = FitNote.objects.filter(case=models.OuterRef("pk")).order_by(
            "-starts_on", "-created_at"
        )
        next_check_in = CheckIn.objects.filter(
            case=models.OuterRef("pk"), status__in=["SCHEDULED", "INVITED"]
        ).order_by("due_on")
        queryset = self.select_related("worker", "employer", "assigned_vsw").annotate(
            next_check_in_on=models.Subquery(next_check_in.values("due_on")[:1]),
            fit_fitness=models.Subquery(latest.values("fitness")[:1]),
            fit_ends_on=models.Subquery(latest.values("ends_on")[:1]),
            fit_indefinite=models.Subquery(latest.values("indefinite")[:1]),
        )
        return worklist.annotate(queryset, today)

    def fit_note_expiring(self, today: date, days: int = 14):
        """Needs ``with_worklist_columns``: latest note ends within ``days`` from today."""
        return self.filter(fit_ends_on__gte=today, fit_ends_on__lte=today + timedelta(days=days))

    def overdue(self, today: date):
        """Needs ``with_worklist_columns``: open cases with something overdue."""
        from cases import worklist

        return self.filter(worklist.overdue_condition(today), status__in=OPEN_STATUSES)


class Case(models.Model):
    """One episode of support for a worker, from referral to closure."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="team_cases",
        limit_choices_to={"kind": "VSW_TEAM"},
    )
    # The employer during this episode (copied from the worker at referral).
    employer = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="employer_cases",
        limit_choices_to={"kind": "EMPLOYER"},
    )
    assigned_vsw = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(
        max_length=10, choices=CaseStatus.choices, default=CaseStatus.REFERRED
    )

    # The referral.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    referring_practice = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        related_name="referred_cases",
        limit_choices_to={"kind": "GP_PRACTICE"},
    )
    referred_at = models.DateTimeField(default=timezone.now)
    referral_reason = models.TextField()
    red_flags = models.JSONField(default=list, blank=True)
    consent_to_refer_given_on = models.DateField()
    consent_to_refer_method = models.CharField(max_length=12, choices=ConsentMethod.choices)

    # The service's decision.
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(blank=True)

    # Closure.
    closed_on = models.DateField(null=True, blank=True)
    closure_outcome = models.CharField(max_length=20, choices=ClosureOutcome.choices, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # Set by check-in signals (a later feature); shown on the worklist.
    at_risk = models.BooleanField(default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=CaseStatus.CLOSED, closed_on__isnull=False, closed_by__isnull=False)
                    & ~Q(closure_outcome="")
                )
                | (
                    ~Q(status=CaseStatus.CLOSED)
                    & Q(closed_on__isnull=True, closed_by__isnull=True, closure_outcome="")
                ),
                name="case_closed_fields_together",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.DECLINED) | ~Q(decline_reason=""),
                name="case_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[CaseStatus.REFERRED, CaseStatus.DECLINED])
                | Q(assigned_vsw__isnull=False),
                name="case_taken_on_has_vsw",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"])]

    def __str__(self) -> str:
        return f"{self.worker} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def can_pause(self) -> bool:
        return self.status in (CaseStatus.ACCEPTED, CaseStatus.ACTIVE)

    def can_resume(self) -> bool:
        return self.status == CaseStatus.PAUSED

    def can_close(self) -> bool:
        return self.status in (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)


class CaseEvent(models.Model):
    """One line of the case timeline, written by the action that made the change."""

    class Kind(models.TextChoices):
        REFERRED = "REFERRED", "Referred"
        ACCEPTED = "ACCEPTED", "Accepted"
        DECLINED = "DECLINED", "Declined"
        STATUS = "STATUS", "Status changed"
        REASSIGNED = "REASSIGNED", "Reassigned"
        FIT_NOTE = "FIT_NOTE", "Fit note recorded"
        CONTACT = "CONTACT", "Contact"
        CONSENT = "CONSENT", "Sharing consent changed"
        CLOSED = "CLOSED", "Closed"
        PLAN = "PLAN", "Plan"
        CHECK_IN = "CHECK_IN", "Check-in"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary


# ---------------------------------------------------------------------------------------------
# Fit notes (Statement of Fitness for Work)


class Fitness(models.TextChoices):
    NOT_FIT = "NOT_FIT", "Not fit for work"
    MAY_BE_FIT = "MAY_BE_FIT", "May be fit for work"


class IssuerProfession(models.TextChoices):
    DOCTOR = "DOCTOR", "Doctor"
    NURSE = "NURSE", "Registered nurse"
    OCCUPATIONAL_THERAPIST = "OCCUPATIONAL_THERAPIST", "Occupational therapist"
    PHARMACIST = "PHARMACIST", "Pharmacist"
    PHYSIOTHERAPIST = "PHYSIOTHERAPIST", "Physiotherapist"


class FitNoteKind(models.TextChoices):
    MED3_2022 = "MED3_2022", "Fit note (Med3, 2022 form)"
    MED3_2017 = "MED3_2017", "Fit note (Med3, 2017 form)"
    MED10 = "MED10", "Hospital statement (Med10)"
    AHP_REPORT = "AHP_REPORT", "Allied health professional advisory report"
    OH_REPORT = "OH_REPORT", "Occupational health report"
    OTHER = "OTHER", "Other evidence"


class FitNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def current_on(self, day: date):
        """Notes covering ``day``."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__gte=day) | Q(indefinite=True))


class FitNote(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="fit_notes")
    form_kind = models.CharField(
        "kind of evidence",
        max_length=12,
        choices=FitNoteKind.choices,
        default=FitNoteKind.MED3_2022,
    )
    assessed_on = models.DateField("date assessed")
    condition = models.TextField()
    condition_started_on = models.DateField("when the condition started", null=True, blank=True)
    fitness = models.CharField(max_length=12, choices=Fitness.choices)
    phased_return = models.BooleanField("a phased return to work", default=False)
    altered_hours = models.BooleanField("altered hours", default=False)
    amended_duties = models.BooleanField("amended duties", default=False)
    workplace_adaptations = models.BooleanField("workplace adaptations", default=False)
    comments = models.TextField("comments on the functional effects", blank=True)
    starts_on = models.DateField("start of the period")
    ends_on = models.DateField("end of the period", null=True, blank=True)
    indefinite = models.BooleanField("for an indefinite period", default=False)
    needs_reassessment = models.BooleanField("the issuer will need to assess fitness again")
    issuer_name = models.CharField(max_length=150)
    issuer_profession = models.CharField(max_length=24, choices=IssuerProfession.choices)
    issuer_address = models.TextField(blank=True)
    issued_on = models.DateField("date of statement")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FitNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="fitnote_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(indefinite=True) & Q(ends_on__isnull=True))
                | (Q(indefinite=False) & Q(ends_on__isnull=False)),
                name="fitnote_end_or_indefinite",
            ),
            models.CheckConstraint(
                condition=Q(fitness=Fitness.MAY_BE_FIT)
                | Q(
                    phased_return=False,
                    altered_hours=False,
                    amended_duties=False,
                    workplace_adaptations=False,
                ),
                name="fitnote_advice_only_when_may_be_fit",
            ),
            models.CheckConstraint(
                condition=Q(issued_on__gte=models.F("assessed_on")),
                name="fitnote_issued_after_assessed",
            ),
            models.CheckConstraint(
                condition=Q(fitness__in=Fitness.values), name="fitnote_fitness_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_fitness_display()} from {self.starts_on:%d %b %Y}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.indefinite or day <= self.ends_on)

    def days_to_expiry(self, today: date) -> int | None:
        """Days left including today's; None for an indefinite note."""
        if self.indefinite:
            return None
        return (self.ends_on - today).days

    def advice_boxes(self) -> list[str]:
        fields = ("phased_return", "altered_hours", "amended_duties", "workplace_adaptations")
        return [
            str(self._meta.get_field(name).verbose_name).capitalize()
            for name in fields
            if getattr(self, name)
        ]

    def expires_within(self, today: date, days: int) -> bool:
        left = self.days_to_expiry(today)
        return left is not None and 0 <= left <= days


# ---------------------------------------------------------------------------------------------
# Contact log (service staff only)


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


# ---------------------------------------------------------------------------------------------
# Consent to share (a confidentiality gate: default is nothing shared)


class Recipient(models.TextChoices):
    EMPLOYER = "EMPLOYER", "Their employer"
    GP = "GP", "Their GP"


class ShareItem(models.TextChoices):
    FIT_NOTE_ADVICE = "FIT_NOTE_ADVICE", "Fit-note advice (not fit or may be fit, dates, advice)"
    PLAN = "PLAN", "Return-to-work plan and adjustments"
    RELAPSE_ACTIONS = "RELAPSE_ACTIONS", "Relapse-prevention actions"
    WARNING_SIGNALS = "WARNING_SIGNALS", "Early warning signals"
    CONDITION = "CONDITION", "Condition (diagnosis)"


class SharingConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


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


# ---------------------------------------------------------------------------------------------
# Check-ins


class CheckInChannel(models.TextChoices):
    SELF_LINK = "SELF_LINK", "Worker checks in by link"
    PHONE = "PHONE", "By phone with the VSW"


class CheckInStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", "Scheduled"
    INVITED = "INVITED", "Invited"
    COMPLETED = "COMPLETED", "Completed"
    MISSED = "MISSED", "Missed"


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def completed(self):
        return self.filter(status=CheckInStatus.COMPLETED)


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
        ordering = ["case", "due_on", "id"]
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
        return self.status in (CheckInStatus.SCHEDULED, CheckInStatus.INVITED)

    def scores(self) -> dict[str, int | None]:
        return {item: getattr(self, item) for item in SCALE_ITEMS}


# ---------------------------------------------------------------------------------------------
# Reminders: the database row is the queue's memory (see cases/reminders.py)


class ReminderKind(models.TextChoices):
    CHECKIN_INVITE = "CHECKIN_INVITE", "Check-in invitation"
    CHECKIN_REMINDER = "CHECKIN_REMINDER", "Check-in reminder"
    CHECKIN_MISSED = "CHECKIN_MISSED", "Missed check-in"
    CHECKIN_PHONE_DUE = "CHECKIN_PHONE_DUE", "Phone check-in due"
    FIT_NOTE_EXPIRING = "FIT_NOTE_EXPIRING", "Fit note ending"
    REVIEW_DUE = "REVIEW_DUE", "Plan review due"
    MILESTONE_DUE = "MILESTONE_DUE", "Milestone due"
    AT_RISK = "AT_RISK", "At risk of relapse"
    WEEKLY_DIGEST = "WEEKLY_DIGEST", "Weekly digest"


class ReminderStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SENT = "SENT", "Sent"
    CANCELLED = "CANCELLED", "Cancelled"


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
    to_email = models.EmailField()
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
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "slot"], name="reminder_unique_kind_subject_slot"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email} ({self.slot})"


class Delivery(models.Model):
    """The record that a reminder went out. At most one per reminder, by constraint."""

    reminder = models.OneToOneField(Reminder, on_delete=models.CASCADE, related_name="delivery")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Delivered {self.reminder} at {self.sent_at:%Y-%m-%d %H:%M}"
