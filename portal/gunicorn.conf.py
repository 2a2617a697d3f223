"""gunicorn, as `make serve` runs it: threads in a few processes, sized from the CPUs."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Threads share a process's database pool and page cache; processes use every core.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", 4))

timeout = 30  # a request that runs longer is stuck: the worker is restarted
graceful_timeout = 30
keepalive = 5  # seconds; behind a proxy that keeps connections open

accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# Each worker loads the application itself, so each opens its own database pool.
preload_app = False
