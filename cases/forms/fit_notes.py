"""The fit-note form: the Med3 items and their rules (DOMAIN §2)."""

from datetime import MAXYEAR, MINYEAR, date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Fitness,
    FitNote,
)
from cases.models.fit_notes import KINDS_BY_JURISDICTION, PROFESSIONS_BY_JURISDICTION
from rtw.forms import GovukDateField, GovukFormMixin, say_optional
from rtw.jurisdictions import Jurisdiction

# The Med3 items other countries' evidence does not have (docs/jurisdictions.md).
MED3_ONLY = ("phased_return", "altered_hours", "amended_duties", "workplace_adaptations")


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
        label=_("Date assessed"), required_message="Enter the date the patient was assessed"
    )
    condition_started_on = GovukDateField(
        label=_("When the condition started (optional)"),
        required=False,
        help_text=_("Needed to check the length of the note and for an indefinite period."),
    )
    starts_on = GovukDateField(
        label=_("Start of the period"), required_message="Enter the start of the period"
    )
    ends_on = GovukDateField(
        label=_("End of the period"),
        required=False,
        help_text=_("Leave blank only for an indefinite period."),
    )
    issued_on = GovukDateField(
        label=_("Date of statement"), required_message="Enter the date of the statement"
    )
    fitness = forms.ChoiceField(
        label=_("Advice"),
        choices=Fitness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the patient is not fit or may be fit"},
    )
    needs_reassessment = forms.TypedChoiceField(
        label=_("Will the issuer need to assess fitness again?"),
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
            "sick_leave_extent",
        ]
        error_messages = {
            "condition": {"required": "Enter the condition"},
            "issuer_name": {"required": "Enter the name of the person who issued the note"},
            "issuer_profession": {"required": "Select the issuer's profession"},
        }
        widgets = {
            "issuer_profession": forms.RadioSelect,
            "sick_leave_extent": forms.RadioSelect,
            "condition": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 3}),
            "issuer_address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "condition": "Never shown to an employer unless the worker releases it.",
            "comments": "Advice to the employer about function, not diagnosis.",
        }

    def __init__(
        self,
        *args,
        today: date | None = None,
        born_on: date | None = None,
        jurisdiction: str = Jurisdiction.UK,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.born_on = born_on
        self.jurisdiction = jurisdiction
        self.warnings: list[str] = []
        self._fields_for_jurisdiction()
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("needs_reassessment", "")
        # The end of the period is needed unless the note is indefinite: its hint says so.
        say_optional(self, conditional=("ends_on",))

    def _fields_for_jurisdiction(self) -> None:
        """The team's country decides the kinds of evidence, who issues them and which items
        they have: the Med3 tick boxes are the UK's, the extent of sick leave is Sweden's."""
        kinds = KINDS_BY_JURISDICTION.get(self.jurisdiction, KINDS_BY_JURISDICTION["UK"])
        professions = PROFESSIONS_BY_JURISDICTION.get(
            self.jurisdiction, PROFESSIONS_BY_JURISDICTION["UK"]
        )
        kind, issuer = self.fields["form_kind"], self.fields["issuer_profession"]
        kind.choices = [c for c in kind.choices if c[0] in kinds]
        issuer.choices = [c for c in issuer.choices if c[0] in professions]
        if self.instance.pk is None:
            self.initial.setdefault("form_kind", kinds[0])
        if self.jurisdiction != Jurisdiction.UK:
            for name in MED3_ONLY:
                del self.fields[name]
        if self.jurisdiction == Jurisdiction.SE:
            extent = self.fields["sick_leave_extent"]
            extent.required = True
            extent.choices = [c for c in extent.choices if c[0] != ""]
            extent.error_messages["required"] = _("Select the extent of sick leave")
        else:
            del self.fields["sick_leave_extent"]

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
            self.add_error(
                "phased_return", _("Only tick advice when the patient may be fit for work")
            )
        if issued_on and issued_on > self.today:
            self.add_error("issued_on", _("The date of statement cannot be in the future"))
        if assessed_on and assessed_on > self.today:
            self.add_error("assessed_on", _("The date assessed cannot be in the future"))
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
            self.add_error("condition_started_on", _("The condition cannot start in the future"))
        elif condition_started_on and self.born_on and condition_started_on < self.born_on:
            self.add_error(
                "condition_started_on", "The condition cannot start before the patient was born"
            )
        if indefinite and ends_on:
            self.add_error(
                "ends_on", "Leave the end date blank for an indefinite period, or untick indefinite"
            )
        elif not indefinite and starts_on and not ends_on and "ends_on" not in self.errors:
            self.add_error("ends_on", _("Enter the end of the period, or tick indefinite"))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end of the period must be on or after its start"))

        six_months_on = _add_months(condition_started_on, 6) if condition_started_on else None
        uk = self.jurisdiction == Jurisdiction.UK  # the 6- and 3-month rules are the Med3's
        if indefinite and uk:
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
            uk
            and starts_on
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
