"""What the case actions tell the VSW (pause, resume, withdrawal, reassignment) is written in
the VSW's language, whoever made the change and whatever language their page was in."""

import pytest
from django.utils import translation

from cases import actions
from cases.models import CaseStatus
from rtw.models import Notification
from rtw.outbox import OutboxMessage


def _prefers(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


def _in(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.django_db
def test_a_dutch_speaking_vsw_is_told_in_dutch_that_a_worker_paused_their_support(vsw, case):
    _prefers(vsw, "nl")

    with translation.override("en-gb"):
        actions.pause_case(case=case, by=case.worker.user)

    notice = Notification.objects.get(recipient=vsw)
    email = OutboxMessage.objects.get(to_email=vsw.email)
    expected = _in(
        "nl",
        "{worker} paused their support. No check-ins or reminders go out until support is resumed.",
    ).format(worker="Jamie Clarke")
    assert (notice.message, email.subject) == (expected, _in("nl", "Support paused"))
    assert expected.startswith("Jamie Clarke heeft de begeleiding gepauzeerd.")
    assert email.body.startswith(expected)


@pytest.mark.django_db
def test_resume_withdrawal_and_reassignment_are_told_in_swedish(
    vsw, vsw_same_team, supervisor, case
):
    _prefers(vsw, "sv")
    _prefers(vsw_same_team, "sv")
    case.status = CaseStatus.PAUSED
    case.save(update_fields=["status"])

    with translation.override("nl"):
        actions.resume_case(case=case, by=supervisor)
        actions.withdraw(case=case, by=supervisor)
        moved = actions.reassign_cases(cases=[case], vsw=vsw_same_team, by=supervisor)

    messages = list(
        Notification.objects.filter(recipient__in=[vsw, vsw_same_team])
        .order_by("pk")
        .values_list("message", flat=True)
    )
    names = {"name": supervisor.full_name, "worker": "Jamie Clarke"}
    assert moved == 1
    assert messages == [
        _in("sv", "{name} resumed support for {worker}.").format(**names),
        _in(
            "sv", "{name} recorded that {worker} stopped taking part, so their case is closed."
        ).format(**names),
        f"1 ärende har tilldelats dig av {supervisor.full_name}.",
    ]
