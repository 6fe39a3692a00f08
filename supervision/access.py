"""Fetch-and-authorise helpers for supervision records (a 404 for what the user may not see)."""

from rtw.access import fetch_for
from supervision.models import SupervisionSession


def get_session_for(user, code, *, action: str = "view") -> SupervisionSession:
    """The session ``code`` if ``user`` may ``action`` it: its team's supervisors, and for
    reading the VSWs who attended. Its notes are about cases, so every read is audited."""
    return fetch_for(
        user,
        SupervisionSession.objects.select_related("team", "recorded_by"),
        code=code,
        permission=f"supervision.{action}_session",
        record_type="supervision_session",
        action=f"supervision_session.{action}",
    )
