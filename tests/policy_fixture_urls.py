"""A deliberately faulty URLconf for tests/test_url_policy.py: it proves the walker catches a
view that declares no permission, even inside an include, and a public view nobody listed."""

from django.http import HttpResponse
from django.urls import include, path

from rtw.access import allow, public
from rtw.models import Role


@allow(Role.VSW)
def declared(request, code):
    return HttpResponse("ok")


@public
def login(request):
    return HttpResponse("ok")


@public
def quietly_public(request):
    return HttpResponse("ok")


@allow()
def allows_nobody(request):
    return HttpResponse("ok")


def forgotten(request, code):
    return HttpResponse("ok")


nested = [
    path("<uuid:code>/", declared, name="declared"),
    path("<uuid:code>/forgotten/", forgotten, name="forgotten"),
]

urlpatterns = [
    path("accounts/login/", login, name="login"),
    path("leak/", quietly_public, name="quietly_public"),
    path("nobody/", allows_nobody, name="allows_nobody"),
    path("things/", include((nested, "things"))),
]
