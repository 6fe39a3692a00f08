"""The FHIR resources the API sends: the Task that tells a referrer where their referral is,
and the ServiceRequest as received. Each is checked against the R4 model before it leaves."""

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from api.fhir import CANONICAL, NHS_NUMBER_SYSTEM
from api.fhir.status import ReferralStatus

STATUS_SYSTEM = f"{CANONICAL}/CodeSystem/case-status"
OUTCOME_SYSTEM = f"{CANONICAL}/CodeSystem/closure-outcome"


def _patient(status: ReferralStatus) -> dict:
    return {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": status.nhs_number}}


def task(status: ReferralStatus) -> dict:
    resource = {
        "resourceType": "Task",
        "id": str(status.code),
        "status": status.status,
        "intent": "order",
        "basedOn": [{"reference": f"ServiceRequest/{status.code}"}],
        "businessStatus": {
            "coding": [
                {"system": STATUS_SYSTEM, "code": status.status, "display": status.status_label}
            ],
            "text": status.status_label,
        },
        "authoredOn": status.referred_at.isoformat(),
        "lastModified": (status.decided_at or status.referred_at).isoformat(),
        "owner": {"display": status.team},
    }
    if status.nhs_number:
        resource["for"] = _patient(status)
    if status.decline_reason:
        resource["statusReason"] = {"text": status.decline_reason}
    if status.outcome:
        resource["output"] = [
            {
                "type": {"text": "Outcome"},
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": OUTCOME_SYSTEM,
                            "code": status.outcome,
                            "display": status.outcome_label,
                        }
                    ],
                    "text": status.outcome_label,
                },
            }
        ]
        resource["executionPeriod"] = {"end": status.closed_on.isoformat()}
    return Task.model_validate(resource).model_dump(mode="json", exclude_none=True)


def searchset(resources: list[dict], *, self_url: str) -> dict:
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": self_url}],
        "entry": [
            {"fullUrl": f"Task/{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ],
    }
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True)


def service_request(status: ReferralStatus, identifiers: list[str]) -> dict:
    """The referral as a ServiceRequest: its identifiers as sent, the patient, when, to whom,
    and whether it is still active (FHIR: active, revoked for declined, completed)."""
    state = {"rejected": "revoked", "completed": "completed"}.get(status.status, "active")
    resource = {
        "resourceType": "ServiceRequest",
        "id": str(status.code),
        "status": state,
        "intent": "order",
        "identifier": [
            {"system": system, "value": value}
            for system, value in (key.split("|", 1) for key in identifiers)
        ],
        "subject": _patient(status) if status.nhs_number else {"display": "Patient"},
        "authoredOn": status.referred_at.isoformat(),
        "performer": [{"display": status.team}],
    }
    return ServiceRequest.model_validate(resource).model_dump(mode="json", exclude_none=True)
