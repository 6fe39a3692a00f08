"""The first day back at work (``Case.returned_to_work_on``): recorded on its own, or asked for
when a case closes with an outcome in which the worker went back to work."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actions import RETURNED_OUTCOMES
from cases.forms.decisions import CloseCaseForm
from rtw.forms import GovukDateField, GovukFormMixin

LABEL = _("First day back at work")
HINT = _("The first day they worked again, at any hours. For example, 27 3 2026")


def return_date_error(
    value: date, *, absence_started_on: date | None, today: date, closed_on: date | None = None
) -> str:
    """What is wrong with ``value`` as a first day back at work, or "" (DOMAIN.md section 8:
    not in the future, not before the absence it ends)."""
    if value > today:
        return str(_("The first day back at work cannot be in the future"))
    if absence_started_on and value < absence_started_on:
        return str(
            _("The first day back at work cannot be before the absence started on %(day)s")
            % {"day": f"{absence_started_on:%-d %B %Y}"}
        )
    if closed_on and value > closed_on:
        return str(_("The first day back at work cannot be after the date closed"))
    return ""


class ReturnForm(GovukFormMixin, forms.Form):
    """Record (or correct) the first day back at work. ``absence_started_on`` is the worker's
    first day of absence."""

    returned_to_work_on = GovukDateField(
        label=LABEL, help_text=HINT, required_message=_("Enter the first day back at work")
    )

    def __init__(self, *args, absence_started_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.absence_started_on = absence_started_on

    def clean_returned_to_work_on(self):
        value = self.cleaned_data["returned_to_work_on"]
        error = return_date_error(
            value, absence_started_on=self.absence_started_on, today=timezone.localdate()
        )
        if error:
            raise forms.ValidationError(error)
        return value


class CloseWithReturnForm(CloseCaseForm):
    """The closure form, asking for the first day back at work when the case has none yet:
    required with an outcome in which the worker returned (same job, with adjustments, a new
    job), refused with one in which they did not. ``needs_return=False`` (a return is already
    recorded) leaves the question out."""

    returned_to_work_on = GovukDateField(
        label=LABEL,
        help_text=_(
            "Needed if they returned to work. The first day they worked again, at any hours. "
            "For example, 27 3 2026"
        ),
        required=False,
    )

    def __init__(
        self, *args, needs_return: bool = True, absence_started_on: date | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.absence_started_on = absence_started_on
        if not needs_return:
            del self.fields["returned_to_work_on"]

    def clean(self):
        data = super().clean()
        if "returned_to_work_on" not in self.fields:
            return data
        outcome, value = data.get("outcome"), data.get("returned_to_work_on")
        if value is None:
            if outcome in RETURNED_OUTCOMES and "returned_to_work_on" not in self.errors:
                self.add_error(
                    "returned_to_work_on",
                    _("Enter the first day back at work, since they returned to work"),
                )
            return data
        if outcome and outcome not in RETURNED_OUTCOMES:
            self.add_error(
                "returned_to_work_on",
                _("Leave the first day back at work empty: the outcome says they did not return"),
            )
            return data
        error = return_date_error(
            value,
            absence_started_on=self.absence_started_on,
            today=self.today,
            closed_on=data.get("closed_on"),
        )
        if error:
            self.add_error("returned_to_work_on", error)
        return data
