"""Graded return-to-work plans.

A *plan* is a chain of versions for one case; each ``Plan`` row is one version. Content
(goal, hours, dates, phases, adjustments, relapse-prevention agreement) belongs to a version;
signatures belong to a version; once a version has a signature any change makes a new version
and the old one, with its signatures, stays readable. Milestones and reviews track progress
over time and belong to the case, not to a version, so recording progress never unsettles an
agreed plan. See docs/adr/0005-plan-versions.md.
"""

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case


class PlanGoal(models.TextChoices):
    SAME_JOB_SAME_HOURS = "SAME_JOB_SAME_HOURS", _("Same job, same hours")
    SAME_JOB_ADAPTED = "SAME_JOB_ADAPTED", _("Same job, adapted")
    OTHER_JOB_SAME_EMPLOYER = "OTHER_JOB_SAME_EMPLOYER", _("Another job with the same employer")
    NEW_EMPLOYER = "NEW_EMPLOYER", _("A job with a new employer")


class PlanStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    PROPOSED = "PROPOSED", _("Proposed")
    AGREED = "AGREED", _("Agreed")
    ACTIVE = "ACTIVE", _("Active")
    COMPLETED = "COMPLETED", _("Completed")
    PAUSED = "PAUSED", _("Paused")
    ABANDONED = "ABANDONED", _("Abandoned")


# Two years of reviews at the shortest interval the form allows (7 days): the most any plan
# can generate, so that no stored value makes the list, the page or the PDF unbounded.
MAX_REVIEWS = 105
MAX_CHECK_INS = 105
# A graded schedule is weekly phases; a year of them is more than any plan needs.
MAX_PHASES = 52

EDITABLE_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.PROPOSED,
    PlanStatus.AGREED,
    PlanStatus.ACTIVE,
    PlanStatus.PAUSED,
)


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of visible cases; a clinician's only while the plan is shared with the GP."""
        plans = self.filter(case__in=Case.objects.visible_to(user))
        if user.is_authenticated and user.role == "CLINICIAN":
            plans = plans.filter(
                case__worker__consents__recipient="GP",
                case__worker__consents__item="PLAN",
                case__worker__consents__withdrawn_at__isnull=True,
            )
        return plans

    def current(self):
        return self.filter(superseded_at__isnull=True)


class Plan(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    goal = models.CharField(max_length=30, choices=PlanGoal.choices)
    contracted_hours = models.DecimalField(
        _("contracted hours per week"), max_digits=4, decimal_places=1
    )
    starts_on = models.DateField(_("start date"))
    expected_end_on = models.DateField(_("expected end date"))
    review_interval_days = models.PositiveIntegerField(_("review every (days)"), default=14)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Counters that make a save from a stale page fail instead of overwriting (rtw/versions.py):
    # one for the details, one for the set of phases, which are edited on their own page.
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    phases_version = models.PositiveIntegerField(default=0, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_unique_version"),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(superseded_at__isnull=True),
                name="plan_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(expected_end_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(contracted_hours__gt=0), name="plan_contracted_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(review_interval_days__gte=1, review_interval_days__lte=90),
                name="plan_review_interval_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} for {self.case.worker}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def signatories_needed(self) -> set[str]:
        """Who must sign a version for it to be agreed: the worker and the employer, or the
        worker alone when they have no employer (self-employed or between jobs). An employer
        typed at referral and not linked yet still has to sign, once it is linked."""
        if self.case.is_employed:
            return {SignOffParty.WORKER, SignOffParty.EMPLOYER}
        return {SignOffParty.WORKER}

    def is_agreed(self) -> bool:
        parties = {s.party for s in self.signoffs.all()}
        return self.signatories_needed() <= parties

    def has_signatures(self) -> bool:
        return self.signoffs.exists()

    def is_editable(self) -> bool:
        return self.is_current and self.status in EDITABLE_STATUSES

    def review_dates(self, until: date | None = None) -> list[date]:
        """Review due dates from the start, every ``review_interval_days``, to the end.

        At most ``MAX_REVIEWS``, and never past the calendar's end, whatever is stored: the
        forms keep a plan to 2 years and the interval to 7 to 90 days, but a row written
        another way (an interval of 0, an end in 9999) must not hang a page or a PDF."""
        end = until or self.expected_end_on
        step = timedelta(days=max(self.review_interval_days or 0, 1))
        dates, day = [], self.starts_on
        while len(dates) < MAX_REVIEWS and day <= date.max - step:
            day += step
            if day > end:
                break
            dates.append(day)
        return dates

    def phase_on(self, day: date):
        return next((p for p in self.phases.all() if p.starts_on <= day <= p.ends_on), None)


class Phase(models.Model):
    """One graded step. Phases of a version are contiguous and never overlap."""

    # What a phase holds, as edited in the phases form and copied when the plan changes.
    CONTENT_FIELDS = (
        "starts_on",
        "ends_on",
        "hours_per_week",
        "days",
        "duties_included",
        "duties_excluded",
        "supervision",
        "is_step_back",
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveIntegerField()
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    hours_per_week = models.DecimalField(
        _("planned hours per week"), max_digits=4, decimal_places=1
    )
    days = models.CharField(
        _("planned days"),
        max_length=100,
        blank=True,
        help_text=_("For example, Monday, Wednesday and Friday mornings"),
    )
    duties_included = models.TextField(_("duties included"), blank=True)
    duties_excluded = models.TextField(_("duties excluded"), blank=True)
    supervision = models.TextField(blank=True)
    is_step_back = models.BooleanField(
        _("step back"),
        default=False,
        help_text=_("A planned fall in hours after a dip: a signal to adjust, not a failure."),
    )

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="phase_unique_order"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="phase_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"Phase {self.order}: {self.hours_per_week} h/week"

    @property
    def weeks(self) -> int:
        return ((self.ends_on - self.starts_on).days + 1 + 6) // 7


class AdjustmentCategory(models.TextChoices):
    PHASED_RETURN = "PHASED_RETURN", _("Phased return")
    ALTERED_HOURS = "ALTERED_HOURS", _("Altered hours")
    AMENDED_DUTIES = "AMENDED_DUTIES", _("Amended duties")
    WORKPLACE_ADAPTATIONS = "WORKPLACE_ADAPTATIONS", _("Workplace adaptations")
    EXTRA_BREAKS = "EXTRA_BREAKS", _("Extra breaks")
    REMOTE_WORK = "REMOTE_WORK", _("Remote work")
    EQUIPMENT = "EQUIPMENT", _("Equipment")
    QUIET_WORKSPACE = "QUIET_WORKSPACE", _("Quiet workspace")
    OTHER = "OTHER", _("Other")


class Adjustment(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="adjustments")
    category = models.CharField(max_length=24, choices=AdjustmentCategory.choices)
    description = models.TextField()
    visible_to_employer = models.BooleanField(_("the employer may see this"), default=True)

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:40]}"


class RelapsePrevention(models.Model):
    """The relapse-prevention agreement of a plan version (terugvalpreventieplan)."""

    DEFAULT_NORMALISATION = (
        "A dip can happen on the way back to work. It is a signal that demands have briefly "
        "outgrown resources and that the plan needs adjusting, not a failure. When a warning "
        "sign appears we will use the actions below and talk early."
    )

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="relapse")
    warning_signs = models.TextField(
        _("early warning signs"), help_text=_("One per line: how we notice it is going less well.")
    )
    normalisation = models.TextField(_("what a dip means"), default=DEFAULT_NORMALISATION)
    contacts = models.TextField(_("who to contact"), blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=0, editable=False)  # rtw/versions.py

    def __str__(self) -> str:
        return f"Relapse-prevention agreement for {self.plan}"

    def warning_sign_list(self) -> list[str]:
        return [line.strip() for line in self.warning_signs.splitlines() if line.strip()]


class ActionKind(models.TextChoices):
    STEP_BACK = "STEP_BACK", _("Temporarily step back in hours")
    EXTRA_VSW_CONVERSATION = "EXTRA_VSW_CONVERSATION", _("An extra conversation with the VSW")
    ROUTINE_TASKS = "ROUTINE_TASKS", _("Focus on routine tasks")
    CONTACT_GP = "CONTACT_GP", _("Contact the GP")
    OTHER = "OTHER", _("Other")


class ActionOwner(models.TextChoices):
    WORKER = "WORKER", _("The worker")
    EMPLOYER = "EMPLOYER", _("The employer")
    VSW = "VSW", _("The VSW")
    GP = "GP", _("The GP")


class AgreedAction(models.Model):
    relapse = models.ForeignKey(RelapsePrevention, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=24, choices=ActionKind.choices)
    detail = models.CharField(max_length=300, blank=True)
    owner = models.CharField(_("who acts"), max_length=10, choices=ActionOwner.choices)

    class Meta:
        ordering = ["relapse", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_owner_display()})"

    @property
    def involves_employer(self) -> bool:
        return self.owner == ActionOwner.EMPLOYER or self.kind == ActionKind.STEP_BACK


class SignOffParty(models.TextChoices):
    WORKER = "WORKER", _("Worker")
    EMPLOYER = "EMPLOYER", _("Employer")
    VSW = "VSW", _("VSW")


class SignOffMethod(models.TextChoices):
    """How a signature was given. RECORDED: recorded by the VSW before the method was asked."""

    ACCOUNT = "ACCOUNT", _("Signed in their own account")
    IN_PERSON = "IN_PERSON", _("Agreed in person")
    PHONE = "PHONE", _("Agreed by phone")
    PAPER = "PAPER", _("Signed on paper")
    RECORDED = "RECORDED", _("Agreement recorded by the service")


# What the VSW may choose when recording a worker's agreement.
RECORDED_METHODS = (SignOffMethod.IN_PERSON, SignOffMethod.PHONE, SignOffMethod.PAPER)


class SignOff(models.Model):
    """A party's signature on one version. Never moved to another version. A worker's agreement
    the VSW recorded names the worker (``signer_name``), how it was given (``method``) and who
    recorded it (``recorded_by``); ``signed_by`` is then the worker's account or none."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="signoffs")
    party = models.CharField(max_length=10, choices=SignOffParty.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    method = models.CharField(
        max_length=10, choices=SignOffMethod.choices, default=SignOffMethod.ACCOUNT
    )
    signer_name = models.CharField(
        max_length=200, blank=True, help_text=_("The worker's name, for an agreement recorded")
    )
    signed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who recorded it (the VSW for the worker's spoken agreement)"),
    )

    class Meta:
        ordering = ["plan", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "party"], name="signoff_once_per_party"),
            # Signed in an account: that account. Recorded: only a worker's, with their name.
            models.CheckConstraint(
                condition=Q(method="ACCOUNT", signed_by__isnull=False)
                | (Q(party="WORKER") & ~Q(method="ACCOUNT") & ~Q(signer_name="")),
                name="signoff_signer_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} signed v{self.plan.version}"

    @property
    def is_recorded(self) -> bool:
        return self.method != SignOffMethod.ACCOUNT

    @property
    def signer(self) -> str:
        """The name that signed: the worker's for a recorded agreement, never the recorder's."""
        return self.signer_name if self.is_recorded else self.signed_by.full_name


class MilestoneStatus(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    ACHIEVED = "ACHIEVED", _("Achieved")
    MISSED = "MISSED", _("Missed")
    DEFERRED = "DEFERRED", _("Deferred")


class CaseScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visible with their case."""
        return self.filter(case__in=Case.objects.visible_to(user))


class MilestoneQuerySet(CaseScopedQuerySet):
    def overdue(self, today: date):
        return self.filter(status=MilestoneStatus.PENDING, target_on__lt=today)


class Milestone(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    target_on = models.DateField(_("target date"))
    status = models.CharField(
        max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    achieved_on = models.DateField(null=True, blank=True)
    step = models.CharField(max_length=40, blank=True, editable=False)  # a statutory step's code
    # When nothing more was left to remind of: its reminder produced
    # (plans.reminders.milestones_due, which reads only pending milestones without it) or its
    # case closed. Cleared when support resumes (cases.course.resumed).
    reminders_done_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["case", "target_on", "id"]
        indexes = [
            models.Index(
                fields=["target_on"],
                condition=Q(status="PENDING", reminders_done_at__isnull=True),
                name="milestone_unreminded",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=MilestoneStatus.ACHIEVED) & Q(achieved_on__isnull=False))
                | (~Q(status=MilestoneStatus.ACHIEVED) & Q(achieved_on__isnull=True)),
                name="milestone_achieved_on_with_status",
            ),
            # Each statutory step once per case (plans.statutory.add_statutory_milestones also
            # locks the case and skips the steps it has): the database says so too.
            models.UniqueConstraint(
                fields=["case", "step"], condition=~Q(step=""), name="milestone_step_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language when it is one the service wrote (a default or
        statutory milestone); a title the VSW typed, as typed."""
        from plans.milestones import DEFAULT_TITLES  # noqa: PLC0415  (it imports this module)

        return DEFAULT_TITLES.translate(self.title)

    def is_overdue(self, today: date) -> bool:
        return self.status == MilestoneStatus.PENDING and self.target_on < today


class ReviewOutcome(models.TextChoices):
    CONTINUE = "CONTINUE", _("Continue")
    STEP_UP = "STEP_UP", _("Step up")
    HOLD = "HOLD", _("Hold")
    STEP_DOWN = "STEP_DOWN", _("Step down")
    REPLAN = "REPLAN", _("Replan")


class Review(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendees = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    # When nothing more was left to remind of: its reminder produced (plans.reminders.reviews_due,
    # which reads only reviews not held and without it) or its case closed. Cleared when
    # support resumes (cases.course.resumed).
    reminders_done_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["case", "due_on"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(held_on__isnull=True, reminders_done_at__isnull=True),
                name="review_unreminded",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "due_on"], name="review_once_per_due_date"),
            models.CheckConstraint(
                condition=(Q(held_on__isnull=True) & Q(outcome=""))
                | (Q(held_on__isnull=False) & ~Q(outcome="")),
                name="review_held_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Review due {self.due_on}"


def hours_for_fraction(contracted: Decimal, fraction: Decimal) -> Decimal:
    """``fraction`` of the contracted hours, to the nearest half hour."""
    halves = (contracted * fraction * 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return (halves / 2).quantize(Decimal("0.1"))


from plans.approval import PlanApproval  # noqa: E402, F401  (registers the model)
