"""gunicorn, as `make serve` runs it: a few single-threaded processes, sized from the CPUs."""

import multiprocessing
import os
from pathlib import Path

import environ

# The same .env and the same reading of it as portal/settings.py.
environ.Env.read_env(
    os.environ.get("DJANGO_ENV_FILE", Path(__file__).resolve().parent.parent / ".env")
)
env = environ.Env()

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

# Whether a request came over HTTPS, and through whom, is told by the proxy in front and
# by nobody else. gunicorn's defaults trust X-Forwarded-Proto, X-Forwarded-Ssl and
# X-Forwarded-Protocol from 127.0.0.1 whatever Django was told, so a client behind a
# same-host proxy that passed them on could make plain HTTP count as HTTPS. Without a
# proxy (DJANGO_BEHIND_PROXY off) no address is trusted; behind one, only its addresses
# (FORWARDED_ALLOW_IPS, by default this machine's), and only for X-Forwarded-Proto, the
# header portal/settings.py reads too.
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1,::1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
    # Every request comes from the proxy: the log names the client the proxy saw.
    access_log_format = access_log_format.replace("%(h)s", "%({x-forwarded-for}i)s")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
# Nor may the proxy set SCRIPT_NAME or PATH_INFO (gunicorn's default): the portal is served
# from the root.
forwarder_headers = ""

# gunicorn's control socket (for gunicornc) is one path per user, ~/.gunicorn/gunicorn.ctl,
# which every gunicorn on the machine (tests, benchmarks, a second portal) would take from
# the one before; nothing here uses it.
control_socket_disable = True

# Each worker loads the application itself, so each opens its own database connection.
preload_app = False
