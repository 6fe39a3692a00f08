from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    # Public: a signed link opens one record without signing in (docs/adr/0009).
    path("outcome-check-in/<str:token>/", views.check_in_by_link, name="check_in_link"),
    path("questionnaire/<str:token>/", views.questionnaire_by_link, name="questionnaire_link"),
    path(
        "cases/<uuid:code>/outcomes/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge_alert",
    ),
]
