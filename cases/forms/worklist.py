"""The worklist's quick filters, search and sort."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import (
    OPEN_STATUSES,
    CaseStatus,
)

WORKLIST_SORTS = {
    "next": ("next_action_on", _("Next action, soonest first")),
    "absence": ("worker__absence_started_on", _("Longest absence first")),
    "expiry": ("fit_ends_on", _("Fit note ending soonest")),
    "name": ("worker__last_name", _("Name")),
    "status": ("status", _("Status")),
}

# The quick filters, each also a count card at the top of the worklist.
WORKLIST_FILTERS = {
    "week": _("Due this week"),
    "overdue": _("Overdue"),
    "expiring": _("Fit note ending within 14 days"),
    "at_risk": _("At risk of relapse"),
    "awaiting": _("Awaiting decision"),
}


class WorklistFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or NHS number"),
        required=False,
        max_length=100,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open"))]
        + [(s.value, s.label) for s in OPEN_STATUSES]
        + [(CaseStatus.CLOSED.value, CaseStatus.CLOSED.label)],
    )
    due = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All"))] + list(WORKLIST_FILTERS.items()),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (_field, label) in WORKLIST_SORTS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False
