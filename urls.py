"""The project URLconf: the one module above every app, joining their URLs into one site.

Each app owns its routes; nothing imports this module but Django (``ROOT_URLCONF``).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from rtw import language_views

admin.site.site_header = "Return to work administration"
admin.site.site_title = "Return to work administration"

urlpatterns = [
    path("", include("rtw.urls")),
    # The header's language switcher (public: signed-link pages carry it too).
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    path("", include("checkins.urls")),
    path("", include("outcomes.urls")),
    path("cases/", include("cases.urls")),
    path("plans/", include("plans.urls")),
    path("supervision/", include("supervision.urls")),
    path("figures/", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:  # `make bench` only: the worklist's floor view (cases/bench.py)
    from cases import bench

    urlpatterns.append(path("bench/floor/", bench.floor, name="bench_floor"))

# A 503 "Sorry, there is a problem with the service" page when the database cannot be reached.
handler500 = "rtw.views.server_error"
