"""No silent lost update (docs/adr/0012-exactly-once-submits-and-stale-edits.md).

An editable record carries ``edit_version``, a counter. The edit page sends the version it was
opened at in a hidden field; the action moves the row to the next version with one conditional
``UPDATE ... SET edit_version = edit_version + 1 WHERE pk = %s AND edit_version = %s``. If
someone saved in between, no row matches and :class:`StaleEdit` is raised inside the action's
transaction, so nothing of the late save is kept; the view shows the form again with the
user's input, :data:`STALE_MESSAGE` and the values now saved. Two saves racing each other
queue on the row lock the UPDATE takes, and the second then finds the version moved on.
"""

from datetime import date

from django import forms
from django.db.models import F, Model
from django.forms.utils import pretty_name
from django.utils.translation import gettext_noop

FIELD = "edit_version"
# Marked for the catalogue here, translated where it is shown (a page in the reader's language).
STALE_MESSAGE = gettext_noop(
    "Someone else changed this while you were editing. Their version is shown below; "
    "check it and save again."
)


class StaleEdit(Exception):
    """The record was saved by someone else after this form was opened."""


class EditVersionForm(forms.Form):
    edit_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def submitted_version(request) -> int | None:
    """The version the submitted form was opened at; None when the client sent none."""
    form = EditVersionForm(request.POST)
    return form.cleaned_data[FIELD] if form.is_valid() else None


def claim_version(model: type[Model], *, pk: int, expected: int | None, field: str = FIELD) -> None:
    """Move row ``pk`` of ``model`` on from version ``expected``, or raise :class:`StaleEdit`.

    ``expected=None`` (a client that sent no version: a script, an old page) still moves the
    version on, so anyone else's open form becomes stale, but checks nothing."""
    rows = model._default_manager.filter(pk=pk)
    if expected is not None:
        rows = rows.filter(**{field: expected})
    if rows.update(**{field: F(field) + 1}) != 1:
        raise StaleEdit


def saved_values(form, record) -> list[tuple[str, str]]:
    """``record``'s saved values under ``form``'s labels, for the page after a stale save."""
    rows = []
    for name, field in form.fields.items():
        if name == FIELD or not hasattr(record, name):
            continue
        value = getattr(record, name)
        display = getattr(record, f"get_{name}_display", None)
        if display is not None:
            value = display()
        elif isinstance(value, date):
            value = f"{value:%-d %B %Y}"
        elif isinstance(value, Model):
            value = str(value)
        rows.append((str(field.label or pretty_name(name)), "" if value is None else str(value)))
    return rows
