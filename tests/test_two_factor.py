"""Two-factor sign-in: who is asked, setting it up, codes that work once, recovery codes, the
wrong-code lock-out, and the administrator's reset for a lost phone (docs/adr/0017)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rtw.models import AuditEvent
from tests.factories import PASSWORD
from tests.two_factor import code_for, give_authenticator

pytestmark = pytest.mark.django_db

# A fixed moment, so each test knows which codes are current (a step is 30 seconds).
NOON = datetime(2026, 3, 2, 12, 0, 0, tzinfo=UTC)
SET_UP = "/accounts/two-factor/set-up/"
CODE = "/accounts/two-factor/code/"
RECOVERY = "/accounts/two-factor/recovery-code/"


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def sign_in(user) -> Client:
    """A client that has given ``user``'s password through the sign-in form."""
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def error_summary(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    return " ".join(summary.get_text().split()) if summary else ""


@pytest.mark.parametrize("persona", ["worker", "employer"])
def test_a_worker_or_employer_without_a_second_factor_signs_in_straight_through(request, persona):
    user = request.getfixturevalue(persona)
    client = Client()

    response = client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD}, follow=True
    )

    assert response.status_code == 200
    assert "/two-factor/" not in response.request["PATH_INFO"]
    assert response.redirect_chain[-1][0] in ("/cases/my-support/", "/cases/employees/")


@pytest.mark.parametrize("persona", ["vsw", "supervisor", "clinician", "admin_user"])
def test_a_required_role_without_a_device_is_sent_to_set_up_before_any_page(request, persona):
    client = sign_in(request.getfixturevalue(persona))

    for path in ["/", "/cases/", "/admin/", "/notifications/"]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, f"{SET_UP}?next={path}")


def test_a_vsw_cannot_open_the_caseload_until_a_device_is_confirmed(vsw, clock):
    client = sign_in(vsw)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=vsw)
    assert device.confirmed is False
    assert client.get("/cases/").status_code == 302

    response = client.post(SET_UP, {"code": code_for(device), "next": "/cases/"})

    assert response["Location"] == "/accounts/two-factor/recovery-codes/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/cases/").status_code == 200


def test_set_up_shows_a_qr_code_and_the_key_to_type(vsw):
    client = sign_in(vsw)

    response = client.get(SET_UP)

    device = TOTPDevice.objects.get(user=vsw)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("img.app-qr-code")["src"].startswith("data:image/svg+xml")
    typed = page.select_one("#setup-key").get_text().replace(" ", "")
    assert len(typed) == 32  # 20 random bytes in base32
    field = page.select_one("input[name=code]")
    assert (field["autocomplete"], field["inputmode"]) == ("one-time-code", "numeric")
    assert page.select_one(f"label[for={field['id']}]") is not None
    # The page shows the same key on a reload: it is the one pending device.
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=vsw).count() == 1
    assert TOTPDevice.objects.get(user=vsw).key == device.key


def test_set_up_with_a_wrong_code_shows_the_error_and_confirms_nothing(vsw, clock):
    client = sign_in(vsw)
    client.get(SET_UP)

    response = client.post(SET_UP, {"code": "000000"})

    assert response.status_code == 200
    assert "The code is not right" in error_summary(response)
    assert TOTPDevice.objects.get(user=vsw).confirmed is False


def test_set_up_shows_ten_different_recovery_codes_once(vsw, clock):
    client = sign_in(vsw)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=vsw)
    client.post(SET_UP, {"code": code_for(device)})

    response = client.get("/accounts/two-factor/recovery-codes/")

    shown = [
        li.get_text(strip=True)
        for li in BeautifulSoup(response.content, "html.parser").select("#recovery-codes li")
    ]
    stored = sorted(StaticToken.objects.filter(device__user=vsw).values_list("token", flat=True))
    assert sorted(shown) == stored
    assert len(set(shown)) == 10
    assert client.get("/accounts/two-factor/recovery-codes/")["Location"] == "/accounts/two-factor/"


def test_sign_in_with_the_right_code_opens_the_next_page(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)
    assert client.get("/cases/")["Location"] == f"{CODE}?next=/cases/"

    response = client.post(CODE, {"code": code_for(device), "next": "/cases/"})

    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_the_same_code_is_refused_the_second_time(vsw, clock):
    device = give_authenticator(vsw)
    code = code_for(device)
    first = sign_in(vsw)
    assert first.post(CODE, {"code": code})["Location"] == "/"
    second = sign_in(vsw)

    response = second.post(CODE, {"code": code})

    assert response.status_code == 200
    assert "The code is not right, or it has been used already" in error_summary(response)
    assert second.get("/cases/")["Location"] == f"{CODE}?next=/cases/"
    # The next time step's code works.
    clock.shift(30)
    assert second.post(CODE, {"code": code_for(device)})["Location"] == "/"


def test_a_code_from_another_time_step_than_the_tolerance_is_refused(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)

    response = client.post(CODE, {"code": code_for(device, NOON.timestamp() - 120)})

    assert "The code is not right" in error_summary(response)


def test_a_recovery_code_works_once(vsw, clock):
    client = sign_in(vsw)
    client.get(SET_UP)
    client.post(SET_UP, {"code": code_for(TOTPDevice.objects.get(user=vsw))})
    code = StaticToken.objects.filter(device__user=vsw).first().token

    later = sign_in(vsw)
    response = later.post(RECOVERY, {"code": code.upper()}, follow=True)

    assert response.redirect_chain[-1][0] == "/cases/"
    assert "You used a recovery code. You have 9 left" in text(response)
    again = sign_in(vsw)
    refused = again.post(RECOVERY, {"code": code})
    assert "The code is not right, or it has been used already" in error_summary(refused)


def test_five_wrong_codes_lock_the_second_step_for_fifteen_minutes(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)
    for _ in range(5):
        assert client.post(CODE, {"code": "000000"}).status_code == 200

    locked = client.post(CODE, {"code": code_for(device)})

    assert locked.status_code == 429
    assert "Too many wrong codes" in text(locked)
    assert AuditEvent.objects.filter(actor_id=vsw.pk, action="two_factor.locked_out").count() == 1
    clock.shift(timedelta(minutes=14))
    assert client.post(CODE, {"code": code_for(device)}).status_code == 429
    clock.shift(timedelta(minutes=2))
    assert client.post(CODE, {"code": code_for(device)})["Location"] == "/"


def test_wrong_recovery_codes_count_towards_the_same_lock(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)
    for _ in range(3):
        client.post(CODE, {"code": "000000"})
    for _ in range(2):
        client.post(RECOVERY, {"code": "notacode"})

    assert client.post(CODE, {"code": code_for(device)}).status_code == 429


def test_a_right_code_clears_the_count_of_wrong_ones(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)
    for _ in range(4):
        client.post(CODE, {"code": "000000"})
    assert client.post(CODE, {"code": code_for(device)})["Location"] == "/"
    clock.shift(30)
    other = sign_in(vsw)
    for _ in range(4):
        other.post(CODE, {"code": "000000"})

    assert other.post(CODE, {"code": code_for(device)})["Location"] == "/"


def test_a_person_with_a_device_cannot_add_another_before_giving_a_code(vsw, clock):
    give_authenticator(vsw)
    client = sign_in(vsw)

    response = client.get(SET_UP)

    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/accounts/two-factor/")["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=vsw).count() == 1


def test_signing_out_is_open_before_the_code(vsw):
    give_authenticator(vsw)
    client = sign_in(vsw)

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_an_unsafe_next_address_is_ignored(vsw, clock):
    device = give_authenticator(vsw)
    client = sign_in(vsw)

    response = client.post(CODE, {"code": code_for(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_admin_reset_deletes_the_devices_and_ends_the_persons_sessions(
    as_user, admin_user, vsw, clock
):
    device = give_authenticator(vsw)
    StaticDevice.objects.create(user=vsw, name="Recovery codes", confirmed=True)
    phone_session = sign_in(vsw)
    assert phone_session.post(CODE, {"code": code_for(device)})["Location"] == "/"
    other_session = as_user(vsw)
    assert other_session.get("/cases/").status_code == 200
    admin = as_user(admin_user)

    response = admin.post(
        "/admin/rtw/user/", {"action": "reset_two_factor", "_selected_action": [vsw.pk]}
    )

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=vsw).count() == 0
    assert StaticDevice.objects.filter(user=vsw).count() == 0
    for client in (phone_session, other_session):
        assert client.get("/cases/")["Location"] == "/accounts/login/?next=/cases/"
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor_id, event.record_code, event.detail) == (
        admin_user.pk,
        str(vsw.code),
        {"sessions_ended": 2},
    )
    # Signing in again leads to setting up a new app.
    assert sign_in(vsw).get("/cases/")["Location"] == f"{SET_UP}?next=/cases/"


def test_the_admin_action_leaves_other_people_signed_in(as_user, admin_user, vsw, vsw_same_team):
    colleague = as_user(vsw_same_team)
    as_user(admin_user).post(
        "/admin/rtw/user/", {"action": "reset_two_factor", "_selected_action": [vsw.pk]}
    )

    assert colleague.get("/cases/").status_code == 200


def test_a_worker_may_turn_two_factor_on_and_off(worker, clock):
    client = sign_in(worker)
    page = client.get("/accounts/two-factor/")
    assert "Two-factor authentication is off" in text(page)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=worker)
    assert client.post(SET_UP, {"code": code_for(device)}).status_code == 302
    assert "Two-factor authentication is on" in text(client.get("/accounts/two-factor/"))
    # From now on the worker is asked for a code after the password.
    clock.shift(30)
    later = sign_in(worker)
    assert later.get("/cases/my-support/")["Location"] == f"{CODE}?next=/cases/my-support/"
    assert later.post(CODE, {"code": code_for(device)})["Location"] == "/"

    response = later.post("/accounts/two-factor/turn-off/", follow=True)

    assert "Two-factor authentication is off" in text(response)
    assert TOTPDevice.objects.filter(user=worker).count() == 0
    assert sign_in(worker).get("/cases/my-support/").status_code == 200
    events = list(
        AuditEvent.objects.filter(action__startswith="two_factor.").values_list("action", flat=True)
    )
    assert sorted(events) == ["two_factor.turn_off", "two_factor.turn_on"]


def test_a_vsw_cannot_turn_two_factor_off(as_user, vsw):
    client = as_user(vsw)

    response = client.post("/accounts/two-factor/turn-off/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=vsw).count() == 1
    assert "cannot be turned off" in text(client.get("/accounts/two-factor/"))


def test_new_recovery_codes_replace_the_old_ones(as_user, vsw):
    client = as_user(vsw)
    StaticDevice.objects.create(user=vsw, name="Recovery codes", confirmed=True).token_set.create(
        token="oldcode1"
    )

    response = client.post("/accounts/two-factor/recovery-codes/new/", follow=True)

    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert "oldcode1" not in codes
    assert StaticToken.objects.filter(device__user=vsw).count() == 10
