"""The case timeline's lines that plans write: stored in English with their values in place,
shown in the reader's language (cases/timeline.py). Registered from ``PlansConfig.ready()``."""

from django.utils.translation import gettext_noop

from plans.approval import APPROVAL_ASKED, APPROVED, RETURNED
from plans.milestones import ADDED, DEFAULT_TITLES
from plans.models import (
    AdjustmentCategory,
    MilestoneStatus,
    ReviewOutcome,
    SignOffMethod,
    SignOffParty,
)
from rtw.jurisdictions import Jurisdiction
from rtw.stored_text import day, labels

STARTED = gettext_noop("Plan started (version %(version)s)")
NEW_VERSION = gettext_noop("Plan changed after signing: version %(version)s started")
DETAILS_UPDATED = gettext_noop("Plan details updated (version %(version)s)")
PHASES_UPDATED = gettext_noop("Phases updated (version %(version)s)")
ADJUSTMENT_ADDED = gettext_noop("Adjustment added: %(category)s")
ADJUSTMENT_REMOVED = gettext_noop("Adjustment removed: %(category)s")
RELAPSE_UPDATED = gettext_noop("Relapse-prevention agreement updated")
#: One line per status change (``plans.actions.TRANSITIONS``).
STATUS_CHANGED = {
    "propose": gettext_noop("Plan proposed for signing (version %(version)s)"),
    "activate": STARTED,
    "pause": gettext_noop("Plan paused (version %(version)s)"),
    "resume": gettext_noop("Plan resumed (version %(version)s)"),
    "complete": gettext_noop("Plan completed (version %(version)s)"),
    "abandon": gettext_noop("Plan abandoned (version %(version)s)"),
}
SIGNED = gettext_noop("Signed by the %(party)s (version %(version)s)")
SIGNED_RECORDED = gettext_noop("Signed by the %(party)s, %(method)s (version %(version)s)")
AGREED = gettext_noop("Plan agreed (version %(version)s)")
MILESTONE = gettext_noop("Milestone '%(title)s': %(status)s")
REVIEW_HELD = gettext_noop("Review held: %(outcome)s")
CHECK_INS_SCHEDULED = gettext_noop("Check-ins scheduled every %(days)s days")
STEPPED_BACK = gettext_noop(
    "Stepped back to %(hours)s hours a week for %(weeks)s week(s) from %(day)s "
    "(version %(version)s)"
)
STATUTORY_ADDED = gettext_noop("%(count)s statutory milestones added (%(jurisdiction)s)")

ALL = (
    ADDED,
    STARTED,
    NEW_VERSION,
    DETAILS_UPDATED,
    PHASES_UPDATED,
    ADJUSTMENT_ADDED,
    ADJUSTMENT_REMOVED,
    RELAPSE_UPDATED,
    *STATUS_CHANGED.values(),
    SIGNED,
    SIGNED_RECORDED,
    AGREED,
    MILESTONE,
    REVIEW_HELD,
    CHECK_INS_SCHEDULED,
    STEPPED_BACK,
    APPROVAL_ASKED,
    APPROVED,
    RETURNED,
    STATUTORY_ADDED,
)
VALUES = {
    "category": labels(AdjustmentCategory),
    "party": labels(SignOffParty),
    "method": labels(SignOffMethod),
    "title": DEFAULT_TITLES.translate,
    "status": labels(MilestoneStatus),
    "outcome": labels(ReviewOutcome),
    "day": day,
    "jurisdiction": labels(Jurisdiction),
}
