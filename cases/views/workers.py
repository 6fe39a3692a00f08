"""Workers: their own support, what they share, and who opened their record."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import actions
from cases.access import get_case_for
from cases.forms import (
    ConsentForm,
)
from cases.homes import support_contact, worker_home_context
from cases.models import (
    Case,
    Recipient,
    ShareItem,
)
from cases.sharing import consent_rows, employer_view, released_items
from rtw.access import allow
from rtw.audit import record_list
from rtw.models import Role

OPEN_CHECK_INS = ("SCHEDULED", "INVITED")


@allow(Role.WORKER)
@require_GET
def worker_home(request: HttpRequest) -> HttpResponse:
    """The worker's support at a glance: how to reach their VSW, a check-in waiting or the next
    one's date, this week's planned hours, and their choices (stop taking part behind a
    confirmation page)."""
    today = timezone.localdate()
    cases = list(
        Case.objects.visible_to(request.user)
        .select_related("assigned_vsw", "employer", "team")
        .order_by("-referred_at")
    )
    current = next((c for c in cases if c.is_open), None)
    shared = released_items(current, Recipient.EMPLOYER) if current else set()
    check_ins = (
        list(current.check_ins.filter(status__in=OPEN_CHECK_INS).order_by("due_on"))
        if current and current.accepts_check_ins()
        else []
    )
    plan = current.plans.filter(superseded_at__isnull=True).first() if current else None
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[case.code for case in cases],
        detail={"page": request.path, "plans": [str(plan.code)] if plan else []},
    )
    return render(
        request,
        "cases/worker_home.html",
        {
            "case": current,
            "shared": [ShareItem(i).label for i in sorted(shared)],
            "open_check_ins": [c for c in check_ins if c.due_on <= today],
            "next_check_in": next((c for c in check_ins if c.due_on > today), None),
            "plan": plan,
            "contact": support_contact(current) if current else None,
            **(worker_home_context(current, today) if current else {}),
        },
    )


@allow(Role.WORKER)
@require_GET
def worker_stop(request: HttpRequest, code) -> HttpResponse:
    """Are you sure? Stopping is the worker's right and always available, but never one slip
    away: this page says what happens and its warning button posts the change."""
    case = get_case_for(request.user, code, action="view_own")
    if not case.can_close():
        return redirect("cases:worker_home")
    return render(request, "cases/worker_stop.html", {"case": case})


@allow(Role.WORKER)
@require_POST
def worker_change_participation(request: HttpRequest, code, change: str) -> HttpResponse:
    """The worker may pause or withdraw at any time."""
    case = get_case_for(request.user, code, action="view_own")
    try:
        if change == "pause":
            actions.pause_case(case=case, by=request.user)
            messages.success(request, _("Your support is paused. Your VSW has been told."))
        elif change == "withdraw":
            actions.withdraw(case=case, by=request.user)
            messages.success(request, _("You have left the service. Nothing more will be shared."))
        else:
            raise Http404
    except actions.TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("cases:worker_home")


@allow(Role.WORKER)
@require_http_methods(["GET", "POST"])
def worker_sharing(request: HttpRequest, code) -> HttpResponse:
    """The worker decides what their employer and GP may see, after previewing it."""
    case = get_case_for(request.user, code, action="view_own")
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid() and case.is_open:
            data = form.cleaned_data
            change = actions.grant_consent if data["share"] else actions.withdraw_consent
            try:
                change(case=case, recipient=data["recipient"], item=data["item"], by=request.user)
                messages.success(request, _("Your choice is saved and applies straight away."))
            except actions.TransitionError as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, _("That choice could not be saved. Nothing was changed."))
        return redirect("cases:worker_sharing", code=case.code)
    preview = employer_view(case, timezone.localdate())
    return render(
        request,
        "cases/worker_sharing.html",
        {
            "case": case,
            "consent_rows": consent_rows(case.worker, with_employer=case.employer_id is not None),
            "preview": preview,
        },
    )


@allow(Role.WORKER)
@require_GET
def worker_access_log(request: HttpRequest, code) -> HttpResponse:
    """Who opened the worker's record: every read of their case, its plans and check-ins."""
    from rtw.models import AuditEvent

    case = get_case_for(request.user, code, action="view_own")
    codes = [str(case.code)]
    codes += [str(c) for c in case.plans.values_list("code", flat=True)]
    events = (
        AuditEvent.objects.filter(record_code__in=codes, outcome="ALLOWED")
        .exclude(actor_id=request.user.pk)
        .exclude(actor_id__isnull=True)
        .only("at", "actor_email", "actor_role", "organisation_name", "action")[:200]
    )
    from rtw.models import Role as Roles

    rows = [
        {
            "at": e.at,
            "role": Roles(e.actor_role).label if e.actor_role in Roles.values else "",
            "organisation": e.organisation_name,
            "what": _ACCESS_LABELS.get(e.action, _("Your record")),
        }
        for e in events
    ]
    # Reading the audit trail is itself audited.
    record_list(
        by=request.user,
        action="audit.read",
        record_type="audit",
        key="records",
        codes=codes,
        detail={"page": request.path, "events": len(rows)},
    )
    return render(request, "cases/worker_access_log.html", {"case": case, "rows": rows})


_ACCESS_LABELS = {
    "case.view": gettext_lazy("Your case record"),
    "case.view_referral": gettext_lazy("Your referral"),
    "case.view_shared": gettext_lazy("What you share with your employer"),
    "plan.view": gettext_lazy("Your plan"),
    "plan.view_employer": gettext_lazy("The employer's copy of your plan"),
    "plan.view_clinician": gettext_lazy("The clinician's summary of your plan"),
    "case.view_audit": gettext_lazy("The list of who has opened your record"),
    "audit.read": gettext_lazy("The list of who has opened your record"),
}
