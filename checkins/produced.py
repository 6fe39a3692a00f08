"""What makes the reminder producers incremental (checkins/reminders.py, docs/performance.md).

Two ways, so an item whose reminder is already held is not read, linked or worded again every
minute:

- fit notes, reviews and milestones carry ``reminders_done_at``, set when their reminders are
  produced or nothing more can come of them (a later note replaced it, its case closed), and
  are read through a partial index on the unsettled ones: a run with nothing new due reads
  next to nothing, however many items fall in the window. Resuming support unsettles what
  may still be due (``cases.course.resumed``), so a reminder the pause cancelled comes back;
- the rest filter with :func:`not_produced`, an anti-join on the reminders' unique key (check-in
  follow-ups, outcome invitations: their status already moves them out of the producer's way).
"""

from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat

from checkins.models import Reminder, ReminderStatus


def not_produced(kind: str, prefix: str, *, slot=None, field: str = "code") -> Q:
    """A filter for a producer's queryset: rows whose reminder of ``kind`` (subject key
    ``prefix`` + the row's ``field``, and ``slot`` when given: a literal or an expression) is not
    held yet, pending or sent. What makes a producer incremental: once an item's reminder
    exists, the producer no longer reads, links or words it every minute, so an idle run costs
    a few index lookups whatever the size of the service.

    Only an optimisation: exactly once still rests on the unique key (produce_reminders). A
    cancelled row does not count as held, so an item due again after a pause comes back
    (checkins.reminders._revive); a key the filter fails to recognise is produced again and
    dropped as existing."""
    held = Reminder.objects.filter(
        kind=kind,
        subject_key=Concat(Value(prefix), Cast(OuterRef(field), CharField())),
    ).exclude(status=ReminderStatus.CANCELLED)
    if slot is not None:
        held = held.filter(slot=slot)
    return ~Q(Exists(held))


def without_jit() -> None:
    """No JIT compilation for the rest of this transaction (PostgreSQL). A producer's queries
    read a handful of rows through indexes, but their joins and subqueries push the planner's
    cost estimate past ``jit_above_cost``: compiling them took 0.4 to 4 s a run at 20,000
    cases against milliseconds of execution (docs/performance.md)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
