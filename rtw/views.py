from django.contrib.auth import views as auth_views
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from rtw.access import ALL_ROLES, allow, public
from rtw.forms import GovukAuthenticationForm, GovukPasswordChangeForm
from rtw.models import Role

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
password_change = allow(ALL_ROLES)(
    auth_views.PasswordChangeView.as_view(
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


@public
@transaction.non_atomic_requests
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: 200 when the database and the broker answer, 503 otherwise."""
    database = _database_ok()
    broker = _broker_ok()
    status = 200 if database and broker else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "unavailable",
            "database": "ok" if database else "unavailable",
            "broker": "ok" if broker else "unavailable",
        },
        status=status,
    )


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", {"login_url": reverse("login")}, status=403)
