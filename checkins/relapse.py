"""The relapse-signal rules (DOMAIN §5): which check-in answers flag a case at risk."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from checkins.models import CheckIn

# The signals are kept on the check-in as written here, in the source language, so the record
# reads the same whoever answered it and in whichever language; they are marked so a page can
# show them through gettext (docs/languages.md).
WARNING_SIGN_TICKED = gettext_noop("Warning sign ticked: %(sign)s")
# xgettext:no-python-format
LOW_HOURS = gettext_noop("Worked under 75% of the planned hours two check-ins running")
SYMPTOMS_ROSE = gettext_noop("Symptom intensity rose from %(before)s to %(now)s")
ASKED_FOR_CONTACT = gettext_noop("Asked the VSW to get in touch")

# Items where a higher score is better; for symptom intensity a higher score is worse.
_HIGHER_IS_BETTER = {
    "sleep": gettext_noop("Sleep fell from %(before)s to %(now)s"),
    "mood": gettext_noop("Mood fell from %(before)s to %(now)s"),
    "energy": gettext_noop("Energy fell from %(before)s to %(now)s"),
    "work_ability": gettext_noop("Work ability fell from %(before)s to %(now)s"),
}
WORSENING_POINTS = 3
LOW_HOURS_FRACTION = Decimal("0.75")


def relapse_signals(check_in: CheckIn, previous: CheckIn | None) -> list[str]:
    """The reasons this check-in should flag the case "at risk of relapse" (may be empty).

    * any early warning sign ticked;
    * actual hours below 75 % of planned in this and the previous check-in;
    * a worsening of 3 or more points on any 0–10 item since the previous check-in (a fall in
      sleep, mood, energy or work ability; a rise in symptom intensity);
    * the worker asked the VSW to get in touch.
    """
    signals = [WARNING_SIGN_TICKED % {"sign": sign} for sign in check_in.warning_signs_ticked]

    def low_hours(c: CheckIn | None) -> bool:
        return (
            c is not None
            and c.planned_hours
            and c.hours_worked is not None
            and c.hours_worked < c.planned_hours * LOW_HOURS_FRACTION
        )

    if low_hours(check_in) and low_hours(previous):
        signals.append(LOW_HOURS)
    if previous is not None:
        for item, fell in _HIGHER_IS_BETTER.items():
            before, now = getattr(previous, item), getattr(check_in, item)
            if before is not None and now is not None and before - now >= WORSENING_POINTS:
                signals.append(fell % {"before": before, "now": now})
        if (
            previous.symptoms is not None
            and check_in.symptoms is not None
            and check_in.symptoms - previous.symptoms >= WORSENING_POINTS
        ):
            signals.append(SYMPTOMS_ROSE % {"before": previous.symptoms, "now": check_in.symptoms})
    if check_in.wants_contact:
        signals.append(ASKED_FOR_CONTACT)
    return signals
