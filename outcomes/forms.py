"""The worker's two outcome forms: the fortnightly check-in and the questionnaire (built from
``outcomes.instruments``, so a new instrument needs no new form code)."""

from decimal import Decimal

from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from outcomes.instruments import instruments
from rtw.forms import GovukFormMixin


class OutcomeCheckInForm(GovukFormMixin, forms.Form):
    days_off_sick = forms.IntegerField(
        label=_("How many days were you off sick in the last 14 days?"),
        help_text=_("Count every day you were off sick, including weekends. Enter 0 if none."),
        min_value=0,
        max_value=14,
        error_messages={
            "required": _("Enter the days you were off sick (0 if none)"),
            "invalid": _("Enter a whole number of days, like 3"),
            "min_value": _("Enter 0 or more days"),
            "max_value": _("Enter 14 days or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    hours_worked = forms.DecimalField(
        label=_("How many hours did you work in the last 14 days?"),
        help_text=_("Enter 0 if you did not work."),
        min_value=0,
        max_value=200,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Enter the hours you worked (0 if none)"),
            "invalid": _("Enter the hours as a number, like 12.5"),
            "min_value": _("Enter 0 or more hours"),
            "max_value": _("Enter 200 hours or fewer"),
            "max_digits": _("Enter the hours as a number, like 12.5"),
            "max_decimal_places": _("Enter the hours to one decimal place at most, like 12.5"),
            "max_whole_digits": _("Enter 200 hours or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("days_off_sick"), Field.text("hours_worked"))

    def answers(self) -> dict:
        return {
            "days_off_sick": self.cleaned_data["days_off_sick"],
            "hours_worked": Decimal(self.cleaned_data["hours_worked"]),
        }


def field_name(code: str, index: int) -> str:
    return f"{code}_{index + 1}"


class QuestionnaireForm(GovukFormMixin, forms.Form):
    """One page with every instrument, each a fieldset of its items."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = instruments()
        layout = []
        for instrument in self.instruments:
            names = []
            for index, item in enumerate(instrument.items):
                name = field_name(instrument.code, index)
                names.append(name)
                if instrument.options is None:
                    self.fields[name] = forms.IntegerField(
                        label=item,
                        help_text=instrument.hint,
                        required=instrument.required,
                        min_value=instrument.minimum,
                        max_value=instrument.maximum,
                        error_messages={
                            "invalid": _("Enter a whole number of weeks, like 4"),
                            "min_value": _("Enter 0 or more weeks"),
                            "max_value": _("Enter %(limit)s weeks or fewer")
                            % {"limit": instrument.maximum},
                        },
                        widget=forms.TextInput(
                            attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
                        ),
                    )
                else:
                    self.fields[name] = forms.TypedChoiceField(
                        label=item,
                        help_text=instrument.hint,
                        choices=[(str(v), label) for v, label in instrument.options],
                        coerce=int,
                        empty_value=None,
                        widget=forms.RadioSelect,
                        error_messages={
                            "required": _("Select an answer for: %(item)s") % {"item": item}
                        },
                    )
            fields = []
            for n in names:
                if instrument.options is None:
                    fields.append(Field.text(n))
                elif len(instrument.options) > 4:
                    # A 0-10 scale on one row, still a native radio group (templates/_scale.html).
                    fields.append(Field(n, template="_scale.html"))
                else:
                    fields.append(Field.radios(n, legend_size="s", small=True))
            layout.append(
                HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', instrument.title))
            )
            layout += fields
        self.helper.layout = Layout(*layout)

    def answers(self) -> dict[str, list[int | None]]:
        return {
            instrument.code: [
                self.cleaned_data.get(field_name(instrument.code, i))
                for i in range(len(instrument.items))
            ]
            for instrument in self.instruments
        }
