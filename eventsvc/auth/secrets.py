"""Passwords (argon2) and random tokens (stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def configure_hasher(time_cost: int, memory_cost_kib: int) -> None:
    """Set argon2's cost (config: ARGON2_TIME_COST, ARGON2_MEMORY_KIB); tests use a cheap one."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    # Tokens are long and random, so a fast hash is enough: no dictionary to attack.
    return hashlib.sha256(token.encode()).hexdigest()
