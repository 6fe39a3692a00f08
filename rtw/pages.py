"""Page helpers shared by the apps' views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    the heading carries the worker's name and Cancel leads back to the case. An edit page passes
    the ``edit_version`` it shows (rtw/versions.py); after a refused stale save, ``stale`` holds
    the values now saved, and ``action`` where the form now posts if that moved."""
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "case": case,
            "edit_version": edit_version,
            "stale": stale,
            "stale_message": STALE_MESSAGE,
            "action": action,
        },
    )
