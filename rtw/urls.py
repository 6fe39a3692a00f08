"""The ground floor's own pages: home, health check, sign-in and notifications."""

from django.urls import include, path

from rtw import passwords, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/two-factor/", include("rtw.two_factor.urls")),
    path("accounts/password/done/", views.password_change_done, name="password_change_done"),
    path("accounts/session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
    path("accounts/password/reset/", passwords.password_reset, name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        passwords.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        passwords.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        passwords.password_reset_complete,
        name="password_reset_complete",
    ),
    path("notifications/", views.notifications, name="notifications"),
]
