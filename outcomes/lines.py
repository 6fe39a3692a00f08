"""The case timeline's lines that outcome check-ins and questionnaires write: stored in English,
shown in the reader's language (cases/timeline.py). Registered from ``OutcomesConfig.ready()``."""

from django.utils.translation import gettext_noop

from outcomes.models import Timepoint
from rtw.stored_text import day, labels

OUTCOME_ANSWERED = gettext_noop("Outcome check-in for %(day)s answered")
QUESTIONNAIRE_ANSWERED = gettext_noop("%(timepoint)s questionnaire answered")
ALERT_ACKNOWLEDGED = gettext_noop("Questionnaire answer that needed attention acknowledged")

ALL = (OUTCOME_ANSWERED, QUESTIONNAIRE_ANSWERED, ALERT_ACKNOWLEDGED)
VALUES = {"day": day, "timepoint": labels(Timepoint)}
