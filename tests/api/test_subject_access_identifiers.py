"""The identifiers a referring system gave a referral are personal data held about the worker:
the subject-access export lists them with the case, in JSON and in the PDF."""

import json
import subprocess

import pytest

from cases.models import Case
from tests.api.conftest import post_bundle, referral_bundle

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_referrers_identifiers(practice_api, practice, team, as_user, vsw):
    code = post_bundle(practice_api, referral_bundle(team, identifier="SAR-7")).json()["id"]
    post_bundle(practice_api, referral_bundle(team, identifier="OTHER-9", nhs_number="9434765870"))
    case = Case.objects.get(code=code)
    url = f"/plans/case/{case.code}/subject-access/"

    data = json.loads(as_user(vsw).get(url, {"format": "json"}).content)
    pdf = as_user(vsw).get(url, {"format": "pdf"}).content

    [record] = data["cases"]
    assert sorted((k["organisation"], k["identifier"]) for k in record["referral_identifiers"]) == [
        (practice.name, "Bundle|https://gp-system.example/bundles|B-SAR-7"),
        (practice.name, "ServiceRequest|https://gp-system.example/referrals|SAR-7"),
    ]
    assert "OTHER-9" not in json.dumps(data)  # another patient's referral
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Identifier from the referrer's system" in text
    assert "B-SAR-7" in text
