"""Referrals in by FHIR: the web form's rules, each problem named, a resend finds the first."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from api.models import ReferralKey
from cases.models import Case, CaseStatus, Worker
from cases.retention import anonymise_case
from rtw.models import AuditEvent
from tests.api.conftest import changed, post_bundle, referral_bundle, resource
from tests.concurrently import raised, run_together

pytestmark = pytest.mark.django_db


def test_a_valid_bundle_creates_a_referral_from_the_practice(practice_api, practice, team):
    response = post_bundle(practice_api, referral_bundle(team))

    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json()["id"] == str(case.code)
    assert response["Location"] == f"http://testserver/api/v1/fhir/ServiceRequest/{case.code}"
    assert response["Content-Type"] == "application/fhir+json"
    assert (case.status, case.team, case.referring_practice) == (
        CaseStatus.REFERRED,
        team,
        practice,
    )
    assert case.referred_by == practice_api.integration.principal
    assert (case.worker.nhs_number, case.worker.first_name, case.worker.gp_practice) == (
        "9434765919",
        "Aisha",
        practice,
    )
    assert (case.employer_name_given, case.consent_to_refer_method) == ("Moor Bakery", "VERBAL")
    assert AuditEvent.objects.filter(action="case.refer", record_code=str(case.code)).get()


def test_a_resent_bundle_returns_the_first_referral(practice_api, team):
    first = post_bundle(practice_api, referral_bundle(team))
    again = post_bundle(practice_api, referral_bundle(team))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again["Location"] == first["Location"]
    assert Case.objects.count() == 1


def test_the_same_bundle_identifier_with_a_new_service_request_id_is_still_the_first(
    practice_api, team
):
    bundle = referral_bundle(team)
    post_bundle(practice_api, bundle)
    resent = changed(
        bundle, lambda b: resource(b, "ServiceRequest")["identifier"][0].update(value="NEW")
    )

    assert post_bundle(practice_api, resent).status_code == 200
    assert Case.objects.count() == 1


def test_another_practice_may_use_the_same_identifier(practice_api, other_practice_api, team):
    post_bundle(practice_api, referral_bundle(team))
    response = post_bundle(other_practice_api, referral_bundle(team, nhs_number="4010232137"))

    assert response.status_code == 201
    assert Case.objects.count() == 2


def test_a_patient_the_practice_registered_is_referred_again_as_that_patient(practice_api, team):
    post_bundle(practice_api, referral_bundle(team, identifier="ONE"))
    Case.objects.update(status=CaseStatus.DECLINED, decline_reason="Not now.")
    version = Worker.objects.get().edit_version
    response = post_bundle(practice_api, referral_bundle(team, identifier="TWO"))

    assert response.status_code == 201
    assert Worker.objects.count() == 1
    assert Worker.objects.get().edit_version == version + 1  # open edit pages become stale
    assert Case.objects.filter(worker=Worker.objects.get()).count() == 2


def test_a_number_held_for_another_practice_is_taken_and_flagged_for_the_team(
    practice_api, other_practice_api, team
):
    post_bundle(other_practice_api, referral_bundle(team))
    response = post_bundle(practice_api, referral_bundle(team))

    assert response.status_code == 201
    ours = Case.objects.get(code=response.json()["id"]).worker
    assert (
        ours.duplicate_of is not None and ours.gp_practice == practice_api.integration.organisation
    )


def test_without_consent_nothing_is_referred(practice_api, team):
    bundle = changed(
        referral_bundle(team), lambda b: resource(b, "Consent").update(status="rejected")
    )

    response = post_bundle(practice_api, bundle)

    assert response.status_code == 422
    assert response.json()["issue"] == [
        {
            "severity": "error",
            "code": "value",
            "diagnostics": "The Consent's status must be active: refer only a patient who agreed.",
            "expression": ["Bundle.entry[2].resource.status"],
            "location": ["Bundle.entry[2].resource.status"],
        }
    ]
    assert Case.objects.count() == 0


def test_each_rule_the_form_breaks_is_named_with_its_path(practice_api, team):
    def spoil(bundle):
        patient = resource(bundle, "Patient")
        patient["identifier"][0]["value"] = "9434765918"  # fails Modulus 11
        patient["birthDate"] = "2020-01-01"  # under 16
        request = resource(bundle, "ServiceRequest")
        request["extension"][4]["valueDecimal"] = 120  # hours
        del request["reasonCode"]
        resource(bundle, "Consent")["extension"][0]["valueCode"] = "TELEPATHY"

    response = post_bundle(practice_api, changed(referral_bundle(team), spoil))

    assert response.status_code == 422
    assert response["Content-Type"] == "application/fhir+json"
    problems = {
        (issue["expression"][0], issue["diagnostics"]) for issue in response.json()["issue"]
    }
    assert problems == {
        (
            "Bundle.entry[0].resource.birthDate",
            "Enter the date of birth of someone aged 16 to 100 today",
        ),
        (
            "Bundle.entry[0].resource.identifier[0].value",
            "Enter a valid NHS number, 10 digits like 943 476 5919",
        ),
        (
            "Bundle.entry[1].resource.extension[4].valueDecimal",
            "Enter contracted hours between 0.5 and 80",
        ),
        ("Bundle.entry[1].resource.reasonCode[0].text", "Enter the reason for referral"),
        (
            "Bundle.entry[2].resource.extension[0].valueCode",
            "Select a valid choice. TELEPATHY is not one of the available choices.",
        ),
    }
    assert Case.objects.count() == 0


def test_a_bundle_that_is_not_fhir_is_refused_with_each_structural_problem(practice_api, team):
    def spoil(bundle):
        resource(bundle, "Patient")["birthDate"] = "9 March 1984"
        resource(bundle, "ServiceRequest")["subject"] = "Patient/1"

    response = post_bundle(practice_api, changed(referral_bundle(team), spoil))

    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"
    assert {(issue["code"], issue["expression"][0]) for issue in response.json()["issue"]} == {
        ("structure", "Bundle.entry[0].resource.birthDate"),
        ("structure", "Bundle.entry[1].resource.subject"),
    }


def test_missing_resources_and_identifiers_are_each_named(practice_api, team):
    def spoil(bundle):
        bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Consent"]

    response = post_bundle(practice_api, changed(referral_bundle(team), spoil))
    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle.entry.resource.ofType(Consent)"]

    def unidentified(bundle):
        del resource(bundle, "ServiceRequest")["identifier"]
        resource(bundle, "Patient")["identifier"][0]["system"] = "urn:other"
        resource(bundle, "ServiceRequest")["performer"] = [{"reference": "Organization/nope"}]

    response = post_bundle(practice_api, changed(referral_bundle(team), unidentified))
    assert response.status_code == 422
    assert [issue["expression"][0] for issue in response.json()["issue"]] == [
        "Bundle.entry[1].resource.identifier",
        "Bundle.entry[0].resource.identifier",
    ]


def test_an_unknown_team_is_named_at_the_performer(practice_api, team, other_practice):
    def spoil(bundle):
        resource(bundle, "ServiceRequest")["performer"] = [
            {"reference": f"Organization/{other_practice.code}"}
        ]

    response = post_bundle(practice_api, changed(referral_bundle(team), spoil))

    assert response.status_code == 422
    assert [(i["expression"][0], i["diagnostics"]) for i in response.json()["issue"]] == [
        (
            "Bundle.entry[1].resource.performer[0]",
            "Select a valid choice. That choice is not one of the available choices.",
        )
    ]


def test_anything_but_a_bundle_is_a_400(practice_api):
    response = practice_api.post(
        "/api/v1/fhir/ServiceRequest", [1, 2], content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["Bundle"]


@pytest.mark.django_db(transaction=True)
def test_the_same_bundle_sent_twice_at_once_makes_one_referral(practice_api, team):
    bundle = referral_bundle(team)
    results = run_together(
        lambda: post_bundle(practice_api, bundle), lambda: post_bundle(practice_api, bundle)
    )

    assert raised(results) == []
    assert sorted(r.status_code for r in results) == [200, 201]
    assert results[0].json()["id"] == results[1].json()["id"]
    assert Case.objects.count() == 1


def test_anonymising_the_case_removes_the_referrers_identifiers(practice_api, team):
    code = post_bundle(practice_api, referral_bundle(team)).json()["id"]
    assert ReferralKey.objects.count() == 2  # the ServiceRequest's and the Bundle's

    counts = anonymise_case(case=Case.objects.get(code=code))

    assert (counts["api_referral_keys"], ReferralKey.objects.count()) == (2, 0)


def test_the_documented_example_bundle_refers(practice_api, team):
    """docs/api-referral-example.json, with a real team's code, is a valid referral."""
    example = (Path(__file__).parents[2] / "docs" / "api-referral-example.json").read_text()

    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        response = post_bundle(
            practice_api, json.loads(example.replace("TEAM-CODE", str(team.code)))
        )

    assert response.status_code == 201


def test_unreadable_json_and_other_media_types_are_operation_outcomes(practice_api):
    broken = practice_api.post(
        "/api/v1/fhir/ServiceRequest", "{not json", content_type="application/fhir+json"
    )
    xml = practice_api.post("/api/v1/fhir/ServiceRequest", "<Bundle/>", content_type="text/xml")

    assert (broken.status_code, broken.json()["issue"][0]["code"]) == (400, "invalid")
    assert (xml.status_code, xml.json()["issue"][0]["code"]) == (415, "not-supported")
