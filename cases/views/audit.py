"""A case's audit trail for the supervisors of its team: who opened what, when, allowed or
refused. Administrators see everyone's in the admin (rtw/admin.py)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.access import get_case_for
from cases.forms.audit import CaseAuditFilterForm
from rtw.access import allow
from rtw.audit import record_event
from rtw.models import AuditEvent, Role

PAGE_SIZE = 50


def _record_codes(case) -> list[str]:
    """The case, its worker, and the plans and check-ins of the case (read through the reverse
    relations, so cases imports neither app)."""
    codes = [str(case.code), str(case.worker.code)]
    codes += [str(c) for c in case.plans.values_list("code", flat=True)]
    codes += [str(c) for c in case.check_ins.values_list("code", flat=True)]
    return codes


@allow(Role.SUPERVISOR)
@require_GET
def case_audit(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view_audit")
    events = AuditEvent.objects.filter(record_code__in=_record_codes(case))
    people = sorted(
        set(events.exclude(actor_email="").values_list("actor_email", flat=True).order_by())
    )
    form = CaseAuditFilterForm(request.GET or None, people=people)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if filters.get("person"):
        events = events.filter(actor_email=filters["person"])
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    page = Paginator(events.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    roles = dict(Role.choices)
    rows = [
        {"event": event, "role": roles.get(event.actor_role, event.actor_role)}
        for event in page.object_list
    ]
    # Reading the audit trail is itself audited, with the filters used.
    record_event(
        by=request.user,
        action="audit.read",
        record_type="audit",
        record_code=case.code,
        detail={
            "page": request.path,
            "filters": {k: str(v) for k, v in filters.items() if v},
            "page_number": page.number,
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_audit.html",
        {
            "case": case,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )
