"""The caseload worklists, the referral queue and reassignment (service staff)."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from cases import actions
from cases.forms import (
    WORKLIST_FILTERS,
    WORKLIST_SORTS,
    ReassignForm,
    WorklistFilterForm,
)
from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
)
from cases.validators import normalise_nhs_number
from cases.worklist import count as count_cards
from cases.worklist import label as worklist_label
from cases.worklist import next_action_kind, next_action_text, overdue_condition
from cases.worklist import soonest as next_action_soonest
from rtw.access import STAFF_ROLES, allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.pages import form_page

PAGE_SIZE = 25


def _search(cases, text: str):
    """Cases whose worker's name holds every word of ``text``, or whose NHS number starts with
    its digits (spaces and hyphens ignored, as people type them: 943 476 5919)."""
    digits = normalise_nhs_number(text)
    if digits.isascii() and digits.isdigit():
        return cases.filter(worker__nhs_number__startswith=digits)
    for word in text.split():
        cases = cases.filter(
            Q(worker__first_name__icontains=word) | Q(worker__last_name__icontains=word)
        )
    return cases


def _quick_filter(cases, key: str, today):
    """The cases behind one count card (``WORKLIST_FILTERS``); with ``cases`` None, the
    condition alone, over the worklist's columns without ``next_action_on`` (for the counts:
    ``cases.worklist.count``)."""
    soonest = next_action_soonest(today) if cases is None else F("next_action_on")
    week = Q(GreaterThanOrEqual(soonest, today)) & Q(
        LessThanOrEqual(soonest, today + timedelta(days=7))
    )
    conditions = {
        "week": Q(status__in=OPEN_STATUSES) & week,
        "overdue": Q(status__in=OPEN_STATUSES) & overdue_condition(today),
        "expiring": Q(
            status__in=OPEN_STATUSES,
            fit_ends_on__gte=today,
            fit_ends_on__lte=today + timedelta(days=14),
        ),
        "at_risk": Q(status__in=OPEN_STATUSES, at_risk=True),
        "awaiting": Q(status=CaseStatus.REFERRED),
    }
    return conditions[key] if cases is None else cases.filter(conditions[key])


# As cases/_status_tag.html colours them.
_STATUS_TAG = {
    CaseStatus.REFERRED: "govuk-tag--purple",
    CaseStatus.ACCEPTED: "govuk-tag--turquoise",
    CaseStatus.ACTIVE: "govuk-tag--green",
    CaseStatus.PAUSED: "govuk-tag--yellow",
    CaseStatus.DECLINED: "govuk-tag--red",
}


def _worklist(request: HttpRequest, base, *, title: str, template: str, extra=None):
    today = timezone.localdate()
    form = WorklistFilterForm(request.GET or None)
    form.is_valid()
    filters = form.cleaned_data if form.is_bound else {}
    cases = base.with_worklist_columns(today)
    # Every card counts open cases only (referred ones are open): filtering before the worklist
    # columns are computed spares their subqueries for every closed case of the history.
    counted = base.filter(status__in=OPEN_STATUSES).with_worklist_columns(today, next_action=False)
    counts = count_cards(
        counted, {key: _quick_filter(None, key, today) for key in WORKLIST_FILTERS}
    )
    counts["open"] = counts["all"]
    status, due = filters.get("status"), filters.get("due")
    if status:
        cases = cases.filter(status=status)
    elif not due:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if due:
        cases = _quick_filter(cases, due, today)
    if filters.get("q"):
        cases = _search(cases, filters["q"])
    order, _label = WORKLIST_SORTS[filters.get("sort") or "next"]
    cases = cases.order_by(models.F(order).asc(nulls_last=True), "pk")
    paginator = Paginator(cases, PAGE_SIZE)
    if not (status or due or filters.get("q")):
        # Unfiltered, the list is the open cases the first card has just counted: no second
        # count for the paginator.
        paginator.count = counts["open"]
    page = paginator.get_page(request.GET.get("page"))
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
                "next_action": next_action_text(next_action_kind(case), case.next_action_on),
                "next_action_late": case.next_action_on is not None and case.next_action_on < today,
                # The status tag (cases/_status_tag.html) without an include per row.
                "status_class": _STATUS_TAG.get(case.status, "govuk-tag--grey"),
                "status_label": case.get_status_display(),
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
    cards = [
        {
            "key": "",
            "count": counts["open"],
            "label": _("open"),
            "active": not due and not status,
        }
    ] + [
        {"key": key, "count": counts[key], "label": label, "active": due == key}
        for key, label in WORKLIST_FILTERS.items()
    ]
    context = {
        "title": title,
        "form": form,
        "page": page,
        "rows": rows,
        "counts": counts,
        "cards": cards,
        "today": today,
        "query": query.urlencode(),
        "filtered": bool(status or due or filters.get("q")),
        **(extra or {}),
    }
    return render(request, template, context)


@allow(Role.VSW)
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """The VSW's home: their own cases."""
    base = Case.objects.visible_to(request.user).filter(assigned_vsw=request.user)
    return _worklist(request, base, title=_("My caseload"), template="cases/worklist.html")


@allow(Role.SUPERVISOR)
@require_GET
def team_worklist(request: HttpRequest) -> HttpResponse:
    """The supervisor's home: every case of their team."""
    base = Case.objects.visible_to(request.user)
    return _worklist(
        request,
        base,
        title=_("Team caseload"),
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
        messages.success(
            request,
            ngettext(
                "%(count)s case reassigned to %(vsw)s.",
                "%(count)s cases reassigned to %(vsw)s.",
                moved,
            )
            % {"count": moved, "vsw": form.cleaned_data["vsw"]},
        )
        return redirect("cases:team_worklist")
    return form_page(request, form, title=_("Reassign cases"), submit=_("Reassign"))
