from django.apps import AppConfig


class RtwConfig(AppConfig):
    name = "rtw"
    verbose_name = "Users, organisations and audit"

    def ready(self) -> None:
        from rtw import outbox  # noqa: F401  (registers the OutboxMessage model)
