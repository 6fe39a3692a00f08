"""The worker previews and controls what is shared, and sees who opened their record."""

import pytest

from cases.models import SharingConsent
from tests import factories as f
from tests.forms import page_text


@pytest.fixture
def noted(case):
    f.FitNoteFactory(
        case=case, condition="Generalised anxiety disorder", comments="Reduced hours would help."
    )
    return case


@pytest.mark.django_db
def test_worker_previews_and_shares_fit_note_advice_with_the_employer(
    as_user, worker, employer, noted
):
    client = as_user(worker)
    url = f"/cases/my-support/{noted.code}/sharing/"
    assert "That you are using the service, and nothing more." in page_text(client.get(url))

    client.post(url, {"recipient": "EMPLOYER", "item": "FIT_NOTE_ADVICE", "share": "yes"})

    preview = page_text(client.get(url))
    assert "Fit-note advice: May be fit for work" in preview
    assert "Generalised anxiety disorder" not in preview
    consent = SharingConsent.objects.get(item="FIT_NOTE_ADVICE")
    assert (consent.granted_by, consent.recipient, consent.item) == (
        worker,
        "EMPLOYER",
        "FIT_NOTE_ADVICE",
    )
    assert "May be fit for work" in page_text(
        as_user(employer).get(f"/cases/employees/{noted.code}/")
    )


@pytest.mark.django_db
def test_worker_withdraws_and_the_employer_loses_sight_at_once(as_user, worker, employer, noted):
    client = as_user(worker)
    url = f"/cases/my-support/{noted.code}/sharing/"
    client.post(url, {"recipient": "EMPLOYER", "item": "FIT_NOTE_ADVICE", "share": "yes"})
    client.post(url, {"recipient": "EMPLOYER", "item": "FIT_NOTE_ADVICE", "share": "no"})
    assert "May be fit" not in page_text(as_user(employer).get(f"/cases/employees/{noted.code}/"))
    assert SharingConsent.objects.get(item="FIT_NOTE_ADVICE").withdrawn_by == worker


@pytest.mark.django_db
def test_another_worker_cannot_change_the_sharing(as_user, noted, employer_org):
    other = f.UserFactory(role="WORKER", organisation=employer_org)
    response = as_user(other).post(
        f"/cases/my-support/{noted.code}/sharing/",
        {"recipient": "EMPLOYER", "item": "CONDITION", "share": "yes"},
    )
    assert response.status_code == 404
    assert list(SharingConsent.objects.values_list("item", flat=True)) == ["INVOLVEMENT"]


@pytest.mark.django_db
def test_worker_sees_who_opened_their_record(as_user, worker, vsw, employer, noted):
    as_user(vsw).get(f"/cases/{noted.code}/")
    text = page_text(as_user(worker).get(f"/cases/my-support/{noted.code}/access/"))
    assert "Vocational support worker, North Vocational Support Your case record" in text
    assert "Employer contact" not in text
