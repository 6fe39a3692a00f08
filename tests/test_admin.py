"""The administration site works for people and organisations, and keeps the audit read-only."""

import pytest

from rtw.models import AuditEvent, Organisation, User
from tests.factories import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/rtw/user/",
        "/admin/rtw/organisation/",
        "/admin/rtw/auditevent/",
        "/admin/rtw/user/add/",
        "/admin/rtw/organisation/add/",
        "/admin/checkins/reminder/",
        "/admin/rtw/outboxmessage/",
    ],
)
def test_admin_pages_load(as_user, admin_user, vsw, url):
    assert as_user(admin_user).get(url).status_code == 200


@pytest.mark.django_db
def test_admin_creates_a_user_who_can_sign_in(as_user, admin_user, team, client):
    response = as_user(admin_user).post(
        "/admin/rtw/user/add/",
        {
            "email": "new.vsw@example.test",
            "full_name": "New Person",
            "role": "VSW",
            "organisation": team.pk,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.vsw@example.test")
    assert (user.role, user.organisation) == ("VSW", team)
    signed_in = client.post(
        "/accounts/login/", {"username": "NEW.VSW@example.test", "password": PASSWORD}
    )
    assert signed_in["Location"] == "/"


@pytest.mark.django_db
def test_admin_edits_an_organisation(as_user, admin_user, team):
    as_user(admin_user).post(
        f"/admin/rtw/organisation/{team.pk}/change/",
        {
            "name": "North and West Vocational Support",
            "kind": "VSW_TEAM",
            "address": "",
            "email": "",
            "phone": "",
        },
    )
    assert Organisation.objects.get(pk=team.pk).name == "North and West Vocational Support"


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted_in_the_admin(as_user, admin_user, vsw, case):
    from cases.access import get_case_for

    get_case_for(vsw, case.code)
    event = AuditEvent.objects.get()
    client = as_user(admin_user)
    assert (
        client.post(f"/admin/rtw/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert AuditEvent.objects.count() >= 1


@pytest.mark.django_db
def test_non_staff_cannot_use_the_admin(as_user, vsw):
    response = as_user(vsw).get("/admin/rtw/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
