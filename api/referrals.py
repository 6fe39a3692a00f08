"""A referral from a FHIR Bundle, through the web form's own forms and action."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from api.fhir.outcome import Invalid, Issue
from api.fhir.referral_in import read_referral
from api.models import IntegrationClient, ReferralKey
from cases import actions
from cases.forms import EpisodeForm, ReferralForm, WorkerForm
from cases.models import Case, Worker
from rtw.versions import claim_version

DUPLICATE_MESSAGE = _(
    "A patient with this NHS number was registered by this practice at the same moment. "
    "Send the referral again."
)


def _already_referred(organisation, keys: list[str]) -> Case | None:
    key = (
        ReferralKey.objects.filter(organisation=organisation, key__in=keys, case__isnull=False)
        .select_related("case")
        .order_by("created_at", "pk")
        .first()
    )
    return key.case if key else None


@transaction.atomic
def refer_from_bundle(*, data, client: IntegrationClient) -> tuple[Case, bool]:
    """The case the Bundle ``data`` refers, and whether it is new; :class:`Invalid` with
    every problem otherwise.

    The same rules as the web page (``cases.views.clinicians.refer``): ``WorkerForm`` and
    ``ReferralForm`` judge every value (consent, NHS number by Modulus 11, plausible dates and
    hours); a patient this practice already registered under the NHS number is referred again
    as that patient (``EpisodeForm``, as ``refer_known`` does: the number identifies them, so
    there is nobody to choose between); a number the service holds for another practice is
    left to ``actions.refer_worker``, which flags a possible duplicate and tells the referrer
    nothing. A Bundle whose ServiceRequest (or Bundle) identifier this organisation sent
    before returns the first referral's case: the keys are written before the case, so a copy
    sent at the same time waits at the unique constraint and then finds the first.
    """
    referral = read_referral(data)
    organisation = client.organisation
    existing = _already_referred(organisation, referral.keys)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            claimed = ReferralKey.objects.bulk_create(
                [
                    ReferralKey(organisation=organisation, key=k, client=client)
                    for k in referral.keys
                ]
            )
    except IntegrityError:
        existing = _already_referred(organisation, referral.keys)
        if existing is None:
            raise
        return existing, False

    patient = (
        Worker.objects.filter(gp_practice=organisation, nhs_number=_digits(referral.nhs_number))
        .select_related("employer")
        .first()
    )
    if patient is not None:
        worker_form = EpisodeForm(referral.worker, instance=patient)
    else:
        worker_form = WorkerForm(referral.worker)
    referral_form = ReferralForm(referral.referral)
    valid = [worker_form.is_valid(), referral_form.is_valid()]
    if not all(valid):
        raise Invalid(referral.issues_from(worker_form, referral_form))
    if patient is not None:
        # Anyone's open edit page for this patient becomes stale (rtw/versions.py); only the
        # form's fields are saved, so the version just moved on is not put back.
        claim_version(Worker, pk=patient.pk, expected=None)
        worker = worker_form.save(commit=False)
        worker.save(update_fields=list(EpisodeForm.Meta.fields))
    else:
        worker = worker_form.save(commit=False)
        worker.gp_practice = organisation
    data = referral_form.cleaned_data
    try:
        case = actions.refer_worker(
            worker=worker,
            **worker_form.employment_details(),
            team=data["team"],
            reason=data["reason"],
            red_flags=data["red_flags"],
            consent_given_on=data["consent_given_on"],
            consent_method=data["consent_method"],
            by=client.principal,
        )
    except actions.DuplicatePatient:
        raise Invalid(
            [Issue("duplicate", str(DUPLICATE_MESSAGE), referral.paths["nhs_number"])], status=409
        ) from None
    ReferralKey.objects.filter(pk__in=[k.pk for k in claimed]).update(case=case)
    return case, True


def _digits(nhs_number: str) -> str:
    return "".join(ch for ch in nhs_number if ch.isdigit())


def keys_of(case: Case) -> list[str]:
    """The identifiers the referrer gave the ServiceRequest (``system|value``)."""
    return [
        key.removeprefix("ServiceRequest|")
        for key in ReferralKey.objects.filter(case=case, key__startswith="ServiceRequest|")
        .order_by("pk")
        .values_list("key", flat=True)
    ]
