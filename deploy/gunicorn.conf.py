"""gunicorn's settings for an application host (deploy/systemd/secretariat-web.service).

Sized for a 2-core host behind nginx (deploy/nginx/secretariat.conf). Every value can be
changed from the environment file (/etc/secretariat/env) without editing this file; a
command-line option (``--bind``) wins over both.

- Sync workers: nginx buffers slow clients and uploads, so a worker is only ever busy with
  the application itself; threads were measured slower here (bench/meetings.py).
- Two workers per core: while one waits on PostgreSQL, the other computes.
- 60 s: the longest request is reading an upload's text (20 s wall limit,
  TEXT_EXTRACT_WALL_SECONDS) or rendering minutes; nginx waits 75 s.
"""

from __future__ import annotations

import multiprocessing
import os

#: The address nginx connects to: the host's private address (never 0.0.0.0 on a public one).
bind = os.environ.get("SECRETARIAT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SECRETARIAT_WEB_WORKERS", str(2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("SECRETARIAT_WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("SECRETARIAT_WEB_TIMEOUT", "60"))
#: On a restart (upgrade), requests under way get this long to finish.
graceful_timeout = 30
#: The application is loaded once, in the master, and warmed there (secretariat/web/warm.py):
#: a worker is a fork of a warm process, ready in milliseconds instead of seconds. New code is
#: therefore loaded by a restart (``systemctl restart``), not by a reload (HUP).
preload_app = True
#: Each worker is replaced after about this many requests (a guard against slow leaks). The
#: jitter is half of it: workers started together (a host's, at boot) are replaced at
#: different times, so a host never loses all its workers at once; measured on the 10-minute
#: load, 2000 +- 200 replaced both workers of a host within three seconds of each other.
max_requests = 4000
max_requests_jitter = 2000
#: X-Forwarded-Proto is believed only from these addresses (Django reads it too, through
#: SECURE_PROXY_SSL_HEADER); the same list as the application's trusted proxies.
forwarded_allow_ips = os.environ.get("SECRETARIAT_TRUSTED_PROXIES", "127.0.0.1,::1")

#: To journald (systemd keeps stdout and stderr). The client is the address nginx passed on;
#: the request id is nginx's too ($request_id), so a line here is found in nginx's log.
accesslog = os.environ.get("SECRETARIAT_WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("SECRETARIAT_WEB_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}i)s pid=%(p)s "%(a)s"'
)
proc_name = "secretariat-web"
#: gunicorn's control socket (in $HOME) is not used: systemd starts, reloads and stops it.
control_socket_disable = True


def when_ready(server):  # type: ignore[no-untyped-def]  # gunicorn's hook
    """In the master, the application loaded, before the first worker is forked."""
    from secretariat.web.warm import warm_master

    server.log.info("warm (master): %s", warm_master())


def post_worker_init(worker):  # type: ignore[no-untyped-def]  # gunicorn's hook
    """In each worker, before its first request."""
    from secretariat.web.warm import warm_worker

    worker.log.info("warm (worker %s): %s", worker.pid, warm_worker())
