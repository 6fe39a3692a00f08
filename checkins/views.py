"""Check-ins: the worker's one-minute form by link or signed in, and the VSW's side."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import get_case_for
from checkins import actions
from checkins.access import get_check_in_for
from checkins.forms import CheckInForm
from checkins.links import resolve_link
from checkins.models import CheckInChannel
from rtw.access import STAFF_ROLES, allow, public
from rtw.languages import activate_for_visitor
from rtw.models import Role
from rtw.once import submit_once
from rtw.pages import form_page

_PROBLEMS = {
    "invalid": (
        404,
        gettext_lazy("This link does not work"),
        gettext_lazy(
            "Check you copied the whole link from the message. If it still does not work, "
            "contact your support worker."
        ),
    ),
    "expired": (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy(
            "Check-in links work for a limited time. Your support worker will send a new "
            "one or call you."
        ),
    ),
    "used": (
        410,
        gettext_lazy("You have already checked in"),
        gettext_lazy(
            "This link has been used, so your answers are safe with your support worker. "
            "Nothing more is needed."
        ),
    ),
    # Only on the signed-in page: a link never says more than that it has expired (ADR 9).
    "paused": (
        409,
        gettext_lazy("Your support is paused"),
        gettext_lazy(
            "You do not need to check in while your support is paused, so nothing has been saved. "
            "When you are ready to start again, contact your support worker."
        ),
    ),
    "ended": (
        410,
        gettext_lazy("Your support has ended"),
        gettext_lazy("You do not need to check in any more, so nothing has been saved."),
    ),
    "not_started": (
        409,
        gettext_lazy("Your support has not started yet"),
        gettext_lazy(
            "Your support worker will be in touch before your first check-in. "
            "Nothing has been saved."
        ),
    ),
}

# What the signed-in worker is told for each ``CheckIn.unanswerable_reason()``.
_WORKER_PROBLEM = {
    "used": "used",
    "closed": "expired",
    "paused": "paused",
    "ended": "ended",
    "not_started": "not_started",
}

# What the VSW is told when a check-in cannot be recorded.
_STAFF_REASON = {
    "used": gettext_lazy("This check-in had already been answered."),
    "closed": gettext_lazy("This check-in is already closed."),
    "paused": gettext_lazy("Support is paused: check-ins start again when it is resumed."),
    "ended": gettext_lazy("Support has ended: check-ins are closed."),
    "not_started": gettext_lazy("Check-ins start once support is active: log a contact first."),
}


def _problem(request, problem: str) -> HttpResponse:
    status, title, text = _PROBLEMS[problem]
    return render(
        request, "checkins/check_in_problem.html", {"title": title, "text": text}, status=status
    )


def _no_trace(response: HttpResponse) -> HttpResponse:
    """The token in the address is a key to the form: keep it out of other sites' logs.
    ``same-origin`` (not ``no-referrer``): browsers send ``Origin: null`` on a form POST from a
    no-referrer page, and CSRF protection rightly refuses that."""
    response["Referrer-Policy"] = "same-origin"
    return response


@public
@never_cache
@require_http_methods(["GET", "POST"])
def check_in_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """Opens only this check-in's form: no sign-in, no other data."""
    result = resolve_link(token)
    if result.problem:
        return _no_trace(_problem(request, result.problem))
    check_in = result.check_in
    activate_for_visitor(request, check_in.case.worker, team=check_in.case.team)
    form = CheckInForm(request.POST if request.method == "POST" else None, check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            actions.complete_check_in(check_in=check_in, answers=form.answers(), by=None)
        except actions.CheckInClosed as closed:
            problem = "used" if closed.reason == "used" else "expired"
            return _no_trace(_problem(request, problem))
        return _no_trace(
            render(
                request,
                "checkins/check_in_done.html",
                {"wants_contact": form.cleaned_data["wants_contact"]},
            )
        )
    return _no_trace(
        render(
            request,
            "checkins/check_in.html",
            {"form": form, "check_in": check_in, "first_name": check_in.case.worker.first_name},
        )
    )


@allow(Role.WORKER)
@require_http_methods(["GET", "POST"])
def worker_check_in(request: HttpRequest, code) -> HttpResponse:
    """The worker's own check-in, signed in. Refused with a page that says why, and nothing
    saved, once it is answered or missed and while support is paused, over or not started."""
    check_in = get_check_in_for(request.user, code, action="answer")
    reason = check_in.unanswerable_reason()
    if reason:
        return _problem(request, _WORKER_PROBLEM[reason])
    form = CheckInForm(request.POST if request.method == "POST" else None, check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            actions.complete_check_in(check_in=check_in, answers=form.answers(), by=request.user)
        except actions.CheckInClosed as closed:
            return _problem(request, _WORKER_PROBLEM[closed.reason])
        messages.success(request, _("Thank you. Your support worker will see your answers."))
        return redirect("cases:worker_home")
    return render(
        request,
        "checkins/check_in.html",
        {"form": form, "check_in": check_in, "first_name": request.user.get_short_name()},
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def record_check_in(request: HttpRequest, code) -> HttpResponse:
    """The VSW enters a check-in done by phone, then lands on the case's check-ins."""
    check_in = get_check_in_for(request.user, code, action="record")
    reason = check_in.unanswerable_reason()
    if reason:
        messages.info(request, _STAFF_REASON[reason])
        return redirect("cases:case_check_ins", code=check_in.case.code)
    form = CheckInForm(request.POST if request.method == "POST" else None, check_in=check_in)
    if request.method == "POST" and form.is_valid():
        try:
            actions.complete_check_in(check_in=check_in, answers=form.answers(), by=request.user)
            messages.success(request, _("Check-in recorded."))
        except actions.CheckInClosed as closed:
            messages.info(request, _STAFF_REASON[closed.reason])
        return redirect("cases:case_check_ins", code=check_in.case.code)
    return form_page(
        request,
        form,
        title=_("Record the check-in due %(day)s") % {"day": date_format(check_in.due_on, "j F Y")},
        submit=_("Save check-in"),
        case=check_in.case,
    )


@allow(STAFF_ROLES)
@require_POST
@submit_once
def add_check_in(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    channel = request.POST.get("channel")
    if channel not in CheckInChannel.values:
        channel = CheckInChannel.PHONE
    try:
        actions.add_ad_hoc_check_in(case=case, channel=channel, by=request.user)
    except actions.SupportNotActive:
        messages.error(request, _("Check-ins can only be added while support is active."))
    else:
        messages.success(request, _("Extra check-in added for today."))
    return redirect("cases:case_detail", code=case.code)


@allow(STAFF_ROLES)
@require_POST
def clear_at_risk(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    actions.clear_at_risk(case=case, by=request.user)
    messages.success(request, _("The at-risk flag is cleared."))
    return redirect("cases:case_detail", code=case.code)
