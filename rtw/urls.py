from django.contrib import admin
from django.urls import include, path

from cases.checkin_views import check_in_by_link
from rtw import views

admin.site.site_header = "Return to work administration"
admin.site.site_title = "Return to work administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/password/done/", views.password_change_done, name="password_change_done"),
    path("notifications/", views.notifications, name="notifications"),
    path("check-in/<str:token>/", check_in_by_link, name="check_in_link"),
    path("cases/", include("cases.urls")),
    path("plans/", include("plans.urls")),
    path("admin/", admin.site.urls),
]
