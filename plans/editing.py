"""What the plan edit pages share: the guard, the message after a change, and the answers when
the plan moved on while a page was open (rtw/once.py, rtw/versions.py; ADR 12).

A refused save shows the page again with the user's input, the values now saved and the
version to save on top of; if the version was signed and replaced meanwhile, the page posts to
the replacing version. A change the plan no longer allows at all (it was completed, abandoned
or replaced) is a message on the plan page instead of an error.
"""

from functools import wraps

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.actions import TransitionError
from plans.models import Phase, Plan
from rtw.once import submit_once
from rtw.versions import STALE_MESSAGE, saved_values, submitted_version


def edit_guard(request, plan):
    if request.method == "POST" and submitted_version(request) is not None:
        return None  # the action decides, and a page left open on a replaced version is stale
    if not plan.is_editable():
        messages.error(request, _("This version of the plan can no longer be changed."))
        return redirect("plans:detail", code=plan.code)
    return None


def changed(request, before: Plan, after: Plan, message: str):
    if after.pk != before.pk:
        message = _("%(message)s Version %(before)s was signed, so this is version %(after)s.") % {
            "message": message,
            "before": before.version,
            "after": after.version,
        }
    messages.success(request, message)
    return redirect("plans:detail", code=after.code)


def plan_change(view):
    """A view that changes a plan: each form it sends is saved once (rtw/once.py), and a change
    the plan no longer allows is a message, not an error."""
    return changes_refused_as_messages(submit_once(view))


def changes_refused_as_messages(view):
    """Turn a TransitionError from a plan-changing view into a message on the case's plan page.
    The view's ``code`` is the plan's (or, for a view that starts from a case, the case's)."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        try:
            return view(request, code, *args, **kwargs)
        except TransitionError as exc:
            messages.error(request, str(exc))
            plan = Plan.objects.filter(code=code).select_related("case").first()
            return redirect("plans:case_plan", code=plan.case.code if plan else code)

    return wrapper


def _now(plan: Plan) -> Plan:
    """The version a stale page's next save goes to: this one, or the one replacing it."""
    return plan.case.plans.current().first() or plan


def details(form, plan: Plan) -> dict:
    now = _now(plan)
    return {
        "edit_version": now.edit_version,
        "stale": saved_values(form, now),
        "action": reverse("plans:edit", args=[now.code]),
    }


def phases(plan: Plan) -> dict:
    now = _now(plan)
    return {
        "edit_version": now.phases_version,
        "stale": [_phase_row(p) for p in now.phases.all()],
        "stale_message": _(STALE_MESSAGE),
        "action": reverse("plans:phases", args=[now.code]),
    }


def _phase_row(phase: Phase) -> tuple[str, str]:
    values = {
        "start": date_format(phase.starts_on, "j F Y"),
        "end": date_format(phase.ends_on, "j F Y"),
        "hours": phase.hours_per_week,
    }
    if phase.is_step_back:
        line = _("%(start)s to %(end)s: %(hours)s hours a week (step back)") % values
    else:
        line = _("%(start)s to %(end)s: %(hours)s hours a week") % values
    lines = [line]
    lines += [text for text in (phase.days, phase.duties_included) if text]
    return (_("Phase %(number)s") % {"number": phase.order}, "\n".join(lines))


def relapse(form, plan: Plan) -> dict:
    now = getattr(_now(plan), "relapse", None)
    if now is None:
        return {"edit_version": None, "stale": [], "stale_message": _(STALE_MESSAGE)}
    rows = saved_values(form, now) + [
        (f"Action {i}", f"{a.get_kind_display()}: {a.detail} ({a.get_owner_display()})")
        for i, a in enumerate(now.actions.all(), start=1)
    ]
    return {
        "edit_version": now.edit_version,
        "stale": rows,
        "stale_message": _(STALE_MESSAGE),
        "action": reverse("plans:relapse", args=[now.plan.code]),
    }


ADD_PHASE = "add_phase"


def with_another_phase(data, prefix: str = "phases"):
    """The posted phases with one more blank row: what "Add another phase" sends back without
    JavaScript. Every value typed so far is kept, and nothing is saved."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        total = 0
    data[key] = str(min(max(total, 0) + 1, 52))
    return data


def unchecked(formset):
    """A bound formset shown again as typed, with no errors: adding a row is not a save, so
    blank fields are not yet wrong."""
    formset._errors = []
    formset._non_form_errors = formset.error_class(renderer=formset.renderer)
    for form in formset.forms:
        form._errors = ErrorDict(renderer=form.renderer)
        form.cleaned_data = {}
    return formset
