"""The phases of a plan as forms: one phase, the formset that checks them together (no overlap,
no gap, hours that fall only in a step back), and the graded-schedule helper."""

from datetime import date
from decimal import Decimal

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rtw.forms import (
    PLAN_SECTION_MAX_LENGTH,
    GovukDateField,
    GovukFormMixin,
    say_optional,
    shift_years,
)


def a_year_either_side() -> tuple[date, date]:
    today = timezone.localdate()
    return shift_years(today, -1), shift_years(today, 1)


def between(message: str, earliest: date, latest: date) -> str:
    """``message`` is a whole sentence with ``%(earliest)s`` and ``%(latest)s``."""
    return message % {
        "earliest": date_format(earliest, "j F Y"),
        "latest": date_format(latest, "j F Y"),
    }


class PhaseForm(GovukFormMixin, forms.Form):
    note_max_length = PLAN_SECTION_MAX_LENGTH
    starts_on = GovukDateField(label=_("Start"), required_message=_("Enter the start of the phase"))
    ends_on = GovukDateField(label=_("End"), required_message=_("Enter the end of the phase"))
    hours_per_week = forms.DecimalField(
        label=_("Planned hours per week"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Enter the planned hours per week"),
            "invalid": _("Enter the hours as a number, like 18.5"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    days = forms.CharField(
        label=_("Planned days"),
        required=False,
        max_length=100,
        help_text=_("For example, Monday, Wednesday and Friday mornings"),
    )
    duties_included = forms.CharField(
        label=_("Duties included"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duties_excluded = forms.CharField(
        label=_("Duties excluded"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    supervision = forms.CharField(
        label=_("Supervision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_step_back = forms.BooleanField(
        label=_("This phase is a step back (fewer hours after a dip)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_optional(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end of the phase must be on or after its start"))
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
            raise forms.ValidationError(_("Add at least one phase"))
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
                        _("A phase cannot start before the plan, on %(day)s")
                        % {"day": date_format(self.plan_starts_on, "j F Y")},
                    )
                if end and end > latest:
                    outside = True
                    form.add_error(
                        "ends_on",
                        _("A plan runs for at most 2 years: end the phase by %(day)s")
                        % {"day": date_format(latest, "j F Y")},
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
                form.add_error("hours_per_week", _("Planned hours must be more than 0"))
            elif hours is not None and hours > self.contracted_hours:
                form.add_error(
                    "hours_per_week",
                    _("Planned hours cannot be more than the contracted %(hours)s hours")
                    % {"hours": self.contracted_hours},
                )
            if previous is not None:
                start, previous_end = data.get("starts_on"), previous.get("ends_on")
                gap = (start - previous_end).days if start and previous_end else None
                if gap is not None and gap <= 0:
                    form.add_error(
                        "starts_on",
                        _(
                            "This phase overlaps the one before: start it "
                            "the day after the previous phase ends"
                        ),
                    )
                elif gap is not None and gap > 1:
                    form.add_error(
                        "starts_on",
                        _("Leave no gap: start this phase the day after the previous phase ends"),
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
                        _(
                            "Hours fall here: mark this phase as a "
                            "step back, or plan the same or more hours"
                        ),
                    )
            previous = data


PhaseFormSet = formset_factory(
    PhaseForm, formset=BasePhaseFormSet, extra=0, can_delete=True, max_num=52, validate_max=True
)


def _share_of_hours(percent: int) -> str:
    # One sentence with the number as a placeholder: a bare "25%" in a msgid reads to gettext
    # as a broken format ("% o"), and the translator sees the sign where their language puts it.
    return gettext("%(percent)s%% of contracted hours") % {"percent": percent}


#: The label in the reader's language when the form is shown, not when this module loads.
share_of_hours = lazy(_share_of_hours, str)


class ScheduleForm(GovukFormMixin, forms.Form):
    starts_on = GovukDateField(label=_("First day back"), required_message=_("Enter the first day"))
    start_percent = forms.TypedChoiceField(
        label=_("Start at"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(percent, share_of_hours(percent)) for percent in (25, 50, 75)],
        error_messages={"required": _("Select the starting level")},
    )
    weeks = forms.IntegerField(
        label=_("Weeks to full hours"),
        min_value=1,
        max_value=26,
        help_text=_("For example, 4 weeks at 25, 50, 75 and 100%"),
        error_messages={
            "required": _("Enter the number of weeks"),
            "invalid": _("Enter a whole number of weeks"),
            "min_value": _("Enter at least 1 week"),
            "max_value": _("Enter 26 weeks or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        earliest, latest = a_year_either_side()
        if day and not earliest <= day <= latest:
            raise forms.ValidationError(
                between(
                    _("Enter a first day back between %(earliest)s and %(latest)s"),
                    earliest,
                    latest,
                )
            )
        return day
