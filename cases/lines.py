"""The case timeline's lines that cases writes: stored in English with their values in place,
shown in the reader's language (cases/timeline.py). Registered from ``CasesConfig.ready()``.

A value that is a label or a date the service wrote is stored in English too and translated
when shown (``VALUES``); names and typed text are shown as they are."""

from django.utils.translation import gettext_noop

from cases.models import ClosureOutcome, ContactMode, Fitness, Recipient, ShareItem
from rtw.stored_text import day, labels

REFERRED = gettext_noop("Referred by %(name)s (%(organisation)s)")
POSSIBLE_DUPLICATE = gettext_noop("Possible duplicate patient record to reconcile")
ACCEPTED = gettext_noop("Accepted and assigned to %(name)s")
DECLINED = gettext_noop("Referral declined")
EMPLOYER_LINKED = gettext_noop("Employer linked: %(name)s")
NEW_EMPLOYER_LINKED = gettext_noop("Employer linked: %(name)s (new employer)")
EMPLOYER_LINKED_AS_GIVEN = gettext_noop("Employer linked: %(name)s, given at referral as %(given)s")
NEW_EMPLOYER_LINKED_AS_GIVEN = gettext_noop(
    "Employer linked: %(name)s (new employer), given at referral as %(given)s"
)
FIT_NOTE = gettext_noop("Fit note recorded: %(fitness)s from %(day)s")
CONTACT = gettext_noop("%(mode)s contact logged")
SUPPORT_STARTED = gettext_noop("Support started")
SUPPORT_PAUSED = gettext_noop("Support paused")
SUPPORT_RESUMED = gettext_noop("Support resumed")
CLOSED = gettext_noop("Closed: %(outcome)s")
REASSIGNED = gettext_noop("Reassigned from %(previous)s to %(name)s")
REASSIGNED_FROM_NOBODY = gettext_noop("Reassigned from nobody to %(name)s")
INVOLVEMENT_AGREED = gettext_noop("Agreed that the service may contact their employer")
INVOLVEMENT_WITHDRAWN = gettext_noop(
    "Withdrew agreement that the service may contact their employer"
)
SHARED = gettext_noop("Now shared with %(recipient)s: %(item)s")
NO_LONGER_SHARED = gettext_noop("No longer shared with %(recipient)s: %(item)s")
RETURNED = gettext_noop("First day back at work: %(day)s")
RETURN_CORRECTED = gettext_noop("First day back at work: %(day)s (was %(before)s)")
MERGED = gettext_noop("Patient record merged into the record the service already held")
KEPT_APART = gettext_noop("Patient record kept apart from another with the same NHS number")

ALL = (
    REFERRED,
    POSSIBLE_DUPLICATE,
    ACCEPTED,
    DECLINED,
    EMPLOYER_LINKED,
    NEW_EMPLOYER_LINKED,
    EMPLOYER_LINKED_AS_GIVEN,
    NEW_EMPLOYER_LINKED_AS_GIVEN,
    FIT_NOTE,
    CONTACT,
    SUPPORT_STARTED,
    SUPPORT_PAUSED,
    SUPPORT_RESUMED,
    CLOSED,
    REASSIGNED,
    REASSIGNED_FROM_NOBODY,
    INVOLVEMENT_AGREED,
    INVOLVEMENT_WITHDRAWN,
    SHARED,
    NO_LONGER_SHARED,
    RETURNED,
    RETURN_CORRECTED,
    MERGED,
    KEPT_APART,
)
VALUES = {
    "fitness": labels(Fitness),
    "day": day,
    "before": day,
    "mode": labels(ContactMode),
    "outcome": labels(ClosureOutcome),
    "recipient": labels(Recipient),
    "item": labels(ShareItem),
}


def short_day(value) -> str:
    """A date as the timeline stores it: "3 Nov 2026"."""
    return f"{value:%-d %b %Y}"


def long_day(value) -> str:
    """A date as the timeline stores it in full: "3 November 2026"."""
    return f"{value:%-d %B %Y}"
