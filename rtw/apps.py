from django.apps import AppConfig


class RtwConfig(AppConfig):
    name = "rtw"
    verbose_name = "Users, organisations and audit"

    def ready(self) -> None:
        # Registers the OutboxMessage and PasswordResetRequest models.
        from rtw import outbox, passwords  # noqa: F401
        from rtw.sessions import connect_signals
        from rtw.two_factor import signals as two_factor_signals

        connect_signals()
        two_factor_signals.connect_signals()
