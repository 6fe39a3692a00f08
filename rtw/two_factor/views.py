"""The second-factor pages: set up, enter a code, recovery codes, turn on and off.

A signed-in person reaches the set-up and code pages before any other (see
:class:`rtw.two_factor.middleware.RequireSecondFactorMiddleware`); the account page and turning
off need the second factor already given.
"""

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from rtw.access import ALL_ROLES, allow
from rtw.sessions import UserSession, remember
from rtw.two_factor import actions
from rtw.two_factor.forms import CodeForm, RecoveryCodeForm
from rtw.two_factor.middleware import NOT_ASKED, second_factor_step

NEW_CODES = "two_factor_new_recovery_codes"
NEXT = "two_factor_next"


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _requested_next(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _signed_in_with(request: HttpRequest, device) -> None:
    """Mark the session as having given the second factor, under a new session key (as after
    the password), still recorded as this person's so that ending their sessions finds it."""
    old_key = request.session.session_key
    request.session.cycle_key()
    UserSession.objects.filter(session_key=old_key).delete()
    remember(user=request.user, session_key=request.session.session_key)
    django_otp.login(request, device)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@second_factor_step
@allow(ALL_ROLES)
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code and the same key to type, then a code from the
    app to prove it works."""
    if actions.has_second_factor(request.user):
        return redirect("two_factor:account")
    device = actions.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = actions.turn_on_second_factor(
            device=device, code=form.cleaned_data["code"], by=request.user
        )
        if codes is None:
            form.add_error(
                "code",
                _(
                    "The code is not right: enter the code the app shows now (check the time on "
                    "your phone is set automatically)"
                ),
            )
        else:
            device.refresh_from_db()
            _signed_in_with(request, device)
            request.session.pop(NOT_ASKED, None)
            request.session[NEW_CODES] = codes
            request.session[NEXT] = _requested_next(request)
            return redirect("two_factor:recovery_codes")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "rtw/two_factor/set_up.html",
        {
            "form": form,
            "qr_code": qr.svg_data_uri(scale=5, border=4),
            "key": _grouped(b32encode(device.bin_key).decode()),
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "required": actions.second_factor_required(request.user),
        },
    )


@allow(ALL_ROLES)
@require_GET
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once: they are taken out of the session as they are shown."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("two_factor:account")
    next_url = _safe_next(request, request.session.pop(NEXT, None))
    return render(request, "rtw/two_factor/recovery_codes.html", {"codes": codes, "next": next_url})


def _verify(request: HttpRequest, form_class, template: str) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_requested_next(request))
    if not actions.has_second_factor(request.user):
        return redirect("home")
    form = form_class(request.POST or None)
    if form.is_valid():
        try:
            device = actions.check_second_factor(user=request.user, code=form.cleaned_data["code"])
        except actions.SecondFactorLocked:
            return render(request, "rtw/two_factor/locked_out.html", status=429)
        if device is None:
            form.add_error("code", _("The code is not right, or it has been used already"))
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = actions.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code. You have %(left)s left: get new ones from "
                        "your two-factor authentication page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(_requested_next(request))
    return render(request, template, {"form": form, "next": request.GET.get("next", "")})


@second_factor_step
@allow(ALL_ROLES)
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app."""
    return _verify(request, CodeForm, "rtw/two_factor/verify.html")


@second_factor_step
@allow(ALL_ROLES)
def recover(request: HttpRequest) -> HttpResponse:
    """After the password, without the phone: one of the recovery codes."""
    return _verify(request, RecoveryCodeForm, "rtw/two_factor/recover.html")


@allow(ALL_ROLES)
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """Whether two-factor sign-in is on, and the buttons to change it."""
    user = request.user
    return render(
        request,
        "rtw/two_factor/account.html",
        {
            "is_on": actions.has_second_factor(user),
            "required": actions.second_factor_required(user),
            "codes_left": actions.recovery_codes_left(user),
        },
    )


@allow(ALL_ROLES)
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not actions.has_second_factor(request.user):
        return redirect("two_factor:account")
    request.session[NEW_CODES] = actions.replace_recovery_codes(by=request.user)
    return redirect("two_factor:recovery_codes")


@allow(ALL_ROLES)
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """Employers and workers may turn two-factor sign-in off; roles that require it may not."""
    if actions.second_factor_required(request.user):
        raise PermissionDenied
    actions.turn_off_second_factor(user=request.user, by=request.user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("two_factor:account")
