"""What else happens when a case closes (closed by the VSW, or the worker stopped taking part).

Apps above cases register a function from their ``AppConfig.ready()``; :func:`closed` calls
each, in the closing transaction, with the case locked. Check-ins registers the closing of the
case's open check-ins here: nothing more will be asked of the worker, so none is left waiting
to be invited or answered (and the reminder producers, which read open check-ins every minute,
do not read them for ever after).
"""

from rtw.hooks import Hook

#: Called as ``closed(case=..., by=...)``.
closed = Hook()
register = closed.register
