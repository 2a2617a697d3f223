"""gunicorn, as `make serve` runs it: threads in a few processes, sized from the CPUs."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Two processes a core, one thread each (gthread, which keeps idle connections alive).
# Sync workers gave a lower p99 on cached pages under wrk at 16 connections, but under the
# soak (64 connections, an editor saving every second) they served a third as many
# requests and timed one out (docs/performance.md); GUNICORN_CMD_ARGS="--worker-class
# sync" picks them. More threads only queue on Python's GIL.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 1))

timeout = 30  # a request that runs longer is stuck: the worker is restarted
graceful_timeout = 30
keepalive = 5  # seconds; behind a proxy that keeps connections open

accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# Each worker loads the application itself, so each opens its own database connection.
preload_app = False
