"""Page helpers shared by the apps' views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(request: HttpRequest, form, *, title: str, submit: str, case=None) -> HttpResponse:
    """A page holding one form: error summary, heading, the form and its button. With a ``case``
    the heading carries the worker's name and Cancel leads back to the case."""
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "submit": submit, "case": case},
    )
