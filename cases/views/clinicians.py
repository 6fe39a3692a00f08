"""Clinicians: referring a patient and following their referrals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case as DbCase
from django.db.models import Exists, OuterRef, Q, Subquery, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases import actions
from cases.access import get_case_for, get_patient_for
from cases.forms import (
    EpisodeForm,
    ExistingWorkerChoiceForm,
    FitNoteForm,
    ReferralForm,
    WorkerForm,
)
from cases.models import (
    Case,
    Recipient,
    ShareItem,
    SharingConsent,
    Worker,
)
from cases.sharing import released_items
from rtw.access import allow
from rtw.audit import record_list
from rtw.models import Role
from rtw.once import submit_once
from rtw.versions import STALE_MESSAGE, StaleEdit, claim_version, saved_values, submitted_version

PAGE_SIZE = 25


@allow(Role.CLINICIAN)
@require_GET
def my_referrals(request: HttpRequest) -> HttpResponse:
    cases = _with_shared_plan(
        Case.objects.visible_to(request.user)
        .filter(referred_by=request.user)
        .select_related("worker", "assigned_vsw")
        .order_by("-referred_at")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list(
        by=request.user,
        action="case.list",
        record_type="case",
        key="cases",
        codes=[case.code for case in page.object_list],
        detail={"page": request.path, "page_number": page.number},
    )
    return render(request, "cases/my_referrals.html", {"page": page})


def _with_shared_plan(cases):
    """Each case with ``shared_plan_code``: its current plan while the worker shares the plan
    with their GP (what ``plans.view_clinician_summary`` allows), else None. One query."""
    shared = SharingConsent.objects.active().filter(
        worker=OuterRef("worker"), recipient=Recipient.GP, item=ShareItem.PLAN
    )
    current = Case.objects.filter(pk=OuterRef("pk"), plans__superseded_at__isnull=True)
    return cases.annotate(
        shared_plan_code=DbCase(
            When(Exists(shared), then=Subquery(current.values("plans__code")[:1])),
            default=None,
        )
    )


@allow(Role.CLINICIAN)
@require_GET
def referral_detail(request: HttpRequest, code) -> HttpResponse:
    """The referral's status and the fit notes the practice issued, always; fit notes from
    elsewhere only with FIT_NOTE_ADVICE shared with the GP, and the plan while PLAN is."""
    case = get_case_for(request.user, code, action="view_referral")
    today = timezone.localdate()
    notes = case.fit_notes.all()
    if ShareItem.FIT_NOTE_ADVICE not in released_items(case, Recipient.GP):
        notes = notes.filter(recorded_by__organisation_id=case.referring_practice_id)
    notes = sorted(notes, key=lambda n: (n.starts_on, n.created_at), reverse=True)
    current = next((n for n in notes if n.covers(today)), notes[0] if notes else None)
    shared_plan = _with_shared_plan(Case.objects.filter(pk=case.pk)).get().shared_plan_code
    return render(
        request,
        "cases/referral_detail.html",
        {
            "case": case,
            "fit_notes": notes,
            "today": today,
            "current_note": current,
            "red_flags": case.red_flag_labels(),
            "shared_plan_code": shared_plan,
        },
    )


@allow(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
@submit_once
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
            # Only this practice's patients: a number held for another practice is referred as
            # usual and left to the service to reconcile (actions.refer_worker). Every practice
            # patient with this number is among the likely duplicates read above.
            nhs_number = worker_form.cleaned_data.get("nhs_number")
            if nhs_number and any(w.nhs_number == nhs_number for w in duplicates):
                target = choice_form if choice_form is not None else worker_form
                field = "use_worker" if choice_form is not None else "nhs_number"
                target.add_error(
                    field,
                    _(
                        "A patient with this NHS number is already registered. "
                        "Select them, or check the number."
                    ),
                )
                worker_ok = False
        if worker_ok and referral_ok and note_ok:
            worker = existing or worker_form.save(commit=False)
            if existing is None:
                worker.gp_practice = request.user.organisation
            else:
                # The employer belongs to this episode: as the referrer gave it now.
                worker.employer = worker_form.cleaned_data["employer"]
            try:
                return _send_referral(
                    request,
                    worker,
                    referral_form,
                    note_form if include_note else None,
                    employment=worker_form.employment_details(),
                )
            except actions.DuplicatePatient:
                # Another referral from this practice registered the number after the check.
                worker_form.add_error(
                    "nhs_number",
                    _(
                        "A patient with this NHS number is already registered. "
                        "Select them, or check the number."
                    ),
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
            "query": _search_text(request.GET.get("q", "")),
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


def _search_text(query: str) -> str:
    """The search box as typed, less NUL (which PostgreSQL refuses in text) and past 100
    characters: the search is a GET read without a form, so it is cleaned here."""
    return query.replace("\x00", "")[:100]


def _find_patients(user, query: str) -> list[Worker]:
    """The clinician's own practice's registered patients matching an NHS number or a name."""
    from cases.validators import normalise_nhs_number

    query = _search_text(query).strip()
    if len(query) < 2:
        return []
    digits = normalise_nhs_number(query)
    match = Q(nhs_number=digits) if digits.isdigit() else Q(pk__in=[])
    for word in query.split()[:3]:
        match |= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    patients = list(
        Worker.objects.visible_to(user)
        .filter(gp_practice=user.organisation)
        .filter(match)
        .order_by("last_name", "first_name")[:10]
    )
    # The search words are left out: they are a name or an NHS number.
    record_list(
        by=user,
        action="worker.search",
        record_type="worker",
        key="workers",
        codes=[p.code for p in patients],
    )
    return patients


@allow(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
@submit_once
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
    edit_version, stale = worker.edit_version, None
    if request.method == "POST":
        valid = [
            episode_form.is_valid(),
            referral_form.is_valid(),
            note_form.is_valid() if include_note else True,
        ]
        if all(valid):
            try:
                # Worker details another clinician saved since this page opened are not
                # overwritten: the page comes back with theirs shown (rtw/versions.py).
                claim_version(Worker, pk=worker.pk, expected=submitted_version(request))
            except StaleEdit:
                now = Worker.objects.get(pk=worker.pk)
                edit_version, stale = now.edit_version, saved_values(episode_form, now)
            else:
                # Only the form's fields: a full save would put back the version just moved on.
                worker = episode_form.save(commit=False)
                worker.save(update_fields=list(episode_form.Meta.fields))
                return _send_referral(
                    request,
                    worker,
                    referral_form,
                    note_form if include_note else None,
                    employment=episode_form.employment_details(),
                )
    return render(
        request,
        "cases/refer_known.html",
        {
            "edit_version": edit_version,
            "stale": stale,
            "stale_message": _(STALE_MESSAGE),
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


def _send_referral(request, worker, referral_form, note_form, *, employment) -> HttpResponse:
    """Refer ``worker`` with the validated referral (and fit-note form, if one was filled);
    ``employment`` is the employer question's answer (``EmployerQuestionMixin``)."""
    data = referral_form.cleaned_data
    case = actions.refer_worker(
        worker=worker,
        **employment,
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
        request,
        _("%(name)s has been referred. You will be told when the team decides.")
        % {"name": worker.full_name},
    )
    return redirect("cases:referral_detail", code=case.code)
