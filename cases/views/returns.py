"""The first day back at work: recorded from the case page, and asked for when a case closes
with an outcome in which the worker returned (docs/service-figures.md)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from cases import actions
from cases.access import get_case_for
from cases.forms.returns import CloseWithReturnForm, ReturnForm
from cases.models import CaseStatus
from rtw.access import STAFF_ROLES, allow
from rtw.pages import form_page, restore_kept_form


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def record_return(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    if case.status in (CaseStatus.REFERRED, CaseStatus.DECLINED):
        messages.info(request, _("The service has not taken this case on."))
        return redirect("cases:case_detail", code=case.code)
    form = ReturnForm(
        request.POST if request.method == "POST" else None,
        initial={"returned_to_work_on": case.returned_to_work_on},
        absence_started_on=case.worker.absence_started_on,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_return(
                case=case, returned_on=form.cleaned_data["returned_to_work_on"], by=request.user
            )
            messages.success(request, _("First day back at work recorded."))
        except actions.TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("cases:case_detail", code=case.code)
    return form_page(
        request, form, title=_("Record the first day back at work"), submit=_("Save"), case=case
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def close_case(request: HttpRequest, code) -> HttpResponse:
    """Close a case, asking for the first day back at work when the outcome says the worker
    returned and none is recorded yet."""
    case = get_case_for(request.user, code, action="change")
    form = CloseWithReturnForm(
        request.POST if request.method == "POST" else None,
        referred_on=timezone.localdate(case.referred_at),
        needs_return=case.returned_to_work_on is None,
        absence_started_on=case.worker.absence_started_on,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case_with_return(
                case=case,
                outcome=form.cleaned_data["outcome"],
                closed_on=form.cleaned_data["closed_on"],
                returned_on=form.cleaned_data.get("returned_to_work_on"),
                by=request.user,
            )
            messages.success(request, _("Case closed."))
        except actions.TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("cases:case_detail", code=case.code)
    if request.method == "GET":
        restore_kept_form(request, form)
    # A confirmation page, as GOV.UK's pattern for a destructive action: what closing does, the
    # outcome and date, a warning button, and Cancel back to the case.
    return render(request, "cases/close_case.html", {"case": case, "form": form})
