"""What else happens when the service accepts a referral.

Apps above cases register a function from their ``AppConfig.ready()``; :func:`accepted` calls
each, in the accepting transaction, with the case locked. Plans registers the jurisdiction's
statutory milestones here: they run from the first day of absence, and the Dutch problem
analysis (week 6) often falls due before any plan is started.
"""

from rtw.hooks import Hook

#: Called as ``accepted(case=..., by=...)``.
accepted = Hook()
register = accepted.register
