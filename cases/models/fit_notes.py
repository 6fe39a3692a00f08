"""Fit notes (Statement of Fitness for Work, Med3)."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.cases import Case
from cases.models.workers import SELF_CERTIFIED_DAYS
from rtw.jurisdictions import Jurisdiction


class Fitness(models.TextChoices):
    NOT_FIT = "NOT_FIT", _("Not fit for work")
    MAY_BE_FIT = "MAY_BE_FIT", _("May be fit for work")


class IssuerProfession(models.TextChoices):
    DOCTOR = "DOCTOR", _("Doctor")
    NURSE = "NURSE", _("Registered nurse")
    OCCUPATIONAL_THERAPIST = "OCCUPATIONAL_THERAPIST", _("Occupational therapist")
    PHARMACIST = "PHARMACIST", _("Pharmacist")
    PHYSIOTHERAPIST = "PHYSIOTHERAPIST", _("Physiotherapist")
    # The Netherlands: the occupational physician (bedrijfsarts) judges fitness for work.
    OCCUPATIONAL_PHYSICIAN = "OCCUPATIONAL_PHYSICIAN", _("Occupational physician")


class FitNoteKind(models.TextChoices):
    MED3_2022 = "MED3_2022", _("Fit note (Med3, 2022 form)")
    MED3_2017 = "MED3_2017", _("Fit note (Med3, 2017 form)")
    MED10 = "MED10", _("Hospital statement (Med10)")
    AHP_REPORT = "AHP_REPORT", _("Allied health professional advisory report")
    OH_REPORT = "OH_REPORT", _("Occupational health report")
    OTHER = "OTHER", _("Other evidence")
    # The evidence of the other jurisdictions, in the same structure (docs/jurisdictions.md).
    NL_OCCUPATIONAL_PHYSICIAN = (
        "NL_OCCUPATIONAL_PHYSICIAN",
        _("Occupational physician's statement (bedrijfsarts)"),
    )
    SE_MEDICAL_CERTIFICATE = "SE_MEDICAL_CERTIFICATE", _("Medical certificate (läkarintyg)")


# Which kinds of evidence, and which issuers, each jurisdiction records; the UK's are the Med3
# kinds and the five professions that may issue a fit note.
KINDS_BY_JURISDICTION = {
    Jurisdiction.UK: [k for k in FitNoteKind.values if k[:3] not in ("NL_", "SE_")],
    Jurisdiction.NL: [FitNoteKind.NL_OCCUPATIONAL_PHYSICIAN, FitNoteKind.OTHER],
    Jurisdiction.SE: [FitNoteKind.SE_MEDICAL_CERTIFICATE, FitNoteKind.OTHER],
}
PROFESSIONS_BY_JURISDICTION = {
    Jurisdiction.UK: [p for p in IssuerProfession.values if p != "OCCUPATIONAL_PHYSICIAN"],
    Jurisdiction.NL: [IssuerProfession.OCCUPATIONAL_PHYSICIAN, IssuerProfession.DOCTOR],
    Jurisdiction.SE: [IssuerProfession.DOCTOR],
}


class SickLeaveExtent(models.IntegerChoices):
    """Sweden: sick leave is taken in quarters of the working time."""

    QUARTER = 25, _("25 %")
    HALF = 50, _("50 %")
    THREE_QUARTERS = 75, _("75 %")
    FULL = 100, _("100 %")


class FitNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))

    def current_on(self, day: date):
        """Notes covering ``day``."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__gte=day) | Q(indefinite=True))

    def latest_of(self, case):
        """The case's latest note (by start, then by when it was recorded), as a one-row
        queryset: the one whose ending is still to remind anyone of."""
        return self.filter(case=case).order_by("-starts_on", "-created_at", "-pk")[:1]


class FitNote(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="fit_notes")
    form_kind = models.CharField(
        "kind of evidence",
        max_length=30,
        choices=FitNoteKind.choices,
        default=FitNoteKind.MED3_2022,
    )
    assessed_on = models.DateField("date assessed")
    condition = models.TextField()
    condition_started_on = models.DateField("when the condition started", null=True, blank=True)
    fitness = models.CharField(max_length=12, choices=Fitness.choices)
    phased_return = models.BooleanField(_("a phased return to work"), default=False)
    altered_hours = models.BooleanField(_("altered hours"), default=False)
    amended_duties = models.BooleanField(_("amended duties"), default=False)
    workplace_adaptations = models.BooleanField(_("workplace adaptations"), default=False)
    comments = models.TextField("comments on the functional effects", blank=True)
    starts_on = models.DateField("start of the period")
    ends_on = models.DateField("end of the period", null=True, blank=True)
    indefinite = models.BooleanField("for an indefinite period", default=False)
    needs_reassessment = models.BooleanField("the issuer will need to assess fitness again")
    issuer_name = models.CharField(max_length=150)
    issuer_profession = models.CharField(max_length=24, choices=IssuerProfession.choices)
    issuer_address = models.TextField(blank=True)
    issued_on = models.DateField("date of statement")
    # Sweden: how much of the working time the certificate signs off (25, 50, 75 or 100 %).
    sick_leave_extent = models.PositiveSmallIntegerField(
        _("extent of sick leave"), choices=SickLeaveExtent.choices, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When nothing more was left to remind anyone of about its ending: its reminders were
    # produced (checkins.producers.fit_notes_ending), a later note replaced it
    # (cases.actions.record_fit_note) or its case closed. The producer reads only notes without
    # it, through the index below. Cleared when support resumes, so a reminder cancelled during
    # the pause comes back (cases.course.resumed).
    reminders_done_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = FitNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        indexes = [
            # Fit notes ending soon whose reminders are still to produce
            # (checkins.producers.fit_notes_ending, every minute): once a note's reminders
            # are out it leaves the index, so a run with nothing new reads next to nothing.
            models.Index(
                fields=["ends_on"],
                condition=Q(indefinite=False, reminders_done_at__isnull=True),
                name="fitnote_ending_unreminded",
            ),
            # A case's notes latest first (its latest note, on the worklist and case page).
            models.Index(fields=["case", "-starts_on", "-created_at"], name="fitnote_case_latest"),
        ]
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
            models.CheckConstraint(
                condition=Q(sick_leave_extent__isnull=True)
                | Q(sick_leave_extent__in=SickLeaveExtent.values),
                name="fitnote_sick_leave_extent_valid",
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

    # For templates, which say how many days the worker can self-certify.
    self_certified_days = SELF_CERTIFIED_DAYS

    def within_self_certified_days(self) -> bool:
        """The period starts before day 8 of the worker's absence, in days they can
        self-certify. Not an error: the note is valid, it just was not needed for those days.
        Reads ``case.worker``, which every page showing a note has already loaded."""
        return self.starts_on < self.case.worker.fit_note_needed_from()
