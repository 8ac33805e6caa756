"""Settings: config/default.py, then config/<env>.py, then EVENTSVC_* variables, then checks."""

from __future__ import annotations

import os
import runpy
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from flask import Config
from limits import parse_many

from . import paths

ENVIRONMENTS = ("development", "testing", "production")
_SAFE_ENVIRONMENTS = ("development", "testing")
MAIL_TLS_MODES = ("none", "starttls", "ssl")
_TEXT_SETTINGS = ("MAIL_HOST", "MAIL_USER", "MAIL_PASSWORD", "MAIL_SENDER")


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
    for key in _TEXT_SETTINGS:
        # A password such as 123456 is text, not the number JSON would make of it.
        if f"EVENTSVC_{key}" in os.environ:
            config[key] = os.environ[f"EVENTSVC_{key}"]
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
    _check_pool(config)
    for key in (
        "PROXY_COUNT",
        "API_PER_PAGE",
        "API_MAX_PER_PAGE",
        "FEED_REFRESH_MINUTES",
        "ARGON2_TIME_COST",
        "ARGON2_MEMORY_KIB",
        "MAX_CONTENT_LENGTH",
        "REPLAY_CACHE_MB",
        "RENDER_CACHE_MB",
        "AGENDA_CACHE_SIZE",
        "SEARCH_CACHE_SIZE",
        "HISTORY_CACHE_SIZE",
        "PREVIEW_CACHE_SIZE",
        "PINYIN_CACHE_SIZE",
        "MAIL_MAX_ATTEMPTS",
        "INVITATION_LINK_HOURS",
        "REGISTRATION_LINK_HOURS",
        "PUBLIC_MAX_AGE",
        "SHARED_MAX_AGE",
        "STALE_WHILE_REVALIDATE",
    ):
        if not isinstance(config.get(key), int) or config[key] < 0:
            raise SettingsError(f"EVENTSVC_{key} must be a whole number, not {config.get(key)!r}")
    for key, top in (("COMPRESS_GZIP_LEVEL", 9), ("COMPRESS_BROTLI_QUALITY", 11)):
        level = config.get(key)
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= top:
            raise SettingsError(f"EVENTSVC_{key} must be a whole number from 0 to {top}")
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
    for key in ("REDIS_TIMEOUT", "REDIS_RETRY_SECONDS", "RELEASE_WATCH_SECONDS"):
        _check_seconds(config, key)
    _check_mail(config)
    _check_hosts(config)


def _check_hosts(config: Config) -> None:
    """PUBLIC_URL normalised (no trailing slash), TRUSTED_HOSTS a list of names; production
    needs one of them, and PUBLIC_URL is then always set: every absolute link is built from it."""
    trusted = config.get("TRUSTED_HOSTS")
    if trusted is not None and (
        not isinstance(trusted, list)
        or not trusted
        or not all(isinstance(h, str) and h.strip(".") for h in trusted)
    ):
        raise SettingsError(
            f"EVENTSVC_TRUSTED_HOSTS must be a list of host names, not {trusted!r}"
            ' (such as ["agenda.example.org"])'
        )
    public = config.get("PUBLIC_URL")
    if public is None:
        if trusted:
            if trusted[0].startswith("."):
                raise SettingsError(
                    "EVENTSVC_TRUSTED_HOSTS must name a whole host first (links go to it),"
                    " or set EVENTSVC_PUBLIC_URL"
                )
            public = f"https://{trusted[0]}"
        elif config["ENV"] not in _SAFE_ENVIRONMENTS:
            raise SettingsError(
                "EVENTSVC_PUBLIC_URL (such as https://agenda.example.org) or"
                " EVENTSVC_TRUSTED_HOSTS must be set in production"
            )
        else:
            public = "http://localhost"
    config["PUBLIC_URL"] = public_url(public)


def public_url(value: object) -> str:
    """The PUBLIC_URL setting checked and without a trailing slash; SettingsError if it is not
    an http(s) URL of a host with an optional path."""
    problem = f"EVENTSVC_PUBLIC_URL={value!r} is not an http:// or https:// URL of a host"
    if not isinstance(value, str):
        raise SettingsError(problem)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError as exc:
        raise SettingsError(problem) from exc
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in value)
    ):
        raise SettingsError(problem)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _check_pool(config: Config) -> None:
    for key in ("DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_KEEPALIVES_IDLE"):
        if isinstance(config[key], bool) or not isinstance(config[key], int) or config[key] < 0:
            raise SettingsError(f"EVENTSVC_{key} must be a whole number, not {config[key]!r}")
    recycle = config["DB_POOL_RECYCLE"]
    if isinstance(recycle, bool) or not isinstance(recycle, int) or recycle < -1:
        raise SettingsError(f"EVENTSVC_DB_POOL_RECYCLE must be seconds or -1, not {recycle!r}")
    if not isinstance(config["DB_POOL_PRE_PING"], bool):
        raise SettingsError(
            f"EVENTSVC_DB_POOL_PRE_PING must be true or false, not {config['DB_POOL_PRE_PING']!r}"
        )
    if config["DATABASE_URL"].startswith("postgresql"):
        config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(config))


def engine_options(config: Config) -> dict:
    """SQLAlchemy's create_engine options for PostgreSQL, from the DB_* settings."""
    return {
        "pool_size": config["DB_POOL_SIZE"],
        "max_overflow": config["DB_MAX_OVERFLOW"],
        "pool_recycle": config["DB_POOL_RECYCLE"],
        "pool_pre_ping": config["DB_POOL_PRE_PING"],
        "connect_args": {
            "keepalives": 1,
            "keepalives_idle": config["DB_KEEPALIVES_IDLE"],
            "keepalives_interval": 10,
            "keepalives_count": 3,
        },
    }


def _check_seconds(config: Config, key: str) -> None:
    value = config[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise SettingsError(f"EVENTSVC_{key} must be a number of seconds, not {value!r}")


def _check_mail(config: Config) -> None:
    if config["MAIL_TLS"] not in MAIL_TLS_MODES:
        raise SettingsError(
            f"EVENTSVC_MAIL_TLS={config['MAIL_TLS']!r} is not one of {', '.join(MAIL_TLS_MODES)}"
        )
    for key in ("MAIL_HOST", "MAIL_USER", "MAIL_PASSWORD"):
        if config[key] is not None and not isinstance(config[key], str):
            raise SettingsError(f"EVENTSVC_{key} must be text, not {config[key]!r}")
    port = config["MAIL_PORT"]
    if port is not None and (not isinstance(port, int) or not 0 < port < 65536):
        raise SettingsError(f"EVENTSVC_MAIL_PORT must be a port number, not {port!r}")
    _check_seconds(config, "MAIL_TIMEOUT")
    sender = config["MAIL_SENDER"]
    address = getaddresses([sender])[0][1] if isinstance(sender, str) else ""
    if "@" not in address:
        raise SettingsError(f"EVENTSVC_MAIL_SENDER={sender!r} is not an email address")
