"""Anonymising a case (ADR 15) removes the identifiers the referrer's system gave it: they
point to the patient's record there."""

from api.models import ReferralKey
from cases.models import Case


def anonymise_referral_keys(case: Case) -> dict[str, int]:
    deleted, _ = ReferralKey.objects.filter(case=case).delete()
    return {"api_referral_keys": deleted}
