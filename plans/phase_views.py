"""The phases of a plan, edited in one sitting: every phase on one page, "Add another phase"
with or without JavaScript, and the graded-schedule helper offered beside it, not forced."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plans import actions, editing
from plans.access import get_plan_for
from plans.editing import changed, edit_guard
from plans.forms import PhaseFormSet, ScheduleForm
from plans.models import Phase
from rtw.access import STAFF_ROLES, allow
from rtw.pages import form_page
from rtw.versions import StaleEdit, submitted_version


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def phases(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    initial = [{f: getattr(p, f) for f in Phase.CONTENT_FIELDS} for p in plan.phases.all()]
    adding = request.method == "POST" and editing.ADD_PHASE in request.POST
    data = request.POST if request.method == "POST" else None
    formset = PhaseFormSet(
        editing.with_another_phase(data) if adding else data,
        initial=initial,
        prefix="phases",
        contracted_hours=plan.contracted_hours,
        plan_starts_on=plan.starts_on,
    )
    formset.extra = 0 if initial else 1  # a plan with no phases yet opens on a blank one
    context = {"plan": plan, "case": plan.case, "formset": formset}
    if adding:
        editing.unchecked(formset)
        context |= {"edit_version": submitted_version(request), "added": True}
        return render(request, "plans/phases.html", context)
    if request.method == "POST" and formset.is_valid():
        try:
            version = submitted_version(request)
            after = actions.replace_phases(
                plan=plan, phases=formset.phases(), phases_version=version, by=request.user
            )
        except StaleEdit:
            return render(request, "plans/phases.html", context | editing.phases(plan))
        return changed(request, plan, after, _("Phases saved."))
    context["edit_version"] = plan.phases_version
    return render(request, "plans/phases.html", context)


@allow(STAFF_ROLES)
@require_http_methods(["GET", "POST"])
@editing.plan_change
def schedule(request: HttpRequest, code) -> HttpResponse:
    """Build a graded schedule to full hours that the VSW then edits."""
    plan = get_plan_for(request.user, code, action="change")
    if guard := edit_guard(request, plan):
        return guard
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        initial={"starts_on": plan.starts_on, "start_percent": 25, "weeks": 4},
    )
    if request.method == "POST" and form.is_valid():
        steps = actions.graded_schedule(
            starts_on=form.cleaned_data["starts_on"],
            contracted_hours=plan.contracted_hours,
            weeks=form.cleaned_data["weeks"],
            start_percent=form.cleaned_data["start_percent"],
        )
        after = actions.replace_phases(plan=plan, phases=steps, by=request.user)
        return changed(
            request,
            plan,
            after,
            ngettext(
                "%(count)s phase added. Edit its days and duties next.",
                "%(count)s phases added. Edit their days and duties next.",
                len(steps),
            )
            % {"count": len(steps)},
        )
    return form_page(
        request,
        form,
        title=_("Build a graded schedule"),
        submit=_("Build schedule"),
        case=plan.case,
    )
