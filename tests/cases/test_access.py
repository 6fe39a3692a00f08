"""Other people's cases are 404 on every record page, with the data that could leak present."""

import pytest

from cases.models import CaseStatus, ShareItem
from tests import factories as f

SECRET_CONDITION = "Recurrent depressive disorder"
SECRET_CONTACT = "Disclosed marital breakdown and debt worries"


@pytest.fixture
def leaky_case(case, vsw):
    """The ``case`` fixture with clinical data and contacts, and everything shared with the
    employer, so that any page that wrongly shows it to an outsider would show it."""
    f.FitNoteFactory(case=case, condition=SECRET_CONDITION)
    f.ContactFactory(case=case, summary=SECRET_CONTACT, recorded_by=vsw)
    for item in set(ShareItem) - {ShareItem.INVOLVEMENT}:  # the fixture involves the employer
        f.SharingConsentFactory(worker=case.worker, recipient="EMPLOYER", item=item, granted_by=vsw)
    return case


def record_pages(case) -> list[tuple[str, str]]:
    c = case.code
    return [
        ("get", f"/cases/{c}/"),
        ("get", f"/cases/{c}/decision/"),
        ("get", f"/cases/{c}/contacts/new/"),
        ("get", f"/cases/{c}/fit-notes/new/"),
        ("get", f"/cases/{c}/close/"),
        ("post", f"/cases/{c}/status/pause/"),
        ("post", f"/cases/{c}/sharing/"),
        ("get", f"/cases/my-referrals/{c}/"),
        ("get", f"/cases/employees/{c}/"),
        ("post", f"/cases/my-support/{c}/pause/"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "outsider", ["vsw_other_team", "other_supervisor", "other_clinician", "other_employer"]
)
def test_outsiders_get_404_on_every_record_page(request, as_user, leaky_case, outsider):
    user = request.getfixturevalue(outsider)
    client = as_user(user)
    for method, url in record_pages(leaky_case):
        response = getattr(client, method)(url)
        # 403 is for role-level refusals (a page not meant for this role at all); a page the
        # role may use must answer 404 for someone else's record.
        assert response.status_code in (403, 404), (outsider, url, response.status_code)
        body = response.content.decode()
        assert SECRET_CONDITION not in body
        assert SECRET_CONTACT not in body
        assert leaky_case.worker.last_name not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outsider", "url_name"),
    [
        ("vsw_other_team", "/cases/{code}/"),
        ("other_supervisor", "/cases/{code}/"),
        ("other_clinician", "/cases/my-referrals/{code}/"),
        ("other_employer", "/cases/employees/{code}/"),
    ],
)
def test_outsiders_record_page_for_their_role_is_exactly_404(
    request, as_user, leaky_case, outsider, url_name
):
    user = request.getfixturevalue(outsider)
    response = as_user(user).get(url_name.format(code=leaky_case.code))
    assert response.status_code == 404


@pytest.mark.django_db
def test_missing_and_forbidden_cases_look_the_same(as_user, vsw_other_team, leaky_case):
    import uuid

    client = as_user(vsw_other_team)
    missing = client.get(f"/cases/{uuid.uuid4()}/")
    forbidden = client.get(f"/cases/{leaky_case.code}/")
    assert (missing.status_code, forbidden.status_code) == (404, 404)
    assert _without_csrf(missing.content) == _without_csrf(forbidden.content)


def _without_csrf(content: bytes) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.django_db
def test_same_team_vsw_can_open_the_case(as_user, vsw_same_team, leaky_case):
    response = as_user(vsw_same_team).get(f"/cases/{leaky_case.code}/contacts/")
    assert response.status_code == 200
    assert SECRET_CONTACT in response.content.decode()


@pytest.mark.django_db
def test_referring_clinician_never_sees_contact_notes(as_user, clinician, leaky_case):
    assert as_user(clinician).get(f"/cases/{leaky_case.code}/").status_code == 403
    page = as_user(clinician).get(f"/cases/my-referrals/{leaky_case.code}/")
    assert page.status_code == 200
    assert SECRET_CONTACT not in page.content.decode()


@pytest.mark.django_db
def test_employer_cannot_open_the_full_case_record(as_user, employer, leaky_case):
    response = as_user(employer).get(f"/cases/{leaky_case.code}/")
    assert response.status_code == 403
    assert SECRET_CONTACT not in response.content.decode()


@pytest.mark.django_db
def test_employer_never_sees_a_referral_that_was_not_taken_on(as_user, employer, case):
    case.status = CaseStatus.REFERRED
    case.assigned_vsw = None
    case.save()
    assert as_user(employer).get(f"/cases/employees/{case.code}/").status_code == 404
    assert case.worker.last_name not in as_user(employer).get("/cases/employees/").content.decode()


@pytest.mark.django_db
def test_worker_sees_only_their_own_case(as_user, worker, case, employer_org):
    other = f.CaseFactory(worker__employer=employer_org, worker__last_name="Someone-Else")
    assert as_user(worker).post(f"/cases/my-support/{other.code}/pause/").status_code == 404
    other.refresh_from_db()
    assert other.status == CaseStatus.ACTIVE
