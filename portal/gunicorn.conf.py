"""gunicorn, as `make serve` runs it: threads in a few processes, sized from the CPUs."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Two processes a core, one thread each: more threads only queue on Python's GIL. On 2
# CPUs under wrk, 4 processes x 1 thread gave the lowest p99 of the shapes tried (3x4,
# 2x8, 4x2, 3x2, 2x1; docs/performance.md). gthread still keeps idle connections alive.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 1))

timeout = 30  # a request that runs longer is stuck: the worker is restarted
graceful_timeout = 30
keepalive = 5  # seconds; behind a proxy that keeps connections open

accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# Each worker loads the application itself, so each opens its own database pool.
preload_app = False
