from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Signs in by email (case-insensitive) and loads the user with their organisation, which
    the header of every page shows, so that no page pays an extra query for it."""

    def get_user(self, user_id):
        from rtw.models import User

        try:
            user = User.objects.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def sign_in_name(request, credentials) -> str:
    """The email a sign-in attempt was for, as throttling should count it (case-insensitive).
    Called with the credentials when checking an attempt, and without them (reading the posted
    form) when resetting the count after a success."""
    source = credentials or getattr(request, "POST", None) or {}
    # The throttle's table holds 255 characters; no email address is longer than 254.
    return str(source.get("username", "")).strip().lower()[:255]
