from datetime import date
from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plans.forms.phases import (  # noqa: F401  (the phase forms, split out by noun)
    PhaseForm,
    PhaseFormSet,
    ScheduleForm,
    a_year_either_side,
    between,
)
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
    shift_years,
)

# DOMAIN §8 asks for 7 to 91 days; the check constraint plan_review_interval_range stops at 90.
REVIEW_INTERVAL_RANGE = _("Enter a review interval between 7 and 90 days")


class PlanForm(GovukFormMixin, forms.ModelForm):
    starts_on = GovukDateField(label=_("Start date"), required_message=_("Enter the start date"))
    expected_end_on = GovukDateField(
        label=_("Expected end date"),
        required_message=_("Enter the expected end date"),
        help_text=_("Phased returns usually last 4 to 8 weeks."),
    )
    goal = forms.ChoiceField(
        label=_("Goal"),
        choices=PlanGoal.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the goal of the plan")},
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
                "required": _("Enter the contracted hours per week"),
                "invalid": _("Enter the hours as a number, like 37.5"),
            },
            "review_interval_days": {
                "required": _("Enter how often to review, in days"),
                "invalid": _("Enter a whole number of days"),
                # The model field is a PositiveIntegerField: without this, -1 would get
                # Django's "greater than or equal to 0" instead of the range below.
                "min_value": REVIEW_INTERVAL_RANGE,
            },
        }

    def clean_contracted_hours(self):
        hours = self.cleaned_data["contracted_hours"]
        if hours is not None and not Decimal("0.5") <= hours <= Decimal("80"):
            raise forms.ValidationError(_("Enter contracted hours between 0.5 and 80"))
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
                "expected_end_on", _("The expected end date must be on or after the start date")
            )
        # DOMAIN §8: a plan starts within a year of today and runs at most 2 years. A start
        # left as it was stays valid, so an older plan can still be edited.
        if start and start != self.initial.get("starts_on"):
            earliest, latest = a_year_either_side()
            if not earliest <= start <= latest:
                self.add_error(
                    "starts_on",
                    between(
                        _("Enter a start date between %(earliest)s and %(latest)s"),
                        earliest,
                        latest,
                    ),
                )
        if start and end and end > shift_years(start, 2):
            self.add_error(
                "expected_end_on",
                _("A plan runs for at most 2 years: enter an end date on or before %(day)s")
                % {"day": date_format(shift_years(start, 2), "j F Y")},
            )
        return data


class AdjustmentForm(GovukFormMixin, forms.ModelForm):
    note_max_length = PLAN_SECTION_MAX_LENGTH

    class Meta:
        model = Adjustment
        fields = ["category", "description", "visible_to_employer"]
        widgets = {"category": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "category": {"required": _("Select the kind of adjustment")},
            "description": {"required": _("Describe the adjustment")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0]]


class RelapseForm(GovukFormMixin, forms.ModelForm):
    note_max_length = PLAN_SECTION_MAX_LENGTH
    review_on = GovukDateField(label=_("Review date (optional)"), required=False)

    class Meta:
        model = RelapsePrevention
        fields = ["warning_signs", "normalisation", "contacts", "review_on"]
        widgets = {
            "warning_signs": forms.Textarea(attrs={"rows": 4}),
            "normalisation": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "warning_signs": {"required": _("Enter at least one early warning sign")},
            "normalisation": {"required": _("Enter what a dip means (you can keep the default)")},
        }

    def clean_review_on(self):
        # A review is booked ahead, so up to 2 years on; a year back at most.
        day = self.cleaned_data["review_on"]
        today = timezone.localdate()
        earliest, latest = shift_years(today, -1), shift_years(today, 2)
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(
                between(
                    _("Enter a review date between %(earliest)s and %(latest)s"), earliest, latest
                )
            )
        return day


class ActionForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Select an action")), *ActionKind.choices]
    )
    detail = forms.CharField(label=_("Details"), required=False, max_length=300)
    owner = forms.ChoiceField(
        label=_("Who acts"), choices=[("", _("Select who")), *ActionOwner.choices]
    )

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            if not data.get("kind") and "kind" not in self.errors:
                self.add_error("kind", _("Select the action"))
            if not data.get("owner") and "owner" not in self.errors:
                self.add_error("owner", _("Select who acts"))
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
        label=_("Status"), choices=MilestoneStatus.choices, widget=forms.RadioSelect
    )
    achieved_on = GovukDateField(label=_("Date achieved"), required=False)

    def __init__(self, *args, referred_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referred_on = referred_on

    def clean_achieved_on(self):
        day = self.cleaned_data["achieved_on"]
        if day and self.referred_on and day < self.referred_on:
            raise forms.ValidationError(
                _not_before_referral(
                    _("The date achieved cannot be before the referral on %(day)s"),
                    self.referred_on,
                )
            )
        return day

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == MilestoneStatus.ACHIEVED
            and not data.get("achieved_on")
            and "achieved_on" not in self.errors
        ):
            self.add_error("achieved_on", _("Enter the date it was achieved"))
        achieved = data.get("achieved_on")
        if achieved and achieved > timezone.localdate():
            self.add_error("achieved_on", _("The date achieved cannot be in the future"))
        return data


class ReviewForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label=_("Date held"), required_message=_("Enter the date it was held"))
    attendees = forms.CharField(
        label=_("Who attended"),
        max_length=300,
        error_messages={"required": _("Enter who attended")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the outcome")},
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, referred_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referred_on = referred_on

    def clean_held_on(self):
        day: date = self.cleaned_data["held_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The review date cannot be in the future"))
        if day and self.referred_on and day < self.referred_on:
            raise forms.ValidationError(
                _not_before_referral(
                    _("The review date cannot be before the referral on %(day)s"), self.referred_on
                )
            )
        return day


def _not_before_referral(message: str, referred_on: date) -> str:
    return message % {"day": date_format(referred_on, "j F Y")}


class CheckInScheduleForm(GovukFormMixin, forms.Form):
    every_days = forms.TypedChoiceField(
        label=_("How often"),
        coerce=int,
        widget=forms.RadioSelect,
        initial=14,
        choices=[(14, _("Every two weeks")), (7, _("Every week (common in the first phase)"))],
        error_messages={"required": _("Select how often")},
    )


class StepBackForm(GovukFormMixin, forms.Form):
    starts_on = GovukDateField(
        label=_("Step back from"), required_message=_("Enter the start date")
    )
    weeks = forms.IntegerField(
        label=_("For how many weeks"),
        min_value=1,
        max_value=8,
        error_messages={
            "required": _("Enter the number of weeks"),
            "invalid": _("Enter a whole number of weeks"),
            "min_value": _("Enter at least 1 week"),
            "max_value": _("Enter 8 weeks or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    hours = forms.DecimalField(
        label=_("Hours a week during the step back"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Enter the hours a week"),
            "invalid": _("Enter the hours as a number, like 15"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )

    def __init__(self, *args, contracted_hours: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.contracted_hours = contracted_hours

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        earliest, latest = a_year_either_side()
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(
                between(
                    _("Enter a start date between %(earliest)s and %(latest)s"), earliest, latest
                )
            )
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not Decimal("0") < hours <= self.contracted_hours:
            raise forms.ValidationError(
                _("Enter hours more than 0 and up to the contracted %(hours)s")
                % {"hours": self.contracted_hours}
            )
        return hours
