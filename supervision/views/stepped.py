"""Stepped support: the level and planned contacts of a case, and the supervisor's list of the
cases far from their plan."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.access import get_case_for
from cases.actions import TransitionError
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.pages import form_page
from supervision import actions
from supervision.forms import SupportLevelForm
from supervision.stepped import BEHIND_AFTER_DAYS, QUIET_DAYS, far_from_plan, reasons

PAGE_SIZE = 50


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def support_level(request: HttpRequest, code) -> HttpResponse:
    """The VSW (or a supervisor) sets the case's support level and planned contacts."""
    case = get_case_for(request.user, code, action="change")
    initial = {"support_level": case.support_level, "planned_contacts": case.planned_contacts}
    form = SupportLevelForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_support_level(
                case=case,
                level=form.cleaned_data["support_level"],
                planned_contacts=form.cleaned_data["planned_contacts"],
                by=request.user,
            )
        except TransitionError as exc:
            form.add_error("planned_contacts", str(exc))
        else:
            messages.success(request, _("Support level saved."))
            return redirect("cases:case_detail", code=case.code)
    return form_page(
        request, form, title=_("Support level"), submit=_("Save support level"), case=case
    )


@allow(Role.SUPERVISOR)
@require_GET
def off_plan(request: HttpRequest) -> HttpResponse:
    """The supervisor's team's cases far from their plan (docs/supervision.md). One query for
    the rows however many, and one audit row naming every case shown."""
    cases = far_from_plan([request.user.organisation_id], timezone.now())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": case, "reasons": reasons(case)} for case in page.object_list]
    record_list(
        by=request.user,
        action="case.list_off_plan",
        record_type="case",
        key="cases",
        codes=[row["case"].code for row in rows],
        detail={"page": request.path, "page_number": page.number},
    )
    return render(
        request,
        "supervision/off_plan.html",
        {
            "rows": rows,
            "page": page,
            "behind_after_weeks": BEHIND_AFTER_DAYS // 7,
            "quiet_days": QUIET_DAYS,
        },
    )
