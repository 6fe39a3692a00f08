"""What every API endpoint shares."""

from rest_framework.views import APIView


class ClientAPIView(APIView):
    """An endpoint called with a client token (``api.authentication``).

    Django's ``LoginRequiredMiddleware`` knows only sessions, so the view opts out of it
    (``login_required = False``) and DRF's authentication and ``HasScopes`` take its place;
    ``api_scopes`` on the view function is what ``tests/test_url_policy.py`` reads instead of
    ``@allow``. Responses carry health data: never stored by a cache on the way."""

    required_scopes: tuple[str, ...] = ()

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.login_required = False
        view.api_scopes = frozenset(cls.required_scopes)
        return view

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
