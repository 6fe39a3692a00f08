"""A referral's status as the referring GP sees it in the app (``cases/referral_detail.html``):
whether the team accepted or declined it (and why), whether support is under way, and how it
ended. Nothing else: no notes, no condition, no plan."""

from dataclasses import dataclass
from datetime import date, datetime

from cases.models import Case, CaseStatus

#: Case status -> FHIR Task.status.
TASK_STATUS = {
    CaseStatus.REFERRED: "requested",
    CaseStatus.ACCEPTED: "accepted",
    CaseStatus.DECLINED: "rejected",
    CaseStatus.ACTIVE: "in-progress",
    CaseStatus.PAUSED: "on-hold",
    CaseStatus.CLOSED: "completed",
}


@dataclass(frozen=True)
class ReferralStatus:
    code: object  # the case's code: the ServiceRequest's and the Task's id
    status: str  # a FHIR Task.status
    status_label: str
    referred_at: datetime
    team: str
    decided_at: datetime | None
    decline_reason: str
    outcome: str  # a ClosureOutcome value, when completed
    outcome_label: str
    closed_on: date | None
    nhs_number: str


def referral_status(case: Case) -> ReferralStatus:
    closed = case.status == CaseStatus.CLOSED
    return ReferralStatus(
        code=case.code,
        status=TASK_STATUS[case.status],
        status_label=case.get_status_display(),
        referred_at=case.referred_at,
        team=case.team.name,
        decided_at=case.decided_at,
        decline_reason=case.decline_reason if case.status == CaseStatus.DECLINED else "",
        outcome=(case.closure_outcome or "") if closed else "",
        outcome_label=case.get_closure_outcome_display() if closed and case.closure_outcome else "",
        closed_on=case.closed_on if closed else None,
        nhs_number=case.worker.nhs_number or "",
    )
