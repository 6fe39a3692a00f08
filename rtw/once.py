"""Exactly once, whatever the clicking (docs/adr/0012-exactly-once-submits-and-stale-edits.md).

Every form that creates something carries a one-time token (``{% once_token %}`` from
``rtw/templatetags/once.py``); its view is wrapped in :func:`submit_once`. The first request to
arrive with a token claims it by inserting a :class:`~rtw.models.SubmissionToken` row in the
request's transaction, and records where it sent the user. A second submit of the same form (a
double click, a resubmitted page) inserts the same token: PostgreSQL makes it wait until the
first request commits and then refuses it on the unique index, so it saves nothing and is sent
to the record the first one saved, with "This was already saved". A first request that saved
nothing (the form had errors) gives its token back, so the same page can be sent again.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_noop

FIELD = "once_token"
ALREADY_SAVED = gettext_noop("This was already saved.")


def new_token() -> str:
    return uuid.uuid4().hex


def submitted_token(request) -> uuid.UUID | None:
    """The token a POST carried, or None (a GET, or a client that sent none or rubbish)."""
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def submit_once(view):
    """Let each submitted form through once: a repeat of a token already claimed is answered by
    a redirect to where the first submit went. Views without a token in the POST (older pages,
    scripts) behave as before."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from rtw.models import SubmissionToken

        token = submitted_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        # No savepoint of its own: inside the request's transaction (ATOMIC_REQUESTS) an error
        # in the view rolls the claim back with everything else; outside one, this is it.
        with transaction.atomic(savepoint=False):
            try:
                # A savepoint, so a refused insert leaves the request's transaction usable.
                with transaction.atomic():
                    claim = SubmissionToken.objects.create(token=token, user=request.user)
            except IntegrityError:
                return already_saved(request, token)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                claim.url = response["Location"][:300]
                claim.save(update_fields=["url"])
            else:
                claim.delete()
            return response

    return wrapper


def already_saved(request, token: uuid.UUID):
    """The answer to a repeated submit: where the first one went. The lookup is by the user as
    well, so a token cannot reveal someone else's record."""
    from rtw.models import SubmissionToken

    first = SubmissionToken.objects.filter(token=token, user=request.user).first()
    messages.info(request, gettext(ALREADY_SAVED))
    return redirect(first.url if first and first.url else "/")
