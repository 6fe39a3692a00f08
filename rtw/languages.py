"""Which language a person is written to in, and a context manager to write in it.

Pages follow the reader: a signed-in user's stored preference, else the language cookie the
header switcher sets, else the browser's Accept-Language (``PreferredLanguageMiddleware`` and
Django's ``LocaleMiddleware``). Everything sent (emails, texts, notifications, PDFs for the worker)
follows the recipient instead, whoever triggered it, so it is produced inside
``override_for(recipient)``:

- a staff user, clinician or employer contact: their ``preferred_language``, else the language of
  the service (team) the message is about, else ``LANGUAGE_CODE``;
- a worker: ``Worker.preferred_language`` (the switcher stores a signed-in worker's choice there
  too), else the language of the service supporting them, else ``LANGUAGE_CODE``.

A service's language is its jurisdiction's: UK English, the Netherlands Dutch, Sweden Swedish.
This module is on the ground floor, so it reads a worker's record by attribute and never imports
the apps above it.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation

from rtw.jurisdictions import Jurisdiction

JURISDICTION_LANGUAGE = {
    Jurisdiction.UK: "en-gb",
    Jurisdiction.NL: "nl",
    Jurisdiction.SE: "sv",
}

SUPPORTED = frozenset(code for code, _name in settings.LANGUAGES)


def supported(code: str | None) -> str:
    """``code`` when it is one of ``LANGUAGES``, else the empty string."""
    return code if code in SUPPORTED else ""


def language_for_team(team) -> str:
    """The language of a service (a VSW team): its jurisdiction's, else ``LANGUAGE_CODE``."""
    jurisdiction = getattr(team, "jurisdiction", "") if team is not None else ""
    return JURISDICTION_LANGUAGE.get(jurisdiction, settings.LANGUAGE_CODE)


def _team_of_worker(worker):
    """The team of the worker's most recent case (a query only when no team is given)."""
    cases = getattr(worker, "cases", None)
    if cases is None:
        return None
    case = cases.select_related("team").order_by("-pk").first()
    return case.team if case is not None else None


def language_for_worker(worker, *, team=None) -> str:
    """The language everything sent to ``worker`` (a ``cases.Worker``) is written in."""
    chosen = supported(getattr(worker, "preferred_language", ""))
    if chosen:
        return chosen
    # (The worker's account needs no look: the switcher stores a choice on both.)
    return language_for_team(team if team is not None else _team_of_worker(worker))


def language_for_user(user, *, team=None) -> str:
    """The language everything sent to ``user`` is written in.

    A worker's account follows their worker record when the account itself has no preference.
    ``team`` is the service the message is about (for an employer or clinician, whose own
    organisation has no jurisdiction of its own); a VSW or supervisor falls back to their team.
    """
    if user is None:
        return language_for_team(team)
    chosen = supported(getattr(user, "preferred_language", ""))
    if chosen:
        return chosen
    worker = worker_record(user)
    if worker is not None:
        return language_for_worker(worker, team=team)
    if team is None and getattr(user, "is_service_staff", False):
        team = user.organisation
    return language_for_team(team)


def language_for(recipient, *, team=None) -> str:
    """``language_for_user`` or ``language_for_worker``, by what ``recipient`` is; a language
    code passes through."""
    if isinstance(recipient, str):
        return supported(recipient) or settings.LANGUAGE_CODE
    if hasattr(recipient, "nhs_number"):  # a cases.Worker
        return language_for_worker(recipient, team=team)
    return language_for_user(recipient, team=team)


@contextmanager
def override_for(recipient, *, team=None):
    """Activate the recipient's language (a user, a worker, or a language code) for the block."""
    with translation.override(language_for(recipient, team=team)):
        yield


def worker_record(user):
    """The worker record linked to a worker's account, or None."""
    if not getattr(user, "is_worker", False):
        return None
    try:
        return user.worker_record
    except ObjectDoesNotExist:
        return None


def page_language_for(user) -> str:
    """The language a signed-in user chose for pages: their own preference, else (a worker) the
    one on their worker record; the empty string leaves the choice to the cookie or browser."""
    chosen = supported(getattr(user, "preferred_language", ""))
    if chosen:
        return chosen
    worker = worker_record(user)
    return supported(getattr(worker, "preferred_language", "")) if worker is not None else ""


def chose_by_switcher(request) -> bool:
    """Whether the visitor picked a language with the header switcher (the language cookie)."""
    return bool(supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)))


def activate_for_visitor(request, worker, *, team=None) -> str:
    """On a page reached by a signed link (no session), write in the worker's language unless the
    visitor chose another with the switcher. Returns the language now active."""
    if chose_by_switcher(request):
        return translation.get_language()
    language = language_for_worker(worker, team=team)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language
