"""Signatures the service records on the plan page: the VSW's own, and a worker's agreement
given in person, by phone or on paper, recorded as the worker's with how it was given."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.actions import TransitionError
from plans import actions
from plans.access import get_plan_for
from plans.models import RECORDED_METHODS, SignOffParty
from rtw.access import STAFF_ROLES, allow


@allow(STAFF_ROLES)
@require_POST
def sign(request: HttpRequest, code, party: str) -> HttpResponse:
    """The VSW signs, or records the worker's agreement to this version and how it was given:
    the signature is the worker's, with the VSW as the one who recorded it."""
    plan = get_plan_for(request.user, code, action="change")
    if party not in (SignOffParty.WORKER, SignOffParty.VSW):
        raise Http404
    method = request.POST.get("method", "") if party == SignOffParty.WORKER else "ACCOUNT"
    if party == SignOffParty.WORKER and method not in RECORDED_METHODS:
        messages.error(request, _("Say how the worker gave their agreement."))
        return redirect("plans:detail", code=plan.code)
    try:
        actions.sign_plan(
            plan=plan, party=party, signed_by=request.user, method=method, by=request.user
        )
        messages.success(request, _("Signature recorded."))
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("plans:detail", code=plan.code)
