"""Signatures say who signed: a worker's agreement the VSW records carries the worker's name, how
they gave it (in person, by phone, on paper) and who recorded it, and no copy or PDF prints the
VSW's name as the worker's signature."""

import subprocess
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cases.models import CaseStatus
from plans.models import PlanStatus, SignOff
from plans.pdf import render_plan_pdf
from plans.sharing import Audience, build_document
from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def case_without_account(team, practice, employer_org, vsw, clinician):
    """The worker, Sam Patel, has no account: the VSW records their agreement."""
    record = f.WorkerFactory(
        first_name="Sam", last_name="Patel", employer=employer_org, gp_practice=practice, user=None
    )
    return f.CaseFactory(
        worker=record, team=team, assigned_vsw=vsw, referred_by=clinician, status=CaseStatus.ACTIVE
    )


@pytest.fixture
def proposed(case_without_account, vsw):
    plan = f.PlanFactory(
        case=case_without_account, contracted_hours=Decimal("30"), status=PlanStatus.PROPOSED
    )
    f.add_graded_phases(plan, hours=(10, 20, 30))
    f.SharingConsentFactory(
        worker=case_without_account.worker, recipient="EMPLOYER", item="PLAN", granted_by=vsw
    )
    return plan


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.django_db
def test_vsw_records_the_workers_agreement_by_phone_in_the_workers_name(as_user, vsw, proposed):
    response = as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "PHONE"})

    assert response.status_code == 302
    signoff = proposed.signoffs.get()
    assert (
        signoff.party,
        signoff.method,
        signoff.signer_name,
        signoff.signed_by,
        signoff.recorded_by,
    ) == ("WORKER", "PHONE", "Sam Patel", None, vsw)
    assert (
        proposed.case.events.filter(
            summary="Signed by the worker, agreed by phone (version 1)"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_recording_without_saying_how_records_nothing(as_user, vsw, proposed):
    response = as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "ACCOUNT"})

    assert response.status_code == 302
    assert proposed.signoffs.count() == 0


@pytest.mark.django_db
def test_the_database_refuses_a_worker_signature_with_no_name_and_no_account(vsw, proposed):
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.create(plan=proposed, party="WORKER", method="PHONE", recorded_by=vsw)


@pytest.mark.django_db
def test_every_copy_page_names_the_worker_and_how_never_the_vsw_as_signer(as_user, vsw, proposed):
    as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "IN_PERSON"})

    for audience in ("worker", "employer", "clinician"):
        text = page_text(as_user(vsw).get(f"/plans/{proposed.code}/copy/{audience}/"))
        signatures = text[text.index("Signatures") :]
        assert "Worker: Sam Patel (Agreed in person, recorded by Priya Shah)" in signatures
        assert "Worker: Priya Shah" not in signatures


@pytest.mark.django_db
def test_document_signature_line_is_the_workers_name_and_method(as_user, vsw, proposed):
    as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "PAPER"})
    proposed = type(proposed).objects.get(pk=proposed.pk)

    document = build_document(proposed, Audience.EMPLOYER, proposed.starts_on)

    assert [(s.party, s.name, s.how) for s in document.signatures] == [
        ("Worker", "Sam Patel", "Signed on paper, recorded by Priya Shah")
    ]


@pytest.mark.django_db
def test_pdf_names_the_worker_and_how_never_the_vsw_as_signer(as_user, vsw, proposed, tmp_path):
    as_user(vsw).post(f"/plans/{proposed.code}/sign/WORKER/", {"method": "PHONE"})
    as_user(vsw).post(f"/plans/{proposed.code}/sign/VSW/")

    for audience in ("worker", "employer", "clinician"):
        response = as_user(vsw).get(f"/plans/{proposed.code}/pdf/{audience}/")
        text = pdf_text(response.content, tmp_path)
        signatures = text[text.rindex("Sign-off status") :]
        assert "Sam Patel" in signatures
        assert "Agreed by phone, recorded by Priya Shah" in signatures
        # The VSW's name appears once in the table: on the VSW's own signature row.
        rows = [line.strip() for line in signatures.splitlines() if line.strip()]
        assert rows.count("Priya Shah") == 1


@pytest.mark.django_db
def test_worker_signing_in_their_account_is_named_from_the_account(as_user, worker, case, vsw):
    plan = f.PlanFactory(case=case, status="PROPOSED")
    f.add_graded_phases(plan)
    as_user(worker).post(f"/plans/{plan.code}/worker-sign/")
    plan = type(plan).objects.get(pk=plan.pk)

    document = build_document(plan, Audience.WORKER, plan.starts_on)

    assert [(s.party, s.name, s.how) for s in document.signatures] == [
        ("Worker", "Jamie Clarke", "")
    ]
    assert render_plan_pdf(document)[:4] == b"%PDF"
