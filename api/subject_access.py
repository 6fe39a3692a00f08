"""What the API holds about a case, for the worker's subject-access export (ADR 15): the
identifiers referring organisations' systems gave their referrals (a FHIR ServiceRequest's or
Bundle's identifier, ``system|value``). Registered in ``plans.subject_access`` from
``ApiConfig.ready()``."""

from collections import defaultdict

from api.models import ReferralKey


def referral_identifiers(cases) -> dict[int, dict]:
    """``{case pk: {"referral_identifiers": [...]}}`` for the cases a referring system named,
    oldest first; one query for every case."""
    found: dict[int, list[dict]] = defaultdict(list)
    for key in (
        ReferralKey.objects.filter(case__in=cases)
        .select_related("organisation")
        .order_by("created_at", "pk")
    ):
        found[key.case_id].append(
            {
                "organisation": key.organisation.name,
                "identifier": key.key,
                "received_at": key.created_at,
            }
        )
    return {case_id: {"referral_identifiers": keys} for case_id, keys in found.items()}
