from datetime import date
from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import (
    ActionKind,
    ActionOwner,
    Adjustment,
    MilestoneStatus,
    Plan,
    PlanGoal,
    RelapsePrevention,
    ReviewOutcome,
)
from rtw.forms import (
    PLAN_SECTION_MAX_LENGTH,
    GovukDateField,
    GovukFormMixin,
    say_optional,
    shift_years,
)

# DOMAIN §8 asks for 7 to 91 days; the check constraint plan_review_interval_range stops at 90.
REVIEW_INTERVAL_RANGE = "Enter a review interval between 7 and 90 days"


class PlanForm(GovukFormMixin, forms.ModelForm):
    starts_on = GovukDateField(label="Start date", required_message="Enter the start date")
    expected_end_on = GovukDateField(
        label="Expected end date",
        required_message="Enter the expected end date",
        help_text="Phased returns usually last 4 to 8 weeks.",
    )
    goal = forms.ChoiceField(
        label="Goal",
        choices=PlanGoal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the goal of the plan"},
    )

    class Meta:
        model = Plan
        fields = [
            "goal",
            "contracted_hours",
            "starts_on",
            "expected_end_on",
            "review_interval_days",
        ]
        error_messages = {
            "contracted_hours": {
                "required": "Enter the contracted hours per week",
                "invalid": "Enter the hours as a number, like 37.5",
            },
            "review_interval_days": {
                "required": "Enter how often to review, in days",
                "invalid": "Enter a whole number of days",
                # The model field is a PositiveIntegerField: without this, -1 would get
                # Django's "greater than or equal to 0" instead of the range below.
                "min_value": REVIEW_INTERVAL_RANGE,
            },
        }

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not Decimal("0.5") <= hours <= Decimal("80"):
            raise forms.ValidationError("Enter contracted hours between 0.5 and 80")
        return hours

    def clean_review_interval_days(self):
        days = self.cleaned_data["review_interval_days"]
        if days is not None and not 7 <= days <= 90:
            raise forms.ValidationError(REVIEW_INTERVAL_RANGE)
        return days

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("expected_end_on")
        if start and end and end < start:
            self.add_error(
                "expected_end_on", "The expected end date must be on or after the start date"
            )
        # DOMAIN §8: a plan starts within a year of today and runs at most 2 years. A start
        # left as it was stays valid, so an older plan can still be edited.
        if start and start != self.initial.get("starts_on"):
            earliest, latest = _a_year_either_side()
            if not earliest <= start <= latest:
                self.add_error("starts_on", _between("a start date", earliest, latest))
        if start and end and end > shift_years(start, 2):
            self.add_error(
                "expected_end_on",
                "A plan runs for at most 2 years: enter an end date on or before "
                f"{shift_years(start, 2):%-d %B %Y}",
            )
        return data


def _a_year_either_side() -> tuple[date, date]:
    today = timezone.localdate()
    return shift_years(today, -1), shift_years(today, 1)


def _between(what: str, earliest: date, latest: date) -> str:
    return f"Enter {what} between {earliest:%-d %B %Y} and {latest:%-d %B %Y}"


class PhaseForm(GovukFormMixin, forms.Form):
    note_max_length = PLAN_SECTION_MAX_LENGTH
    starts_on = GovukDateField(label="Start", required_message="Enter the start of the phase")
    ends_on = GovukDateField(label="End", required_message="Enter the end of the phase")
    hours_per_week = forms.DecimalField(
        label="Planned hours per week",
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the planned hours per week",
            "invalid": "Enter the hours as a number, like 18.5",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    days = forms.CharField(
        label="Planned days",
        required=False,
        max_length=100,
        help_text="For example, Monday, Wednesday and Friday mornings",
    )
    duties_included = forms.CharField(
        label="Duties included", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duties_excluded = forms.CharField(
        label="Duties excluded", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    supervision = forms.CharField(
        label="Supervision", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_step_back = forms.BooleanField(
        label="This phase is a step back (fewer hours after a dip)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_optional(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end of the phase must be on or after its start")
        return data


class BasePhaseFormSet(BaseFormSet):
    """The graded steps: contiguous, never overlapping, 0 < hours ≤ contracted hours, and
    hours fall only in a phase labelled as a step back."""

    def __init__(
        self, *args, contracted_hours: Decimal, plan_starts_on: date | None = None, **kwargs
    ):
        self.contracted_hours = contracted_hours
        self.plan_starts_on = plan_starts_on
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this phase when saving")

    def full_clean(self):
        """Each message names its phase by the number the page shows ("Phase 2: ..."), by the
        field as in the error summary, so a long page of phases says where to look."""
        super().full_clean()
        for number, form in enumerate(self.forms, start=1):
            named = _("Phase %(number)s: %(error)s")
            for name, errors in list((form._errors or {}).items()):
                messages = [named % {"number": number, "error": e} for e in errors]
                form._errors[name] = form.error_class(messages, renderer=form.renderer)

    def phases(self) -> list[dict]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        previous = None
        kept = [
            f
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise forms.ValidationError("Add at least one phase")
        if self.plan_starts_on:
            # Phases lie inside the plan: from its start, and within the 2 years it may run
            # (saving phases moves the plan's expected end out to the last one).
            latest = shift_years(self.plan_starts_on, 2)
            outside = False
            for form in kept:
                start, end = form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on")
                if start and start < self.plan_starts_on:
                    outside = True
                    form.add_error(
                        "starts_on",
                        f"A phase cannot start before the plan, on {self.plan_starts_on:%-d %B %Y}",
                    )
                if end and end > latest:
                    outside = True
                    form.add_error(
                        "ends_on",
                        f"A plan runs for at most 2 years: end the phase by {latest:%-d %B %Y}",
                    )
            if outside:
                # The rules below compare neighbouring phases' dates: one is now missing.
                return
        # add_error() removes the field from cleaned_data, and the next phase compares with
        # this one: read every value with .get() and skip a comparison when one is missing.
        for form in kept:
            data = form.cleaned_data
            hours = data.get("hours_per_week")
            if hours is not None and hours <= 0:
                form.add_error("hours_per_week", "Planned hours must be more than 0")
            elif hours is not None and hours > self.contracted_hours:
                form.add_error(
                    "hours_per_week",
                    f"Planned hours cannot be more than the contracted "
                    f"{self.contracted_hours} hours",
                )
            if previous is not None:
                start, previous_end = data.get("starts_on"), previous.get("ends_on")
                gap = (start - previous_end).days if start and previous_end else None
                if gap is not None and gap <= 0:
                    form.add_error(
                        "starts_on",
                        "This phase overlaps the one before: start it "
                        "the day after the previous phase ends",
                    )
                elif gap is not None and gap > 1:
                    form.add_error(
                        "starts_on",
                        "Leave no gap: start this phase the day after the previous phase ends",
                    )
                hours, previous_hours = data.get("hours_per_week"), previous.get("hours_per_week")
                if (
                    hours is not None
                    and previous_hours is not None
                    and hours < previous_hours
                    and not data.get("is_step_back")
                ):
                    form.add_error(
                        "hours_per_week",
                        "Hours fall here: mark this phase as a "
                        "step back, or plan the same or more hours",
                    )
            previous = data


PhaseFormSet = formset_factory(
    PhaseForm, formset=BasePhaseFormSet, extra=0, can_delete=True, max_num=52, validate_max=True
)


class ScheduleForm(GovukFormMixin, forms.Form):
    starts_on = GovukDateField(label="First day back", required_message="Enter the first day")
    start_percent = forms.TypedChoiceField(
        label="Start at",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (25, "25% of contracted hours"),
            (50, "50% of contracted hours"),
            (75, "75% of contracted hours"),
        ],
        error_messages={"required": "Select the starting level"},
    )
    weeks = forms.IntegerField(
        label="Weeks to full hours",
        min_value=1,
        max_value=26,
        help_text="For example, 4 weeks at 25, 50, 75 and 100%",
        error_messages={
            "required": "Enter the number of weeks",
            "invalid": "Enter a whole number of weeks",
            "min_value": "Enter at least 1 week",
            "max_value": "Enter 26 weeks or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        earliest, latest = _a_year_either_side()
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(_between("a first day back", earliest, latest))
        return day


class AdjustmentForm(GovukFormMixin, forms.ModelForm):
    note_max_length = PLAN_SECTION_MAX_LENGTH

    class Meta:
        model = Adjustment
        fields = ["category", "description", "visible_to_employer"]
        widgets = {"category": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "category": {"required": "Select the kind of adjustment"},
            "description": {"required": "Describe the adjustment"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0]]


class RelapseForm(GovukFormMixin, forms.ModelForm):
    note_max_length = PLAN_SECTION_MAX_LENGTH
    review_on = GovukDateField(label="Review date (optional)", required=False)

    class Meta:
        model = RelapsePrevention
        fields = ["warning_signs", "normalisation", "contacts", "review_on"]
        widgets = {
            "warning_signs": forms.Textarea(attrs={"rows": 4}),
            "normalisation": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "warning_signs": {"required": "Enter at least one early warning sign"},
            "normalisation": {"required": "Enter what a dip means (you can keep the default)"},
        }

    def clean_review_on(self):
        # A review is booked ahead, so up to 2 years on; a year back at most.
        day = self.cleaned_data["review_on"]
        today = timezone.localdate()
        earliest, latest = shift_years(today, -1), shift_years(today, 2)
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(_between("a review date", earliest, latest))
        return day


class ActionForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Action", choices=[("", "Select an action"), *ActionKind.choices]
    )
    detail = forms.CharField(label="Details", required=False, max_length=300)
    owner = forms.ChoiceField(label="Who acts", choices=[("", "Select who"), *ActionOwner.choices])

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            if not data.get("kind") and "kind" not in self.errors:
                self.add_error("kind", "Select the action")
            if not data.get("owner") and "owner" not in self.errors:
                self.add_error("owner", "Select who acts")
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False
        self.fields["owner"].required = False


ActionFormSet = formset_factory(ActionForm, extra=2, can_delete=True, max_num=20)


def action_rows(formset) -> list[dict]:
    return [
        {
            "kind": f.cleaned_data["kind"],
            "detail": f.cleaned_data.get("detail", ""),
            "owner": f.cleaned_data["owner"],
        }
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class MilestoneForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=MilestoneStatus.choices, widget=forms.RadioSelect
    )
    achieved_on = GovukDateField(label="Date achieved", required=False)

    def __init__(self, *args, referred_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referred_on = referred_on

    def clean_achieved_on(self):
        day = self.cleaned_data["achieved_on"]
        if day and self.referred_on and day < self.referred_on:
            raise forms.ValidationError(_not_before_referral("date achieved", self.referred_on))
        return day

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == MilestoneStatus.ACHIEVED
            and not data.get("achieved_on")
            and "achieved_on" not in self.errors
        ):
            self.add_error("achieved_on", "Enter the date it was achieved")
        achieved = data.get("achieved_on")
        if achieved and achieved > timezone.localdate():
            self.add_error("achieved_on", "The date achieved cannot be in the future")
        return data


class ReviewForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Date held", required_message="Enter the date it was held")
    attendees = forms.CharField(
        label="Who attended", max_length=300, error_messages={"required": "Enter who attended"}
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, referred_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referred_on = referred_on

    def clean_held_on(self):
        day: date = self.cleaned_data["held_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The review date cannot be in the future")
        if day and self.referred_on and day < self.referred_on:
            raise forms.ValidationError(_not_before_referral("review date", self.referred_on))
        return day


def _not_before_referral(what: str, referred_on: date) -> str:
    return f"The {what} cannot be before the referral on {referred_on:%-d %B %Y}"


class CheckInScheduleForm(GovukFormMixin, forms.Form):
    every_days = forms.TypedChoiceField(
        label="How often",
        coerce=int,
        widget=forms.RadioSelect,
        initial=14,
        choices=[(14, "Every two weeks"), (7, "Every week (common in the first phase)")],
        error_messages={"required": "Select how often"},
    )


class StepBackForm(GovukFormMixin, forms.Form):
    starts_on = GovukDateField(label="Step back from", required_message="Enter the start date")
    weeks = forms.IntegerField(
        label="For how many weeks",
        min_value=1,
        max_value=8,
        error_messages={
            "required": "Enter the number of weeks",
            "invalid": "Enter a whole number of weeks",
            "min_value": "Enter at least 1 week",
            "max_value": "Enter 8 weeks or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    hours = forms.DecimalField(
        label="Hours a week during the step back",
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the hours a week",
            "invalid": "Enter the hours as a number, like 15",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )

    def __init__(self, *args, contracted_hours: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.contracted_hours = contracted_hours

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        earliest, latest = _a_year_either_side()
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(_between("a start date", earliest, latest))
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not Decimal("0") < hours <= self.contracted_hours:
            raise forms.ValidationError(
                f"Enter hours more than 0 and up to the contracted {self.contracted_hours}"
            )
        return hours
