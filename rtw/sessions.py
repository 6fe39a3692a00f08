"""Sessions that end: an idle limit and an absolute limit for staff, and ending a user's sessions.

Staff (VSWs, supervisors, administrators) and clinicians read health records, so their sign-in
ends after ``SESSION_IDLE_MINUTES`` without a request and ``SESSION_ABSOLUTE_HOURS`` after
signing in, whatever they do (DOMAIN §6). Employer contacts and workers keep Django's
``SESSION_COOKIE_AGE``. :class:`SessionTimeoutMiddleware` keeps two timestamps in the session,
``SIGNED_IN_AT`` (written at sign-in) and ``LAST_ACTIVITY_AT`` (every request), and signs the
user out once either limit has passed.

A form being posted when the idle limit has passed is not processed: its fields are kept in the
new, anonymous session under the page's path (:func:`keep_form`) and the page that shows the
form binds them again after sign-in (:func:`take_kept_form`, used by ``rtw.pages.form_page``),
so nothing typed is lost silently.

Which sessions belong to whom is kept in :class:`UserSession` (written at sign-in), so that
:func:`end_sessions` finds them without decoding every session in the database.

The model lives here, next to the verbs that use it; RtwConfig imports this module so Django
registers it.
"""

from collections.abc import Iterable
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, ngettext

from rtw.models import Role, User

# Roles whose sign-in ends after the idle and absolute limits.
TIMED_ROLES = frozenset({Role.VSW, Role.SUPERVISOR, Role.ADMIN, Role.CLINICIAN})

SIGNED_IN_AT = "rtw_signed_in_at"
LAST_ACTIVITY_AT = "rtw_last_activity_at"
KEPT_FORMS = "rtw_kept_forms"

# Posted fields never kept after an expired post: the CSRF token is the old session's, and a
# password or one-time code must never sit in a session.
_NOT_KEPT = ("csrfmiddlewaretoken", "password", "otp", "token")

KEEP_ALIVE_PATH = "/accounts/session/keep-alive/"

# Activity is written to the session at most this often, so that a page costs no session write
# (three queries) when the last one was recent. The idle limit can therefore end up to this
# much early; the warning's timings are computed from what is stored, so they stay exact.
TOUCH_EVERY_SECONDS = 60


class UserSession(models.Model):
    """One signed-in session of a user: which session key belongs to whom.

    Written when the user signs in and removed when they sign out or their sessions are ended.
    A row may outlive a session that simply expired; :func:`end_sessions` removes it then."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "rtw"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.session_key[:6]}…"


def is_timed(user) -> bool:
    """Whether this user's sign-in ends after the idle and absolute limits."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in TIMED_ROLES


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def absolute_limit() -> timedelta:
    return timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)


def _now() -> float:
    return timezone.now().timestamp()


def touch(request: HttpRequest, *, unless_recent: bool = False) -> None:
    """Record activity now: the keep-alive always, other requests of a timed user when the
    stored activity is older than TOUCH_EVERY_SECONDS."""
    now = _now()
    last = request.session.get(LAST_ACTIVITY_AT, 0)
    if unless_recent and now - last < TOUCH_EVERY_SECONDS:
        return
    request.session[LAST_ACTIVITY_AT] = now


def expiry_reason(request: HttpRequest) -> str | None:
    """``"idle"`` or ``"absolute"`` when a timed user's session has passed a limit, else None.

    A session without timestamps (signed in before this was deployed) counts from now."""
    if not is_timed(request.user):
        return None
    now = _now()
    signed_in = request.session.setdefault(SIGNED_IN_AT, now)
    last = request.session.setdefault(LAST_ACTIVITY_AT, now)
    if now - signed_in >= absolute_limit().total_seconds():
        return "absolute"
    if now - last >= idle_limit().total_seconds():
        return "idle"
    return None


def signed_out_message(reason: str) -> str:
    if reason == "absolute":
        hours = settings.SESSION_ABSOLUTE_HOURS
        return ngettext(
            "You were signed out because you had been signed in for %(hours)s hour. "
            "Sign in again to carry on.",
            "You were signed out because you had been signed in for %(hours)s hours. "
            "Sign in again to carry on.",
            hours,
        ) % {"hours": hours}
    minutes = settings.SESSION_IDLE_MINUTES
    return ngettext(
        "You were signed out after %(minutes)s minute without activity",
        "You were signed out after %(minutes)s minutes without activity",
        minutes,
    ) % {"minutes": minutes}


KEPT_MESSAGE = gettext_lazy(
    "You were signed out, so your changes were not saved. Sign in to carry on — what you typed "
    "has been kept."
)
RESTORED_MESSAGE = gettext_lazy(
    "What you typed before you were signed out is filled in below. It has not been saved yet: "
    "check it and save."
)


def page_of_post(request: HttpRequest) -> str:
    """The page a posted form was on: the same-origin Referer's path (a form may post to
    another URL, which may not answer a GET), else the path posted to."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return urlsplit(referer).path or request.path
    return request.path


def keep_form(request: HttpRequest, *, user_id: int, page: str) -> bool:
    """Keep the posted fields (not the CSRF token, passwords, codes or files) in the session,
    under the page's path and for this user only, so that after signing in again the same user
    finds them in the form. Returns whether anything was kept."""
    data = {
        name: request.POST.getlist(name)
        for name in request.POST
        if not any(part in name.lower() for part in _NOT_KEPT)
    }
    if not data:
        return False
    # One kept form at a time: the page the user was on when the session ended.
    request.session[KEPT_FORMS] = {page: {"user": user_id, "data": data}}
    return True


def take_kept_form(request: HttpRequest) -> QueryDict | None:
    """The fields kept for this page and user after an expired post, removed from the session
    (they fill the form once). None when nothing was kept for them."""
    kept = request.session.get(KEPT_FORMS) or {}
    entry = kept.get(request.path)
    if not entry or entry.get("user") != request.user.pk:
        return None
    del request.session[KEPT_FORMS]
    data = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        data.setlist(name, list(values))
    return data


class SessionTimeoutMiddleware:
    """Signs a timed user out after the idle or absolute limit (see the module docstring).

    Placed after MessageMiddleware (so the sign-in page can say why) and before any view runs.
    An expired post is never processed; an expired keep-alive answers 401 so the page's script
    knows the session is over."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = expiry_reason(request)
        if reason is None:
            if is_timed(request.user):
                touch(request, unless_recent=True)
            return self.get_response(request)
        user_id = request.user.pk
        logout(request)
        if request.path == KEEP_ALIVE_PATH:
            return HttpResponse(status=401)
        login_url = reverse(settings.LOGIN_URL)
        if request.method != "POST":
            messages.warning(request, signed_out_message(reason))
            return redirect_to_login(request.get_full_path(), login_url)
        if request.path == reverse("logout"):
            messages.warning(request, signed_out_message(reason))
            return redirect(login_url)
        page = page_of_post(request)
        kept = reason == "idle" and keep_form(request, user_id=user_id, page=page)
        messages.warning(request, KEPT_MESSAGE if kept else signed_out_message(reason))
        return redirect_to_login(page, login_url)


def timing_attributes(request: HttpRequest) -> dict[str, int]:
    """What the "you will be signed out soon" warning needs, in seconds: how long until the
    idle limit from the activity stored in the session, and how long before it to warn (empty
    when the user's sign-in is not timed). Rendered as data- attributes on <body> by base.html."""
    if not is_timed(getattr(request, "user", None)):
        return {}
    idle = int(idle_limit().total_seconds())
    since = _now() - request.session.get(LAST_ACTIVITY_AT, _now())
    left = max(int(idle - since), 0)
    return {"idle": left, "warn": min(settings.SESSION_WARNING_SECONDS, max(idle - 1, 1))}


# --- Which sessions are whose, and ending them ---------------------------------------------


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def remember(*, user: User, session_key: str) -> None:
    """Record that this session belongs to this user."""
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def end_sessions(user: User, *, except_key: str | None = None, by: User | None = None) -> int:
    """End every session of ``user`` except ``except_key`` (the caller's own, if it is theirs).

    Call it whenever a change must throw out someone who is signed in: a password change (keep
    the current session), an account disabled or its role changed (rtw/admin.py), a second factor
    reset. The sessions are deleted from the session store, so the next request from any of
    them is anonymous and meets the sign-in page. ``by`` is who made the change, for the audit
    trail (one event, no session keys in it). Returns how many sessions were ended.

    ``except_key``, when given, stays recorded as the user's (a password change cycles the key
    before this is called, so the new key is recorded here)."""
    from rtw.audit import record_event

    rows = UserSession.objects.filter(user=user)
    if except_key:
        rows = rows.exclude(session_key=except_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    if except_key:
        remember(user=user, session_key=except_key)
    if by is not None:
        record_event(
            by=by,
            action="sessions.end",
            record_type="user",
            record_code=str(user.code),
            detail={"ended": len(keys)},
        )
    return len(keys)


def end_other_sessions(user: User, keep_session_key: str | None = None) -> int:
    """``end_sessions`` under the name the issue uses."""
    return end_sessions(user, except_key=keep_session_key)


def active_session_keys(user: User) -> Iterable[str]:
    """The keys recorded for a user (for tests and the admin)."""
    return UserSession.objects.filter(user=user).values_list("session_key", flat=True)


def _signed_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY_AT] = now
    if request.session.session_key is None:
        request.session.save()
    remember(user=user, session_key=request.session.session_key)


def _signed_out(sender, request, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        key = request.session.session_key
        if key:
            UserSession.objects.filter(session_key=key).delete()


def connect_signals() -> None:
    """Called from RtwConfig.ready(): record and forget sessions as users sign in and out."""
    user_logged_in.connect(_signed_in, dispatch_uid="rtw.sessions.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="rtw.sessions.signed_out")


__all__ = [
    "KEEP_ALIVE_PATH",
    "SessionTimeoutMiddleware",
    "UserSession",
    "end_other_sessions",
    "end_sessions",
    "take_kept_form",
    "timing_attributes",
]
