"""Settings: config/default.py, then config/<env>.py, then EVENTSVC_* variables, then checks."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

from flask import Config
from limits import parse_many

from . import paths

ENVIRONMENTS = ("development", "testing", "production")
_SAFE_ENVIRONMENTS = ("development", "testing")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line for the operator."""


def _load_module(config: Config, path: Path) -> None:
    for key, value in runpy.run_path(str(path)).items():
        if key.isupper():
            config[key] = value


def load(config: Config, instance_path: str, env: str | None, overrides: dict) -> None:
    """Fill config in layers and validate it; raise SettingsError on the first problem."""
    _load_module(config, paths.CONFIG / "default.py")
    known = {k for k in config if k.isupper()}
    env = env or overrides.get("ENV") or os.environ.get("EVENTSVC_ENV") or config["ENV"]
    if env not in ENVIRONMENTS:
        raise SettingsError(f"EVENTSVC_ENV={env!r} is not one of {', '.join(ENVIRONMENTS)}")
    _load_module(config, paths.CONFIG / f"{env}.py")
    before = set(config)
    config.from_prefixed_env("EVENTSVC")
    unknown = sorted((set(config) - before - known) - {"ENV"})
    if unknown:
        raise SettingsError(f"unknown setting EVENTSVC_{unknown[0]} (see config/default.py)")
    config.update(overrides)
    config["ENV"] = env
    _finish(config, instance_path)


def _finish(config: Config, instance_path: str) -> None:
    env = config["ENV"]
    secret = config.get("SECRET_KEY")
    if env not in _SAFE_ENVIRONMENTS and (not isinstance(secret, str) or len(secret) < 32):
        raise SettingsError("EVENTSVC_SECRET_KEY must be set to a random string of 32+ characters")
    url = config.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'eventsvc.sqlite'}"
    if not isinstance(url, str) or "://" not in url:
        raise SettingsError(f"EVENTSVC_DATABASE_URL={url!r} is not a database URL")
    config["DATABASE_URL"] = url
    config["SQLALCHEMY_DATABASE_URI"] = url
    config["SQLALCHEMY_ECHO"] = bool(config.get("SQL_ECHO"))
    if url.startswith("sqlite"):
        Path(instance_path).mkdir(parents=True, exist_ok=True)
    for key in (
        "PROXY_COUNT",
        "API_PER_PAGE",
        "API_MAX_PER_PAGE",
        "FEED_REFRESH_MINUTES",
        "ARGON2_TIME_COST",
        "ARGON2_MEMORY_KIB",
        "MAX_CONTENT_LENGTH",
        "REPLAY_CACHE_MB",
    ):
        if not isinstance(config.get(key), int) or config[key] < 0:
            raise SettingsError(f"EVENTSVC_{key} must be a whole number, not {config.get(key)!r}")
    try:
        parse_many(config["LOGIN_RATE_LIMIT"])
    except (ValueError, TypeError) as exc:
        raise SettingsError(
            f"EVENTSVC_LOGIN_RATE_LIMIT={config['LOGIN_RATE_LIMIT']!r} is not a rate limit"
        ) from exc
    redis_url = config.get("REDIS_URL")
    if redis_url is not None and not (
        isinstance(redis_url, str) and redis_url.startswith(("redis://", "rediss://", "unix://"))
    ):
        raise SettingsError(f"EVENTSVC_REDIS_URL={redis_url!r} is not a redis:// URL")
