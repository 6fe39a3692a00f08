"""Retention: the notes written about a case in supervision are emptied with the rest of its
free text when the case is anonymised (cases/retention.py, ADR 15)."""

from supervision.models import DiscussedCase


def anonymise_supervision_notes(case) -> dict[str, int]:
    return {"supervision_notes": DiscussedCase.objects.filter(case=case).update(note="")}
