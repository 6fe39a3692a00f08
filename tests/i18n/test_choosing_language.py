"""Choosing the language: the stored preference, the switcher's cookie, the browser's
Accept-Language, and the language everything sent to a person is written in (rtw/languages.py)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases.models import SharingConsent
from rtw.jurisdictions import Jurisdiction
from rtw.languages import language_for_user, language_for_worker, override_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    return response["Content-Language"]


def test_a_browser_asking_for_dutch_gets_the_sign_in_page_in_dutch():
    response = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl,en;q=0.5")

    assert (page_language(response), '<html lang="nl"' in response.content.decode()) == (
        "nl",
        True,
    )


def test_the_switcher_cookie_wins_over_the_browser():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl")

    assert page_language(response) == "sv"


def test_a_signed_in_users_stored_preference_wins_over_cookie_and_browser(vsw):
    vsw.preferred_language = "sv"
    vsw.save(update_fields=["preferred_language"])
    client = client_for(vsw)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    response = client.get(reverse("home"), follow=True, HTTP_ACCEPT_LANGUAGE="nl")

    assert page_language(response) == "sv"


def test_a_worker_account_without_a_preference_follows_the_worker_record(case, worker):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])

    response = client_for(worker).get(reverse("home"), follow=True)

    assert page_language(response) == "nl"


def test_the_header_offers_each_language_in_its_own_name_marking_the_current_one():
    body = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert (
        '<span class="app-language-switcher__current" lang="sv" aria-current="true">Svenska</span>'
        in body,
        'value="nl" class="app-link-button app-language-switcher__link" lang="nl" hreflang="nl"'
        in body,
        'value="en-gb" class="app-link-button app-language-switcher__link" lang="en-gb"' in body,
    ) == (True, True, True)


def test_switching_as_a_visitor_sets_the_cookie_and_returns_to_the_page():
    client = Client()

    response = client.post(reverse("set_language"), {"language": "nl", "next": "/accounts/login/"})

    assert (
        response.status_code,
        response["Location"],
        response.cookies["django_language"].value,
    ) == (
        302,
        "/accounts/login/",
        "nl",
    )


def test_switching_when_signed_in_stores_the_preference_on_the_account_and_worker_record(
    case, worker
):
    client = client_for(worker)

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})

    worker.refresh_from_db()
    case.worker.refresh_from_db()
    assert (worker.preferred_language, case.worker.preferred_language) == ("sv", "sv")


def test_switching_to_an_unknown_language_stores_nothing(vsw):
    client_for(vsw).post(reverse("set_language"), {"language": "xx", "next": "/"})

    vsw.refresh_from_db()
    assert vsw.preferred_language == ""


def test_a_worker_is_written_to_in_their_own_language_then_their_services(case):
    record = case.worker
    first = language_for_worker(record)
    case.team.jurisdiction = Jurisdiction.SE
    case.team.save(update_fields=["jurisdiction"])
    second = language_for_worker(record)
    record.preferred_language = "nl"
    third = language_for_worker(record)

    assert (first, second, third) == ("en-gb", "sv", "nl")


def test_staff_are_written_to_in_their_preference_else_their_teams_language(vsw, team):
    team.jurisdiction = Jurisdiction.NL
    team.save(update_fields=["jurisdiction"])
    vsw.refresh_from_db()
    by_team = language_for_user(vsw)
    vsw.preferred_language = "sv"

    assert (by_team, language_for_user(vsw)) == ("nl", "sv")


def test_an_employer_without_a_preference_gets_the_language_of_the_service_writing(employer, team):
    team.jurisdiction = Jurisdiction.SE

    assert (language_for_user(employer), language_for_user(employer, team=team)) == (
        "en-gb",
        "sv",
    )


def test_override_for_activates_the_recipients_language_and_restores_the_readers(case):
    case.worker.preferred_language = "nl"
    with translation.override("sv"):
        with override_for(case.worker):
            inside = translation.get_language()
        after = translation.get_language()

    assert (inside, after) == ("nl", "sv")


def test_a_dutch_date_reads_as_dutch():
    import datetime

    from django.template import engines

    template = engines["django"].from_string("{{ day|date:'DATE_FORMAT' }}")
    with translation.override("nl"):
        dutch = template.render({"day": datetime.date(2026, 12, 3)})
    with translation.override("sv"):
        swedish = template.render({"day": datetime.date(2026, 12, 3)})

    assert (dutch, swedish) == ("3 december 2026", "3 december 2026")


def test_the_workers_sharing_page_gives_dates_in_the_workers_own_form(case, worker):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])
    granted = timezone.localdate(SharingConsent.objects.get(worker=case.worker).granted_at)
    with translation.override("nl"):
        dutch = date_format(granted, "j F Y")

    body = client_for(worker).get(reverse("cases:worker_sharing", args=[case.code]))

    assert dutch in " ".join(body.content.decode().split())


def test_switching_from_a_page_returns_to_it_by_its_referer_and_the_page_holds_no_address():
    client = Client()
    page = client.get(reverse("password_reset")).content.decode()

    response = client.post(
        reverse("set_language"),
        {"language": "sv"},
        HTTP_REFERER="http://testserver/accounts/password/reset/",
    )

    assert ('name="next"' in page, response["Location"]) == (
        False,
        "http://testserver/accounts/password/reset/",
    )
