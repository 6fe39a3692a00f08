"""Two-factor sign-in: a time-based code from an authenticator app (django-otp's TOTP device),
with ten single-use recovery codes (its static device) for a lost phone.

Required for the roles in ``OTP_REQUIRED_ROLES`` (staff who open health records), optional for
everyone else. See docs/adr/0017-two-factor.md.
"""
