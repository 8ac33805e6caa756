"""Every setting, with its default. Override per environment or with EVENTSVC_* variables."""

# Which config/<env>.py to layer on top of this file: development, testing or production.
ENV = "development"
# Signs session cookies and CSRF tokens. Required (and must be long) outside development and tests.
SECRET_KEY = None
# SQLAlchemy URL. None means a SQLite file in the instance folder.
DATABASE_URL = None
# PostgreSQL connections of each process (gunicorn worker). The pool keeps up to DB_POOL_SIZE
# open between requests and opens up to DB_MAX_OVERFLOW more for a burst, closed after use;
# the release watch (agenda/watch.py) holds one of the pool's and one of its own, listening.
# So a worker holds at most DB_POOL_SIZE + 1 at rest, DB_POOL_SIZE + DB_MAX_OVERFLOW + 1 at
# peak: keep workers x that under the server's max_connections. Ignored on SQLite.
DB_POOL_SIZE = 4
DB_MAX_OVERFLOW = 4
# Seconds after which a pooled connection is replaced rather than reused (-1: never).
DB_POOL_RECYCLE = 1800
# Test each pooled connection with a round trip before a request uses it, so one the server
# or a firewall dropped while idle is replaced instead of failing the request.
DB_POOL_PRE_PING = True
# TCP keepalive on every PostgreSQL connection: seconds idle before the first probe (then one
# every 10 s, 3 unanswered end it). A silent network partition then ends a connection (the
# watch's listener among them) in about DB_KEEPALIVES_IDLE + 30 s, not libpq's 2 hours.
DB_KEEPALIVES_IDLE = 30
# Optional Redis: shared cache and rate limits across processes and machines.
REDIS_URL = None
# Seconds to wait for Redis to accept a connection, and for each answer. Redis only speeds
# things up: when it is down or stalled a request gives up this soon and is served without it.
REDIS_TIMEOUT = 0.25
# After a Redis fault, seconds each process serves without Redis before trying it again.
REDIS_RETRY_SECONDS = 5
# What each process (gunicorn worker) keeps in memory, each an LRU (eventsvc/caches.py);
# the README's table gives the memory each takes at its bound (bench/worker_memory.py).
# Whole public responses kept to answer repeated anonymous reads without running Flask
# (eventsvc/web/replay.py), in MB; 0 turns that off.
REPLAY_CACHE_MB = 64
# Rendered bodies (pages, API reads, feeds, schedule files) with their compressed copies, in MB
# (eventsvc/agenda/rendered.py); shared between processes through Redis when it is set.
RENDER_CACHE_MB = 64
# Releases whose agenda (the published snapshot, read into objects), search index and
# sessions' last changes each process keeps: the releases read last, whatever the event. Keep
# each at least the number of events read often, or their pages are rebuilt on every read.
AGENDA_CACHE_SIZE = 16
SEARCH_CACHE_SIZE = 16
HISTORY_CACHE_SIZE = 16
# Releases whose sessions the publish preview keeps parsed (organizers' publish page): the one
# being previewed and the one before it.
PREVIEW_CACHE_SIZE = 2
# Chinese characters whose pinyin readings are kept (speaker matching and imports).
PINYIN_CACHE_SIZE = 10000
# On PostgreSQL, replayed answers are checked against a NOTIFY sent at each publish; a
# listener can go deaf without an error (a silent partition, a pooler in transaction mode),
# so each process asks the database again when it has heard nothing for this many seconds:
# the most a replayed answer can lag a publish made by another process.
RELEASE_WATCH_SECONDS = 1.0
# Public answers (pages, API reads, feeds, schedule files) are sent compressed to clients that
# accept it: gzip at this level (1-9) and brotli at this quality (0-11), each made once per
# body and release. Higher costs more CPU once and saves bytes on every answer.
COMPRESS_GZIP_LEVEL = 6
COMPRESS_BROTLI_QUALITY = 5
# Cache-Control of anonymous public answers, in seconds: how long a browser may keep a feed, an
# API read or a schedule file (pages: 0, so a reader who signs in sees their own page at once);
# how long a shared cache (a proxy such as config/nginx.conf, a CDN) keeps any of them
# (s-maxage: a publish shows through it within this time); how long past that it may answer
# with its stale copy while it fetches the new one (stale-while-revalidate).
PUBLIC_MAX_AGE = 300
SHARED_MAX_AGE = 10
STALE_WHILE_REVALIDATE = 30
# Log every SQL statement (noisy; for debugging).
SQL_ECHO = False
# Languages the interface is translated into; the first is the fallback.
UI_LANGUAGES = ["en", "zh"]
# How often calendar clients are asked to refresh a feed, in minutes.
FEED_REFRESH_MINUTES = 60
# Where the service is reached: scheme, host and an optional path prefix
# ("https://agenda.example.org" or "https://example.org/agenda"). Every absolute link (pages'
# feed links, webcal URLs, schedule files, invitation and registration mail, speaker notices)
# is built from it, never from the Host header a client sent, so rendered bodies and their
# cache keys are the same whatever Host arrives. Production needs it or TRUSTED_HOSTS; with
# TRUSTED_HOSTS alone, links go to https:// and the first trusted host.
PUBLIC_URL = None
# Flask's list of host names the service answers to ("agenda.example.org", or ".example.org"
# for every subdomain); a request for any other Host answers 400. None: any well-formed Host.
TRUSTED_HOSTS = None
# Host name in iCal UIDs (session-UUID@this). Deliberately not taken from PUBLIC_URL: a UID
# must never change, or calendars would show every session twice after a move of the site.
SERVER_NAME_FOR_UIDS = "eventsvc.local"
# Trust X-Forwarded-* headers from this many proxies (0: not behind a proxy).
PROXY_COUNT = 0
# Collections in the API: default and maximum page size.
API_PER_PAGE = 50
API_MAX_PER_PAGE = 500
# Largest speaker CSV accepted by the import, in bytes (the page and the API alike).
SPEAKER_IMPORT_MAX_BYTES = 2 * 1024 * 1024
# Login attempts allowed per client address.
LOGIN_RATE_LIMIT = "10 per minute"
# Session cookie hardening.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
# argon2id cost for password hashes (RFC 9106's second recommended option by default).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 65536
# A login lasts this many seconds (the session cookie is permanent, signed, and expires).
PERMANENT_SESSION_LIFETIME = 12 * 3600
# Tests only: fail instead of skipping when a browser or ../shared/interop is missing.
# .ci/run sets EVENTSVC_REQUIRE_ALL_TESTS=true; declared here so settings accept the variable.
REQUIRE_ALL_TESTS = False
# The largest request body accepted, in bytes (a bigger one answers 413): room for a CSV import.
MAX_CONTENT_LENGTH = 4 * 1024 * 1024
# Outgoing mail (invitations, registration, speaker notices) over SMTP. With no MAIL_HOST,
# each message is written to the log instead of sent (the embedded default).
MAIL_HOST = None
# None: 25, 587 or 465, as MAIL_TLS asks.
MAIL_PORT = None
# "none", "starttls" (upgrade a plain connection) or "ssl" (TLS from the first byte).
MAIL_TLS = "none"
MAIL_USER = None
MAIL_PASSWORD = None
# The From of every message: an address, optionally with a name ("Forum <noreply@example.org>").
MAIL_SENDER = "eventsvc <noreply@eventsvc.local>"
# Seconds to wait for each answer of the SMTP server. Mail a request queued is sent after it
# commits, before its answer: keep this short (a message not sent then is retried later).
MAIL_TIMEOUT = 5
# Attempts before a message is marked failed (retries wait 1, 2, 4, ... minutes, at most 1 h).
MAIL_MAX_ATTEMPTS = 20
# How long an invitation link (/manage: people) stays valid, in hours.
INVITATION_LINK_HOURS = 7 * 24
# How long the link in a registration mail stays valid, in hours.
REGISTRATION_LINK_HOURS = 24
