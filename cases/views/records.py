"""One case's record for the service team: the case page and the changes made from it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import actions
from cases.access import get_case_for
from cases.forms import (
    AcceptForm,
    ConsentForm,
    ContactForm,
    DeclineForm,
    FitNoteForm,
    LinkEmployerForm,
)
from cases.models import (
    CaseStatus,
)
from rtw.access import STAFF_ROLES, allow
from rtw.models import Role
from rtw.once import submit_once
from rtw.pages import form_page


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def decide_referral(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="decide")
    if case.status != CaseStatus.REFERRED:
        messages.info(request, _("This referral has already been decided."))
        return redirect("cases:case_detail", code=case.code)
    accept_form = AcceptForm(team=case.team, prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                accept_form = AcceptForm(request.POST, team=case.team, prefix="accept")
                if accept_form.is_valid():
                    actions.accept_referral(
                        case=case,
                        vsw=accept_form.cleaned_data["vsw"],
                        support_level=accept_form.cleaned_data["support_level"] or "STANDARD",
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _("Referral accepted for %(name)s.") % {"name": case.worker.full_name},
                    )
                    return redirect("cases:case_detail", code=case.code)
            else:
                decline_form = DeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    actions.decline_referral(
                        case=case, reason=decline_form.cleaned_data["reason"], by=request.user
                    )
                    messages.success(request, _("Referral declined. The clinician has been told."))
                    return redirect("cases:referral_queue")
        except actions.TransitionError:
            # Someone decided it between this page's check and the locked row in the action.
            messages.info(request, _("This referral has already been decided."))
            return redirect("cases:case_detail", code=case.code)
    fit_notes = case.fit_notes.all()
    return render(
        request,
        "cases/decide_referral.html",
        {
            "case": case,
            "accept_form": accept_form,
            "decline_form": decline_form,
            "fit_notes": fit_notes,
            "red_flags": case.red_flag_labels(),
        },
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@submit_once
def add_contact(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="add_contact")
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        referred_on=timezone.localdate(case.referred_at),
        case=case,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.log_contact(case=case, contact=form.save(commit=False), by=request.user)
        except actions.TransitionError as exc:
            # The worker withdrew their agreement while the form was open.
            form.add_error("party", str(exc))
        else:
            messages.success(request, _("Contact logged."))
            # To the section where the new contact shows.
            return redirect("cases:case_contacts", code=case.code)
    return form_page(request, form, title=_("Log a contact"), submit=_("Save contact"), case=case)


@allow(STAFF_ROLES, Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
@submit_once
def add_fit_note(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="add_fitnote")
    form = FitNoteForm(
        request.POST if request.method == "POST" else None,
        born_on=case.worker.date_of_birth,
        jurisdiction=case.team.jurisdiction,
    )
    if request.method == "POST" and form.is_valid():
        note = actions.record_fit_note(case=case, fit_note=form.save(commit=False), by=request.user)
        for warning in form.warnings:
            messages.warning(request, warning)
        if note.within_self_certified_days():
            messages.warning(
                request,
                _(
                    "This note starts within the first %(days)s days of absence, "
                    "which the worker can self-certify."
                )
                % {"days": note.self_certified_days},
            )
        messages.success(request, _("Fit note recorded."))
        if request.user.role == Role.CLINICIAN:
            return redirect("cases:referral_detail", code=case.code)
        return redirect("cases:case_fit_notes", code=case.code)
    return render(request, "cases/fit_note_form.html", {"case": case, "form": form})


@allow(STAFF_ROLES)
@require_POST
def change_status(request: HttpRequest, code, change: str) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    try:
        if change == "pause":
            actions.pause_case(case=case, by=request.user)
            messages.success(request, _("Support paused."))
        elif change == "resume":
            actions.resume_case(case=case, by=request.user)
            messages.success(request, _("Support resumed."))
        else:
            raise Http404
    except actions.TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("cases:case_detail", code=case.code)


@allow(STAFF_ROLES)
@require_POST
def record_consent(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="record_consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        change = actions.grant_consent if data["share"] else actions.withdraw_consent
        try:
            change(case=case, recipient=data["recipient"], item=data["item"], by=request.user)
            messages.success(request, _("Sharing updated."))
        except actions.TransitionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("That sharing choice was not recognised. Nothing was changed."))
    return redirect("cases:case_sharing", code=case.code)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def link_employer(request: HttpRequest, code) -> HttpResponse:
    """Link a case whose employer the referrer typed to an employer the service knows, or to a
    new one made from what was typed."""
    case = get_case_for(request.user, code, action="change")
    back = "cases:decide_referral" if case.status == CaseStatus.REFERRED else "cases:case_detail"
    if not case.needs_employer_link():
        messages.info(request, _("This case has no employer waiting to be linked."))
        return redirect(back, code=case.code)
    form = LinkEmployerForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.link_employer(case=case, by=request.user, **form.link_arguments())
            messages.success(
                request, _("Employer linked: %(name)s.") % {"name": case.employer.name}
            )
        except actions.TransitionError as exc:
            messages.error(request, str(exc))
        return redirect(back, code=case.code)
    return render(request, "cases/link_employer.html", {"case": case, "form": form, "back": back})
