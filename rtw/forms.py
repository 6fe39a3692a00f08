from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError


class GovukFormMixin:
    """Renders with the GOV.UK pack and leaves validation to the server, so that the error
    summary and the message next to each field are what the user sees."""

    use_required_attribute = False
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = "s"


class GovukAuthenticationForm(GovukFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        _drop_autofocus(self)


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_autofocus(self)


def _drop_autofocus(form) -> None:
    """Keyboard and screen-reader users must meet the skip link first, so no field grabs
    focus on load."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


__all__ = [
    "GovukAuthenticationForm",
    "GovukDateField",
    "GovukFormMixin",
    "GovukPasswordChangeForm",
]


class GovukDateField(DateInputField):
    """GOV.UK day/month/year date input with plain-English messages."""

    def __init__(self, *, required_message: str = "Enter a date", **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message
        self.error_messages["incomplete"] = "Enter the day, month and year"

    def compress(self, data_list):
        day, month, year = data_list
        if day and month and year:
            try:
                return date(day=int(day), month=int(month), year=int(year))
            except ValueError as exc:
                raise ValidationError("Enter a real date", code="invalid_date") from exc
        return None
