"""FHIR R4 on the wire, read and written with ``fhir.resources``' R4B models (R4B changed none
of the resources used here: Bundle, Patient, ServiceRequest, Consent, Task, OperationOutcome)."""

#: The canonical base of this service's FHIR extensions (docs/api.md lists them).
CANONICAL = "https://fhir.return-to-work.example"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
FHIR_JSON = "application/fhir+json"


def extension_url(name: str) -> str:
    return f"{CANONICAL}/StructureDefinition/{name}"
