"""Anonymising a case's check-ins and reminders past retention (registered in
``cases.retention``; ADR 15). Scores, hours, days absent and dates stay for the figures."""

from checkins.models import CheckIn, Reminder


def anonymise_check_ins(case) -> dict[str, int]:
    return {
        "check_ins": CheckIn.objects.filter(case=case).update(comments=""),
        "reminders": Reminder.objects.filter(case=case).update(
            to_email="", to_phone="", subject="", body="", last_error=""
        ),
    }
