from django.apps import AppConfig


class RtwConfig(AppConfig):
    name = "rtw"
    verbose_name = "Users, organisations and audit"
