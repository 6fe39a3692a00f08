"""Confirmation pages before a change that ends something (the GOV.UK "Are you sure?" pattern):
the destructive button sits on its own page, so it is never one slip away from an everyday one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.access import get_plan_for
from plans.models import PlanStatus
from rtw.access import STAFF_ROLES, allow

FINISHED = (PlanStatus.COMPLETED, PlanStatus.ABANDONED)


@allow(STAFF_ROLES)
@require_GET
def abandon(request: HttpRequest, code) -> HttpResponse:
    """Ask before abandoning the plan; the warning button posts to ``plans:change_status``."""
    plan = get_plan_for(request.user, code, action="change")
    if not plan.is_current or plan.status in FINISHED:
        messages.info(request, _("This plan cannot be abandoned: it has already ended."))
        return redirect("plans:detail", code=plan.code)
    return render(request, "plans/abandon.html", {"plan": plan, "case": plan.case})
