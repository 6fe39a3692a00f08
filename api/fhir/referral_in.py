"""Reading a referral Bundle: the FHIR structure checked by the R4 models, then each value put
where the web referral form would have it, so the same forms (``cases.forms``) judge it.

The Bundle (type ``collection`` or ``transaction``) holds one ServiceRequest (status
``active``, intent ``order``, an ``identifier``, ``subject`` the Patient, ``performer`` the
team as ``Organization/<code>``, the reason as ``reasonCode[0].text``, and this service's
extensions for the absence and the employment), one Patient (name, birth date, an NHS number
under ``https://fhir.nhs.uk/Id/nhs-number``, telecom) and one Consent (status ``active``, its
``dateTime`` the day the patient agreed, the ``consent-method`` extension saying how).
"""

import re
from dataclasses import dataclass, field

import pydantic
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from api.fhir import NHS_NUMBER_SYSTEM, extension_url
from api.fhir.outcome import Invalid, Issue
from rtw.models import Organisation, OrganisationKind

BUNDLE_TYPES = ("collection", "transaction")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class ReferralInput:
    """A Bundle read into the web forms' fields, and the FHIRPath of each field."""

    worker: MultiValueDict
    referral: MultiValueDict
    nhs_number: str
    keys: list[str]
    paths: dict[str, str] = field(default_factory=dict)

    def issues_from(self, *forms) -> list[Issue]:
        issues = []
        for form in forms:
            for name, messages in form.errors.items():
                for message in messages:
                    issues.append(Issue("invalid", message, self.paths.get(name, "Bundle")))
        return issues


def _structure_issues(error: pydantic.ValidationError) -> list[Issue]:
    issues = []
    for problem in error.errors():
        path = "Bundle"
        for part in problem["loc"]:
            if isinstance(part, int):
                path += f"[{part}]"
            elif _NAME.match(str(part)):
                path += f".{part}"
        issues.append(Issue("structure", problem["msg"], path))
    return issues


def _date_parts(value) -> tuple[str, str, str]:
    """FHIR dates may be a year or a year and month: the missing parts stay empty, so the
    form says "Enter the day, month and year", as it would on the page."""
    if value is None:
        return "", "", ""
    parts = re.split("[T ]", str(value))[0].split("-")
    year, month, day = (parts + ["", ""])[:3]
    return day, month, year


def _extensions(resource) -> dict[str, list]:
    found: dict[str, list] = {}
    for index, extension in enumerate(resource.extension or []):
        found.setdefault(extension.url, []).append((index, extension))
    return found


def _organisation_pk(reference, kind: str) -> str:
    """The pk of the organisation ``Organization/<code>`` of ``kind``, or a value the form's
    choice field refuses."""
    text = (reference.reference or "") if reference is not None else ""
    code = text.removeprefix("Organization/")
    if not text.startswith("Organization/"):
        return ""
    organisation = (
        Organisation.objects.filter(kind=kind, code__iexact=code).first() if _uuid(code) else None
    )
    return str(organisation.pk) if organisation else "unknown"


def _uuid(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", text))


def _identifier_key(identifier) -> str | None:
    if identifier is None or not identifier.system or not identifier.value:
        return None
    return f"{identifier.system}|{identifier.value}"[:600]


def read_referral(data) -> ReferralInput:
    """The referral in ``data`` (parsed JSON), or :class:`Invalid` naming every problem."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise Invalid([Issue("structure", _("Send a FHIR Bundle."), "Bundle")], status=400)
    try:
        bundle = Bundle.model_validate(data)
    except pydantic.ValidationError as error:
        raise Invalid(_structure_issues(error), status=400) from None

    issues: list[Issue] = []
    if bundle.type not in BUNDLE_TYPES:
        issues.append(
            Issue("value", _("The Bundle's type must be collection or transaction."), "Bundle.type")
        )
    found: dict[str, list] = {}
    for index, entry in enumerate(bundle.entry or []):
        if entry.resource is not None:
            found.setdefault(entry.resource.get_resource_type(), []).append((index, entry))
    for kind in ("ServiceRequest", "Patient", "Consent"):
        count = len(found.get(kind, []))
        if count != 1:
            issues.append(
                Issue(
                    "required" if count == 0 else "structure",
                    _("The Bundle must hold exactly one %(kind)s (it holds %(count)s).")
                    % {"kind": kind, "count": count},
                    f"Bundle.entry.resource.ofType({kind})",
                )
            )
    if issues:
        raise Invalid(issues, status=400)

    ((sr_index, sr_entry),) = found["ServiceRequest"]
    ((patient_index, patient_entry),) = found["Patient"]
    ((consent_index, consent_entry),) = found["Consent"]
    request, patient, consent = sr_entry.resource, patient_entry.resource, consent_entry.resource
    sr_path = f"Bundle.entry[{sr_index}].resource"
    patient_path = f"Bundle.entry[{patient_index}].resource"
    consent_path = f"Bundle.entry[{consent_index}].resource"

    if request.status != "active":
        issues.append(
            Issue("value", _("The ServiceRequest's status must be active."), f"{sr_path}.status")
        )
    if request.intent != "order":
        issues.append(
            Issue("value", _("The ServiceRequest's intent must be order."), f"{sr_path}.intent")
        )
    patient_refs = {f"Patient/{patient.id}"} if patient.id else set()
    if patient_entry.fullUrl:
        patient_refs.add(patient_entry.fullUrl)
    if request.subject is None or request.subject.reference not in patient_refs:
        issues.append(
            Issue(
                "invalid",
                _("The ServiceRequest's subject must be the Bundle's Patient."),
                f"{sr_path}.subject",
            )
        )
    keys = [
        f"ServiceRequest|{key}"
        for key in (_identifier_key(i) for i in request.identifier or [])
        if key
    ]
    if not keys:
        issues.append(
            Issue(
                "required",
                _(
                    "Give the ServiceRequest an identifier (system and value): a resent "
                    "referral is recognised by it."
                ),
                f"{sr_path}.identifier",
            )
        )
    bundle_key = _identifier_key(bundle.identifier)
    if bundle_key:
        keys.append(f"Bundle|{bundle_key}")

    nhs_numbers = [
        (i, ident)
        for i, ident in enumerate(patient.identifier or [])
        if ident.system == NHS_NUMBER_SYSTEM
    ]
    if len(nhs_numbers) != 1 or not nhs_numbers[0][1].value:
        issues.append(
            Issue(
                "required",
                _("Give the patient's NHS number as an identifier with system %(system)s.")
                % {"system": NHS_NUMBER_SYSTEM},
                f"{patient_path}.identifier",
            )
        )
    if consent.status != "active":
        issues.append(
            Issue(
                "value",
                _("The Consent's status must be active: refer only a patient who agreed."),
                f"{consent_path}.status",
            )
        )
    if issues:
        raise Invalid(issues)
    nhs_index, nhs_identifier = nhs_numbers[0]

    worker, referral, paths = MultiValueDict(), MultiValueDict(), {}

    def put(form: MultiValueDict, name: str, value, path: str) -> None:
        if value is not None and value != "":
            form[name] = str(value)
        paths[name] = path

    def put_date(form: MultiValueDict, name: str, value, path: str) -> None:
        for suffix, part in zip(("_0", "_1", "_2"), _date_parts(value), strict=True):
            form[f"{name}{suffix}"] = part
        paths[name] = path

    name = (patient.name or [None])[0]
    put(
        worker,
        "first_name",
        " ".join(name.given or []) if name else "",
        f"{patient_path}.name[0].given",
    )
    put(worker, "last_name", name.family if name else "", f"{patient_path}.name[0].family")
    put_date(worker, "date_of_birth", patient.birthDate, f"{patient_path}.birthDate")
    put(worker, "nhs_number", nhs_identifier.value, f"{patient_path}.identifier[{nhs_index}].value")
    preferred, email, mobile = None, "", ""
    for index, point in sorted(
        enumerate(patient.telecom or []), key=lambda pair: pair[1].rank or 1_000
    ):
        if point.system == "email" and not email:
            email = point.value or ""
            paths["email"] = f"{patient_path}.telecom[{index}].value"
            preferred = preferred or "EMAIL"
        elif point.system in ("phone", "sms") and not mobile:
            mobile = point.value or ""
            paths["mobile"] = f"{patient_path}.telecom[{index}].value"
            preferred = preferred or ("SMS" if point.system == "sms" else "PHONE")
    put(worker, "email", email, paths.get("email", f"{patient_path}.telecom"))
    put(worker, "mobile", mobile, paths.get("mobile", f"{patient_path}.telecom"))
    put(worker, "preferred_contact", preferred or "EMAIL", f"{patient_path}.telecom")
    patient_ext = _extensions(patient)
    for url, pairs in patient_ext.items():
        if url == extension_url("communication-needs"):
            index, ext = pairs[0]
            put(
                worker,
                "communication_needs",
                ext.valueString,
                f"{patient_path}.extension[{index}].valueString",
            )

    request_ext = _extensions(request)

    def ext_value(name: str, attribute: str, target: str):
        pairs = request_ext.get(extension_url(name), [])
        path = f"{sr_path}.extension('{extension_url(name)}')"
        if pairs:
            index, ext = pairs[0]
            path = f"{sr_path}.extension[{index}].{attribute}"
            value = getattr(ext, attribute, None)
        else:
            value = None
        paths[target] = path
        return value

    put(
        worker,
        "employment",
        ext_value("employment", "valueCode", "employment"),
        paths["employment"],
    )
    employer = ext_value("employer", "valueReference", "employer")
    if employer is not None:
        worker["employer"] = _organisation_pk(employer, OrganisationKind.EMPLOYER)
    put(
        worker,
        "employer_name",
        ext_value("employer-name", "valueString", "employer_name"),
        paths["employer_name"],
    )
    put(
        worker,
        "employer_contact",
        ext_value("employer-contact", "valueString", "employer_contact"),
        paths["employer_contact"],
    )
    put(worker, "job_title", ext_value("job-title", "valueString", "job_title"), paths["job_title"])
    put(
        worker,
        "contracted_hours",
        ext_value("contracted-hours", "valueDecimal", "contracted_hours"),
        paths["contracted_hours"],
    )
    put_date(
        worker,
        "absence_started_on",
        ext_value("absence-start", "valueDate", "absence_started_on"),
        paths["absence_started_on"],
    )

    performer = (request.performer or [None])[0]
    referral["team"] = _organisation_pk(performer, OrganisationKind.VSW_TEAM)
    paths["team"] = f"{sr_path}.performer[0]"
    reason = (request.reasonCode or [None])[0]
    put(referral, "reason", reason.text if reason else "", f"{sr_path}.reasonCode[0].text")
    flags = [
        ext.valueCode for _i, ext in request_ext.get(extension_url("red-flag"), []) if ext.valueCode
    ]
    referral.setlist("red_flags", flags)
    paths["red_flags"] = f"{sr_path}.extension('{extension_url('red-flag')}')"
    referral["consent"] = "on"  # the Consent is active (checked above)
    paths["consent"] = f"{consent_path}.status"
    put_date(referral, "consent_given_on", consent.dateTime, f"{consent_path}.dateTime")
    consent_ext = _extensions(consent).get(extension_url("consent-method"), [])
    method_path = f"{consent_path}.extension('{extension_url('consent-method')}')"
    if consent_ext:
        index, ext = consent_ext[0]
        method_path = f"{consent_path}.extension[{index}].valueCode"
        put(referral, "consent_method", ext.valueCode, method_path)
    paths["consent_method"] = method_path
    return ReferralInput(
        worker=worker,
        referral=referral,
        nhs_number=str(nhs_identifier.value),
        keys=keys,
        paths=paths,
    )
