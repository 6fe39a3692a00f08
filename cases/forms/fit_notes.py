"""The fit-note form: the Med3 items and their rules (DOMAIN §2)."""

from datetime import MAXYEAR, MINYEAR, date, timedelta

from django import forms
from django.utils import timezone

from cases.models import (
    Fitness,
    FitNote,
)
from rtw.forms import GovukDateField, GovukFormMixin, say_optional


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # Past either end of the calendar: "later (or earlier) than any date" is what the rules need.
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
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

    def __init__(self, *args, today: date | None = None, born_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.born_on = born_on
        self.warnings: list[str] = []
        self.fields["issuer_profession"].choices = [
            c for c in self.fields["issuer_profession"].choices if c[0]
        ]
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("needs_reassessment", "")
        # The end of the period is needed unless the note is indefinite: its hint says so.
        say_optional(self, conditional=("ends_on",))

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
        if assessed_on and assessed_on > self.today:
            self.add_error("assessed_on", "The date assessed cannot be in the future")
        if starts_on and issued_on and starts_on < _add_months(issued_on, -12):
            self.add_error(
                "starts_on",
                "The period can start at most 1 year before the date of statement",
            )
        if issued_on and assessed_on and issued_on < assessed_on:
            self.add_error(
                "issued_on", "The date of statement must be on or after the date assessed"
            )
        if condition_started_on and condition_started_on > self.today:
            self.add_error("condition_started_on", "The condition cannot start in the future")
        elif condition_started_on and self.born_on and condition_started_on < self.born_on:
            self.add_error(
                "condition_started_on", "The condition cannot start before the patient was born"
            )
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
