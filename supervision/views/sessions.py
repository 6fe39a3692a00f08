"""Supervision sessions: supervisors record them and the cases discussed; the VSWs who attended
read them. Session notes are about cases (health records): every read is audited."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.actions import TransitionError
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role, User
from rtw.once import submit_once
from rtw.pages import form_page
from supervision import actions
from supervision.access import get_session_for
from supervision.forms import DiscussionForm, SessionForm
from supervision.models import DiscussedCase, SupervisionSession

PAGE_SIZE = 25


@allow(STAFF_ROLES)
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    """The team's sessions for a supervisor; the ones they attended for a VSW. The list names
    no case, only how many were discussed."""
    sessions = (
        SupervisionSession.objects.visible_to(request.user)
        .annotate(cases_discussed=Count("discussions", distinct=True))
        .order_by("-held_on", "-id")
        .prefetch_related(
            Prefetch("attendees", queryset=User.objects.order_by("full_name").only("full_name"))
        )
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(
        by=request.user,
        action="supervision_session.list",
        record_type="supervision_session",
        key="sessions",
        codes=[session.code for session in page.object_list],
        detail={"page": request.path, "page_number": page.number},
    )
    return render(
        request,
        "supervision/session_list.html",
        {"page": page, "can_record": request.user.role == Role.SUPERVISOR},
    )


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
@submit_once
def new_session(request: HttpRequest) -> HttpResponse:
    team = request.user.organisation
    form = SessionForm(request.POST if request.method == "POST" else None, team=team)
    if request.method == "POST" and form.is_valid():
        session = actions.record_session(
            team=team,
            held_on=form.cleaned_data["held_on"],
            attendees=list(form.cleaned_data["attendees"]),
            by=request.user,
        )
        messages.success(request, _("Session recorded. Add the cases discussed."))
        return redirect("supervision:session_detail", code=session.code)
    return form_page(
        request, form, title=_("Record a supervision session"), submit=_("Save session")
    )


@allow(STAFF_ROLES)
@require_GET
def session_detail(request: HttpRequest, code) -> HttpResponse:
    session = get_session_for(request.user, code, action="view")
    discussions = list(
        DiscussedCase.objects.filter(session=session)
        .select_related("case__worker", "recorded_by")
        .order_by("created_at", "id")
    )
    attendees = list(session.attendees.order_by("full_name"))
    # The notes are about these cases: the read is audited against each of them.
    record_list(
        by=request.user,
        action="supervision_session.read_notes",
        record_type="case",
        key="cases",
        codes=[d.case.code for d in discussions],
        detail={"session": str(session.code)},
    )
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "discussions": discussions,
            "attendees": attendees,
            "can_change": request.user.has_perm("supervision.change_session", session),
        },
    )


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
@submit_once
def discuss_case(request: HttpRequest, code) -> HttpResponse:
    session = get_session_for(request.user, code, action="change")
    form = DiscussionForm(request.POST if request.method == "POST" else None, team=session.team)
    if request.method == "POST" and form.is_valid():
        case = form.cleaned_data["case"]
        try:
            actions.discuss_case(
                session=session, case=case, note=form.cleaned_data["note"], by=request.user
            )
        except TransitionError as exc:
            form.add_error("case", str(exc))
        else:
            messages.success(request, _("Case added to the session."))
            return redirect("supervision:session_detail", code=session.code)
    # The choice of case lists the team's open cases by name: a list read, audited.
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[case.code for case in form.fields["case"].queryset],
        detail={"page": request.path},
    )
    return form_page(
        request,
        form,
        title=_("Add a case discussed on %(day)s") % {"day": f"{session.held_on:%-d %B %Y}"},
        submit=_("Add case"),
    )
