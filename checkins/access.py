"""Fetch-and-authorise helper for check-ins: every read of a check-in goes through here."""

from checkins.models import CheckIn
from rtw.access import fetch_for


def get_check_in_for(user, code, *, action: str):
    """A check-in the user may ``action``: "record" (the case's team, e.g. a phone check-in)
    or "answer" (the worker whose check-in it is)."""
    permission = {"record": "cases.change_case", "answer": "cases.view_own"}[action]
    return fetch_for(
        user,
        CheckIn.objects.select_related("case", "case__worker", "case__assigned_vsw"),
        code=code,
        permission=permission,
        record_type="checkin",
        action=f"checkin.{action}",
        authorise_on=lambda c: c.case,
    )
