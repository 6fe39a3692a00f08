from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.access import get_case_for
from cases.actions import TransitionError
from plans import actions, editing, statutory
from plans.access import get_milestone_for, get_plan_for, get_review_for, refuse_audience
from plans.advice import plan_warnings
from plans.approval import approval_context
from plans.chart import build_hours_chart
from plans.editing import changed, edit_guard
from plans.forms import (
    ActionFormSet,
    AdjustmentForm,
    CheckInScheduleForm,
    MilestoneForm,
    PlanForm,
    RelapseForm,
    ReviewForm,
    StepBackForm,
    action_rows,
)
from plans.loading import load_plan
from plans.models import (
    RECORDED_METHODS,
    Plan,
    PlanStatus,
    SignOffParty,
)
from plans.sharing import Audience, build_document
from rtw.access import STAFF_ROLES, allow
from rtw.languages import override_for
from rtw.models import Role
from rtw.pages import form_page
from rtw.versions import StaleEdit, submitted_version


@allow(STAFF_ROLES)
@require_GET
def case_plan(request: HttpRequest, code) -> HttpResponse:
    """The case's current plan, or the start of one."""
    case = get_case_for(request.user, code, action="view")
    plan = case.plans.current().first()
    if plan is None:
        return redirect("plans:create", code=case.code)
    return redirect("plans:detail", code=plan.code)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def create(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for(request.user, code, action="change")
    if case.plans.current().exists():
        return redirect("plans:case_plan", code=case.code)
    today = timezone.localdate()
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={
            "contracted_hours": case.worker.contracted_hours,
            "review_interval_days": 14,
            "starts_on": today,
            "expected_end_on": today + timezone.timedelta(weeks=6),
        },
    )
    if request.method == "POST" and form.is_valid():
        plan = actions.create_plan(case=case, plan=form.save(commit=False), by=request.user)
        statutory.add_statutory_milestones(case=case, by=request.user)
        messages.success(request, _("Plan started. Add its phases next."))
        return redirect("plans:phases", code=plan.code)
    return form_page(
        request, form, title=_("Start a return-to-work plan"), submit=_("Start plan"), case=case
    )


@allow(STAFF_ROLES)
@require_GET
def detail(request: HttpRequest, code) -> HttpResponse:
    plan = load_plan(get_plan_for(request.user, code, action="view").pk, staff_page=True)
    case = plan.case
    today = timezone.localdate()
    fit_notes = list(case.fit_notes.all())
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "case": case,
            "today": today,
            # Hours worked over the planned steps: the check-ins come with the plan (load_plan).
            "hours_chart": build_hours_chart(plan.phases.all(), case.check_ins.all()),
            "warnings": plan_warnings(plan, fit_notes, today),
            "versions": plan.versions,
            "milestones": case.milestones.all(),
            "reviews": case.reviews.all(),
            "signed_parties": {s.party for s in plan.signoffs.all()},
            "document": build_document(plan, Audience.WORKER, today),
            "recorded_methods": [(m.value, m.label) for m in RECORDED_METHODS],
            **approval_context(plan),
        },
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def edit(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        instance=Plan(
            goal=plan.goal,
            contracted_hours=plan.contracted_hours,
            starts_on=plan.starts_on,
            expected_end_on=plan.expected_end_on,
            review_interval_days=plan.review_interval_days,
        ),
    )
    page = {"title": _("Change the plan details"), "submit": _("Save details"), "case": plan.case}
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PlanForm.Meta.fields}
        try:
            version = submitted_version(request)
            after = actions.update_plan(plan=plan, data=data, edit_version=version, by=request.user)
        except StaleEdit:
            return form_page(request, form, **page, **editing.details(form, plan))
        return changed(request, plan, after, _("Plan details saved."))
    return form_page(request, form, **page, edit_version=plan.edit_version)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def add_adjustment(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    form = AdjustmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        after = actions.add_adjustment(
            plan=plan, adjustment=form.save(commit=False), by=request.user
        )
        return changed(request, plan, after, _("Adjustment added."))
    return form_page(
        request, form, title=_("Add an adjustment"), submit=_("Add adjustment"), case=plan.case
    )


@allow(STAFF_ROLES)
@require_POST
@editing.changes_refused_as_messages
def remove_adjustment(request: HttpRequest, code, adjustment_code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    after = actions.remove_adjustment(plan=plan, adjustment_code=adjustment_code, by=request.user)
    return changed(request, plan, after, _("Adjustment removed."))


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def relapse(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    current = getattr(plan, "relapse", None)
    data = request.POST if request.method == "POST" else None
    form = RelapseForm(data, instance=current, prefix="relapse")
    formset = ActionFormSet(
        data,
        prefix="actions",
        initial=[
            {"kind": a.kind, "detail": a.detail, "owner": a.owner}
            for a in (current.actions.all() if current else [])
        ],
    )
    context = {"plan": plan, "case": plan.case, "form": form, "formset": formset}
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {f: form.cleaned_data[f] for f in RelapseForm.Meta.fields}
        rows, version = action_rows(formset), submitted_version(request)
        try:
            after = actions.save_relapse_prevention(
                plan=plan, data=fields, actions=rows, edit_version=version, by=request.user
            )
        except StaleEdit:
            return render(request, "plans/relapse.html", context | editing.relapse(form, plan))
        return changed(request, plan, after, _("Relapse-prevention agreement saved."))
    context["edit_version"] = current.edit_version if current else None
    return render(request, "plans/relapse.html", context)


@allow(STAFF_ROLES)
@require_POST
def change_status(request: HttpRequest, code, change: str) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if change not in actions.TRANSITIONS:
        raise Http404
    try:
        plan = actions.change_plan_status(plan=plan, change=change, by=request.user)
        messages.success(
            request,
            _("The plan is now %(status)s.") % {"status": plan.get_status_display().lower()},
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("plans:detail", code=plan.code)


@allow(STAFF_ROLES)
@require_POST
@editing.plan_change
def milestones(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    created = actions.generate_milestones(plan=plan, by=request.user)
    created += statutory.add_statutory_milestones(case=plan.case, by=request.user)
    added = actions.schedule_reviews(plan=plan, by=request.user)
    messages.success(
        request,
        _("%(milestones)s milestones and %(reviews)s reviews added.")
        % {"milestones": len(created), "reviews": added},
    )
    return redirect("plans:detail", code=plan.code)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def milestone(request: HttpRequest, code) -> HttpResponse:
    item = get_milestone_for(request.user, code)
    form = MilestoneForm(
        request.POST if request.method == "POST" else None,
        initial={"status": item.status, "achieved_on": item.achieved_on},
        referred_on=timezone.localdate(item.case.referred_at),
    )
    if request.method == "POST" and form.is_valid():
        actions.update_milestone(
            milestone=item,
            status=form.cleaned_data["status"],
            achieved_on=form.cleaned_data["achieved_on"],
            by=request.user,
        )
        messages.success(request, _("Milestone updated."))
        return redirect("plans:case_plan", code=item.case.code)
    return form_page(
        request,
        form,
        title=_("Milestone: %(title)s") % {"title": item.display_title},
        submit=_("Save"),
        case=item.case,
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code) -> HttpResponse:
    item = get_review_for(request.user, code)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        referred_on=timezone.localdate(item.case.referred_at),
    )
    if request.method == "POST" and form.is_valid():
        actions.record_review(review=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("Review recorded."))
        return redirect("plans:case_plan", code=item.case.code)
    return form_page(
        request,
        form,
        title=_("Review due %(day)s") % {"day": date_format(item.due_on, "j F Y")},
        submit=_("Save review"),
        case=item.case,
    )


# --- Other audiences: employer, clinician, worker ---------------------------------------------

_AUDIENCE_ACTION = {
    Audience.EMPLOYER: "view_employer",
    Audience.CLINICIAN: "view_clinician",
    Audience.WORKER: "view_own",
}
_ROLE_AUDIENCE = {
    Role.EMPLOYER_CONTACT: Audience.EMPLOYER,
    Role.CLINICIAN: Audience.CLINICIAN,
    Role.WORKER: Audience.WORKER,
}


def _document_for(request, code, audience: Audience):
    """Staff may see any audience's copy (to preview it); others only their own. There is no
    employer's copy while the case has no employer."""
    if request.user.role in STAFF_ROLES:
        plan = get_plan_for(request.user, code, action="view")
    else:
        if _ROLE_AUDIENCE.get(request.user.role) != audience:
            refuse_audience(request.user, code, audience.value)
        plan = get_plan_for(request.user, code, action=_AUDIENCE_ACTION[audience])
    plan = load_plan(plan.pk)
    if audience == Audience.EMPLOYER and plan.case.employer is None:
        raise Http404
    return plan, build_document(plan, audience, timezone.localdate())


@allow(STAFF_ROLES, Role.EMPLOYER_CONTACT, Role.CLINICIAN, Role.WORKER)
@require_GET
def shared_copy(request: HttpRequest, code, audience: str) -> HttpResponse:
    """The page an employer, clinician or worker sees: the same document as their PDF."""
    try:
        audience = Audience(audience)
    except ValueError:
        raise Http404 from None
    plan, document = _document_for(request, code, audience)
    signing_party = {
        Role.EMPLOYER_CONTACT: SignOffParty.EMPLOYER,
        Role.WORKER: SignOffParty.WORKER,
    }.get(request.user.role)
    can_sign = (
        signing_party is not None
        and _ROLE_AUDIENCE.get(request.user.role) == audience
        and plan.is_current
        and plan.status in (PlanStatus.PROPOSED, PlanStatus.AGREED)
        and not any(s.party == signing_party for s in plan.signoffs.all())
    )
    sign_url = ""
    if can_sign:
        name = (
            "plans:employer_sign" if signing_party == SignOffParty.EMPLOYER else "plans:worker_sign"
        )
        sign_url = reverse(name, args=[plan.code])
    return render(
        request,
        "plans/shared_copy.html",
        {"document": document, "plan": plan, "can_sign": can_sign, "sign_url": sign_url},
    )


@allow(STAFF_ROLES, Role.EMPLOYER_CONTACT, Role.CLINICIAN, Role.WORKER)
@require_GET
def pdf(request: HttpRequest, code, audience: str) -> HttpResponse:
    from plans.pdf import render_plan_pdf

    try:
        audience = Audience(audience)
    except ValueError:
        raise Http404 from None
    plan, document = _document_for(request, code, audience)
    # The worker's copy is in the worker's language whoever downloads it; the employer's and
    # clinician's in the reader's (the cache key digests the HTML, so languages never mix).
    if audience == Audience.WORKER:
        with override_for(plan.case.worker, team=plan.case.team):
            pdf_bytes = render_plan_pdf(document)
    else:
        pdf_bytes = render_plan_pdf(document)
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="plan-v{plan.version}-{audience.value}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@allow(Role.EMPLOYER_CONTACT)
@require_POST
def employer_sign(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="sign_employer")
    try:
        actions.sign_plan(
            plan=plan, party=SignOffParty.EMPLOYER, signed_by=request.user, by=request.user
        )
        messages.success(
            request, _("You signed version %(version)s of the plan.") % {"version": plan.version}
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("plans:shared_copy", code=plan.code, audience="employer")


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def check_ins(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    form = CheckInScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        added = actions.schedule_check_ins(
            plan=plan, every_days=form.cleaned_data["every_days"], by=request.user
        )
        messages.success(
            request,
            ngettext("%(count)s check-in scheduled.", "%(count)s check-ins scheduled.", added)
            % {"count": added},
        )
        return redirect("plans:detail", code=plan.code)
    return form_page(
        request, form, title=_("Schedule check-ins"), submit=_("Schedule check-ins"), case=plan.case
    )


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def step_back_for_case(request: HttpRequest, code) -> HttpResponse:
    """From the at-risk flag: apply the agreed "step back in hours" to the current plan."""
    case = get_case_for(request.user, code, action="change")
    plan = case.plans.current().first()
    if plan is None or not plan.is_editable():
        messages.error(
            request, _("There is no plan that can be changed: start or resume one first.")
        )
        return redirect("cases:case_detail", code=case.code)
    today = timezone.localdate()
    current_phase = plan.phase_on(today)
    form = StepBackForm(
        request.POST if request.method == "POST" else None,
        contracted_hours=plan.contracted_hours,
        initial={
            "starts_on": today,
            "weeks": 1,
            "hours": (current_phase.hours_per_week / 2) if current_phase else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        after = actions.apply_step_back(plan=plan, by=request.user, **form.cleaned_data)
        return changed(request, plan, after, _("Step back added to the plan."))
    return form_page(
        request, form, title=_("Step back the hours"), submit=_("Add step back"), case=case
    )


@allow(Role.WORKER)
@require_POST
def worker_sign(request: HttpRequest, code) -> HttpResponse:
    """The worker signs their own plan from their account."""
    plan = get_plan_for(request.user, code, action="view_own")
    try:
        actions.sign_plan(
            plan=plan, party=SignOffParty.WORKER, signed_by=request.user, by=request.user
        )
        messages.success(
            request, _("You signed version %(version)s of your plan.") % {"version": plan.version}
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("plans:shared_copy", code=plan.code, audience="worker")
