"""gunicorn settings for production:

    gunicorn -c config/gunicorn.py "eventsvc:create_app()"

Any number of such processes, on any number of machines, may serve one PostgreSQL
database (and one Redis, EVENTSVC_REDIS_URL): they keep no state another one needs.
The environment tunes it (command-line options win over all of these):
  GUNICORN_BIND      address to listen on (default 127.0.0.1:8000; a reverse proxy in front)
  WEB_CONCURRENCY    worker processes (default: 2 per core, plus 1)
  GUNICORN_THREADS   threads per worker (default 4: requests mostly wait on the database)
  GUNICORN_TIMEOUT   seconds before a silent worker is restarted (default 30)
  GUNICORN_PRELOAD   true: import the app once in the master, then fork (faster start, less memory)
  GUNICORN_MAX_REQUESTS  requests a worker serves before it is replaced
                         (default 1,000,000; 0: never)
"""

import gc
import multiprocessing
import os

# Running under gunicorn means production unless told otherwise (EVENTSVC_SECRET_KEY is then
# required).
os.environ.setdefault("EVENTSVC_ENV", "production")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind a load balancer that reuses connections.
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never grows unbounded; but rarely:
# a new worker rebuilds the agendas and bodies it serves (seconds of CPU for a 2,000-session
# event), and every cache it holds is bounded anyway. At 5,000 a busy worker was recycled
# every few seconds and spent more time rebuilding than serving.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = max_requests // 20
# gunicorn's runtime control socket has one default path per user: a second instance on the
# same machine would take it over. Signals (HUP, TERM, TTIN/TTOU) manage the master instead.
control_socket_disable = True
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() == "true"
if os.path.isdir("/dev/shm"):
    # The workers' heartbeat files; a disk-backed /tmp can stall them.
    worker_tmp_dir = "/dev/shm"

# eventsvc writes one JSON line per request itself (eventsvc/web/observability.py), with
# secrets redacted; gunicorn's access log would repeat it with the raw URL, tokens and all.
accesslog = None
errorlog = "-"
loglevel = "info"

# The scheme, host and client address come from ProxyFix, set by EVENTSVC_PROXY_COUNT;
# gunicorn must not guess the scheme from headers on its own.
secure_scheme_headers = {}


def post_fork(server, worker):
    """Give each worker its own database connections when the app was loaded before forking.

    Connections pooled in the master would be shared by every child: one socket, many
    writers. dispose(close=False) leaves the master's connections alone and starts an
    empty pool here (SQLAlchemy's documented recipe for forking).
    """
    app = server.app.callable if server.cfg.preload_app else None
    if app is None:
        return
    from eventsvc.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def post_worker_init(worker):
    """Take what the worker holds once its app is loaded (modules, SQLAlchemy's and Jinja's
    structures: some 200,000 objects) out of the garbage collector's reach.

    They live as long as the process, yet every full collection walked them all: on the
    2,000-session board, collections cost 150-250 ms of each request's 300; frozen, about
    25 ms. What requests make is collected as before.
    """
    gc.collect()
    gc.freeze()
