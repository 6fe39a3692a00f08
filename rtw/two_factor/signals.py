from django.contrib.auth.signals import user_logged_in

from rtw.two_factor.actions import has_second_factor, second_factor_required
from rtw.two_factor.middleware import NOT_ASKED


def _signed_in(sender, request, user, **kwargs) -> None:
    """Decide at sign-in whether this session will be asked for a code, so that the pages of
    someone who needs none cost no query to check (RequireSecondFactorMiddleware)."""
    if request is None or not hasattr(request, "session"):
        return
    if not second_factor_required(user) and not has_second_factor(user):
        request.session[NOT_ASKED] = True


def connect_signals() -> None:
    """Called from RtwConfig.ready()."""
    user_logged_in.connect(_signed_in, dispatch_uid="rtw.two_factor.signed_in")
