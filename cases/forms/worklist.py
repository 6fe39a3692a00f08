"""The worklist's filter and sort."""

from django import forms

from cases.models import (
    OPEN_STATUSES,
    CaseStatus,
)

WORKLIST_SORTS = {
    "absence": ("worker__absence_started_on", "Longest absence first"),
    "expiry": ("fit_ends_on", "Fit note ending soonest"),
    "name": ("worker__last_name", "Name"),
    "status": ("status", "Status"),
}


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All open")]
        + [(s.value, s.label) for s in OPEN_STATUSES]
        + [(CaseStatus.CLOSED.value, CaseStatus.CLOSED.label)],
    )
    due = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All"),
            ("expiring", "Fit note ending within 14 days"),
            ("overdue", "Overdue"),
        ],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (_, label) in WORKLIST_SORTS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False
