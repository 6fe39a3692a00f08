"""What each audience may see of a plan. The only code that filters plan content.

Pages and PDFs for the employer and the clinician are rendered from a :class:`PlanDocument`
built here, never from the model directly; what is not copied into the document cannot leak.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Recipient, ShareItem
from cases.sharing import current_fit_note, released_items
from plans.models import Plan


class Audience(StrEnum):
    WORKER = "worker"
    EMPLOYER = "employer"
    CLINICIAN = "clinician"


@dataclass(frozen=True)
class PhaseLine:
    order: int
    starts_on: date
    ends_on: date
    hours_per_week: Decimal
    days: str
    duties_included: str
    duties_excluded: str
    supervision: str
    is_step_back: bool


@dataclass(frozen=True)
class AdjustmentLine:
    category: str
    description: str


@dataclass(frozen=True)
class ActionLine:
    kind: str
    detail: str
    owner: str


@dataclass(frozen=True)
class SignatureLine:
    party: str
    name: str  # who signed: for an agreement the VSW recorded, the worker, never the VSW
    signed_at: object
    how: str = ""  # for a recorded agreement: how it was given and who recorded it


@dataclass(frozen=True)
class PlanDocument:
    """One audience's copy of one plan version."""

    audience: Audience
    plan_code: str
    version: int
    status: str
    is_current: bool
    worker_name: str
    employer_name: str  # the organisation, or the name given at referral; "" when none
    employment: str  # "Employed", "Self-employed" or "Between jobs"
    vsw_name: str
    goal: str
    contracted_hours: Decimal
    starts_on: date
    expected_end_on: date
    review_dates: list[date]
    phases: list[PhaseLine]
    adjustments: list[AdjustmentLine]
    actions: list[ActionLine]
    signatures: list[SignatureLine]
    agreed: bool
    employer_signs: bool = True  # False when the worker has no employer to sign
    normalisation: str = ""
    warning_signs: list[str] = field(default_factory=list)
    contacts: str = ""
    relapse_review_on: date | None = None
    fit_note_summary: str = ""
    condition: str = ""

    @property
    def signoff_status(self) -> str:
        if self.agreed:
            if not self.employer_signs:
                return _("Agreed: signed by the worker")
            return _("Agreed: signed by the worker and the employer")
        parties = [s.party for s in self.signatures]
        if parties:
            return _("Signed by %(parties)s; not yet agreed") % {"parties": ", ".join(parties)}
        return _("Not signed")


_RECIPIENT = {Audience.EMPLOYER: Recipient.EMPLOYER, Audience.CLINICIAN: Recipient.GP}


def build_document(
    plan: Plan, audience: Audience, today: date, *, released: set[str] | None = None
) -> PlanDocument:
    """Copy into a document exactly what ``audience`` may see of ``plan``.

    * worker: everything in their plan (it is theirs);
    * employer: hours, duties, adjustments marked visible, review dates and the agreed actions
      that involve the employer; the warning signs and condition only if released;
    * clinician (the worker's GP practice): the plan in outline (goal, hours, dates, the
      adjustments marked visible) and the fit-note advice; the adjustments the worker keeps
      private only with PLAN shared with the GP, the agreed actions with RELAPSE_ACTIONS and
      the warning signs with WARNING_SIGNALS; never notes, scores or the condition.

    ``released`` is the set of items the worker shares with this audience's recipient; by
    default what they share now. The worker's preview passes the set as it would be after a
    change they are about to confirm.
    """
    case = plan.case
    relapse = getattr(plan, "relapse", None)
    all_actions = list(relapse.actions.all()) if relapse else []
    signoffs = list(plan.signoffs.all())
    needed = plan.signatories_needed()
    if released is None:
        recipient = _RECIPIENT.get(audience)
        released = released_items(case, recipient) if recipient else set()
    to_clinician = audience == Audience.CLINICIAN

    adjustments = [
        AdjustmentLine(a.get_category_display(), a.description)
        for a in plan.adjustments.all()
        if audience == Audience.WORKER
        or a.visible_to_employer
        or (to_clinician and ShareItem.PLAN in released)
    ]
    if audience == Audience.WORKER or (to_clinician and ShareItem.RELAPSE_ACTIONS in released):
        actions = all_actions
    elif audience == Audience.EMPLOYER and ShareItem.RELAPSE_ACTIONS in released:
        actions = [a for a in all_actions if a.involves_employer]
    else:
        actions = []
    show_signs = audience == Audience.WORKER or ShareItem.WARNING_SIGNALS in released
    show_relapse = audience == Audience.WORKER or ShareItem.RELAPSE_ACTIONS in released
    note = current_fit_note(case, today)
    fit_note_summary = ""
    if note is not None and (
        audience in (Audience.WORKER, Audience.CLINICIAN) or ShareItem.FIT_NOTE_ADVICE in released
    ):
        values = {
            "fitness": note.get_fitness_display(),
            "start": date_format(note.starts_on, "j F Y"),
            "advice": ", ".join(str(box) for box in note.advice_boxes()).lower(),
        }
        if note.indefinite:
            if values["advice"]:
                summary = _("%(fitness)s (%(start)s to indefinite): %(advice)s")
            else:
                summary = _("%(fitness)s (%(start)s to indefinite)")
        else:
            values["end"] = date_format(note.ends_on, "j F Y")
            if values["advice"]:
                summary = _("%(fitness)s (%(start)s to %(end)s): %(advice)s")
            else:
                summary = _("%(fitness)s (%(start)s to %(end)s)")
        fit_note_summary = summary % values
    condition = ""
    if note is not None and (audience == Audience.WORKER or ShareItem.CONDITION in released):
        condition = note.condition

    return PlanDocument(
        audience=audience,
        plan_code=str(plan.code),
        version=plan.version,
        status=plan.get_status_display(),
        is_current=plan.is_current,
        worker_name=case.worker.full_name,
        employer_name=case.employer.name if case.employer else case.employer_name_given,
        employment=case.get_employment_display(),
        vsw_name=case.assigned_vsw.full_name if case.assigned_vsw else "",
        goal=plan.get_goal_display(),
        contracted_hours=plan.contracted_hours,
        starts_on=plan.starts_on,
        expected_end_on=plan.expected_end_on,
        review_dates=plan.review_dates(),
        phases=[
            PhaseLine(
                p.order,
                p.starts_on,
                p.ends_on,
                p.hours_per_week,
                p.days,
                p.duties_included,
                p.duties_excluded,
                p.supervision,
                p.is_step_back,
            )
            for p in plan.phases.all()
        ],
        adjustments=adjustments,
        actions=[
            ActionLine(a.get_kind_display(), a.detail, a.get_owner_display()) for a in actions
        ],
        signatures=[_signature(s) for s in signoffs],
        agreed={s.party for s in signoffs} >= needed,
        employer_signs="EMPLOYER" in needed,
        normalisation=relapse.normalisation if relapse and show_relapse else "",
        warning_signs=relapse.warning_sign_list() if relapse and show_signs else [],
        contacts=relapse.contacts if relapse and show_relapse else "",
        relapse_review_on=relapse.review_on if relapse and show_relapse else None,
        fit_note_summary=fit_note_summary,
        condition=condition if audience != Audience.CLINICIAN else "",
    )


def _signature(signoff) -> SignatureLine:
    """A signature as it prints: the signer's name, and for an agreement the VSW recorded, how
    the worker gave it and who recorded it (the recorder is never printed as the signer)."""
    how = ""
    if signoff.is_recorded:
        how = _("%(method)s, recorded by %(name)s") % {
            "method": signoff.get_method_display(),
            "name": signoff.recorded_by.full_name,
        }
    return SignatureLine(signoff.get_party_display(), signoff.signer, signoff.signed_at, how)
