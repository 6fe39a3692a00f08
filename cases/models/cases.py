"""Cases: one episode of support, which starts life as a referral."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models.consents import SharingConsent
from cases.models.workers import SELF_CERTIFIED_DAYS, Worker
from rtw.models import Role


class CaseStatus(models.TextChoices):
    REFERRED = "REFERRED", _("Referred")
    ACCEPTED = "ACCEPTED", _("Accepted")
    DECLINED = "DECLINED", _("Declined")
    ACTIVE = "ACTIVE", _("Active")
    PAUSED = "PAUSED", _("Paused")
    CLOSED = "CLOSED", _("Closed")


OPEN_STATUSES = (CaseStatus.REFERRED, CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
# Statuses in which the employer knows the case exists (the service has taken it on).
EMPLOYER_VISIBLE_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED)
# Statuses in which the worker is asked for check-ins and may answer them: support is under
# way. Not before it starts, not while the worker (or the service) has paused it, not after.
CHECK_IN_STATUSES = (CaseStatus.ACTIVE,)
# Statuses in which reminders about a case go out, to staff as well as to the worker: none
# while support is paused, none once it has ended or the referral was declined.
REMINDER_STATUSES = (CaseStatus.REFERRED, CaseStatus.ACCEPTED, CaseStatus.ACTIVE)


class ClosureOutcome(models.TextChoices):
    SAME_JOB = "SAME_JOB", _("Returned to the same job")
    SAME_JOB_ADJUSTED = "SAME_JOB_ADJUSTED", _("Returned with adjustments")
    NEW_JOB = "NEW_JOB", _("Started a new job")
    NOT_RETURNED = "NOT_RETURNED", _("Did not return to work")
    WITHDREW = "WITHDREW", _("Withdrew from support")


class SupportLevel(models.TextChoices):
    """Stepped support: how many contacts with the worker the VSW plans (DOMAIN.md section 7)."""

    LIGHT = "LIGHT", _("Light (1 to 3 contacts)")
    STANDARD = "STANDARD", _("Standard (4 to 6 contacts)")
    INTENSIVE = "INTENSIVE", _("Intensive (7 to 12 contacts)")


# The planned number of contacts each level allows, and the number a new case starts with.
SUPPORT_LEVEL_CONTACTS = {
    SupportLevel.LIGHT: (1, 3),
    SupportLevel.STANDARD: (4, 6),
    SupportLevel.INTENSIVE: (7, 12),
}
DEFAULT_PLANNED_CONTACTS = {
    SupportLevel.LIGHT: 2,
    SupportLevel.STANDARD: 5,
    SupportLevel.INTENSIVE: 9,
}


class Employment(models.TextChoices):
    """How the worker is employed in this episode, as the referrer said."""

    EMPLOYED = "EMPLOYED", _("Employed")
    SELF_EMPLOYED = "SELF_EMPLOYED", _("Self-employed")
    BETWEEN_JOBS = "BETWEEN_JOBS", _("Between jobs")


class ConsentMethod(models.TextChoices):
    VERBAL = "VERBAL", _("Verbally, in the consultation")
    WRITTEN = "WRITTEN", _("In writing")
    ELECTRONIC = "ELECTRONIC", _("Electronically")


class RedFlag(models.TextChoices):
    SELF_HARM = "SELF_HARM", _("Risk of self-harm")
    SEVERE_MENTAL_ILLNESS = "SEVERE_MENTAL_ILLNESS", _("Severe mental illness getting worse")
    LACKS_CAPACITY = "LACKS_CAPACITY", _("Lacks capacity to consent")
    PALLIATIVE = "PALLIATIVE", _("Receiving palliative care")
    BEREAVEMENT = "BEREAVEMENT", _("Recently bereaved")
    PREGNANCY = "PREGNANCY", _("Pregnancy or maternity leave")


def fit_note_needed(today: date) -> Q:
    """A case needs a fit note today: support is taken on and not paused (accepted or active),
    the absence has reached day 8 (before that the worker self-certifies; see
    ``Worker.fit_note_needed_from``), and no fit note covers today. A condition on cases, so the
    worklist can annotate it in its one query."""
    from cases.models.fit_notes import FitNote

    covering = FitNote.objects.filter(case=models.OuterRef("pk")).current_on(today)
    return Q(
        status__in=(CaseStatus.ACCEPTED, CaseStatus.ACTIVE),
        worker__absence_started_on__lte=today - timedelta(days=SELF_CERTIFIED_DAYS),
    ) & ~models.Exists(covering)


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
            return self.seen_by_employer(user.organisation_id)
        if user.role == Role.WORKER:
            return self.filter(worker__user_id=user.pk)
        return self.none()

    def seen_by_employer(self, organisation_id):
        """The one rule for what an employer organisation sees (ADR 16): its own employees' cases
        the service has taken on, and only while the worker agrees that the service may involve
        their employer. ``cases.rules.is_employer_of_taken_on_case`` asks this queryset too, so
        the list, every page and every predicate answer the same."""
        if organisation_id is None:
            # filter(employer_id=None) would match every case without an employer.
            return self.none()
        involving = SharingConsent.objects.involving_employer().filter(
            worker_id=models.OuterRef("worker_id")
        )
        return self.filter(
            models.Exists(involving),
            employer_id=organisation_id,
            status__in=EMPLOYER_VISIBLE_STATUSES,
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def with_worklist_columns(self, today: date, *, next_action: bool = True):
        """Adds the latest fit note's advice and end date, whether a fit note is needed (see
        :func:`fit_note_needed`), and the columns other apps register in ``cases.worklist``, in
        the same query; with ``next_action`` (the default) the next action's date too."""
        from cases import worklist
        from cases.models.fit_notes import FitNote

        latest = FitNote.objects.filter(case=models.OuterRef("pk")).order_by(
            "-starts_on", "-created_at"
        )
        queryset = self.select_related("worker", "employer", "assigned_vsw").annotate(
            fit_fitness=models.Subquery(latest.values("fitness")[:1]),
            fit_ends_on=models.Subquery(latest.values("ends_on")[:1]),
            fit_indefinite=models.Subquery(latest.values("indefinite")[:1]),
            fit_note_needed=models.ExpressionWrapper(
                fit_note_needed(today), output_field=models.BooleanField()
            ),
        )
        return worklist.annotate(queryset, today, next_action=next_action)

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
    # The employer during this episode (copied from the worker at referral). None when the
    # worker has no employer, or while the employer the referrer typed is not linked yet.
    employer = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_cases",
        limit_choices_to={"kind": "EMPLOYER"},
    )
    employment = models.CharField(
        max_length=13, choices=Employment.choices, default=Employment.EMPLOYED
    )
    # What the referrer typed when the employer was not on the list; kept after the service
    # links the case to an organisation, as a record of the referral.
    employer_name_given = models.CharField(
        _("employer's name, as given"), max_length=200, blank=True
    )
    employer_contact_given = models.CharField(
        _("contact at the employer, as given"),
        max_length=200,
        blank=True,
        help_text=_("Name, phone or email of a contact, if known"),
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

    # Stepped support: the level and the number of contacts with the worker it plans.
    support_level = models.CharField(
        max_length=10, choices=SupportLevel.choices, default=SupportLevel.STANDARD
    )
    planned_contacts = models.PositiveSmallIntegerField(
        default=DEFAULT_PLANNED_CONTACTS[SupportLevel.STANDARD]
    )
    # The first day back at work at any hours (DOMAIN.md section 7, "days to first return").
    returned_to_work_on = models.DateField(_("first day back at work"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(employment__in=Employment.values), name="case_employment_valid"
            ),
            # An employed worker's case names the employer: linked, or at least as typed.
            # A worker with no employer has none, linked or typed.
            models.CheckConstraint(
                condition=(
                    Q(employment=Employment.EMPLOYED)
                    & (Q(employer__isnull=False) | ~Q(employer_name_given=""))
                )
                | (
                    ~Q(employment=Employment.EMPLOYED)
                    & Q(employer__isnull=True, employer_name_given="", employer_contact_given="")
                ),
                name="case_employer_matches_employment",
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

    def accepts_check_ins(self) -> bool:
        """Whether the worker is asked for check-ins and may answer them: only while support is
        active. ``CheckIn.can_be_answered`` and the check-in producers build on this."""
        return self.status in CHECK_IN_STATUSES

    def sends_reminders(self) -> bool:
        """Whether reminders about this case go out to anyone: not while support is paused,
        and not once it has ended. The reminder sweep checks this before every send."""
        return self.status in REMINDER_STATUSES

    @property
    def is_employed(self) -> bool:
        """Whether the worker works for an employer in this episode, linked or not yet."""
        return self.employment == Employment.EMPLOYED

    def needs_employer_link(self) -> bool:
        """The referrer typed an employer the service has not linked to an organisation yet."""
        return self.is_employed and self.employer_id is None

    def employer_label(self) -> str:
        """The employer as pages name it: the organisation, the name typed at referral while it
        is not linked, or the worker's employment when they have no employer."""
        if self.employer is not None:
            return self.employer.name
        if self.is_employed:
            return gettext("Employer not linked: %(name)s") % {"name": self.employer_name_given}
        return self.get_employment_display()

    def red_flag_labels(self) -> list[str]:
        """The referral's red flags as the clinician ticked them."""
        return [RedFlag(v).label for v in self.red_flags if v in RedFlag.values]


class CaseEvent(models.Model):
    """One line of the case timeline, written by the action that made the change."""

    class Kind(models.TextChoices):
        REFERRED = "REFERRED", _("Referred")
        ACCEPTED = "ACCEPTED", _("Accepted")
        DECLINED = "DECLINED", _("Declined")
        STATUS = "STATUS", _("Status changed")
        REASSIGNED = "REASSIGNED", _("Reassigned")
        FIT_NOTE = "FIT_NOTE", _("Fit note recorded")
        CONTACT = "CONTACT", _("Contact")
        CONSENT = "CONSENT", _("Sharing consent changed")
        CLOSED = "CLOSED", _("Closed")
        PLAN = "PLAN", _("Plan")
        CHECK_IN = "CHECK_IN", _("Check-in")
        EMPLOYER = "EMPLOYER", _("Employer linked")
        SUPPORT = "SUPPORT", _("Support level")
        SUPERVISION = "SUPERVISION", _("Discussed in supervision")

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

    @property
    def text(self) -> str:
        """The line in the reader's language when the service wrote it (cases/timeline.py)."""
        from cases.timeline import shown  # noqa: PLC0415  (the registry imports no models)

        return shown(self.summary)
