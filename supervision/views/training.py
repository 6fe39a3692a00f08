"""VSW training records: kept by the team's supervisors, each VSW sees their own."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.once import submit_once
from rtw.pages import form_page
from supervision import actions
from supervision.forms import TrainingForm
from supervision.models import TrainingRecord
from supervision.reminders import REMINDER_DAYS

MAX_ROWS = 500


@allow(STAFF_ROLES)
@require_GET
def training(request: HttpRequest) -> HttpResponse:
    """A supervisor's team's records, or a VSW's own; renewals due soon are marked."""
    records = list(
        TrainingRecord.objects.visible_to(request.user)
        .select_related("vsw")
        .order_by("vsw__full_name", "-completed_on", "id")[:MAX_ROWS]
    )
    today = timezone.localdate()
    soon = today + timezone.timedelta(days=REMINDER_DAYS)
    rows = [
        {
            "record": record,
            "overdue": record.renewal_due_on is not None and record.renewal_due_on < today,
            "due_soon": record.renewal_due_on is not None
            and today <= record.renewal_due_on <= soon,
        }
        for record in records
    ]
    record_list(
        by=request.user,
        action="training_record.list",
        record_type="training_record",
        key="training_records",
        codes=[record.code for record in records],
        detail={"page": request.path},
    )
    return render(
        request,
        "supervision/training.html",
        {"rows": rows, "is_supervisor": request.user.role == Role.SUPERVISOR},
    )


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
@submit_once
def new_training(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(
        request.POST if request.method == "POST" else None, team=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        actions.record_training(
            vsw=form.cleaned_data["vsw"],
            course=form.cleaned_data["course"],
            completed_on=form.cleaned_data["completed_on"],
            renewal_due_on=form.cleaned_data["renewal_due_on"],
            by=request.user,
        )
        messages.success(request, _("Training record saved."))
        return redirect("supervision:training")
    return form_page(request, form, title=_("Record training"), submit=_("Save training record"))
