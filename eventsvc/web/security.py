"""Security headers on every response (Flask-Talisman), and trusted proxy headers (ProxyFix)."""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script anywhere: scripts, styles and everything else come from our own origin.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Style attributes only (the timetable places its blocks with them); never <style> or script.
    "style-src-attr": "'unsafe-inline'",
    # Speakers' photos may live on another https site.
    "img-src": "'self' data: https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()"}


def register(app: Flask) -> None:
    trust_proxies(app, app.config["PROXY_COUNT"])
    app.extensions["talisman"] = Talisman(
        app,
        # TLS ends at the reverse proxy, which also redirects plain http.
        force_https=False,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        # Sent only over https (or behind a proxy that says so): browsers then refuse plain http.
        strict_transport_security_max_age=365 * 24 * 3600,
        # Nothing of our URLs (a personal feed's token, say) travels to another site.
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Talisman would otherwise overwrite our cookie settings (config/default.py).
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )


def trust_proxies(app: Flask, count: int) -> None:
    """Take the client's address, scheme and host from the X-Forwarded-* of count proxies."""
    if count:
        # Flask documents wrapping wsgi_app this way; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
