"""Referring a worker: who they are, why, and the episode of absence."""

from datetime import date

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ConsentMethod,
    Employment,
    RedFlag,
    Worker,
)
from cases.validators import normalise_nhs_number
from rtw.forms import GovukDateField, GovukFormMixin, shift_years
from rtw.models import Organisation, OrganisationKind

# DOMAIN §8: the wage-payment period is 104 weeks; longer absences are out of scope.
ABSENCE_TOO_OLD = _("The first day of absence must be within the last 2 years")


class EmployerAnswer(models.TextChoices):
    LISTED = "LISTED", _("An employer on the list")
    NOT_LISTED = "NOT_LISTED", _("An employer that is not on the list")
    SELF_EMPLOYED = "SELF_EMPLOYED", _("Self-employed")
    BETWEEN_JOBS = "BETWEEN_JOBS", _("Between jobs, with no employer at the moment")


_EMPLOYER_FIELDS = ("employment", "employer", "employer_name", "employer_contact")


class EmployerQuestionMixin:
    """Who the patient works for: an employer the service knows (picked from the list), one it
    does not (its name typed, and a contact if known, for the service to link later), or none
    (self-employed or between jobs). GOV.UK radios reveal the list or the name fields.

    Without JavaScript every revealed field shows at once, so someone may pick an employer, or
    type a name, without choosing its radio: an answer that is not in doubt is taken as given.
    """

    def _ask_employer(self) -> None:
        """Add the question to a ModelForm with the worker's ``employer`` field, in its place."""
        employer = self.fields["employer"]
        employer.label = _("Employer")
        employer.queryset = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER)
        employer.empty_label = _("Select an employer")
        added = {
            "employment": forms.ChoiceField(
                label=_("Who does the patient work for?"),
                choices=EmployerAnswer.choices,
                required=False,  # checked in clean(), which may infer the answer
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Select who the patient works for")},
            ),
            "employer": employer,
            "employer_name": forms.CharField(
                label=_("Employer's name"),
                required=False,
                max_length=200,
                error_messages={
                    "max_length": _("Enter the employer's name in 200 characters or fewer")
                },
            ),
            "employer_contact": forms.CharField(
                label=_("Contact at the employer (optional)"),
                required=False,
                max_length=200,
                help_text=_("Name, phone or email of a contact, if known"),
                error_messages={"max_length": _("Enter the contact in 200 characters or fewer")},
            ),
        }
        fields = {}
        for name, field in self.fields.items():
            fields.update(added if name == "employer" else {name: field})
        self.fields = fields
        question = ConditionalRadios(
            "employment",
            ConditionalQuestion(str(EmployerAnswer.LISTED.label), "employer"),
            ConditionalQuestion(
                str(EmployerAnswer.NOT_LISTED.label), "employer_name", "employer_contact"
            ),
            str(EmployerAnswer.SELF_EMPLOYED.label),
            str(EmployerAnswer.BETWEEN_JOBS.label),
        )
        # Start from the helper's own layout of every field where it makes one (text areas
        # with a character count), else from the field names.
        layout = self.helper.layout
        items = list(layout.fields) if layout is not None else list(fields)
        self.helper.layout = Layout(
            *(
                question if item == "employment" else item
                for item in items
                if not (isinstance(item, str) and item in _EMPLOYER_FIELDS[1:])
            )
        )

    def _clean_employer(self, data: dict) -> None:
        if "employment" in self.errors:
            return
        answer = data.get("employment")
        employer = data.get("employer")
        name = (data.get("employer_name") or "").strip()
        if not answer and "employer_name" not in self.errors:
            if employer and not name:
                answer = EmployerAnswer.LISTED
            elif name and not employer:
                answer = EmployerAnswer.NOT_LISTED
            else:
                self.add_error("employment", _("Select who the patient works for"))
                return
        if answer == EmployerAnswer.LISTED and not employer and "employer" not in self.errors:
            self.add_error("employer", _("Select the patient's employer, or choose another option"))
        if answer == EmployerAnswer.NOT_LISTED and not name and "employer_name" not in self.errors:
            self.add_error(
                "employer_name", _("Enter the employer's name, or choose another option")
            )
        data["employment"] = answer
        data["employer_name"] = name if answer == EmployerAnswer.NOT_LISTED else ""
        if answer != EmployerAnswer.NOT_LISTED:
            data["employer_contact"] = ""
        else:
            data["employer_contact"] = (data.get("employer_contact") or "").strip()
        if answer != EmployerAnswer.LISTED:
            data["employer"] = None

    def employment_details(self) -> dict[str, str]:
        """The case's employment fields (see ``actions.refer_worker``), from a valid form."""
        answer = self.cleaned_data["employment"]
        employed = answer in (EmployerAnswer.LISTED, EmployerAnswer.NOT_LISTED)
        return {
            "employment": Employment.EMPLOYED if employed else Employment(answer),
            "employer_name_given": self.cleaned_data["employer_name"],
            "employer_contact_given": self.cleaned_data["employer_contact"],
        }


class CheckedOnceMixin:
    """Leaves out of the model's re-validation what the form itself has checked: the employer
    (chosen from the same employers-only list as the model field's ``limit_choices_to``) and
    the contracted hours (``clean_contracted_hours``, the range of the
    ``worker_contracted_hours_range`` constraint). The model would ask the database again for
    each, an existence query and a constraint check in a savepoint; the database still
    enforces both when the worker is saved."""

    CHECKED_BY_THE_FORM = frozenset({"employer", "contracted_hours"})

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | self.CHECKED_BY_THE_FORM


class WorkerForm(CheckedOnceMixin, EmployerQuestionMixin, GovukFormMixin, forms.ModelForm):
    date_of_birth = GovukDateField(
        label=_("Date of birth"), required_message=_("Enter the patient's date of birth")
    )
    absence_started_on = GovukDateField(
        label=_("First day of absence"), required_message=_("Enter the first day of absence")
    )
    nhs_number = forms.CharField(
        label=_("NHS number (optional)"),
        required=False,
        max_length=20,
        help_text=_("For example, 943 476 5919"),
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    class Meta:
        model = Worker
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "nhs_number",
            "email",
            "mobile",
            "preferred_contact",
            "communication_needs",
            "employer",
            "job_title",
            "contracted_hours",
            "absence_started_on",
        ]
        labels = {"contracted_hours": _("Contracted hours per week"), "nhs_number": _("NHS number")}
        help_texts = {"nhs_number": _("For example, 943 476 5919")}
        widgets = {
            "preferred_contact": forms.RadioSelect,
            "communication_needs": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "first_name": {"required": _("Enter the patient's first name")},
            "last_name": {"required": _("Enter the patient's last name")},
            "contracted_hours": {
                "required": _("Enter the contracted hours per week"),
                "invalid": _("Enter the hours as a number, like 37.5"),
            },
            "nhs_number": {"unique": _("A patient with this NHS number is already registered")},
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["preferred_contact"].choices = [
            c for c in self.fields["preferred_contact"].choices if c[0]
        ]
        self._ask_employer()

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data.get("nhs_number") or "")
        return value or None

    def validate_unique(self):
        """Uniqueness is settled by the referral view, which offers the existing patient."""

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not 0 < hours <= 80:
            raise forms.ValidationError(_("Enter contracted hours between 0.5 and 80"))
        return hours

    def clean(self):
        data = super().clean()
        dob, absence = data.get("date_of_birth"), data.get("absence_started_on")
        if dob and dob > self.today:
            self.add_error("date_of_birth", _("The date of birth must be in the past"))
        elif dob and not shift_years(self.today, -101) < dob <= shift_years(self.today, -16):
            self.add_error(
                "date_of_birth", _("Enter the date of birth of someone aged 16 to 100 today")
            )
        if absence and absence > self.today:
            self.add_error(
                "absence_started_on", _("The first day of absence cannot be in the future")
            )
        elif absence and absence < shift_years(self.today, -2):
            self.add_error("absence_started_on", ABSENCE_TOO_OLD)
        self._clean_employer(data)
        return data

    def eligibility_hints(self) -> list[str]:
        """WAVE eligibility as hints for the referrer, never as a block."""
        hints = []
        dob, absence = (
            self.cleaned_data.get("date_of_birth"),
            self.cleaned_data.get("absence_started_on"),
        )
        if dob and (self.today - dob).days < 18 * 365:
            hints.append(_("The service supports adults: this patient is under 18."))
        if absence:
            days = (self.today - absence).days
            if days < 14:
                hints.append(_("Absent for under 2 weeks: support usually starts after 2 weeks."))
            elif days > 183:
                hints.append(_("Absent for over 6 months: the service may suggest another route."))
        return hints


class ReferralForm(GovukFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Vocational support team"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": _("Select the team to refer to")},
    )
    reason = forms.CharField(
        label=_("Reason for referral"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is keeping the patient from work, and what support might help."),
        error_messages={"required": _("Enter the reason for referral")},
    )
    red_flags = forms.MultipleChoiceField(
        label=_("Does any of these apply?"),
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These usually mean another service fits better. You can still refer."),
    )
    consent = forms.BooleanField(
        label=_("The patient agreed to be referred and to the service contacting them"),
        error_messages={"required": _("Confirm the patient agreed to be referred")},
    )
    consent_given_on = GovukDateField(
        label=_("Date the patient agreed"), required_message=_("Enter the date the patient agreed")
    )
    consent_method = forms.ChoiceField(
        label=_("How the patient agreed"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the patient agreed")},
    )
    include_fit_note = forms.BooleanField(
        label=_("Add the current fit note now"),
        required=False,
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["team"].queryset = Organisation.objects.filter(kind=OrganisationKind.VSW_TEAM)

    def clean_consent_given_on(self):
        value = self.cleaned_data["consent_given_on"]
        if value and value > self.today:
            raise forms.ValidationError(_("The date the patient agreed cannot be in the future"))
        return value


class ExistingWorkerChoiceForm(GovukFormMixin, forms.Form):
    """Shown when the patient looks like someone already registered."""

    use_worker = forms.ChoiceField(
        label=_("Is this one of these patients?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the patient, or that this is a new patient")},
    )

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(w.code),
                _("%(name)s, born %(day)s")
                % {"name": w.full_name, "day": date_format(w.date_of_birth, "j F Y")},
            )
            for w in duplicates
        ]
        self.fields["use_worker"].choices = [*choices, ("new", _("No, this is a new patient"))]


class EpisodeForm(CheckedOnceMixin, EmployerQuestionMixin, GovukFormMixin, forms.ModelForm):
    """What may have changed since a known patient's last referral."""

    absence_started_on = GovukDateField(
        label=_("First day of this absence"), required_message=_("Enter the first day of absence")
    )

    class Meta:
        model = Worker
        fields = ["employer", "job_title", "contracted_hours", "absence_started_on"]
        labels = {"contracted_hours": _("Contracted hours per week")}
        error_messages = {
            "contracted_hours": {
                "required": _("Enter the contracted hours per week"),
                "invalid": _("Enter the hours as a number, like 37.5"),
            },
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self._ask_employer()
        if not self.is_bound:
            self.initial.update(self._previous_employer_answer())

    def _previous_employer_answer(self) -> dict:
        """The answer the patient's last referral gave, to change only if it is out of date."""
        worker = self.instance
        if worker.employer_id:
            return {"employment": EmployerAnswer.LISTED}
        last = worker.cases.order_by("-referred_at").first() if worker.pk else None
        if last is None:
            return {}
        if last.employment != Employment.EMPLOYED:
            return {"employment": last.employment}
        return {
            "employment": EmployerAnswer.NOT_LISTED,
            "employer_name": last.employer_name_given,
            "employer_contact": last.employer_contact_given,
        }

    def clean(self):
        data = super().clean()
        self._clean_employer(data)
        return data

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not 0 < hours <= 80:
            raise forms.ValidationError(_("Enter contracted hours between 0.5 and 80"))
        return hours

    def clean_absence_started_on(self):
        day = self.cleaned_data["absence_started_on"]
        if day and day > self.today:
            raise forms.ValidationError(_("The first day of absence cannot be in the future"))
        if day and day < shift_years(self.today, -2):
            raise forms.ValidationError(ABSENCE_TOO_OLD)
        return day
