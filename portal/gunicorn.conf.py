"""gunicorn, as `make serve` runs it: a few single-threaded processes, sized from the CPUs."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Two processes a core, each serving one request at a time (sync workers): every request
# is taken from the shared listen queue by whichever process is free, so the load spreads
# evenly and p99 stays close to p50. gthread workers keep the keep-alive connections they
# accepted: wrk's 16 connections fell unevenly on them and p99 swung from 10 ms to a
# second and more from run to run, while sync workers held 8-15 ms and served a third
# more requests in the soak (docs/performance.md). Sync workers close each connection
# after its answer; in front of the internet they want a buffering proxy (nginx, a load
# balancer), as gunicorn's documentation says.
# WEB_THREADS above 1 turns them into gthread workers with that many threads.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 1))

timeout = 30  # a request that runs longer is stuck: the worker is restarted
graceful_timeout = 30
keepalive = 5  # seconds, for gthread workers; sync ones close every connection

accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# Each worker loads the application itself, so each opens its own database connection.
preload_app = False
