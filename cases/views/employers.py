"""Employer contacts: the employees who share with them, and only what they share."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.access import get_case_for
from cases.homes import employer_lines, support_contact
from cases.models import (
    Case,
    FitNote,
    Recipient,
    SharingConsent,
)
from cases.sharing import employer_view, released_items
from rtw.access import allow
from rtw.audit import record_list
from rtw.inline import attach, inline, instances
from rtw.models import Role

PAGE_SIZE = 25


def _employer_cases(user):
    """The employer's cases with the worker's active consents and the fit notes in each row, as
    JSON (rtw/inline.py: a page of rows in one query, not one more per list); see
    :func:`_unpack`. A paginator's count leaves the unused lists out."""
    return (
        Case.objects.visible_to(user)
        .select_related("worker", "assigned_vsw", "team")
        .annotate(
            _consents=inline(
                SharingConsent,
                "worker",
                outer="worker_id",
                queryset=SharingConsent.objects.active(),
            ),
            _fit_notes=inline(FitNote, "case"),
        )
        .order_by("worker__last_name", "worker__first_name")
    )


def _unpack(case: Case) -> Case:
    """Put a row's lists where the sharing helpers read them: ``worker.active_consents``
    (``cases.sharing.released_items``) and ``case.fit_notes.all()``."""
    case.worker.active_consents = instances(SharingConsent, case._consents)
    attach(case, "fit_notes", FitNote, case._fit_notes, back="case")
    return case


@allow(Role.EMPLOYER_CONTACT)
@require_GET
def employer_home(request: HttpRequest) -> HttpResponse:
    """Employees with an open case, showing only what each worker released to the employer, with
    what leads to action: the plan's status and next review, whether it waits for their
    signature (plans/homes.py, only while the plan is released), and how to reach the VSW."""
    today = timezone.localdate()
    page = Paginator(_employer_cases(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    cases = [_unpack(case) for case in page.object_list]
    released = {case.pk: released_items(case, Recipient.EMPLOYER) for case in cases}
    lines = employer_lines(cases, released, today)
    views = [
        {
            "view": employer_view(case, today, items=released[case.pk]),
            "contact": support_contact(case),
            **lines[case.pk],
        }
        for case in cases
    ]
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[case.code for case in page.object_list],
        # The plans whose status the rows show are read too (the registries name them).
        detail={
            "page": request.path,
            "page_number": page.number,
            "plans": [code for line in lines.values() for code in line.get("audit_codes", [])],
        },
    )
    return render(request, "cases/employer_home.html", {"page": page, "views": views})


@allow(Role.EMPLOYER_CONTACT)
@require_GET
def employer_case(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view_shared")
    view = employer_view(case, timezone.localdate())
    # The plan link appears only when the worker released the plan (the plan page checks too).
    plan = case.plans.filter(superseded_at__isnull=True).first() if view.shares_plan else None
    return render(request, "cases/employer_case.html", {"view": view, "plan": plan})
