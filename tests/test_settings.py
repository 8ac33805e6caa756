"""Settings are validated at start: a problem is one clear line on stderr and a non-zero exit."""

import os
import subprocess
import sys

import pytest

from eventsvc import caches, create_app
from eventsvc.agenda.rendered import make
from eventsvc.settings import SettingsError


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EVENTSVC_")}
    return subprocess.run(
        [sys.executable, "-m", "eventsvc.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _assert_one_line_error(result, expected: str):
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [expected]
    assert "Traceback" not in result.stderr


def test_missing_secret_in_production_is_one_line(tmp_path):
    result = _run(
        {"EVENTSVC_ENV": "production", "EVENTSVC_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
        "db",
        "current",
    )
    _assert_one_line_error(
        result, "eventsvc: EVENTSVC_SECRET_KEY must be set to a random string of 32+ characters"
    )


def test_unknown_environment_is_one_line():
    result = _run({"EVENTSVC_ENV": "staging"}, "routes")
    _assert_one_line_error(
        result, "eventsvc: EVENTSVC_ENV='staging' is not one of development, testing, production"
    )


def test_misspelt_setting_is_one_line():
    result = _run({"EVENTSVC_DATABSE_URL": "sqlite://"}, "routes")
    _assert_one_line_error(
        result, "eventsvc: unknown setting EVENTSVC_DATABSE_URL (see config/default.py)"
    )


def test_bad_setting_value_is_one_line():
    result = _run({"EVENTSVC_PROXY_COUNT": '"two"'}, "routes")
    _assert_one_line_error(
        result, "eventsvc: EVENTSVC_PROXY_COUNT must be a whole number, not 'two'"
    )


def test_unreachable_database_is_one_line():
    result = _run(
        {"EVENTSVC_DATABASE_URL": "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"},
        "db",
        "current",
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        "eventsvc: cannot reach the database postgresql+psycopg://nobody:***@127.0.0.1:1/none: "
    )
    assert "secret" not in line


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"LOGIN_RATE_LIMIT": "lots"}, "EVENTSVC_LOGIN_RATE_LIMIT='lots' is not a rate limit"),
        ({"REDIS_URL": "http://cache"}, "EVENTSVC_REDIS_URL='http://cache' is not a redis:// URL"),
        (
            {"REDIS_TIMEOUT": "fast"},
            "EVENTSVC_REDIS_TIMEOUT must be a number of seconds, not 'fast'",
        ),
        ({"DB_POOL_SIZE": -1}, "EVENTSVC_DB_POOL_SIZE must be a whole number, not -1"),
        ({"DB_POOL_PRE_PING": "yes"}, "EVENTSVC_DB_POOL_PRE_PING must be true or false, not 'yes'"),
        ({"DATABASE_URL": "nonsense"}, "EVENTSVC_DATABASE_URL='nonsense' is not a database URL"),
        ({"MAIL_TLS": "tls"}, "EVENTSVC_MAIL_TLS='tls' is not one of none, starttls, ssl"),
        ({"MAIL_PORT": 70000}, "EVENTSVC_MAIL_PORT must be a port number, not 70000"),
        ({"MAIL_TIMEOUT": 0}, "EVENTSVC_MAIL_TIMEOUT must be a number of seconds, not 0"),
        ({"MAIL_SENDER": "eventsvc"}, "EVENTSVC_MAIL_SENDER='eventsvc' is not an email address"),
        *(
            (
                {"PUBLIC_URL": url},
                f"EVENTSVC_PUBLIC_URL={url!r} is not an http:// or https:// URL of a host",
            )
            for url in (
                "agenda.example.org",
                "javascript:alert(1)",
                "https://",
                "https://a b.org",
                "https://user@agenda.example.org",
                "https://agenda.example.org/?x=1",
                "https://agenda.example.org:port",
            )
        ),
        (
            {"TRUSTED_HOSTS": "agenda.example.org"},
            "EVENTSVC_TRUSTED_HOSTS must be a list of host names, not 'agenda.example.org'"
            ' (such as ["agenda.example.org"])',
        ),
        (
            {"PUBLIC_URL": None, "TRUSTED_HOSTS": [".example.org"]},
            "EVENTSVC_TRUSTED_HOSTS must name a whole host first (links go to it),"
            " or set EVENTSVC_PUBLIC_URL",
        ),
        (
            {"COMPRESS_GZIP_LEVEL": 10},
            "EVENTSVC_COMPRESS_GZIP_LEVEL must be a whole number from 0 to 9",
        ),
        (
            {"COMPRESS_BROTLI_QUALITY": "best"},
            "EVENTSVC_COMPRESS_BROTLI_QUALITY must be a whole number from 0 to 11",
        ),
        ({"SHARED_MAX_AGE": -1}, "EVENTSVC_SHARED_MAX_AGE must be a whole number, not -1"),
        ({"RENDER_CACHE_MB": -1}, "EVENTSVC_RENDER_CACHE_MB must be a whole number, not -1"),
        (
            {"AGENDA_CACHE_SIZE": "many"},
            "EVENTSVC_AGENDA_CACHE_SIZE must be a whole number, not 'many'",
        ),
    ],
)
def test_bad_values_are_refused_by_create_app(overrides, message):
    with pytest.raises(SettingsError) as err:
        create_app("testing", **overrides)
    assert str(err.value) == message


def test_production_without_public_url_nor_trusted_hosts_is_one_line(tmp_path):
    result = _run(
        {
            "EVENTSVC_ENV": "production",
            "EVENTSVC_SECRET_KEY": "x" * 40,
            "EVENTSVC_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        },
        "db",
        "current",
    )
    _assert_one_line_error(
        result,
        "eventsvc: EVENTSVC_PUBLIC_URL (such as https://agenda.example.org) or"
        " EVENTSVC_TRUSTED_HOSTS must be set in production",
    )


@pytest.mark.parametrize(
    "overrides, public_url",
    [
        ({"PUBLIC_URL": "https://agenda.example.org/zgc/"}, "https://agenda.example.org/zgc"),
        ({"PUBLIC_URL": "http://127.0.0.1:8000"}, "http://127.0.0.1:8000"),
        ({"TRUSTED_HOSTS": ["agenda.example.org", ".example.org"]}, "https://agenda.example.org"),
    ],
)
def test_production_public_url_is_set_or_taken_from_trusted_hosts(tmp_path, overrides, public_url):
    app = create_app(
        "production",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
        SECRET_KEY="x" * 40,
        **overrides,
    )
    assert app.config["PUBLIC_URL"] == public_url


def test_trusted_hosts_come_from_the_environment_as_json(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTSVC_TRUSTED_HOSTS", '["agenda.example.org"]')
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert app.config["TRUSTED_HOSTS"] == ["agenda.example.org"]


def test_environment_variables_override_config_files(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTSVC_FEED_REFRESH_MINUTES", "15")
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert app.config["FEED_REFRESH_MINUTES"] == 15
    assert app.config["SECRET_KEY"] == "testing-only-secret-key-not-for-production"


def test_mail_password_of_digits_stays_text(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTSVC_MAIL_PASSWORD", "123456")
    app = create_app("testing", DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert app.config["MAIL_PASSWORD"] == "123456"


def test_each_cache_takes_its_bound_from_the_settings(app, tmp_path):
    counts = {
        "AGENDA_CACHE_SIZE": 2,
        "SEARCH_CACHE_SIZE": 3,
        "HISTORY_CACHE_SIZE": 4,
        "PREVIEW_CACHE_SIZE": 6,
        "PINYIN_CACHE_SIZE": 5,
    }
    try:
        other = create_app(
            "testing", DATABASE_URL=f"sqlite:///{tmp_path}/x.db", RENDER_CACHE_MB=1, **counts
        )
        bounds = [
            caches.agendas.maxsize,
            caches.search_indexes.maxsize,
            caches.last_changes.maxsize,
            caches.released_sessions.maxsize,
            caches.pinyin_readings.maxsize,
        ]
        assert bounds == list(counts.values())
        # Bodies that do not compress: each costs about 3 x 150 KB with its copies.
        bodies = other.extensions["eventsvc.rendered"]
        for n in range(3):
            bodies.get_or_build(str(n), lambda: make(os.urandom(150_000)))
        assert bodies.entries() == 2
    finally:
        caches.configure(app.config)  # the other tests' bounds again


def test_pool_settings_shape_the_postgresql_engine(tmp_path):
    from flask import Config

    from eventsvc.settings import load

    config = Config(str(tmp_path))
    overrides = {"DB_POOL_SIZE": 2, "DB_MAX_OVERFLOW": 1, "DB_POOL_RECYCLE": 60}
    load(
        config, str(tmp_path), "testing", {"DATABASE_URL": "postgresql+psycopg://db/x", **overrides}
    )
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_size": 2,
        "max_overflow": 1,
        "pool_recycle": 60,
        "pool_pre_ping": True,
        "connect_args": {
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        },
    }


def test_postgresql_connections_have_the_pool_and_keepalive_settings(app):
    from eventsvc.extensions import db

    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "postgresql":
            pytest.skip("pool settings apply to PostgreSQL; this run is on SQLite")
        with engine.connect() as conn:
            parameters = conn.connection.dbapi_connection.info.get_parameters()
    assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._pre_ping) == (4, 4, True)
    assert (parameters["keepalives"], parameters["keepalives_idle"]) == ("1", "30")
