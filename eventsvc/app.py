"""The application factory."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from . import build, caches, paths, settings
from .agenda.compressed import Levels
from .agenda.rendered import RenderCache
from .auth.secrets import configure_hasher
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .optional_redis import OptionalRedis, client_options
from .web.lang import interface_language


def create_app(env: str | None = None, **overrides) -> Flask:
    """Build the app for env (development, testing, production), overriding any settings."""
    app = Flask(
        "eventsvc",
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
        instance_relative_config=True,
    )
    settings.load(app.config, app.instance_path, env, overrides)
    caches.configure(app.config)
    check_database(app.config["DATABASE_URL"])
    register_request_hooks(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def check_database(url: str) -> None:
    """Fail fast, in one line, when the database cannot be reached."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        cause = getattr(exc, "orig", None) or exc  # the driver's own words, when it has them
        reason = str(cause).strip().splitlines()[0]
        raise settings.SettingsError(f"cannot reach the database {shown}: {reason}") from exc
    finally:
        engine.dispose()


def register_request_hooks(app: Flask) -> None:
    """Replay of public reads in front; logging first, so its timer starts before every other
    hook; then security headers (and ProxyFix, in front of the replay); then the Host check,
    after the hooks whose after_request needs their before_request to have run."""
    from .web import caching, hosts, observability, replay, security, static_files

    if app.config["REPLAY_CACHE_MB"]:
        replay.install(app, caches.megabytes(app.config, "REPLAY_CACHE_MB"))
    observability.register(app)
    security.register(app)
    hosts.register(app)
    caching.register(app)
    static_files.register(app)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (every model registered before the first query)
    from .agenda import feed_times, notices, superseded  # noqa: F401  (what publishing also does)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(paths.MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    configure_hasher(app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_KIB"])
    babel.init_app(
        app,
        locale_selector=interface_language,
        default_translation_directories=str(paths.TRANSLATIONS),
    )
    csrf.init_app(app)
    _rate_limits(app)
    limiter.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _sqlite_pragmas(app)
    redis_url = app.config["REDIS_URL"]
    app.extensions["eventsvc.rendered"] = RenderCache(
        caches.megabytes(app.config, "RENDER_CACHE_MB"),
        shared=OptionalRedis(
            redis_url, app.config["REDIS_TIMEOUT"], app.config["REDIS_RETRY_SECONDS"]
        )
        if redis_url
        else None,
        levels=Levels(app.config["COMPRESS_GZIP_LEVEL"], app.config["COMPRESS_BROTLI_QUALITY"]),
        build=build.namespace(app.config["PUBLIC_URL"]),
    )


def _rate_limits(app: Flask) -> None:
    # Counts kept in Redis are shared by every process and machine; memory only suits one.
    redis_url = app.config["REDIS_URL"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    if redis_url:
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", client_options(app.config["REDIS_TIMEOUT"])
        )
    # While Redis is away, each process counts on its own (Flask-Limiter logs the switch once,
    # and checks Redis again at growing intervals): sign-in keeps working, still throttled.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    # Retry-After (and X-RateLimit-*) on throttled routes, so every 429 says when to come back.
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)


def _sqlite_pragmas(app: Flask) -> None:
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # SQLite ignores foreign keys unless asked, per connection.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from .auth import current  # noqa: F401  (registers the user loaders)
    from .web import api, templating
    from .web.auth import bp as auth_bp
    from .web.feeds import bp as feeds_bp
    from .web.interchange import bp as interchange_bp
    from .web.manage import bp as manage_bp
    from .web.ops import bp as ops_bp
    from .web.public import bp as public_bp

    templating.register(app)
    app.register_blueprint(ops_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(interchange_bp)
    app.register_blueprint(manage_bp)
    api.register(app)


def register_error_handlers(app: Flask) -> None:
    from .web import errors, outages

    errors.register(app)
    outages.register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
