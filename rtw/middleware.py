import re
import uuid

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from rtw.audit import bind_request_id, close_request_log, open_request_log, unbind_request_id
from rtw.languages import page_language_for, supported

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives each request an id, echoes it in the response and makes it available to audit
    writes in the same context. Also writes the request's denied-access audit events once the
    view's transaction is over (see rtw.audit).

    The server makes the id. A client's X-Request-ID would let anyone write chosen text into
    the audit trail, or make two requests look like one, so it is kept only when
    TRUSTED_PROXY_REQUEST_ID is on (our own proxy sets the header and strips the client's) and
    only in a safe format.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        trusted = settings.TRUSTED_PROXY_REQUEST_ID and _SAFE_ID.match(incoming)
        request_id = incoming if trusted else uuid.uuid4().hex
        request.request_id = request_id
        token = bind_request_id(request_id)
        log = open_request_log()
        try:
            response = self.get_response(request)
        finally:
            try:
                close_request_log(log)
            finally:
                unbind_request_id(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreForSignedInMiddleware:
    """Tells browsers and proxies never to keep a copy of a page shown to a signed-in user.

    Pages behind sign-in carry health records; a shared computer's back button or disk cache
    must not show them to the next person. Static files and anonymous pages are unaffected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


# A worker's account with no preference of its own shows pages in the language on their worker
# record: read once, when they sign in (remember_page_language), and kept in the session, so
# their pages cost no extra query. The switcher (rtw.language_views) updates it.
PAGE_LANGUAGE_SESSION_KEY = "page_language"


def remember_page_language(sender, request, user, **kwargs) -> None:
    """On sign-in (``user_logged_in``; connected in ``RtwConfig.ready``): the session already
    changes then, so remembering the worker record's language costs one read and no write."""
    if user.is_worker and not supported(user.preferred_language):
        request.session[PAGE_LANGUAGE_SESSION_KEY] = page_language_for(user)


class PreferredLanguageMiddleware:
    """Shows a signed-in user's pages in the language they chose (docs/languages.md).

    Runs after ``LocaleMiddleware`` (cookie, then Accept-Language) and authentication: a stored
    preference wins over both. A worker's account with no preference of its own follows the
    language on their worker record (as it was when they signed in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = supported(user.preferred_language)
            if not language and user.is_worker:
                language = supported(request.session.get(PAGE_LANGUAGE_SESSION_KEY))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
