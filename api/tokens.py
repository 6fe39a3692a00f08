"""Client tokens: ``rtw_<prefix>_<secret>``, 8 hex characters of public prefix for the lookup
and 32 random bytes of secret. Only the SHA-256 digest of the whole token is stored: a token
has 256 bits of entropy, so a fast hash is enough (a password hash guards low-entropy secrets),
and the digest is compared in constant time."""

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "rtw"  # noqa: S105  (the public marker of a token, not a secret)


def new_token() -> tuple[str, str]:
    """A fresh token and its public prefix."""
    prefix = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 8 or not parts[2]:
        return None
    return parts[1]


def matches(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(token), stored_digest)
