"""API tokens, enrollment codes, signing secrets and passwords: made, checked,
kept as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.exceptions import InvalidValue

TOKEN_PREFIX = "cbk"
PBKDF2_ROUNDS = 200_000


def token_hash(secret: str) -> str:
    """The stored form of an API token's secret or of an enrollment code."""
    # API tokens (256 bits) and enrollment codes (192 bits) are random: a fast
    # hash cannot be brute-forced.
    return hashlib.sha256(secret.encode()).hexdigest()


def new_enrollment_code() -> str:
    return secrets.token_urlsafe(24)


def new_token_secret() -> tuple[str, str]:
    """A new API token's (token id, secret)."""
    return secrets.token_hex(4), secrets.token_urlsafe(32)


def bearer_token(user_id: str, token_id: str, secret: str) -> str:
    """The token the user sends: `cbk.<user id>.<token id>.<secret>`."""
    return f"{TOKEN_PREFIX}.{user_id}.{token_id}.{secret}"


def parse_token(token: str) -> tuple[str, str, str] | None:
    """(user id, token id, secret) of a `bearer_token`; None if it is malformed."""
    prefix, _, rest = token.partition(".")
    # Split from the right: a user id may hold dots; token ids and secrets never do.
    parts = rest.rsplit(".", 2)
    if prefix != TOKEN_PREFIX or len(parts) != 3 or not all(parts):
        return None
    user_id, token_id, secret = parts
    return user_id, token_id, secret


def check_secret(secret: str) -> None:
    """Refuse a signing secret too short to choose."""
    if len(secret) < 8:
        raise InvalidValue("signing_secret", "must be at least 8 characters")


def new_secret_hash(secret: str) -> str:
    """The stored form of a signing secret: salted and slow, for it is chosen."""
    return _secret_hash(secret, secrets.token_bytes(16))


def secret_matches(stored: str, secret: str) -> bool:
    """Whether `secret` is the one `new_secret_hash` made `stored` from."""
    _, rounds, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt),
                                    int(rounds))  # fmt: skip
    return hmac.compare_digest(candidate.hex(), digest)


def _secret_hash(secret: str, salt: bytes) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), salt, PBKDF2_ROUNDS)
    return f"pbkdf2_sha256${PBKDF2_ROUNDS}${salt.hex()}${digest.hex()}"


PASSWORD_LENGTH = (12, 256)
_passwords = PasswordHasher()
"""argon2id with argon2-cffi's defaults (RFC 9106's second recommendation)."""


def check_password(password: str) -> None:
    """Refuse a password too short to resist guessing or too long to hash."""
    shortest, longest = PASSWORD_LENGTH
    if not shortest <= len(password) <= longest:
        raise InvalidValue(
            "password", f"must be {shortest} to {longest} characters long"
        )


def new_password_hash(password: str) -> str:
    return _passwords.hash(password)


def password_matches(stored: str, password: str) -> bool:
    try:
        return _passwords.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
