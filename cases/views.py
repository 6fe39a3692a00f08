from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import actions
from cases.access import get_case_for, get_patient_for
from cases.forms import (
    WORKLIST_SORTS,
    AcceptForm,
    CloseCaseForm,
    ConsentForm,
    ContactForm,
    DeclineForm,
    EpisodeForm,
    ExistingWorkerChoiceForm,
    FitNoteForm,
    ReassignForm,
    ReferralForm,
    WorkerForm,
    WorklistFilterForm,
)
from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    Recipient,
    ShareItem,
    SharingConsent,
    Worker,
)
from cases.sharing import current_fit_note, employer_view, released_items
from cases.trends import build_charts
from cases.worklist import label as worklist_label
from cases.worklist import overdue_condition
from rtw.access import STAFF_ROLES, allow
from rtw.models import Role

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
    cases = (
        Case.objects.visible_to(request.user)
        .filter(status=CaseStatus.REFERRED)
        .select_related("worker", "employer", "referred_by", "referring_practice")
        .order_by("referred_at")
    )
    return render(request, "cases/referral_queue.html", {"cases": cases})


@allow(STAFF_ROLES)
@require_GET
def case_detail(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view")
    today = timezone.localdate()
    fit_notes = list(case.fit_notes.all())
    current = current_fit_note(case, today)
    check_ins = list(case.check_ins.all())
    context = {
        "case": case,
        "today": today,
        "current_note": current,
        "days_left": current.days_to_expiry(today) if current else None,
        "fit_notes": fit_notes,
        "contacts": case.contacts.select_related("recorded_by"),
        "events": case.events.select_related("actor"),
        "weeks_absent": case.worker.weeks_absent(today),
        "consent_rows": _consent_rows(case),
        "check_ins": check_ins,
        "charts": build_charts(check_ins),
        "latest_signals": next((c.signals for c in reversed(check_ins) if c.signals), []),
        "can_reassign": request.user.has_perm("cases.reassign_case", case),
    }
    return render(request, "cases/case_detail.html", context)


def _consent_rows(case: Case) -> list[dict]:
    active = {(c.recipient, c.item): c for c in case.worker.consents.active()}
    rows = []
    for recipient in Recipient:
        for item in ShareItem:
            consent = active.get((recipient.value, item.value))
            rows.append({"recipient": recipient, "item": item, "consent": consent})
    return rows


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def decide_referral(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="decide")
    if case.status != CaseStatus.REFERRED:
        messages.info(request, "This referral has already been decided.")
        return redirect("cases:case_detail", code=case.code)
    accept_form = AcceptForm(team=case.team, prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    if request.method == "POST":
        if request.POST.get("decision") == "accept":
            accept_form = AcceptForm(request.POST, team=case.team, prefix="accept")
            if accept_form.is_valid():
                actions.accept_referral(
                    case=case, vsw=accept_form.cleaned_data["vsw"], by=request.user
                )
                messages.success(request, f"Referral accepted for {case.worker.full_name}.")
                return redirect("cases:case_detail", code=case.code)
        else:
            decline_form = DeclineForm(request.POST, prefix="decline")
            if decline_form.is_valid():
                actions.decline_referral(
                    case=case, reason=decline_form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, "Referral declined. The clinician has been told.")
                return redirect("cases:referral_queue")
    fit_notes = case.fit_notes.all()
    return render(
        request,
        "cases/decide_referral.html",
        {
            "case": case,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "fit_notes": fit_notes,
            "red_flags": _red_flag_labels(case),
        },
    )


def _red_flag_labels(case: Case) -> list[str]:
    from cases.models import RedFlag

    return [RedFlag(v).label for v in case.red_flags if v in RedFlag.values]


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def add_contact(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="add_contact")
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.log_contact(case=case, contact=form.save(commit=False), by=request.user)
        messages.success(request, "Contact logged.")
        return redirect("cases:case_detail", code=case.code)
    return form_page(request, form, title="Log a contact", submit="Save contact", case=case)


@allow(STAFF_ROLES, Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def add_fit_note(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="add_fitnote")
    form = FitNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.record_fit_note(case=case, fit_note=form.save(commit=False), by=request.user)
        for warning in form.warnings:
            messages.warning(request, warning)
        messages.success(request, "Fit note recorded.")
        if request.user.role == Role.CLINICIAN:
            return redirect("cases:referral_detail", code=case.code)
        return redirect("cases:case_detail", code=case.code)
    return render(request, "cases/fit_note_form.html", {"case": case, "form": form})


@allow(STAFF_ROLES)
@require_POST
def change_status(request: HttpRequest, code, change: str) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    try:
        if change == "pause":
            actions.pause_case(case=case, by=request.user)
            messages.success(request, "Support paused.")
        elif change == "resume":
            actions.resume_case(case=case, by=request.user)
            messages.success(request, "Support resumed.")
        else:
            raise Http404
    except actions.TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("cases:case_detail", code=case.code)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def close_case(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    form = CloseCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_case(
                case=case,
                outcome=form.cleaned_data["outcome"],
                closed_on=form.cleaned_data["closed_on"],
                by=request.user,
            )
            messages.success(request, "Case closed.")
        except actions.TransitionError as exc:
            messages.error(request, str(exc))
        return redirect("cases:case_detail", code=case.code)
    return form_page(request, form, title="Close this case", submit="Close case", case=case)


@allow(STAFF_ROLES)
@require_POST
def record_consent(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="record_consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["share"]:
            actions.grant_consent(
                case=case, recipient=data["recipient"], item=data["item"], by=request.user
            )
        else:
            actions.withdraw_consent(
                case=case, recipient=data["recipient"], item=data["item"], by=request.user
            )
        messages.success(request, "Sharing updated.")
    else:
        messages.error(request, "That sharing choice was not recognised. Nothing was changed.")
    return redirect(f"{request.build_absolute_uri(case_url(case))}#sharing")


def case_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("cases:case_detail", args=[case.code])


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


# --- Clinicians -------------------------------------------------------------------------------


@allow(Role.CLINICIAN)
@require_GET
def my_referrals(request: HttpRequest) -> HttpResponse:
    cases = (
        Case.objects.visible_to(request.user)
        .filter(referred_by=request.user)
        .select_related("worker", "assigned_vsw")
        .order_by("-referred_at")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/my_referrals.html", {"page": page})


@allow(Role.CLINICIAN)
@require_GET
def referral_detail(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view_referral")
    today = timezone.localdate()
    return render(
        request,
        "cases/referral_detail.html",
        {
            "case": case,
            "fit_notes": case.fit_notes.all(),
            "today": today,
            "current_note": current_fit_note(case, today),
            "red_flags": _red_flag_labels(case),
        },
    )


@allow(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
    """One page: find or create the patient, the referral with consent, optional fit note."""
    data = request.POST if request.method == "POST" else None
    worker_form = WorkerForm(data, prefix="worker")
    referral_form = ReferralForm(data, prefix="referral")
    include_note = bool(data and data.get("referral-include_fit_note"))
    note_form = FitNoteForm(data if include_note else None, prefix="note")
    choice_form = None
    if request.method == "POST":
        worker_ok = worker_form.is_valid()
        referral_ok = referral_form.is_valid()
        note_ok = note_form.is_valid() if include_note else True
        existing = None
        duplicates = []
        if worker_ok:
            # Likely duplicates among this practice's patients only: anything wider would tell
            # the clinician about people who are not their patients.
            cd = worker_form.cleaned_data
            duplicates = list(
                Worker.objects.filter(gp_practice=request.user.organisation).likely_duplicates(
                    nhs_number=cd.get("nhs_number") or "",
                    first_name=cd["first_name"],
                    last_name=cd["last_name"],
                    date_of_birth=cd["date_of_birth"],
                )
            )
        if duplicates:
            choice_form = ExistingWorkerChoiceForm(
                data if "choice-use_worker" in data else None,
                prefix="choice",
                duplicates=duplicates,
            )
            if choice_form.is_bound and choice_form.is_valid():
                chosen = choice_form.cleaned_data["use_worker"]
                existing = next((w for w in duplicates if str(w.code) == chosen), None)
            else:
                worker_ok = False
        if worker_ok and existing is None:
            nhs_number = worker_form.cleaned_data.get("nhs_number")
            if nhs_number and Worker.objects.filter(nhs_number=nhs_number).exists():
                target = choice_form if choice_form is not None else worker_form
                field = "use_worker" if choice_form is not None else "nhs_number"
                target.add_error(
                    field,
                    "A patient with this NHS number is already registered. "
                    "Select them, or check the number.",
                )
                worker_ok = False
        if worker_ok and referral_ok and note_ok:
            worker = existing or worker_form.save(commit=False)
            if existing is None:
                worker.gp_practice = request.user.organisation
            return _send_referral(
                request, worker, referral_form, note_form if include_note else None
            )
    hints = (
        worker_form.eligibility_hints() if worker_form.is_bound and worker_form.is_valid() else []
    )
    return render(
        request,
        "cases/refer.html",
        {
            "worker_form": worker_form,
            "referral_form": referral_form,
            "note_form": note_form,
            "choice_form": choice_form,
            "include_note": include_note,
            "hints": hints,
            "query": request.GET.get("q", "")[:100],
            "patients": _find_patients(request.user, request.GET.get("q", "")),
            "forms": [
                f
                for f in (
                    choice_form,
                    worker_form,
                    referral_form,
                    note_form if include_note else None,
                )
                if f is not None
            ],
        },
    )


# --- Employers --------------------------------------------------------------------------------


def _employer_cases(user):
    return (
        Case.objects.visible_to(user)
        .select_related("worker")
        .prefetch_related(
            Prefetch(
                "worker__consents",
                queryset=SharingConsent.objects.active(),
                to_attr="active_consents",
            ),
            "fit_notes",
        )
        .order_by("worker__last_name", "worker__first_name")
    )


@allow(Role.EMPLOYER_CONTACT)
@require_GET
def employer_home(request: HttpRequest) -> HttpResponse:
    """Employees with an open case, showing only what each worker released to the employer."""
    today = timezone.localdate()
    page = Paginator(_employer_cases(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    views = [employer_view(case, today) for case in page.object_list]
    return render(request, "cases/employer_home.html", {"page": page, "views": views})


@allow(Role.EMPLOYER_CONTACT)
@require_GET
def employer_case(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="view_shared")
    view = employer_view(case, timezone.localdate())
    # The plan link appears only when the worker released the plan (the plan page checks too).
    plan = case.plans.filter(superseded_at__isnull=True).first() if view.shares_plan else None
    return render(request, "cases/employer_case.html", {"view": view, "plan": plan})


# --- Workers ----------------------------------------------------------------------------------


@allow(Role.WORKER)
@require_GET
def worker_home(request: HttpRequest) -> HttpResponse:
    cases = list(
        Case.objects.visible_to(request.user)
        .select_related("assigned_vsw", "employer")
        .order_by("-referred_at")
    )
    current = next((c for c in cases if c.is_open), None)
    shared = released_items(current, Recipient.EMPLOYER) if current else set()
    open_check_ins = (
        list(
            current.check_ins.filter(
                status__in=["SCHEDULED", "INVITED"], due_on__lte=timezone.localdate()
            )
        )
        if current
        else []
    )
    plan = current.plans.filter(superseded_at__isnull=True).first() if current else None
    return render(
        request,
        "cases/worker_home.html",
        {
            "case": current,
            "shared": [ShareItem(i).label for i in sorted(shared)],
            "open_check_ins": open_check_ins,
            "plan": plan,
        },
    )


@allow(Role.WORKER)
@require_POST
def worker_change_participation(request: HttpRequest, code, change: str) -> HttpResponse:
    """The worker may pause or withdraw at any time."""
    case = get_case_for(request.user, code, action="view_own")
    try:
        if change == "pause":
            actions.pause_case(case=case, by=request.user)
            messages.success(request, "Your support is paused. Your VSW has been told.")
        elif change == "withdraw":
            actions.withdraw(case=case, by=request.user)
            messages.success(request, "You have left the service. Nothing more will be shared.")
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
            change(case=case, recipient=data["recipient"], item=data["item"], by=request.user)
            messages.success(request, "Your choice is saved and applies straight away.")
        else:
            messages.error(request, "That choice could not be saved. Nothing was changed.")
        return redirect("cases:worker_sharing", code=case.code)
    preview = employer_view(case, timezone.localdate())
    return render(
        request,
        "cases/worker_sharing.html",
        {
            "case": case,
            "consent_rows": _consent_rows(case),
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
            "what": _ACCESS_LABELS.get(e.action, "Your record"),
        }
        for e in events
    ]
    return render(request, "cases/worker_access_log.html", {"case": case, "rows": rows})


_ACCESS_LABELS = {
    "case.view": "Your case record",
    "case.view_referral": "Your referral",
    "case.view_shared": "What you share with your employer",
    "plan.view": "Your plan",
    "plan.view_employer": "The employer's copy of your plan",
    "plan.view_clinician": "The clinician's summary of your plan",
}


def _find_patients(user, query: str) -> list[Worker]:
    """The clinician's own practice's registered patients matching an NHS number or a name."""
    from cases.validators import normalise_nhs_number

    query = query.strip()[:100]
    if len(query) < 2:
        return []
    digits = normalise_nhs_number(query)
    match = Q(nhs_number=digits) if digits.isdigit() else Q(pk__in=[])
    for word in query.split()[:3]:
        match |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(
        Worker.objects.visible_to(user)
        .filter(gp_practice=user.organisation)
        .filter(match)
        .order_by("last_name", "first_name")[:10]
    )


@allow(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def refer_known(request: HttpRequest, code) -> HttpResponse:
    """Refer a patient the practice has referred before: only what may have changed, the
    referral and consent, and optionally the fit note."""
    worker = get_patient_for(request.user, code)
    data = request.POST if request.method == "POST" else None
    episode_form = EpisodeForm(data, instance=worker, prefix="episode")
    referral_form = ReferralForm(data, prefix="referral")
    include_note = bool(data and data.get("referral-include_fit_note"))
    note_form = FitNoteForm(data if include_note else None, prefix="note")
    open_case = worker.cases.open().first()
    if request.method == "POST":
        valid = [
            episode_form.is_valid(),
            referral_form.is_valid(),
            note_form.is_valid() if include_note else True,
        ]
        if all(valid):
            worker = episode_form.save()
            return _send_referral(
                request, worker, referral_form, note_form if include_note else None
            )
    return render(
        request,
        "cases/refer_known.html",
        {
            "worker": worker,
            "open_case": open_case,
            "episode_form": episode_form,
            "referral_form": referral_form,
            "note_form": note_form,
            "include_note": include_note,
            "forms": [
                f
                for f in (episode_form, referral_form, note_form if include_note else None)
                if f is not None
            ],
        },
    )


def _send_referral(request, worker, referral_form, note_form) -> HttpResponse:
    """Refer ``worker`` with the validated referral (and fit-note form, if one was filled)."""
    data = referral_form.cleaned_data
    case = actions.refer_worker(
        worker=worker,
        team=data["team"],
        reason=data["reason"],
        red_flags=data["red_flags"],
        consent_given_on=data["consent_given_on"],
        consent_method=data["consent_method"],
        by=request.user,
    )
    if note_form is not None:
        actions.record_fit_note(case=case, fit_note=note_form.save(commit=False), by=request.user)
    messages.success(
        request, f"{worker.full_name} has been referred. You will be told when the team decides."
    )
    return redirect("cases:referral_detail", code=case.code)


def form_page(request, form, *, title: str, submit: str, case=None) -> HttpResponse:
    """A page holding one form: error summary, heading, the form and its button."""
    return render(
        request,
        "cases/form_page.html",
        {"form": form, "title": title, "submit": submit, "case": case},
    )
