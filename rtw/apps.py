from django.apps import AppConfig


class RtwConfig(AppConfig):
    name = "rtw"
    verbose_name = "Users, organisations and audit"

    def ready(self) -> None:
        # Registers the OutboxMessage and PasswordResetRequest models.
        from django.contrib.auth.signals import user_logged_in

        from rtw import outbox, passwords  # noqa: F401
        from rtw.middleware import remember_page_language
        from rtw.sessions import connect_signals
        from rtw.two_factor import signals as two_factor_signals

        connect_signals()
        two_factor_signals.connect_signals()
        user_logged_in.connect(remember_page_language, dispatch_uid="rtw.remember_page_language")
