"""Forms for stepped support, supervision sessions, training records and the team's settings."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import OPEN_STATUSES, SUPPORT_LEVEL_CONTACTS, Case, SupportLevel
from plans.approval import APPROVAL_COMMENT_MAX_LENGTH
from rtw.forms import GovukDateField, GovukFormMixin
from rtw.models import Organisation, Role, User
from supervision.models import COURSE_MAX_LENGTH, DISCUSSION_NOTE_MAX_LENGTH


class SupportLevelForm(GovukFormMixin, forms.Form):
    support_level = forms.ChoiceField(
        label=_("Support level"),
        choices=SupportLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the support level")},
    )
    planned_contacts = forms.IntegerField(
        label=_("Planned contacts with the worker"),
        help_text=_("Light 1 to 3, standard 4 to 6, intensive 7 to 12"),
        min_value=1,
        max_value=12,
        error_messages={
            "required": _("Enter the number of planned contacts"),
            "invalid": _("Enter the number of planned contacts as a whole number, like 5"),
            "min_value": _("Plan at least 1 contact"),
            "max_value": _("Plan at most 12 contacts"),
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def clean(self):
        data = super().clean()
        level, planned = data.get("support_level"), data.get("planned_contacts")
        if level and planned is not None:
            low, high = SUPPORT_LEVEL_CONTACTS[SupportLevel(level)]
            if not low <= planned <= high:
                self.add_error(
                    "planned_contacts",
                    _("%(level)s support plans between %(low)s and %(high)s contacts")
                    % {"level": SupportLevel(level).name.capitalize(), "low": low, "high": high},
                )
        return data


def _team_staff(team: Organisation):
    return User.objects.filter(
        organisation=team, role__in=[Role.VSW, Role.SUPERVISOR], is_active=True
    ).order_by("full_name")


class SessionForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label=_("Date of the session"), required_message=_("Enter the date"))
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who attended"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select who attended"),
            "invalid_choice": _("Select people from the team"),
            "invalid_pk_value": _("Select people from the team"),
        },
    )

    def __init__(self, *args, team: Organisation, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["attendees"].queryset = _team_staff(team)
        self.fields["attendees"].label_from_instance = lambda user: user.full_name

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value and value > self.today:
            raise forms.ValidationError(_("The date of the session cannot be in the future"))
        return value


class DiscussionForm(GovukFormMixin, forms.Form):
    case = forms.ModelChoiceField(
        label=_("Case discussed"),
        queryset=Case.objects.none(),
        empty_label=_("Select a case"),
        error_messages={
            "required": _("Select the case discussed"),
            "invalid_choice": _("Select one of the team's open cases"),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Staff only. It goes on the case's timeline."),
        max_length=DISCUSSION_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter a note about the discussion"),
            "max_length": _("The note must be %(limit_value)s characters or fewer"),
        },
    )

    def __init__(self, *args, team: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            Case.objects.filter(team=team, status__in=OPEN_STATUSES)
            .select_related("worker")
            .order_by("worker__last_name", "worker__first_name", "pk")
        )
        self.fields["case"].label_from_instance = lambda case: case.worker.full_name

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Enter a note about the discussion"))
        return note


class TrainingForm(GovukFormMixin, forms.Form):
    vsw = forms.ModelChoiceField(
        label=_("VSW"),
        queryset=User.objects.none(),
        empty_label=_("Select a VSW"),
        error_messages={
            "required": _("Select the VSW"),
            "invalid_choice": _("Select a VSW of the team"),
        },
    )
    course = forms.CharField(
        label=_("Course"),
        max_length=COURSE_MAX_LENGTH,
        error_messages={
            "required": _("Enter the course"),
            "max_length": _("The course must be %(limit_value)s characters or fewer"),
        },
    )
    completed_on = GovukDateField(
        label=_("Completed on"), required_message=_("Enter the date the course was completed")
    )
    renewal_due_on = GovukDateField(
        label=_("Renewal due (optional)"),
        help_text=_("Leave empty if the course never needs renewing."),
        required=False,
    )

    def __init__(self, *args, team: Organisation, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["vsw"].queryset = User.objects.filter(
            organisation=team, role=Role.VSW, is_active=True
        ).order_by("full_name")
        self.fields["vsw"].label_from_instance = lambda user: user.full_name

    def clean_course(self):
        course = self.cleaned_data["course"].strip()
        if not course:
            raise forms.ValidationError(_("Enter the course"))
        return course

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value and value > self.today:
            raise forms.ValidationError(_("The completion date cannot be in the future"))
        return value

    def clean(self):
        data = super().clean()
        completed, renewal = data.get("completed_on"), data.get("renewal_due_on")
        if completed and renewal and renewal <= completed:
            self.add_error(
                "renewal_due_on", _("The renewal date must be after the completion date")
            )
        return data


class TeamSettingsForm(GovukFormMixin, forms.Form):
    plans_need_approval = forms.BooleanField(
        label=_("A supervisor approves each plan before it is proposed"),
        help_text=_(
            "The VSW asks for approval; the plan can be proposed to the worker and employer "
            "once a supervisor of the team has approved that version."
        ),
        required=False,
    )


class ApprovalDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve this version")), ("return", _("Return it to the VSW"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select approve or return")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Required when you return the plan: say what needs to change."),
        required=False,
        max_length=APPROVAL_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The comment must be %(limit_value)s characters or fewer")},
    )

    def clean(self):
        data = super().clean()
        comment = (data.get("comment") or "").strip()
        data["comment"] = comment
        if data.get("decision") == "return" and not comment:
            self.add_error("comment", _("Enter a comment saying what needs to change"))
        return data
