from django.urls import path

from rtw.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.account, name="account"),
    path("set-up/", views.set_up, name="set_up"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("recovery-codes/new/", views.new_recovery_codes, name="new_recovery_codes"),
    path("code/", views.verify, name="verify"),
    path("recovery-code/", views.recover, name="recover"),
    path("turn-off/", views.turn_off, name="turn_off"),
]
