"""The filter on a case's audit trail (supervisors): by person and by date."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rtw.forms import EARLIEST_YEAR, LATEST_YEAR


class CaseAuditFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"), required=False, choices=[("", _("Everyone"))])
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people=(), **kwargs):
        """``people``: the email addresses that appear in this case's trail."""
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False
        self.fields["person"].choices = [("", _("Everyone"))] + [(p, p) for p in people]

    def _plausible(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            )
        return day

    def clean_date_from(self):
        return self._plausible("date_from")

    def clean_date_to(self):
        return self._plausible("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("The end date must be the same as or after the start date.")
            )
        return data
