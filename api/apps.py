from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Integration API"

    def ready(self):
        from api import schema  # noqa: F401  (registers the token's security scheme)
        from api.retention import anonymise_referral_keys
        from api.subject_access import referral_identifiers
        from cases import retention
        from plans import subject_access

        retention.register(anonymise_referral_keys)
        subject_access.register_case_part(referral_identifiers)
