"""Production: secrets come from the environment; cookies only over HTTPS.

EVENTSVC_PUBLIC_URL (or EVENTSVC_TRUSTED_HOSTS) must be set: eventsvc/settings.py refuses to
start without one, since links built from a client's Host header could point anywhere.
"""

SESSION_COOKIE_SECURE = True
