"""A plan with everything its pages read, in one query after the access check.

The staff plan page, the shared copies and the PDF each read the plan's phases, adjustments,
agreed actions and the case's fit notes; the staff page also the case's check-ins, milestones,
reviews and versions. Read one query each, that was a dozen queries a page; here they come back
as JSON arrays inside the plan's own row (``rtw/inline.py``), so the count stays the same
whatever the number of rows, and lower. The sign-offs, with their two users each, stay one
prefetch.
"""

from django.db.models import Prefetch

from cases.models import FitNote, SharingConsent
from checkins.models import CheckIn
from plans.models import Adjustment, AgreedAction, Milestone, Phase, Plan, Review, SignOff
from rtw.inline import attach, inline, instances


def load_plan(pk: int, *, staff_page: bool = False) -> Plan:
    """Plan ``pk`` (already fetched through ``get_plan_for``) with its case, worker, employer,
    assigned VSW, team and relapse agreement selected, and its lists attached as if
    prefetched. ``staff_page`` adds what only the staff page shows. The worker's active
    consents come along as ``worker.active_consents`` (``cases.sharing.released_items``)."""
    lists = {
        "_phases": inline(Phase, "plan"),
        "_adjustments": inline(Adjustment, "plan"),
        "_actions": inline(AgreedAction, "relapse__plan"),
        "_fit_notes": inline(FitNote, "case", outer="case_id"),
        "_consents": inline(
            SharingConsent,
            "worker",
            outer="case__worker_id",
            queryset=SharingConsent.objects.active(),
        ),
    }
    if staff_page:
        lists |= {
            "_check_ins": inline(CheckIn, "case", outer="case_id"),
            "_milestones": inline(Milestone, "case", outer="case_id"),
            "_reviews": inline(Review, "case", outer="case_id"),
            "_versions": inline(Plan, "case", outer="case_id", order_by=["-version"]),
        }
    plan = (
        Plan.objects.filter(pk=pk)
        .select_related(
            "case",
            "case__worker",
            "case__employer",
            "case__assigned_vsw",
            "case__team",
            "relapse",
        )
        .prefetch_related(
            Prefetch(
                "signoffs", queryset=SignOff.objects.select_related("signed_by", "recorded_by")
            )
        )
        .annotate(**lists)
        .get()
    )
    case = plan.case
    attach(plan, "phases", Phase, plan._phases, back="plan")
    attach(plan, "adjustments", Adjustment, plan._adjustments, back="plan")
    relapse = getattr(plan, "relapse", None)
    if relapse is not None:
        attach(relapse, "actions", AgreedAction, plan._actions, back="relapse")
    attach(case, "fit_notes", FitNote, plan._fit_notes, back="case")
    case.worker.active_consents = instances(SharingConsent, plan._consents)
    if staff_page:
        attach(case, "check_ins", CheckIn, plan._check_ins, back="case")
        attach(case, "milestones", Milestone, plan._milestones, back="case")
        attach(case, "reviews", Review, plan._reviews, back="case")
        plan.versions = instances(Plan, plan._versions)
    return plan
