"""Sessions end: staff and clinicians after 30 minutes idle or 12 hours signed in, warned first;
a post that arrives too late keeps what was typed; some changes end a user's other sessions."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from rtw.models import Role
from rtw.sessions import UserSession, end_sessions
from tests import factories as f
from tests.factories import PASSWORD
from tests.forms import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor_asked(settings):
    """These tests are about sessions: nobody is asked for a second factor here."""
    settings.OTP_REQUIRED_ROLES = []


IDLE_MESSAGE = "You were signed out after 30 minutes without activity"
KEPT_MESSAGE = (
    "You were signed out, so your changes were not saved. Sign in to carry on — what you typed "
    "has been kept."
)


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def later(**delta):
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


def banners(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [p.get_text(" ", strip=True) for p in soup.select(".govuk-notification-banner__heading")]


def test_staff_are_signed_out_after_thirty_idle_minutes_and_sent_to_sign_in_with_next(vsw):
    client = signed_in(vsw)
    with later(minutes=31):
        response = client.get("/cases/?page=1")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/cases/%3Fpage%3D1"
        page = client.get(response["Location"])
    assert banners(page) == [IDLE_MESSAGE]
    assert "_auth_user_id" not in client.session


def test_staff_activity_within_the_idle_limit_keeps_them_signed_in(vsw):
    client = signed_in(vsw)
    with later(minutes=20):
        assert client.get("/cases/").status_code == 200
    with later(minutes=40):
        assert client.get("/cases/").status_code == 200


def test_clinicians_are_signed_out_after_the_absolute_limit_however_active(clinician):
    client = signed_in(clinician)
    for minutes in range(20, 12 * 60, 20):
        with later(minutes=minutes):
            assert client.get("/cases/my-referrals/").status_code == 200
    with later(hours=12, minutes=1):
        response = client.get("/cases/my-referrals/")
        page = client.get(response["Location"])
    assert response["Location"] == "/accounts/login/?next=/cases/my-referrals/"
    assert banners(page) == [
        "You were signed out because you had been signed in for 12 hours. "
        "Sign in again to carry on."
    ]


def test_workers_keep_djangos_session_age_and_are_not_signed_out_when_idle(worker, case):
    client = signed_in(worker)
    with later(hours=2):
        assert client.get("/cases/my-support/").status_code == 200


def test_the_limits_come_from_settings(settings, vsw):
    settings.SESSION_IDLE_MINUTES = 5
    client = signed_in(vsw)
    with later(minutes=6):
        response = client.get("/cases/")
        page = client.get(response["Location"])
    assert banners(page) == ["You were signed out after 5 minutes without activity"]


def test_keep_alive_extends_the_idle_limit(vsw):
    client = signed_in(vsw)
    with later(minutes=25):
        assert client.post("/accounts/session/keep-alive/").status_code == 204
    with later(minutes=50):
        assert client.get("/cases/").status_code == 200


def test_keep_alive_after_the_limit_answers_401_and_signs_out(vsw):
    client = signed_in(vsw)
    with later(minutes=31):
        assert client.post("/accounts/session/keep-alive/").status_code == 401
        assert client.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"


def test_activity_is_written_at_most_once_a_minute(vsw):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(vsw)
        stored = client.session["rtw_last_activity_at"]
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        client.get("/cases/")
        assert client.session["rtw_last_activity_at"] == stored
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/cases/")
        assert client.session["rtw_last_activity_at"] == stored + 61


def test_keep_alive_takes_only_posts(vsw):
    assert signed_in(vsw).get("/accounts/session/keep-alive/").status_code == 405


def test_timed_pages_carry_the_warning_timings_and_the_script(vsw):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(vsw)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        soup = BeautifulSoup(client.get("/cases/").content, "html.parser")
    body = soup.body
    # Activity is stored at most once a minute: the page counts from what is stored.
    assert {k: v for k, v in body.attrs.items() if k.startswith("data-session")} == {
        "data-session-idle-seconds": "1770",
        "data-session-warning-seconds": "120",
        "data-session-keep-alive-url": "/accounts/session/keep-alive/",
        "data-session-sign-out-url": "/accounts/logout/",
    }
    assert [s["src"] for s in soup.select("script")] == [
        "/static/js/app.js",
        "/static/js/timeout-dialog.js",
    ]


def test_untimed_and_anonymous_pages_have_no_warning(worker, case):
    for client in (signed_in(worker), Client()):
        response = client.get("/cases/my-support/" if client.session.keys() else "/accounts/login/")
        soup = BeautifulSoup(response.content, "html.parser")
        assert [k for k in soup.body.attrs if k.startswith("data-session")] == []
        assert [s["src"] for s in soup.select("script")] == ["/static/js/app.js"]


# --- A post that arrives after the idle limit ---------------------------------------------------


def test_an_expired_post_is_not_saved_and_what_was_typed_comes_back_after_sign_in(vsw, case):
    plan = f.PlanFactory(case=case)
    url = f"/plans/{plan.code}/adjustments/new/"
    client = signed_in(vsw)
    typed = {
        "category": "QUIET_WORKSPACE",
        "description": "Desk away from the call floor",
        "visible_to_employer": "on",
    }
    with later(minutes=31):
        response = client.post(url, typed)
        assert response["Location"] == f"/accounts/login/?next={url}"
        assert plan.adjustments.count() == 0
        login_page = client.get(response["Location"])
        assert banners(login_page) == [KEPT_MESSAGE]
        signed = client.post(
            response["Location"], {"username": vsw.email, "password": PASSWORD, "next": url}
        )
        assert signed["Location"] == url
        form = client.get(url)
    soup = BeautifulSoup(form.content, "html.parser")
    assert soup.select_one("#id_description").get_text().strip() == "Desk away from the call floor"
    assert soup.select_one('input[name="category"][checked]')["value"] == "QUIET_WORKSPACE"
    assert soup.select_one('input[name="visible_to_employer"]').has_attr("checked")
    assert banners(form) == [
        "What you typed before you were signed out is filled in below. It has not been saved "
        "yet: check it and save."
    ]
    assert plan.adjustments.count() == 0
    # Restored once: the next visit shows an empty form.
    again = BeautifulSoup(client.get(url).content, "html.parser")
    assert again.select_one("#id_description").get_text().strip() == ""


def test_an_expired_post_to_another_url_returns_to_the_page_the_form_was_on(vsw, case):
    plan = f.PlanFactory(case=case)
    page = f"/plans/{plan.code}/adjustments/new/"
    client = signed_in(vsw)
    with later(minutes=31):
        response = client.post(
            f"/plans/{plan.code}/status/propose/",
            {"note": "Ready"},
            HTTP_REFERER=f"http://testserver{page}",
        )
        assert response["Location"] == f"/accounts/login/?next={page}"
        assert client.session["rtw_kept_forms"] == {
            page: {"user": vsw.pk, "data": {"note": ["Ready"]}}
        }


def test_an_expired_post_from_another_site_is_sent_back_to_the_url_posted_to(vsw):
    client = signed_in(vsw)
    with later(minutes=31):
        response = client.post(
            "/notifications/", {"x": "1"}, HTTP_REFERER="https://elsewhere.example/form/"
        )
    assert response["Location"] == "/accounts/login/?next=/notifications/"


def test_signing_out_after_the_idle_limit_just_shows_sign_in(vsw):
    client = signed_in(vsw)
    with later(minutes=31):
        response = client.post("/accounts/logout/")
        page = client.get(response["Location"])
    assert response["Location"] == "/accounts/login/"
    assert banners(page) == [IDLE_MESSAGE]


def test_kept_input_is_never_shown_to_someone_else_who_signs_in(vsw, vsw_same_team, case):
    plan = f.PlanFactory(case=case)
    url = f"/plans/{plan.code}/adjustments/new/"
    client = signed_in(vsw)
    with later(minutes=31):
        client.post(url, {"category": "OTHER", "description": "Private note"})
        client.post("/accounts/login/", {"username": vsw_same_team.email, "password": PASSWORD})
        response = client.get(url)
    assert "Private note" not in page_text(response)


def test_kept_input_leaves_out_csrf_tokens_and_passwords(vsw):
    client = signed_in(vsw)
    with later(minutes=31):
        client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "x", "csrfmiddlewaretoken": "t"},
        )
    assert client.session.get("rtw_kept_forms") is None


# --- Ending a user's sessions -------------------------------------------------------------------


def test_signing_in_records_the_session_and_signing_out_forgets_it(vsw):
    client = signed_in(vsw)
    key = client.session.session_key
    assert list(UserSession.objects.values_list("user", "session_key")) == [(vsw.pk, key)]
    client.post("/accounts/logout/")
    assert UserSession.objects.count() == 0


def test_changing_the_password_ends_the_other_session_but_not_this_one(vsw):
    here, elsewhere = signed_in(vsw), signed_in(vsw)
    response = here.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-2026",
            "new_password2": "a-new-long-passphrase-2026",
        },
    )
    assert response["Location"] == "/accounts/password/done/"
    assert here.get("/cases/").status_code == 200
    assert elsewhere.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [
        here.session.session_key
    ]


@pytest.mark.parametrize(
    "change", [{"is_active": False}, {"role": Role.SUPERVISOR}], ids=["deactivated", "role"]
)
def test_an_admin_change_to_access_ends_the_users_sessions(admin_user, vsw, change):
    theirs = signed_in(vsw)
    admin = Client()
    admin.force_login(admin_user)
    data = {
        "email": vsw.email,
        "full_name": vsw.full_name,
        "role": vsw.role,
        "organisation": vsw.organisation_id,
        "job_title": "",
        "is_active": "on",
        "date_joined_0": vsw.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": vsw.date_joined.strftime("%H:%M:%S"),
    }
    data.update({k: v for k, v in change.items() if v is not False})
    if change.get("is_active") is False:
        del data["is_active"]
    response = admin.post(f"/admin/rtw/user/{vsw.pk}/change/", data)
    assert response.status_code == 302, page_text(response)
    assert theirs.get("/cases/").status_code == 302
    assert UserSession.objects.filter(user=vsw).count() == 0
    assert admin.get("/admin/").status_code == 200


def test_an_admin_change_of_name_only_leaves_sessions_alone(admin_user, vsw):
    theirs = signed_in(vsw)
    admin = Client()
    admin.force_login(admin_user)
    response = admin.post(
        f"/admin/rtw/user/{vsw.pk}/change/",
        {
            "email": vsw.email,
            "full_name": "Priya Shah-Jones",
            "role": vsw.role,
            "organisation": vsw.organisation_id,
            "is_active": "on",
            "date_joined_0": vsw.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": vsw.date_joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    assert theirs.get("/cases/").status_code == 200


def test_end_sessions_keeps_the_excepted_key_and_audits_who_did_it(vsw, admin_user):
    first, second = signed_in(vsw), signed_in(vsw)
    ended = end_sessions(vsw, except_key=first.session.session_key, by=admin_user)
    assert ended == 1
    assert Session.objects.filter(session_key=second.session.session_key).exists() is False
    assert first.get("/cases/").status_code == 200
    from rtw.models import AuditEvent

    event = AuditEvent.objects.get(action="sessions.end")
    assert (event.actor_email, event.record_code, event.detail) == (
        admin_user.email,
        str(vsw.code),
        {"ended": 1},
    )
