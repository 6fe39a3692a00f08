"""The dashboard's filters: team, referring practice, and a range of referral dates."""

from functools import cached_property, partial

from django import forms
from django.utils.translation import gettext_lazy as _

from rtw.forms import GovukDateField, GovukFormMixin
from rtw.models import Organisation, OrganisationKind


class FiguresFilterForm(GovukFormMixin, forms.Form):
    """Read from the query string. ``teams`` are the teams the user may choose
    (``reports.access.teams_for``): any other team is not a valid choice, so a supervisor who
    asks for another team's figures gets an error and no figures."""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All teams"),
        error_messages={"invalid_choice": _("Select one of your teams")},
    )
    practice = forms.ModelChoiceField(
        label=_("Referring practice"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All practices"),
        error_messages={"invalid_choice": _("Select a practice from the list")},
    )
    referred_from = GovukDateField(label=_("Referred on or after"), required=False)
    referred_to = GovukDateField(label=_("Referred on or before"), required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Input is checked against these querysets; the lists drawn on the page are read from
        # both in one query, and only when the form is drawn (the downloads never draw it).
        self._teams = teams if teams is not None else Organisation.objects.none()
        self._practices = Organisation.objects.filter(kind=OrganisationKind.GP_PRACTICE)
        self.fields["team"].queryset = self._teams
        self.fields["practice"].queryset = self._practices.order_by("name")
        for name in ("team", "practice"):
            self.fields[name].choices = partial(self._choices, name)

    @cached_property
    def _organisations(self) -> dict[str, list[Organisation]]:
        """The teams and the practices to choose from, by name, in one query."""
        found: dict[str, list[Organisation]] = {"team": [], "practice": []}
        for organisation in (self._teams | self._practices).order_by("name"):
            is_practice = organisation.kind == OrganisationKind.GP_PRACTICE
            found["practice" if is_practice else "team"].append(organisation)
        return found

    def _choices(self, name: str) -> list[tuple]:
        field = self.fields[name]
        return [("", field.empty_label)] + [
            (organisation.pk, field.label_from_instance(organisation))
            for organisation in self._organisations[name]
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("referred_from"), data.get("referred_to")
        if start and end and end < start:
            self.add_error("referred_to", _("The end of the range must be on or after its start"))
        return data

    def apply(self, cases):
        """``cases`` narrowed to the chosen team, practice and referral dates (valid form)."""
        data = self.cleaned_data
        if data.get("team"):
            cases = cases.filter(team=data["team"])
        if data.get("practice"):
            cases = cases.filter(referring_practice=data["practice"])
        if data.get("referred_from"):
            cases = cases.filter(referred_at__date__gte=data["referred_from"])
        if data.get("referred_to"):
            cases = cases.filter(referred_at__date__lte=data["referred_to"])
        return cases

    def described(self) -> dict[str, str]:
        """The filters in words, for the audit trail, the CSV and the PDF (valid form)."""
        data = self.cleaned_data
        return {
            "team": data["team"].name if data.get("team") else str(_("All")),
            "practice": data["practice"].name if data.get("practice") else str(_("All")),
            "referred_from": data["referred_from"].isoformat() if data.get("referred_from") else "",
            "referred_to": data["referred_to"].isoformat() if data.get("referred_to") else "",
        }
