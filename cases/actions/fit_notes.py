"""Recording a fit note on a case."""

from django.db import transaction
from django.utils import timezone

from cases import lines
from cases.actions._base import (
    _audit,
    _event,
)
from cases.models import (
    Case,
    CaseEvent,
    Fitness,
    FitNote,
)
from rtw.models import User
from rtw.stored_text import english


@transaction.atomic
def record_fit_note(*, case: Case, fit_note: FitNote, by: User) -> FitNote:
    fit_note.case = case
    fit_note.recorded_by = by
    fit_note.save()
    # Only the case's latest note has an ending to remind anyone of: the others are settled
    # (FitNote.reminders_done_at), so the fit-note producer no longer reads them.
    FitNote.objects.filter(case=case, reminders_done_at__isnull=True).exclude(
        pk__in=FitNote.objects.latest_of(case)
    ).update(reminders_done_at=timezone.now())
    _event(
        case,
        CaseEvent.Kind.FIT_NOTE,
        lines.FIT_NOTE
        % {
            "fitness": english(Fitness(fit_note.fitness).label).lower(),
            "day": lines.short_day(fit_note.starts_on),
        },
        by,
    )
    _audit(by, "fitnote.create", "fitnote", fit_note.code)
    return fit_note
