from decimal import Decimal

from crispy_forms_gds.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rtw.forms import GovukFormMixin

SCALE = [(str(n), str(n)) for n in range(11)]


def _scale(label, hint, required_message, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        required=required,
        empty_value=None,
        error_messages={"required": required_message},
    )


class CheckInForm(GovukFormMixin, forms.Form):
    """The one-minute check-in. Works the same by link, signed in, or on the phone."""

    hours_worked = forms.DecimalField(
        label=gettext_lazy("Hours you worked this week"),
        min_value=0,
        max_value=80,
        decimal_places=1,
        error_messages={
            "required": gettext_lazy("Enter the hours you worked this week (0 if none)"),
            "invalid": gettext_lazy("Enter the hours as a number, like 12.5"),
            "min_value": gettext_lazy("Enter 0 or more hours"),
            "max_value": gettext_lazy("Enter 80 hours or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    days_absent = forms.IntegerField(
        label=gettext_lazy("Days you were off sick this week"),
        min_value=0,
        max_value=7,
        error_messages={
            "required": gettext_lazy("Enter the days off sick this week (0 if none)"),
            "invalid": gettext_lazy("Enter a whole number of days"),
            "min_value": gettext_lazy("Enter 0 or more days"),
            "max_value": gettext_lazy("Enter 7 days or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    sleep = _scale(
        gettext_lazy("Sleep"),
        gettext_lazy("0 is very poor, 10 is very good"),
        gettext_lazy("Select a number from 0 to 10 for sleep"),
    )
    mood = _scale(
        gettext_lazy("Mood"),
        gettext_lazy("0 is very low, 10 is very good"),
        gettext_lazy("Select a number from 0 to 10 for mood"),
    )
    energy = _scale(
        gettext_lazy("Energy"),
        gettext_lazy("0 is none at all, 10 is plenty"),
        gettext_lazy("Select a number from 0 to 10 for energy"),
    )
    symptoms = _scale(
        gettext_lazy("How strong your symptoms are"),
        gettext_lazy("0 is none, 10 is the worst they get"),
        gettext_lazy("Select a number from 0 to 10 for how strong your symptoms are"),
    )
    work_ability = _scale(
        gettext_lazy("Your ability to work now, compared with your best (optional)"),
        gettext_lazy("0 means you cannot work at all now, 10 is your best"),
        gettext_lazy("Select a number from 0 to 10 for your ability to work now"),
        required=False,
    )
    warning_signs_ticked = forms.MultipleChoiceField(
        label=gettext_lazy("Have you noticed any of your early warning signs?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    comments = forms.CharField(
        label=gettext_lazy("What helped, what was hard? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    wants_contact = forms.BooleanField(
        label=gettext_lazy("I'd like my support worker to contact me"), required=False
    )

    def __init__(self, *args, check_in, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_in = check_in
        signs = check_in.warning_signs_offered or []
        field = self.fields["warning_signs_ticked"]
        if signs:
            field.choices = [(s, s) for s in signs]
        else:
            del self.fields["warning_signs_ticked"]
        if check_in.planned_hours is not None:
            # Prefilled from the plan: most weeks the worker only confirms it.
            planned = f"{check_in.planned_hours.normalize():f}"
            self.fields["hours_worked"].help_text = _(
                "Your plan for this week: %(hours)s hours"
            ) % {"hours": planned}
            self.initial.setdefault("hours_worked", planned)
            self.initial.setdefault("days_absent", 0)
        layout = [Div(Field.text("hours_worked"), Field.text("days_absent"), css_class="app-pair")]
        layout += [
            Field(name, template="_scale.html")
            for name in ("sleep", "mood", "energy", "symptoms", "work_ability")
        ]
        if signs:
            layout.append(Field.checkboxes("warning_signs_ticked", legend_size="s", small=True))
        layout += [Field.textarea("comments", rows=2), Field.checkbox("wants_contact", small=True)]
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("warning_signs_ticked", [])
        data["hours_worked"] = Decimal(data["hours_worked"])
        return data
