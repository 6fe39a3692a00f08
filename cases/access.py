"""Fetch-and-authorise helpers for case records. Every read of a case goes through here."""

from datetime import date

from cases.models import Case, FitNote
from rtw.access import fetch_for
from rtw.inline import attach, inline

_PERMISSION_FOR_ACTION = {
    "view": "cases.view_case",
    "change": "cases.change_case",
    "decide": "cases.decide_referral",
    "reassign": "cases.reassign_case",
    "view_audit": "cases.view_audit",
    "add_contact": "cases.add_contact",
    "record_consent": "cases.record_consent",
    "view_referral": "cases.view_referral",
    "add_fitnote": "cases.add_fitnote",
    "view_shared": "cases.view_shared",
    "view_own": "cases.view_own",
}


def get_case_for(user, code, *, action: str = "view", columns_on: date | None = None) -> Case:
    """The case ``code`` if ``user`` may ``action`` it: 404 if invisible, 403 if not allowed.

    Brings the worker, employer, team, assigned VSW and referrer along, since every case page
    shows them. With ``columns_on``, the same query also brings the case's worklist columns as
    of that day and its fit notes (``case.fit_notes.all()`` then runs no query): the case
    pages' header, read with the access check instead of after it."""
    queryset = Case.objects.all()
    if columns_on is not None:
        queryset = queryset.with_worklist_columns(columns_on).annotate(
            _fit_notes=inline(FitNote, "case")
        )
    queryset = queryset.select_related(
        "worker",
        "worker__gp_practice",
        "employer",
        "team",
        "assigned_vsw",
        "referred_by",
        "referring_practice",
    )
    case = fetch_for(
        user,
        queryset,
        code=code,
        permission=_PERMISSION_FOR_ACTION[action],
        record_type="case",
        action=f"case.{action}",
    )
    if columns_on is not None:
        attach(case, "fit_notes", FitNote, case._fit_notes, back="case")
    return case


def get_patient_for(user, code):
    """A registered patient the clinician may refer again: one of their practice's patients
    they can already see through an earlier referral."""
    from cases.models import Worker

    return fetch_for(
        user,
        Worker.objects.select_related("employer", "gp_practice"),
        code=code,
        permission="cases.refer_patient",
        record_type="worker",
        action="worker.refer",
    )
