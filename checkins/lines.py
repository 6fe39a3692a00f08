"""The case timeline's lines that check-ins write: stored in English, shown in the reader's
language (cases/timeline.py). Registered from ``CheckinsConfig.ready()``."""

from django.utils.translation import gettext_noop

from rtw.stored_text import day

COMPLETED = gettext_noop("Check-in completed")
COMPLETED_WITH_SIGNALS = gettext_noop("Check-in completed with relapse signals")
FLAGGED = gettext_noop("Flagged at risk of relapse")
FLAG_CLEARED = gettext_noop("At-risk flag cleared")
EXTRA = gettext_noop("Extra check-in added")
SKIPPED_PAUSED = gettext_noop("Check-in due %(day)s not asked for: support is paused")

ALL = (COMPLETED, COMPLETED_WITH_SIGNALS, FLAGGED, FLAG_CLEARED, EXTRA, SKIPPED_PAUSED)
VALUES = {"day": day}
