from datetime import date, timedelta

from django import forms
from django.utils import timezone

from cases.models import (
    OPEN_STATUSES,
    CaseStatus,
    ClosureOutcome,
    ConsentMethod,
    Contact,
    Fitness,
    FitNote,
    Obstacle,
    Recipient,
    RedFlag,
    ShareItem,
    Worker,
)
from cases.validators import normalise_nhs_number
from rtw.forms import GovukDateField, GovukFormMixin
from rtw.models import Organisation, OrganisationKind, Role, User

SELF_CERTIFIED_DAYS = 7


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class FitNoteForm(GovukFormMixin, forms.ModelForm):
    """A Med3 fit note, with every rule of the form (see docs/domain in DOMAIN §2)."""

    assessed_on = GovukDateField(
        label="Date assessed", required_message="Enter the date the patient was assessed"
    )
    condition_started_on = GovukDateField(
        label="When the condition started (optional)",
        required=False,
        help_text="Needed to check the length of the note and for an indefinite period.",
    )
    starts_on = GovukDateField(
        label="Start of the period", required_message="Enter the start of the period"
    )
    ends_on = GovukDateField(
        label="End of the period",
        required=False,
        help_text="Leave blank only for an indefinite period.",
    )
    issued_on = GovukDateField(
        label="Date of statement", required_message="Enter the date of the statement"
    )
    fitness = forms.ChoiceField(
        label="Advice",
        choices=Fitness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the patient is not fit or may be fit"},
    )
    needs_reassessment = forms.TypedChoiceField(
        label="Will the issuer need to assess fitness again?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": "Select whether the issuer will need to assess again"},
    )

    class Meta:
        model = FitNote
        fields = [
            "form_kind",
            "assessed_on",
            "condition",
            "condition_started_on",
            "fitness",
            "phased_return",
            "altered_hours",
            "amended_duties",
            "workplace_adaptations",
            "comments",
            "starts_on",
            "ends_on",
            "indefinite",
            "needs_reassessment",
            "issuer_name",
            "issuer_profession",
            "issuer_address",
            "issued_on",
        ]
        error_messages = {
            "condition": {"required": "Enter the condition"},
            "issuer_name": {"required": "Enter the name of the person who issued the note"},
            "issuer_profession": {"required": "Select the issuer's profession"},
        }
        widgets = {
            "issuer_profession": forms.RadioSelect,
            "condition": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 3}),
            "issuer_address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "condition": "Never shown to an employer unless the worker releases it.",
            "comments": "Advice to the employer about function, not diagnosis.",
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.warnings: list[str] = []
        self.fields["issuer_profession"].choices = [
            c for c in self.fields["issuer_profession"].choices if c[0]
        ]
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("needs_reassessment", "")

    def clean(self):
        data = super().clean()
        fitness = data.get("fitness")
        boxes = [
            name
            for name in (
                "phased_return",
                "altered_hours",
                "amended_duties",
                "workplace_adaptations",
            )
            if data.get(name)
        ]
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        assessed_on, issued_on = data.get("assessed_on"), data.get("issued_on")
        condition_started_on = data.get("condition_started_on")
        indefinite = data.get("indefinite")

        if fitness == Fitness.NOT_FIT and boxes:
            self.add_error("phased_return", "Only tick advice when the patient may be fit for work")
        if issued_on and issued_on > self.today:
            self.add_error("issued_on", "The date of statement cannot be in the future")
        if issued_on and assessed_on and issued_on < assessed_on:
            self.add_error(
                "issued_on", "The date of statement must be on or after the date assessed"
            )
        if condition_started_on and condition_started_on > self.today:
            self.add_error("condition_started_on", "The condition cannot start in the future")
        if indefinite and ends_on:
            self.add_error(
                "ends_on", "Leave the end date blank for an indefinite period, or untick indefinite"
            )
        elif not indefinite and starts_on and not ends_on and "ends_on" not in self.errors:
            self.add_error("ends_on", "Enter the end of the period, or tick indefinite")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end of the period must be on or after its start")

        six_months_on = _add_months(condition_started_on, 6) if condition_started_on else None
        if indefinite:
            if not condition_started_on:
                self.add_error(
                    "condition_started_on",
                    "Enter when the condition started: an "
                    "indefinite period needs the condition to have lasted 6 months",
                )
            elif assessed_on and assessed_on < six_months_on:
                self.add_error(
                    "indefinite",
                    "An indefinite period is only allowed once the condition has lasted 6 months",
                )
        if (
            starts_on
            and ends_on
            and ends_on >= starts_on
            and (not six_months_on or (assessed_on and assessed_on < six_months_on))
            and ends_on > _add_months(starts_on, 3) - timedelta(days=1)
        ):
            self.add_error(
                "ends_on",
                "In the first 6 months of a condition a fit note can cover at most 3 months",
            )

        if fitness == Fitness.MAY_BE_FIT and not boxes and not data.get("comments"):
            self.warnings.append(
                "The note says the patient may be fit but gives no advice and "
                "no comments: ask the issuer what would help."
            )
        if starts_on and assessed_on and starts_on < assessed_on:
            self.warnings.append(
                "This note is backdated to before the assessment. That is only "
                "allowed for a period an earlier assessment covered."
            )
        return data


class ContactForm(GovukFormMixin, forms.ModelForm):
    contact_date = GovukDateField(label="Date", required_message="Enter the date of the contact")
    contact_time = forms.TimeField(
        label="Time",
        help_text="For example, 14:30",
        error_messages={
            "required": "Enter the time of the contact",
            "invalid": "Enter a time like 14:30",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    obstacles = forms.MultipleChoiceField(
        label="Obstacles identified",
        choices=Obstacle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contact
        fields = ["mode", "duration_minutes", "summary", "obstacles", "next_step"]
        widgets = {
            "mode": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "mode": {"required": "Select how you were in contact"},
            "duration_minutes": {
                "required": "Enter how long the contact lasted, in minutes",
                "invalid": "Enter the duration as a whole number of minutes",
            },
            "summary": {"required": "Enter a summary of the contact"},
        }

    field_order = [
        "contact_date",
        "contact_time",
        "mode",
        "duration_minutes",
        "summary",
        "obstacles",
        "next_step",
    ]

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0]]

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and not 1 <= minutes <= 600:
            raise forms.ValidationError("Enter a duration between 1 and 600 minutes")
        return minutes

    def clean(self):
        data = super().clean()
        day, time = data.get("contact_date"), data.get("contact_time")
        if day and day > self.today:
            self.add_error("contact_date", "The contact cannot be in the future")
        if day and time:
            self.instance.occurred_at = timezone.make_aware(timezone.datetime.combine(day, time))
        return data


class WorkerForm(GovukFormMixin, forms.ModelForm):
    date_of_birth = GovukDateField(
        label="Date of birth", required_message="Enter the patient's date of birth"
    )
    absence_started_on = GovukDateField(
        label="First day of absence", required_message="Enter the first day of absence"
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=20,
        help_text="For example, 943 476 5919",
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
        labels = {"contracted_hours": "Contracted hours per week", "nhs_number": "NHS number"}
        help_texts = {"nhs_number": "For example, 943 476 5919"}
        widgets = {
            "preferred_contact": forms.RadioSelect,
            "communication_needs": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "first_name": {"required": "Enter the patient's first name"},
            "last_name": {"required": "Enter the patient's last name"},
            "employer": {"required": "Select the patient's employer"},
            "contracted_hours": {
                "required": "Enter the contracted hours per week",
                "invalid": "Enter the hours as a number, like 37.5",
            },
            "nhs_number": {"unique": "A patient with this NHS number is already registered"},
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["employer"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.EMPLOYER
        )
        self.fields["employer"].empty_label = "Select an employer"
        self.fields["preferred_contact"].choices = [
            c for c in self.fields["preferred_contact"].choices if c[0]
        ]

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data.get("nhs_number") or "")
        return value or None

    def validate_unique(self):
        """Uniqueness is settled by the referral view, which offers the existing patient."""

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not 0 < hours <= 80:
            raise forms.ValidationError("Enter contracted hours between 0.5 and 80")
        return hours

    def clean(self):
        data = super().clean()
        dob, absence = data.get("date_of_birth"), data.get("absence_started_on")
        if dob and dob > self.today:
            self.add_error("date_of_birth", "The date of birth must be in the past")
        if absence and absence > self.today:
            self.add_error("absence_started_on", "The first day of absence cannot be in the future")
        return data

    def eligibility_hints(self) -> list[str]:
        """WAVE eligibility as hints for the referrer, never as a block."""
        hints = []
        dob, absence = (
            self.cleaned_data.get("date_of_birth"),
            self.cleaned_data.get("absence_started_on"),
        )
        if dob and (self.today - dob).days < 18 * 365:
            hints.append("The service supports adults: this patient is under 18.")
        if absence:
            days = (self.today - absence).days
            if days < 14:
                hints.append("Absent for under 2 weeks: support usually starts after 2 weeks.")
            elif days > 183:
                hints.append("Absent for over 6 months: the service may suggest another route.")
        return hints


class ReferralForm(GovukFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label="Vocational support team",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the team to refer to"},
    )
    reason = forms.CharField(
        label="Reason for referral",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is keeping the patient from work, and what support might help.",
        error_messages={"required": "Enter the reason for referral"},
    )
    red_flags = forms.MultipleChoiceField(
        label="Does any of these apply?",
        choices=RedFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="These usually mean another service fits better. You can still refer.",
    )
    consent = forms.BooleanField(
        label="The patient agreed to be referred and to the service contacting them",
        error_messages={"required": "Confirm the patient agreed to be referred"},
    )
    consent_given_on = GovukDateField(
        label="Date the patient agreed", required_message="Enter the date the patient agreed"
    )
    consent_method = forms.ChoiceField(
        label="How the patient agreed",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the patient agreed"},
    )
    include_fit_note = forms.BooleanField(
        label="Add the current fit note now",
        required=False,
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["team"].queryset = Organisation.objects.filter(kind=OrganisationKind.VSW_TEAM)

    def clean_consent_given_on(self):
        value = self.cleaned_data["consent_given_on"]
        if value and value > self.today:
            raise forms.ValidationError("The date the patient agreed cannot be in the future")
        return value


class ExistingWorkerChoiceForm(GovukFormMixin, forms.Form):
    """Shown when the patient looks like someone already registered."""

    use_worker = forms.ChoiceField(
        label="Is this one of these patients?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the patient, or that this is a new patient"},
    )

    def __init__(self, *args, duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(w.code), f"{w.full_name}, born {w.date_of_birth:%-d %B %Y}") for w in duplicates
        ]
        self.fields["use_worker"].choices = [*choices, ("new", "No, this is a new patient")]


class AcceptForm(GovukFormMixin, forms.Form):
    vsw = forms.ModelChoiceField(
        label="Assign to",
        queryset=User.objects.none(),
        empty_label="Select a VSW",
        error_messages={"required": "Select the VSW who will take this case"},
    )

    def __init__(self, *args, team: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsw"].queryset = User.objects.filter(
            organisation=team, role=Role.VSW, is_active=True
        )


class DeclineForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The referring clinician sees this reason.",
        error_messages={"required": "Enter the reason for declining"},
    )


class CloseCaseForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ClosureOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    closed_on = GovukDateField(label="Date closed", required_message="Enter the date closed")

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value and value > self.today:
            raise forms.ValidationError("The closing date cannot be in the future")
        return value


class ReassignForm(GovukFormMixin, forms.Form):
    cases = forms.MultipleChoiceField(
        label="Cases to reassign",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one case to reassign"},
    )
    vsw = forms.ModelChoiceField(
        label="Reassign to",
        queryset=User.objects.none(),
        empty_label="Select a VSW",
        error_messages={"required": "Select the VSW who will take the cases"},
    )

    def __init__(self, *args, team: Organisation, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsw"].queryset = User.objects.filter(
            organisation=team, role=Role.VSW, is_active=True
        )
        self.fields["cases"].choices = [
            (str(c.code), f"{c.worker.full_name} ({c.assigned_vsw or 'unassigned'})") for c in cases
        ]


class ConsentForm(GovukFormMixin, forms.Form):
    recipient = forms.ChoiceField(choices=Recipient.choices, widget=forms.HiddenInput)
    item = forms.ChoiceField(choices=ShareItem.choices, widget=forms.HiddenInput)
    share = forms.TypedChoiceField(
        choices=[("yes", "Share"), ("no", "Stop sharing")],
        coerce=lambda v: v == "yes",
        widget=forms.HiddenInput,
    )


WORKLIST_SORTS = {
    "absence": ("worker__absence_started_on", "Longest absence first"),
    "expiry": ("fit_ends_on", "Fit note ending soonest"),
    "name": ("worker__last_name", "Name"),
    "status": ("status", "Status"),
}


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All open")]
        + [(s.value, s.label) for s in OPEN_STATUSES]
        + [(CaseStatus.CLOSED.value, CaseStatus.CLOSED.label)],
    )
    due = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All"),
            ("expiring", "Fit note ending within 14 days"),
            ("overdue", "Overdue"),
        ],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (_, label) in WORKLIST_SORTS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False


class EpisodeForm(GovukFormMixin, forms.ModelForm):
    """What may have changed since a known patient's last referral."""

    absence_started_on = GovukDateField(
        label="First day of this absence", required_message="Enter the first day of absence"
    )

    class Meta:
        model = Worker
        fields = ["employer", "job_title", "contracted_hours", "absence_started_on"]
        labels = {"contracted_hours": "Contracted hours per week"}
        error_messages = {
            "employer": {"required": "Select the patient's employer"},
            "contracted_hours": {
                "required": "Enter the contracted hours per week",
                "invalid": "Enter the hours as a number, like 37.5",
            },
        }

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["employer"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.EMPLOYER
        )
        self.fields["employer"].empty_label = "Select an employer"

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not 0 < hours <= 80:
            raise forms.ValidationError("Enter contracted hours between 0.5 and 80")
        return hours

    def clean_absence_started_on(self):
        day = self.cleaned_data["absence_started_on"]
        if day and day > self.today:
            raise forms.ValidationError("The first day of absence cannot be in the future")
        return day
