"""Page helpers shared by the apps' views."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from rtw.sessions import RESTORED_MESSAGE, take_kept_form
from rtw.versions import STALE_MESSAGE


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    submit: str,
    case=None,
    edit_version: int | None = None,
    stale: list[tuple[str, object]] | None = None,
    action: str = "",
) -> HttpResponse:
    """A page holding one form: error summary, heading, the form and its button. With a ``case``
    the page title and the heading name the worker ("Log a contact — Jamie Clarke") and Cancel
    leads back to the case. The button keeps its ``submit`` label on every answer, errors too.
    An edit page passes the ``edit_version`` it shows (rtw/versions.py); after a refused stale
    save, ``stale`` holds the values now saved, and ``action`` where the form now posts if that
    moved.

    On a GET after the user was signed out mid-post (rtw/sessions.py), the form is bound to what
    they had typed, so they can check it and save."""
    if request.method == "GET" and not form.is_bound:
        restore_kept_form(request, form)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "heading": with_name(title, case),
            "submit": submit,
            "case": case,
            "edit_version": edit_version,
            "stale": stale,
            "stale_message": _(STALE_MESSAGE),
            "action": action,
        },
    )


def restore_kept_form(request: HttpRequest, form) -> bool:
    """Bind an unbound form (or formset) to the fields kept for this page when the user was
    signed out mid-post, and say so on the page. Any view may call it before rendering its
    form; ``form_page`` does. Returns whether a kept form was restored."""
    data = take_kept_form(request)
    if data is None:
        return False
    form.data = data
    form.is_bound = True
    form._errors = None
    messages.info(request, RESTORED_MESSAGE)
    return True


def with_name(title: str, case=None) -> str:
    """A case-scoped page's title naming the person it is about: "Log a contact — Jamie Clarke"."""
    if case is None:
        return title
    return _("%(title)s — %(name)s") % {"title": title, "name": case.worker.full_name}
