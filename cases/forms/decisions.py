"""The service team's decisions on a case: accept, decline, close, reassign, share."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import (
    ClosureOutcome,
    Recipient,
    ShareItem,
    SupportLevel,
)
from rtw.forms import GovukDateField, GovukFormMixin
from rtw.models import Organisation, Role, User


class AcceptForm(GovukFormMixin, forms.Form):
    vsw = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        empty_label=_("Select a VSW"),
        error_messages={"required": _("Select the VSW who will take this case")},
    )
    # Stepped support starts at the level chosen here (standard unless said otherwise); the
    # VSW can change it on the case later (supervision app).
    support_level = forms.ChoiceField(
        label=_("Support level"),
        choices=SupportLevel.choices,
        initial=SupportLevel.STANDARD,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("How many contacts with the worker you expect. You can change it later."),
    )

    def __init__(self, *args, team: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsw"].queryset = User.objects.filter(
            organisation=team, role=Role.VSW, is_active=True
        )


class DeclineForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The referring clinician sees this reason."),
        error_messages={"required": _("Enter the reason for declining")},
    )


class CloseCaseForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ClosureOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the outcome")},
    )
    closed_on = GovukDateField(label=_("Date closed"), required_message=_("Enter the date closed"))

    def __init__(self, *args, today: date | None = None, referred_on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.referred_on = referred_on

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value and value > self.today:
            raise forms.ValidationError(_("The closing date cannot be in the future"))
        if value and self.referred_on and value < self.referred_on:
            raise forms.ValidationError(
                _("The closing date cannot be before the referral on %(day)s")
                % {"day": date_format(self.referred_on, "j F Y")}
            )
        return value


class ReassignForm(GovukFormMixin, forms.Form):
    cases = forms.MultipleChoiceField(
        label=_("Cases to reassign"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one case to reassign")},
    )
    vsw = forms.ModelChoiceField(
        label=_("Reassign to"),
        queryset=User.objects.none(),
        empty_label=_("Select a VSW"),
        error_messages={"required": _("Select the VSW who will take the cases")},
    )

    def __init__(self, *args, team: Organisation, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vsw"].queryset = User.objects.filter(
            organisation=team, role=Role.VSW, is_active=True
        )
        self.fields["cases"].choices = [
            (
                str(c.code),
                _("%(name)s (%(vsw)s)")
                % {"name": c.worker.full_name, "vsw": c.assigned_vsw or _("unassigned")},
            )
            for c in cases
        ]


class ConsentForm(GovukFormMixin, forms.Form):
    recipient = forms.ChoiceField(choices=Recipient.choices, widget=forms.HiddenInput)
    item = forms.ChoiceField(choices=ShareItem.choices, widget=forms.HiddenInput)
    share = forms.TypedChoiceField(
        choices=[("yes", _("Share")), ("no", _("Stop sharing"))],
        coerce=lambda v: v == "yes",
        widget=forms.HiddenInput,
    )
