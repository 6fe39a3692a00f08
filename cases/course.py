"""What else happens at the turns of a case's course: accepted, support resumed, closed.

Each turn is a :class:`rtw.hooks.Hook`. Apps above cases register a function from their
``AppConfig.ready()``; the action in ``cases.actions`` calls the hook in its own transaction,
with the case row locked, as ``hook(case=..., by=...)``.

- :data:`accepted`: plans adds the jurisdiction's statutory milestones. They run from the first
  day of absence, and the Dutch problem analysis (week 6) often falls due before any plan.
- :data:`resumed`: the apps whose reminder producers mark what they have produced clear the
  case's marks, so a reminder the sweep cancelled during the pause is produced (brought back)
  if it is still due (checkins/reminders.py).
- :data:`closed`: check-ins closes the case's open check-ins. Nothing more will be asked of the
  worker, so none is left waiting to be invited or answered, or read by the producers for ever.
"""

from rtw.hooks import Hook

accepted = Hook()
resumed = Hook()
closed = Hook()
