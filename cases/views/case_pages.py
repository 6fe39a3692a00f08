"""The case record for the service team, one section a page: summary, plan, check-ins, fit
notes, contacts, sharing and history, under a summary header that every section shows.

Every section fetches the case through ``get_case_for`` (404 for a case the user may not see,
audited as a view of the case, as the one-page case record was), then its header row (one
query: the case's worklist columns, including what other apps register in ``cases.worklist``),
the fit notes (one query: the current note is in the header), then only its own queries and
the context other apps register for that section in ``cases.pages``.
"""

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.access import get_case_for
from cases.models import Case, ShareItem
from cases.pages import case_context
from cases.sharing import consent_rows, current_fit_note
from cases.worklist import label as worklist_label
from cases.worklist import next_action_kind, next_action_text
from rtw.access import STAFF_ROLES, allow


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str


SECTIONS = (
    Section("summary", _("Summary"), "cases:case_detail"),
    Section("plan", _("Plan"), "cases:case_plan_summary"),
    Section("check_ins", _("Check-ins"), "cases:case_check_ins"),
    Section("fit_notes", _("Fit notes"), "cases:case_fit_notes"),
    Section("contacts", _("Contacts"), "cases:case_contacts"),
    Section("sharing", _("Sharing"), "cases:case_sharing"),
    Section("history", _("History"), "cases:case_history"),
)


def _header(case: Case, today: date) -> dict:
    """The summary header: the case's worklist row (next action, plan at a glance) and its
    current fit note, both read with the case (``get_case_for(columns_on=today)``)."""
    row = case
    fit_notes = list(case.fit_notes.all())
    current = current_fit_note(case, today)
    return {
        "row": row,
        "next_action": next_action_text(next_action_kind(row), row.next_action_on),
        "next_action_late": row.next_action_on is not None and row.next_action_on < today,
        "plan_status": worklist_label("plan_status", getattr(row, "plan_status", None)),
        # Contacts with the worker, when an app registers that worklist column.
        "worker_contacts": getattr(row, "worker_contacts", None),
        "fit_notes": fit_notes,
        "current_note": current,
        "days_left": current.days_to_expiry(today) if current else None,
    }


def _section_page(request: HttpRequest, code, key: str, extra) -> HttpResponse:
    today = timezone.localdate()
    case = get_case_for(request.user, code, action="view", columns_on=today)
    context = {
        "case": case,
        "today": today,
        "section": next(s for s in SECTIONS if s.key == key),
        "sections": [
            {
                "title": s.title,
                "url": reverse(s.url_name, args=[case.code]),
                "current": s.key == key,
            }
            for s in SECTIONS
        ],
        **_header(case, today),
    }
    context.update(extra(request, case, today))
    context.update(case_context(case, today, section=key))
    template = "cases/case_detail.html" if key == "summary" else f"cases/case/{key}.html"
    return render(request, template, context)


def _summary(request, case, today):
    return {
        "weeks_absent": case.worker.weeks_absent(today),
        "can_reassign": request.user.has_perm("cases.reassign_case", case),
    }


def _nothing(request, case, today):
    return {}


def _contacts(request, case, today):
    return {"contacts": case.contacts.select_related("recorded_by")}


def _sharing(request, case, today):
    rows = consent_rows(case.worker, with_employer=case.employer_id is not None)
    return {
        "consent_rows": rows,
        "involves_employer": any(
            row["item"] == ShareItem.INVOLVEMENT and row["consent"] for row in rows
        ),
    }


def _history(request, case, today):
    return {
        "events": case.events.select_related("actor"),
        "can_see_audit": request.user.has_perm("cases.view_audit", case),
    }


@allow(STAFF_ROLES)
@require_GET
def case_detail(request: HttpRequest, code) -> HttpResponse:
    """The summary: who, where, everyday actions, and the destructive ones set apart."""
    return _section_page(request, code, "summary", _summary)


@allow(STAFF_ROLES)
@require_GET
def case_plan_summary(request: HttpRequest, code) -> HttpResponse:
    """The plan at a glance, and the way to the plan itself."""
    return _section_page(request, code, "plan", _nothing)


@allow(STAFF_ROLES)
@require_GET
def case_check_ins(request: HttpRequest, code) -> HttpResponse:
    return _section_page(request, code, "check_ins", _nothing)


@allow(STAFF_ROLES)
@require_GET
def case_fit_notes(request: HttpRequest, code) -> HttpResponse:
    return _section_page(request, code, "fit_notes", _nothing)


@allow(STAFF_ROLES)
@require_GET
def case_contacts(request: HttpRequest, code) -> HttpResponse:
    return _section_page(request, code, "contacts", _contacts)


@allow(STAFF_ROLES)
@require_GET
def case_sharing(request: HttpRequest, code) -> HttpResponse:
    return _section_page(request, code, "sharing", _sharing)


@allow(STAFF_ROLES)
@require_GET
def case_history(request: HttpRequest, code) -> HttpResponse:
    return _section_page(request, code, "history", _history)
