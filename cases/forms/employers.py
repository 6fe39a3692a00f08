"""Linking a case to the employer the referrer typed: an organisation the service knows, or a
new one made from what was typed."""

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from rtw.forms import GovukFormMixin
from rtw.models import Organisation, OrganisationKind


class LinkChoice(models.TextChoices):
    EXISTING = "EXISTING", _("An employer the service already knows")
    NEW = "NEW", _("A new employer")


class LinkEmployerForm(GovukFormMixin, forms.Form):
    link = forms.ChoiceField(
        label=_("Which employer is it?"),
        choices=LinkChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the employer is on the list or new")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Select an employer"),
    )
    name = forms.CharField(
        label=_("Employer's name"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Enter the employer's name in 200 characters or fewer")},
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Enter the address in 500 characters or fewer")},
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        employers = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER)
        self.fields["organisation"].queryset = employers
        if not self.is_bound:
            given = case.employer_name_given
            match = employers.filter(name__iexact=given).first() if given else None
            self.initial.update({"name": given})
            if match is not None:
                self.initial.update({"link": LinkChoice.EXISTING, "organisation": match.pk})
        self.helper.layout = Layout(
            ConditionalRadios(
                "link",
                ConditionalQuestion(str(LinkChoice.EXISTING.label), "organisation"),
                ConditionalQuestion(str(LinkChoice.NEW.label), "name", "address"),
            )
        )

    def clean(self):
        data = super().clean()
        link = data.get("link")
        name = (data.get("name") or "").strip()
        missing = not data.get("organisation") and "organisation" not in self.errors
        if link == LinkChoice.EXISTING and missing:
            self.add_error("organisation", _("Select the employer, or choose a new employer"))
        if link == LinkChoice.NEW and "name" not in self.errors:
            if not name:
                self.add_error("name", _("Enter the new employer's name"))
            elif self.fields["organisation"].queryset.filter(name__iexact=name).exists():
                self.add_error(
                    "name",
                    _("An employer called %(name)s already exists: choose it from the list instead")
                    % {"name": name},
                )
        data["name"] = name
        return data

    def link_arguments(self) -> dict:
        """Keyword arguments for ``actions.link_employer``, from a valid form."""
        if self.cleaned_data["link"] == LinkChoice.EXISTING:
            return {"organisation": self.cleaned_data["organisation"]}
        return {"new_name": self.cleaned_data["name"], "new_address": self.cleaned_data["address"]}
