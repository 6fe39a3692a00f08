"""The worker's outcome check-in and questionnaire by signed link (public: the link is the
credential, ADR 9), and the VSW's acknowledgement of a questionnaire alert."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import get_case_for
from outcomes import actions
from outcomes.forms import OutcomeCheckInForm, QuestionnaireForm
from outcomes.links import resolve_link
from outcomes.models import OutcomeCheckIn, Questionnaire
from rtw.access import STAFF_ROLES, allow, public
from rtw.languages import activate_for_visitor

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
            "Links work for a limited time. Your support worker will send a new one or call you."
        ),
    ),
    "used": (
        410,
        gettext_lazy("You have already answered"),
        gettext_lazy(
            "This link has been used, so your answers are safe with your support worker. "
            "Nothing more is needed."
        ),
    ),
}


def _no_trace(response: HttpResponse) -> HttpResponse:
    """Keep the token in the address out of other sites' logs (as checkins.views does)."""
    response["Referrer-Policy"] = "same-origin"
    return response


def _problem(request, problem: str) -> HttpResponse:
    status, title, text = _PROBLEMS[problem]
    return _no_trace(
        render(request, "outcomes/problem.html", {"title": title, "text": text}, status=status)
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def check_in_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The fortnightly outcome check-in: days off sick and hours worked in the last 14 days."""
    result = resolve_link(OutcomeCheckIn, token)
    if result.problem:
        return _problem(request, result.problem)
    check_in = result.record
    activate_for_visitor(request, check_in.case.worker, team=check_in.case.team)
    form = OutcomeCheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.complete_outcome_check_in(check_in=check_in, **form.answers(), by=None)
        except actions.Closed as closed:
            return _problem(request, "used" if closed.reason == "used" else "expired")
        return _no_trace(render(request, "outcomes/check_in_done.html"))
    return _no_trace(
        render(
            request,
            "outcomes/check_in.html",
            {"form": form, "check_in": check_in, "first_name": check_in.case.worker.first_name},
        )
    )


@public
@never_cache
@require_http_methods(["GET", "POST"])
def questionnaire_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire at acceptance, 6 weeks or 6 months. A PHQ-9 item 9 answer above 0
    shows the worker, on the confirmation page, where to get help now."""
    result = resolve_link(Questionnaire, token)
    if result.problem:
        return _problem(request, result.problem)
    questionnaire = result.record
    case = questionnaire.case
    activate_for_visitor(request, case.worker, team=case.team)
    form = QuestionnaireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.complete_questionnaire(
                questionnaire=questionnaire, answers=form.answers(), by=None
            )
        except actions.Closed as closed:
            return _problem(request, "used" if closed.reason == "used" else "expired")
        return _no_trace(
            render(
                request,
                "outcomes/questionnaire_done.html",
                {"needs_help": done.alert_raised_at is not None, "country": case.team.jurisdiction},
            )
        )
    return _no_trace(
        render(
            request,
            "outcomes/questionnaire.html",
            {
                "form": form,
                "questionnaire": questionnaire,
                "first_name": questionnaire.case.worker.first_name,
                "country": case.team.jurisdiction,
            },
        )
    )


@allow(STAFF_ROLES)
@require_POST
def acknowledge_alert(request: HttpRequest, code) -> HttpResponse:
    """A VSW of the case's team has seen the answer that raised the alert and acted on it."""
    case = get_case_for(request.user, code, action="change")
    if actions.acknowledge_alerts(case=case, by=request.user):
        messages.success(request, _("The questionnaire alert is acknowledged."))
    return redirect("cases:case_detail", code=case.code)
