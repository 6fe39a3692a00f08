from django.urls import path

from checkins import views

app_name = "checkins"

urlpatterns = [
    # Public: a signed link opens one check-in without signing in (docs/adr/0009).
    path("check-in/<str:token>/", views.check_in_by_link, name="link"),
    path("cases/<uuid:code>/check-ins/new/", views.add_check_in, name="add_check_in"),
    path("cases/<uuid:code>/at-risk/clear/", views.clear_at_risk, name="clear_at_risk"),
    path("cases/check-ins/<uuid:code>/record/", views.record_check_in, name="record_check_in"),
    path("cases/my-support/check-ins/<uuid:code>/", views.worker_check_in, name="worker_check_in"),
]
