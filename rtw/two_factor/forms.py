from django import forms
from django.utils.translation import gettext_lazy as _

from rtw.forms import GovukFormMixin


class CodeForm(GovukFormMixin, forms.Form):
    """A six-digit code from an authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit code the app shows now, for example 123456"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("The code must be 6 digits, for example 123456"))
        return code


class RecoveryCodeForm(GovukFormMixin, forms.Form):
    """One of the ten recovery codes given when two-factor sign-in was set up."""

    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the 8-character codes you saved when you set up two-factor sign-in"),
        max_length=20,
        error_messages={"required": _("Enter a recovery code")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
