"""Everything sent goes out in the recipient's language, whoever triggered it: reminders to the
worker and to staff, notifications, the signed-link pages and the worker's copy of the plan.
Expected text is read from the catalogue (gettext under the recipient's language)."""

import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from checkins.links import link_token
from checkins.models import CheckIn, CheckInChannel, CheckInStatus, Reminder, ReminderKind
from checkins.reminders import produce_reminders
from rtw.jurisdictions import Jurisdiction
from rtw.models import Notification
from rtw.notify import notify
from rtw.outbox import OutboxMessage
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.fixture
def due_check_in(case):
    case.worker.email = "jamie@example.test"
    case.worker.save(update_fields=["email"])
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.SCHEDULED,
    )


def test_a_dutch_workers_check_in_invitation_is_in_dutch_while_the_page_is_english(
    case, due_check_in
):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])

    with translation.override("en-gb"):
        produce_reminders()

    invite = Reminder.objects.get(kind=ReminderKind.CHECKIN_INVITE)
    assert (invite.subject, invite.body.splitlines()[0]) == (
        in_language("nl", "Your return-to-work check-in"),
        in_language(
            "nl",
            "Hello %(name)s,\n\nIt is time for your check-in. It takes about a "
            "minute:\n%(url)s\n\nThe link works once and for %(days)s days.\n",
        ).splitlines()[0]
        % {"name": "Jamie"},
    )


def test_a_worker_without_a_preference_is_written_to_in_their_services_language(case, due_check_in):
    case.team.jurisdiction = Jurisdiction.SE
    case.team.save(update_fields=["jurisdiction"])

    produce_reminders()

    invite = Reminder.objects.get(kind=ReminderKind.CHECKIN_INVITE)
    assert invite.subject == in_language("sv", "Your return-to-work check-in")


def test_a_vsw_who_prefers_swedish_gets_the_phone_check_in_call_in_swedish(case, vsw):
    vsw.preferred_language = "sv"
    vsw.save(update_fields=["preferred_language"])
    CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.SCHEDULED,
        channel=CheckInChannel.PHONE,
    )

    produce_reminders()

    call = Reminder.objects.get(kind=ReminderKind.CHECKIN_PHONE_DUE)
    assert call.subject == in_language("sv", "A phone check-in is due")


def test_a_notification_is_stored_and_emailed_in_the_recipients_language(vsw):
    vsw.preferred_language = "nl"
    vsw.save(update_fields=["preferred_language"])

    with translation.override("en-gb"):
        notification = notify(
            recipient=vsw,
            message=translation.gettext_lazy("Sign out"),
            link="/cases/",
            email_subject=translation.gettext_lazy("Menu"),
        )

    email = OutboxMessage.objects.get()
    assert (Notification.objects.get().message, email.subject, email.body.splitlines()[-1]) == (
        in_language("nl", "Sign out"),
        in_language("nl", "Menu"),
        in_language("nl", "Sign in to see it: %(url)s")
        % {"url": settings.SITE_URL.rstrip("/") + "/cases/"},
    )
    assert notification.message == in_language("nl", "Sign out")


def test_a_check_in_link_opens_in_the_workers_language_unless_the_visitor_chose_another(
    case, due_check_in
):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])
    due_check_in.status = CheckInStatus.INVITED
    due_check_in.save(update_fields=["status"])
    url = reverse("checkins:link", args=[link_token(due_check_in)])

    by_link = Client().get(url, HTTP_ACCEPT_LANGUAGE="en-gb")
    chooser = Client()
    chooser.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    chosen = chooser.get(url)

    assert (by_link["Content-Language"], chosen["Content-Language"]) == ("nl", "sv")


def test_a_vsw_downloads_a_dutch_workers_copy_of_the_plan_in_dutch_and_the_employers_in_english(
    case, vsw, tmp_path
):
    case.worker.preferred_language = "nl"
    case.worker.save(update_fields=["preferred_language"])
    plan = f.PlanFactory(case=case)
    f.add_graded_phases(plan)
    client = client_for(vsw)

    def pdf_text(audience: str) -> str:
        response = client.get(reverse("plans:pdf", args=[plan.code, audience]))
        path = tmp_path / f"{audience}.pdf"
        path.write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout

    worker_copy, employer_copy = pdf_text("worker"), pdf_text("employer")

    assert (
        in_language("nl", "Your return-to-work plan") in worker_copy,
        "Return-to-work plan: employer's copy" in employer_copy,
    ) == (True, True)
