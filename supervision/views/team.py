"""The team's settings page for its supervisors, and plan approval."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.actions import TransitionError
from plans.access import get_plan_for
from plans.approval import (
    ApprovalStatus,
    PlanApproval,
    decide_approval,
    latest_approval,
    request_approval,
)
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.pages import form_page
from supervision import actions
from supervision.forms import ApprovalDecisionForm, TeamSettingsForm

MAX_ROWS = 200


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def team_settings(request: HttpRequest) -> HttpResponse:
    team = request.user.organisation
    form = TeamSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"plans_need_approval": team.plans_need_approval},
    )
    if request.method == "POST" and form.is_valid():
        actions.set_plans_need_approval(
            team=team, required=form.cleaned_data["plans_need_approval"], by=request.user
        )
        messages.success(request, _("Team settings saved."))
        return redirect("supervision:team_settings")
    return form_page(
        request,
        form,
        title=_("Settings for %(team)s") % {"team": team.name},
        submit=_("Save settings"),
    )


@allow(STAFF_ROLES)
@require_POST
def ask_approval(request: HttpRequest, code) -> HttpResponse:
    """The VSW asks the team's supervisors to approve this plan version."""
    plan = get_plan_for(request.user, code, action="change")
    try:
        request_approval(plan=plan, by=request.user)
        messages.success(request, _("Approval asked for. The team's supervisors have been told."))
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("plans:detail", code=plan.code)


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def plan_approval(request: HttpRequest, code) -> HttpResponse:
    """A supervisor of the team approves the version waiting, or returns it with a comment."""
    plan = get_plan_for(request.user, code, action="change")
    latest = latest_approval(plan)
    if latest is None or latest.status != ApprovalStatus.PENDING:
        messages.info(request, _("This version is not waiting for approval."))
        return redirect("plans:detail", code=plan.code)
    form = ApprovalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide_approval(
                plan=plan, approve=approve, comment=form.cleaned_data["comment"], by=request.user
            )
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Plan approved.") if approve else _("Plan returned to the VSW.")
            )
            return redirect("plans:detail", code=plan.code)
    return render(
        request,
        "supervision/plan_approval.html",
        {"plan": plan, "case": plan.case, "approval": latest, "form": form},
    )


@allow(Role.SUPERVISOR)
@require_GET
def approvals_waiting(request: HttpRequest) -> HttpResponse:
    """The team's plan versions waiting for a supervisor's approval, oldest request first."""
    waiting = list(
        PlanApproval.objects.filter(
            status=ApprovalStatus.PENDING,
            plan__case__team_id=request.user.organisation_id,
            plan__superseded_at__isnull=True,
        )
        .select_related("plan__case__worker", "requested_by")
        .order_by("requested_at", "id")[:MAX_ROWS]
    )
    record_list(
        by=request.user,
        action="case.list_approvals",
        record_type="case",
        key="cases",
        codes=[approval.plan.case.code for approval in waiting],
        detail={"page": request.path},
    )
    return render(request, "supervision/approvals.html", {"waiting": waiting})
