"""The caseload worklists, the referral queue and reassignment (service staff)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cases import actions
from cases.forms import (
    WORKLIST_SORTS,
    ReassignForm,
    WorklistFilterForm,
)
from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
)
from cases.worklist import label as worklist_label
from cases.worklist import overdue_condition
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.pages import form_page

PAGE_SIZE = 25


def _worklist(request: HttpRequest, base, *, title: str, template: str, extra=None):
    today = timezone.localdate()
    form = WorklistFilterForm(request.GET or None)
    form.is_valid()
    filters = form.cleaned_data if form.is_bound else {}
    cases = base.with_worklist_columns(today)
    counts = base.with_worklist_columns(today).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        referred=Count("pk", filter=Q(status=CaseStatus.REFERRED)),
        expiring=Count(
            "pk",
            filter=Q(
                status__in=OPEN_STATUSES,
                fit_ends_on__gte=today,
                fit_ends_on__lte=today + timezone.timedelta(days=14),
            ),
        ),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES) & overdue_condition(today)),
        at_risk=Count("pk", filter=Q(status__in=OPEN_STATUSES, at_risk=True)),
    )
    status = filters.get("status")
    cases = cases.filter(status=status) if status else cases.filter(status__in=OPEN_STATUSES)
    if filters.get("due") == "expiring":
        cases = cases.fit_note_expiring(today)
    elif filters.get("due") == "overdue":
        cases = cases.overdue(today)
    order, _ = WORKLIST_SORTS.get(filters.get("sort") or "absence")
    cases = cases.order_by(models.F(order).asc(nulls_last=True), "pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for case in page.object_list:
        days_left = (case.fit_ends_on - today).days if case.fit_ends_on else None
        rows.append(
            {
                "case": case,
                "weeks_absent": case.worker.weeks_absent(today),
                "days_left": days_left,
                "expiring": days_left is not None and 0 <= days_left <= 14,
                "expired": days_left is not None and days_left < 0,
                "plan_status": worklist_label("plan_status", getattr(case, "plan_status", None)),
            }
        )
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[row["case"].code for row in rows],
        detail={"page": request.path, "page_number": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": title,
        "form": form,
        "page": page,
        "rows": rows,
        "counts": counts,
        "today": today,
        "query": query.urlencode(),
        **(extra or {}),
    }
    return render(request, template, context)


@allow(Role.VSW)
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """The VSW's home: their own cases."""
    base = Case.objects.visible_to(request.user).filter(assigned_vsw=request.user)
    return _worklist(request, base, title="My caseload", template="cases/worklist.html")


@allow(Role.SUPERVISOR)
@require_GET
def team_worklist(request: HttpRequest) -> HttpResponse:
    """The supervisor's home: every case of their team."""
    base = Case.objects.visible_to(request.user)
    return _worklist(
        request,
        base,
        title="Team caseload",
        template="cases/worklist.html",
        extra={"show_vsw": True},
    )


@allow(STAFF_ROLES)
@require_GET
def referral_queue(request: HttpRequest) -> HttpResponse:
    cases = list(
        Case.objects.visible_to(request.user)
        .filter(status=CaseStatus.REFERRED)
        .select_related("worker", "employer", "referred_by", "referring_practice")
        .order_by("referred_at")
    )
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[case.code for case in cases],
        detail={"page": request.path},
    )
    return render(request, "cases/referral_queue.html", {"cases": cases})


@allow(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest) -> HttpResponse:
    """Cover for absence: move one or many of the team's open cases to another VSW."""
    team_cases = list(
        Case.objects.visible_to(request.user)
        .open()
        .exclude(status=CaseStatus.REFERRED)
        .select_related("worker", "assigned_vsw")
        .order_by("assigned_vsw__full_name", "worker__last_name")
    )
    initial = {"cases": request.GET.getlist("case")}
    form = ReassignForm(
        request.POST if request.method == "POST" else None,
        team=request.user.organisation,
        cases=team_cases,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["cases"])
        moved = actions.reassign_cases(
            cases=[c for c in team_cases if str(c.code) in chosen],
            vsw=form.cleaned_data["vsw"],
            by=request.user,
        )
        messages.success(request, f"{moved} case(s) reassigned to {form.cleaned_data['vsw']}.")
        return redirect("cases:team_worklist")
    return form_page(request, form, title="Reassign cases", submit="Reassign")
