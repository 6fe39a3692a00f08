"""The readable subject access copy (ADR 15): the data :func:`plans.subject_access.gather`
collected, as headed tables in a PDF, with field names in the reader's language.

It goes through the same safe URL fetcher as plan PDFs (``plans.pdf``)."""

from datetime import date, datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.pdf import STATIC_SCHEME, STYLESHEET, lay_out

TEMPLATE = "plans/pdf/subject_access.html"


# The field names in the readable copy, in the reader's language. A key missing here (an
# instrument's code in the answers) is shown as it is.
_LABELS = {
    "code": gettext_lazy("Reference"),
    # Registered by the API (api/subject_access.py).
    "referral_identifiers": gettext_lazy("Identifier from the referrer's system"),
    "organisation": gettext_lazy("Organisation"),
    "identifier": gettext_lazy("Identifier"),
    "received_at": gettext_lazy("Received"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "nhs_number": gettext_lazy("NHS number"),
    "email": gettext_lazy("Email"),
    "mobile": gettext_lazy("Mobile"),
    "preferred_contact": gettext_lazy("Preferred contact"),
    "communication_needs": gettext_lazy("Communication needs"),
    "employer": gettext_lazy("Employer"),
    "job_title": gettext_lazy("Job title"),
    "contracted_hours": gettext_lazy("Contracted hours a week"),
    "gp_practice": gettext_lazy("GP practice"),
    "first_day_of_absence": gettext_lazy("First day of absence"),
    "registered_at": gettext_lazy("Registered"),
    "recipient": gettext_lazy("Shared with"),
    "item": gettext_lazy("What is shared"),
    "granted_at": gettext_lazy("Agreed"),
    "granted_by": gettext_lazy("Recorded by"),
    "withdrawn_at": gettext_lazy("Withdrawn"),
    "withdrawn_by": gettext_lazy("Withdrawal recorded by"),
    "kind": gettext_lazy("Kind"),
    "assessed_on": gettext_lazy("Assessed on"),
    "condition": gettext_lazy("Condition"),
    "condition_started_on": gettext_lazy("Condition started on"),
    "fitness": gettext_lazy("Advice"),
    "phased_return": gettext_lazy("Phased return"),
    "altered_hours": gettext_lazy("Altered hours"),
    "amended_duties": gettext_lazy("Amended duties"),
    "workplace_adaptations": gettext_lazy("Workplace adaptations"),
    "comments": gettext_lazy("Comments"),
    "starts_on": gettext_lazy("Starts on"),
    "ends_on": gettext_lazy("Ends on"),
    "indefinite": gettext_lazy("Indefinite"),
    "needs_reassessment": gettext_lazy("Needs reassessment"),
    "issuer": gettext_lazy("Issued by"),
    "issuer_profession": gettext_lazy("Issuer's profession"),
    "issued_on": gettext_lazy("Issued on"),
    "recorded_by": gettext_lazy("Recorded by"),
    "occurred_at": gettext_lazy("When"),
    "mode": gettext_lazy("How"),
    "duration_minutes": gettext_lazy("Minutes"),
    "summary": gettext_lazy("Summary"),
    "obstacles": gettext_lazy("Obstacles"),
    "next_step": gettext_lazy("Next step"),
    "due_on": gettext_lazy("Due on"),
    "status": gettext_lazy("Status"),
    "channel": gettext_lazy("How it is asked"),
    "hours_worked": gettext_lazy("Hours worked"),
    "days_absent": gettext_lazy("Days absent"),
    "sleep": gettext_lazy("Sleep"),
    "mood": gettext_lazy("Mood"),
    "energy": gettext_lazy("Energy"),
    "symptoms": gettext_lazy("Symptoms"),
    "work_ability": gettext_lazy("Work ability"),
    "warning_signs_ticked": gettext_lazy("Warning signs ticked"),
    "wants_contact": gettext_lazy("Wants contact"),
    "completed_at": gettext_lazy("Answered"),
    "signals": gettext_lazy("Signals"),
    "period": gettext_lazy("Period"),
    "days_off_sick": gettext_lazy("Days off sick"),
    "timepoint": gettext_lazy("When"),
    "answers": gettext_lazy("Answers"),
    "scores": gettext_lazy("Scores"),
    "alert_raised_at": gettext_lazy("Alert raised"),
    "alert_acknowledged_at": gettext_lazy("Alert acknowledged"),
    "version": gettext_lazy("Version"),
    "goal": gettext_lazy("Goal"),
    "expected_end_on": gettext_lazy("Expected end"),
    "review_every_days": gettext_lazy("Review every (days)"),
    "created_by": gettext_lazy("Created by"),
    "created_at": gettext_lazy("Created"),
    "superseded_at": gettext_lazy("Replaced by a new version"),
    "phases": gettext_lazy("Phase"),
    "step": gettext_lazy("Step"),
    "hours_per_week": gettext_lazy("Hours a week"),
    "days": gettext_lazy("Days"),
    "duties_included": gettext_lazy("Duties included"),
    "duties_excluded": gettext_lazy("Duties left out"),
    "supervision": gettext_lazy("Supervision"),
    "step_back": gettext_lazy("Step back"),
    "adjustments": gettext_lazy("Adjustment"),
    "category": gettext_lazy("Category"),
    "description": gettext_lazy("Description"),
    "employer_may_see": gettext_lazy("Employer may see"),
    "relapse_prevention": gettext_lazy("Relapse-prevention agreement"),
    "warning_signs": gettext_lazy("Warning signs"),
    "what_a_dip_means": gettext_lazy("What a dip means"),
    "contacts": gettext_lazy("Contact"),
    "review_on": gettext_lazy("Review on"),
    "agreed_actions": gettext_lazy("Agreed action"),
    "detail": gettext_lazy("Detail"),
    "who_acts": gettext_lazy("Who acts"),
    "sign_offs": gettext_lazy("Signature"),
    "party": gettext_lazy("Party"),
    "signed_by": gettext_lazy("Signed by"),
    "how": gettext_lazy("How"),
    "signed_at": gettext_lazy("Signed"),
    "team": gettext_lazy("Team"),
    "vsw": gettext_lazy("VSW"),
    "employer_contact_given": gettext_lazy("Employer contact given"),
    "referred_by": gettext_lazy("Referred by"),
    "referring_practice": gettext_lazy("Referring practice"),
    "referred_at": gettext_lazy("Referred"),
    "referral_reason": gettext_lazy("Reason for referral"),
    "red_flags": gettext_lazy("Red flags"),
    "consent_to_refer_given_on": gettext_lazy("Consent to refer given on"),
    "consent_to_refer_method": gettext_lazy("How consent to refer was given"),
    "decided_at": gettext_lazy("Decided"),
    "decline_reason": gettext_lazy("Reason for declining"),
    "closed_on": gettext_lazy("Closed on"),
    "closure_outcome": gettext_lazy("Outcome at closure"),
    "history": gettext_lazy("History"),
    "at": gettext_lazy("When"),
    "what": gettext_lazy("What"),
    "fit_notes": gettext_lazy("Fit note"),
    "check_ins": gettext_lazy("Check-in"),
    "outcome_check_ins": gettext_lazy("Outcome check-in"),
    "questionnaires": gettext_lazy("Questionnaire"),
    "plans": gettext_lazy("Plan version"),
    "milestones": gettext_lazy("Milestone"),
    "title": gettext_lazy("Title"),
    "target_on": gettext_lazy("Target date"),
    "achieved_on": gettext_lazy("Achieved on"),
    "reviews": gettext_lazy("Review"),
    "held_on": gettext_lazy("Held on"),
    "attendees": gettext_lazy("Attendees"),
    "outcome": gettext_lazy("Outcome"),
    "notes": gettext_lazy("Notes"),
}


def _label(key: str) -> str:
    return str(_LABELS.get(key) or key)


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value) or "–"
    return str(value)


def _blocks(title: str, record: dict, level: int) -> list[dict]:
    """A record as headed tables: its plain values in one table, each list of records under
    its own heading below it."""
    rows, nested = [], []
    for key, value in record.items():
        if isinstance(value, dict):
            nested += _blocks(_label(key), value, level + 1)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for number, item in enumerate(value, start=1):
                nested += _blocks(f"{_label(key)} {number}", item, level + 1)
        else:
            rows.append((_label(key), _text(value)))
    return [{"title": title, "level": min(level, 4), "rows": rows}, *nested]


def pdf_blocks(data: dict) -> list[dict]:
    blocks = _blocks(_("The person"), data["worker"], 2)
    for number, consent in enumerate(data["consents"], start=1):
        blocks += _blocks(_("Consent to share %(number)s") % {"number": number}, consent, 2)
    for number, case in enumerate(data["cases"], start=1):
        blocks += _blocks(_("Case %(number)s") % {"number": number}, case, 2)
    return blocks


def render_pdf(data: dict) -> bytes:
    """The readable copy, in the active language (the view makes it the worker's: they are the
    one who asked). Pure, like ``plans.pdf.render_plan_pdf``: only ``data``, our template and
    our stylesheet, fetched through the safe URL fetcher. ``data`` comes from :func:`gather`
    in the same language, so the labels and lines it holds read alike."""
    html = render_to_string(
        TEMPLATE,
        {
            "worker": data["worker"],
            "produced_at": _text(data["produced_at"]),
            "blocks": pdf_blocks(data),
            "access_log": [{**event, "at": _text(event["at"])} for event in data["access_log"]],
            "stylesheet_url": STATIC_SCHEME + STYLESHEET,
        },
    )
    return lay_out(html)
