"""The OpenAPI schema and its documentation page: public, since they describe the API and hold
no record. The page is Swagger UI from our own static files (drf-spectacular-sidecar) started
by a static script, so the strict Content-Security-Policy holds: no CDN, nothing inline."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from rtw.access import public

schema = public(
    SpectacularAPIView.as_view(
        authentication_classes=[], permission_classes=[AllowAny], throttle_classes=[]
    )
)


@public
@require_GET
def docs(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
