import logging
import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from rtw import outbox
from rtw.access import ALL_ROLES, allow, public
from rtw.forms import GovukAuthenticationForm, GovukPasswordChangeForm
from rtw.models import Role
from rtw.sessions import end_sessions, touch

logger = logging.getLogger(__name__)

# What a lost or refused database connection raises (psycopg's errors, wrapped by Django).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

HOME_FOR_ROLE = {
    Role.VSW: "cases:worklist",
    Role.SUPERVISOR: "cases:team_worklist",
    Role.CLINICIAN: "cases:my_referrals",
    Role.EMPLOYER_CONTACT: "cases:employer_home",
    Role.WORKER: "cases:worker_home",
    Role.ADMIN: "admin:index",
}


@allow(ALL_ROLES)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page."""
    return redirect(HOME_FOR_ROLE[request.user.role])


login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=GovukAuthenticationForm,
        redirect_authenticated_user=True,
    )
)
logout = allow(ALL_ROLES)(require_POST(auth_views.LogoutView.as_view()))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, and then every other session of the user ends: whoever else was signed in
    with the old password is signed out (this one stays, under its new key)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        end_sessions(user, except_key=self.request.session.session_key, by=user)
        return response


password_change = allow(ALL_ROLES)(
    PasswordChangeView.as_view(
        template_name="registration/password_change.html",
        form_class=GovukPasswordChangeForm,
    )
)
password_change_done = allow(ALL_ROLES)(
    auth_views.PasswordChangeDoneView.as_view(
        template_name="registration/password_change_done.html"
    )
)


@allow(ALL_ROLES)
@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in": counts as activity, answers 204. An expired
    session never gets here (SessionTimeoutMiddleware answers 401)."""
    touch(request)
    return HttpResponse(status=204)


@allow(ALL_ROLES)
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(request.user.notifications.all()[:50])
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        request.user.notifications.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request, "rtw/notifications.html", {"notifications": items, "unread": set(unread)}
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001  (any failure means "not ok")
        return False


def _broker_ok() -> bool:
    from rtw.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def _mail_backlog() -> tuple[int, int | None] | None:
    """(Emails and reminders due but unsent, age in seconds of the oldest), or None if unknown."""
    try:
        return outbox.backlog()
    except Exception:  # noqa: BLE001  (the database answered SELECT 1 but not this)
        logger.warning("/healthz could not read the mail backlog", exc_info=True)
        return None


@public
@transaction.non_atomic_requests
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: 200 when the database and the broker answer, 503 otherwise.

    Mail is reported too: ``mail_backlog`` counts outbox emails and due reminders not yet sent,
    ``oldest_unsent_seconds`` the age of the oldest. Once that passes MAIL_BACKLOG_MAX_AGE the
    status is "degraded" (still 200: restarting the web process would not send the mail)."""
    database = _database_ok()
    broker = _broker_ok()
    backlog = _mail_backlog() if database else None
    if backlog is None:
        mail, count, age = "unknown", None, None
    else:
        count, age = backlog
        delayed = age is not None and age > settings.MAIL_BACKLOG_MAX_AGE
        mail = "delayed" if delayed else "ok"
    status = 200 if database and broker else 503
    if status != 200:
        summary = "unavailable"
    elif mail == "ok":
        summary = "ok"
    else:
        summary = "degraded"
    return JsonResponse(
        {
            "status": summary,
            "database": "ok" if database else "unavailable",
            "broker": "ok" if broker else "unavailable",
            "mail": mail,
            "mail_backlog": count,
            "oldest_unsent_seconds": age,
        },
        status=status,
    )


@public
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 when the database could not be reached (``handler500``).

    Rendered without a request context: the context processors would query the database that
    just failed. With ATOMIC_REQUESTS the request's transaction has already been rolled back, so
    nothing it was saving is half-saved."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, DATABASE_UNAVAILABLE)
    response = HttpResponse(loader.render_to_string("500.html"), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", {"login_url": reverse("login")}, status=403)
