"""Workers: the people on sick leave whom the service supports."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.validators import validate_nhs_number
from rtw.jurisdictions import SELF_CERTIFIED_DAYS  # day 8 needs a fit note (DOMAIN §2)


class ContactMethod(models.TextChoices):
    EMAIL = "EMAIL", _("Email")
    PHONE = "PHONE", _("Phone")
    SMS = "SMS", _("Text message")


class WorkerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Workers the user may see: those with a case the user may see."""
        if not user.is_authenticated:
            return self.none()
        from cases.models.cases import Case

        return self.filter(cases__in=Case.objects.visible_to(user)).distinct()

    def to_reconcile(self):
        """Records flagged as a possible duplicate that the service has not yet reconciled."""
        return self.filter(duplicate_of__isnull=False, kept_apart_reason="")

    def holding_nhs_number(self, nhs_number: str):
        """The one unflagged record of ``nhs_number``, if the service holds it."""
        return self.filter(nhs_number=nhs_number, duplicate_of__isnull=True)

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
        _("NHS number"),
        max_length=10,
        null=True,
        blank=True,
        validators=[validate_nhs_number],
    )
    # A referral from another practice of an NHS number the service already holds is taken as
    # usual, as a record of its own that points here until the service reconciles the two:
    # merged into that record (merge_workers), or kept apart with a reason (keep_apart).
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    kept_apart_reason = models.TextField(blank=True, editable=False)
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    communication_needs = models.TextField(blank=True)
    # The language check-ins, questionnaires, emails, texts and the plan reach the worker in;
    # blank is the service's language.
    preferred_language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    # None while the worker has no employer the service knows: self-employed, between jobs, or
    # an employer typed at referral that the service has not linked yet (see Case.employment).
    employer = models.ForeignKey(
        "rtw.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
    absence_started_on = models.DateField(_("first day of absence"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_record",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edit_version = models.PositiveIntegerField(default=0, editable=False)  # rtw/versions.py

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_hours__gt=0) & Q(contracted_hours__lte=80),
                name="worker_contracted_hours_range",
            ),
            # One record per NHS number, except records flagged as a possible duplicate of
            # another (and those then kept apart, which stay flagged with their reason).
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=Q(duplicate_of__isnull=True),
                name="worker_nhs_number_unique_unless_flagged",
            ),
            models.CheckConstraint(
                condition=Q(kept_apart_reason="") | Q(duplicate_of__isnull=False),
                name="worker_kept_apart_only_if_flagged",
            ),
        ]
        indexes = [models.Index(fields=["nhs_number"], name="worker_nhs_number_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def needs_reconciling(self) -> bool:
        return self.duplicate_of_id is not None and not self.kept_apart_reason

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def weeks_absent(self, today: date) -> int:
        return max((today - self.absence_started_on).days // 7, 0)

    def fit_note_needed_from(self) -> date:
        """Day 8 of the absence: the days before it are self-certified. The first day of
        absence is day 1."""
        return self.absence_started_on + timedelta(days=SELF_CERTIFIED_DAYS)
