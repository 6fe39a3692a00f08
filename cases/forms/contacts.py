"""The contact log form."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    Contact,
    ContactParty,
    Obstacle,
)
from cases.sharing import involves_employer
from rtw.forms import GovukDateField, GovukFormMixin, say_optional

# Shown by the "who with" field when the worker has not agreed to involve their employer.
EMPLOYER_NOT_INVOLVED = _(
    "The worker has not agreed that the service may contact their employer. "
    "Ask them first, and record their agreement under What the worker shares"
)


class ContactForm(GovukFormMixin, forms.ModelForm):
    contact_date = GovukDateField(
        label=_("Date"), required_message=_("Enter the date of the contact")
    )
    contact_time = forms.TimeField(
        label=_("Time"),
        help_text=_("For example, 14:30"),
        error_messages={
            "required": _("Enter the time of the contact"),
            "invalid": _("Enter a time like 14:30"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    obstacles = forms.MultipleChoiceField(
        label=_("Obstacles identified"),
        choices=Obstacle.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contact
        fields = [
            "party",
            "other_name",
            "other_role",
            "mode",
            "duration_minutes",
            "summary",
            "obstacles",
            "next_step",
        ]
        widgets = {
            "party": forms.RadioSelect,
            "mode": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "party": {"required": _("Select who the contact was with")},
            "mode": {"required": _("Select how you were in contact")},
            "duration_minutes": {
                "required": _("Enter how long the contact lasted, in minutes"),
                "invalid": _("Enter the duration as a whole number of minutes"),
            },
            "summary": {"required": _("Enter a summary of the contact")},
        }

    field_order = [
        "contact_date",
        "contact_time",
        "party",
        "other_name",
        "other_role",
        "mode",
        "duration_minutes",
        "summary",
        "obstacles",
        "next_step",
    ]

    def __init__(
        self,
        *args,
        today: date | None = None,
        referred_on: date | None = None,
        case: Case | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.referred_on = referred_on
        self.case = case
        self.fields["mode"].choices = [c for c in self.fields["mode"].choices if c[0]]
        self.fields["party"].choices = [c for c in self.fields["party"].choices if c[0]]
        self.fields["other_name"].help_text = _("Only if the contact was with someone else")
        role_hint = _("Only if the contact was with someone else, for example occupational health")
        self.fields["other_role"].help_text = role_hint
        say_optional(self, conditional=("other_name", "other_role"))
        if not self.is_bound:
            # Most contacts are logged straight after the call: now is the likeliest answer.
            now = timezone.localtime()
            self.initial.setdefault("contact_date", now.date())
            self.initial.setdefault("contact_time", f"{now:%H:%M}")

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and not 1 <= minutes <= 600:
            raise forms.ValidationError(_("Enter a duration between 1 and 600 minutes"))
        return minutes

    def clean(self):
        data = super().clean()
        party = data.get("party")
        if party == ContactParty.OTHER:
            for name, message in (
                ("other_name", _("Enter the name of the person the contact was with")),
                ("other_role", _("Enter the role of the person the contact was with")),
            ):
                data[name] = (data.get(name) or "").strip()
                if not data[name]:
                    self.add_error(name, message)
        elif party:
            # Only someone else is named: a name typed before changing the choice is dropped.
            data["other_name"] = data["other_role"] = ""
        if (
            party == ContactParty.EMPLOYER
            and self.case is not None
            and not involves_employer(self.case)
        ):
            self.add_error("party", EMPLOYER_NOT_INVOLVED)
        day, time = data.get("contact_date"), data.get("contact_time")
        if day and day > self.today:
            self.add_error("contact_date", _("The contact cannot be in the future"))
        elif day and self.referred_on and day < self.referred_on:
            self.add_error(
                "contact_date",
                _("The contact cannot be before the referral on %(day)s")
                % {"day": date_format(self.referred_on, "j F Y")},
            )
        if day and time:
            self.instance.occurred_at = timezone.make_aware(timezone.datetime.combine(day, time))
        return data
