from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Integration API"

    def ready(self):
        from api import schema  # noqa: F401  (registers the token's security scheme)
        from api.retention import anonymise_referral_keys
        from cases import retention

        retention.register(anonymise_referral_keys)
