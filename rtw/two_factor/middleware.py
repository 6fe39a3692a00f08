from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from rtw.two_factor.actions import has_second_factor, second_factor_required

# Set in the session once a person whose role does not require a second factor is found to
# have none, so that their pages cost no query to check.
NOT_ASKED = "two_factor_not_asked"
# Pages outside this package that are open before the second factor: signing out.
ALWAYS_OPEN = frozenset({"logout"})


def second_factor_step(view):
    """Mark a view that a signed-in person may open before giving their second factor
    (setting one up, entering a code, signing out)."""
    view.second_factor_step = True
    return view


class RequireSecondFactorMiddleware:
    """Nothing but the second-factor pages until the person signed in has given a code.

    Runs after ``OTPMiddleware`` (which gives ``request.user.is_verified()``) and
    ``LoginRequiredMiddleware``. A person with a confirmed device is sent to the code page; one
    whose role requires a second factor but who has none is sent to set one up. Public pages
    stay open (they are open to anyone anyway), as do signing out and the views marked
    :func:`second_factor_step`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if getattr(view_func, "second_factor_step", False):
            return None
        if request.resolver_match and request.resolver_match.view_name in ALWAYS_OPEN:
            return None
        required = second_factor_required(user)
        if not required and request.session.get(NOT_ASKED):
            return None
        if has_second_factor(user):
            target = reverse("two_factor:verify")
        elif required:
            target = reverse("two_factor:set_up")
        else:
            request.session[NOT_ASKED] = True
            return None
        if request.method != "GET":
            return redirect(target)
        return redirect_to_login(request.get_full_path(), target)
