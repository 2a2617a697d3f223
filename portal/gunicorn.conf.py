"""gunicorn, as `make serve` runs it: worker processes sized from the CPUs."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Two processes a core, each serving one request at a time (gunicorn's sync workers):
# a request waits in the shared listen queue for the first free worker, which keeps the
# slowest requests close to the median. With threads (gthread), each worker keeps its own
# keep-alive connections and serves them in turn, so a worker that drew more of them
# makes its clients wait: on 2 CPUs under wrk that doubled p99 (docs/performance.md).
# Sync workers want a buffering proxy in front (nginx, or a load balancer that buffers)
# for slow clients; WEB_THREADS above 1 switches to gthread for setups without one.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 1))

timeout = 30  # a request that runs longer is stuck: the worker is restarted
graceful_timeout = 30
keepalive = 5  # seconds, for gthread; sync workers close each connection after the answer

accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# Each worker loads the application itself, so each opens its own database connection.
preload_app = False
