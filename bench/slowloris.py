"""Readers' latency while slow clients hold connections: gunicorn alone, and behind nginx.

A slow-loris probe (12 connections, each sending one header line every 2 s, opening again
when dropped; or, with --slow-body, whole headers and then a body byte every 2 s) runs
against the production server, gunicorn as `make serve` starts it, or nginx in front of
it as `make serve-proxy` does, while one reader asks for an article page again and
again, each request waiting up to 60 s. Prints, for each server with and without the
probe, how many requests were answered, p50, p90 and the longest wait.

    make bench-slowloris      # or: .venv/bin/python bench/slowloris.py --seconds 45
"""

import argparse
import http.client
import shutil
import statistics
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.production import NGINX, SlowClients, nginx
from bench.serving import ROOT, Server, own_database, production_environment

PAGE = "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"


def reader(address: str, seconds: float) -> dict:
    """One reader asking for PAGE again and again for ``seconds`` (a request started
    before the end is waited for)."""
    host, port = address.split(":")
    waits, statuses = [], {}
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            connection.request("GET", PAGE)
            response = connection.getresponse()
            response.read()
            status = str(response.status)
        except OSError as error:
            status = type(error).__name__
        finally:
            connection.close()
        waits.append(time.monotonic() - started)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(0.1)
    return {"waits": waits, "statuses": statuses}


def row(label: str, result: dict) -> str:
    waits = sorted(result["waits"])
    p90 = waits[min(len(waits) - 1, int(len(waits) * 0.9))]
    answers = ", ".join(
        f"{count}x {status}" for status, count in sorted(result["statuses"].items())
    )
    return (
        f"{label:<40}{len(waits):>9}{statistics.median(waits) * 1000:>10.0f}ms"
        f"{p90 * 1000:>9.0f}ms{max(waits) * 1000:>10.0f}ms   {answers}"
    )


@contextmanager
def probing(address: str, slow_body: bool):
    probe = SlowClients(address, slow_body=slow_body)
    probe.start()
    probe.all_open.wait(timeout=10)
    try:
        yield probe
    finally:
        probe.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=45, help="a reader's run under the probe")
    parser.add_argument("--quiet-seconds", type=int, default=10, help="a run without it")
    parser.add_argument("--slow-body", action="store_true", help="slow bodies, not headers")
    arguments = parser.parse_args()
    if not Path(NGINX).exists():
        sys.exit("nginx is not installed: sudo apt-get install nginx-light")

    with own_database("bench_slowloris"):
        environment = production_environment()
        what = "a body byte" if arguments.slow_body else "a header line"
        print(f"Probe: 12 connections, each sending {what} every 2 s; one reader of {PAGE}")
        print(f"{'server':<40}{'requests':>9}{'p50':>12}{'p90':>11}{'longest':>12}   answers")
        directory = ROOT / "var" / "bench-nginx"
        shutil.rmtree(directory, ignore_errors=True)
        for behind_nginx in (False, True):
            server_environment = {**environment, "DJANGO_BEHIND_PROXY": str(behind_nginx)}
            with Server(server_environment) as server:
                upstream = server.base.removeprefix("http://")
                proxy = nginx(upstream, directory) if behind_nginx else nullcontext(upstream)
                with proxy as address:
                    name = "nginx + gunicorn" if behind_nginx else "gunicorn alone"
                    workers = len(server.workers())
                    reader(address, 2)  # warm the workers' caches
                    quiet = reader(address, arguments.quiet_seconds)
                    print(row(f"{name} ({workers} workers), no probe", quiet), flush=True)
                    with probing(address, arguments.slow_body) as probe:
                        probed = reader(address, arguments.seconds)
                    print(row(f"{name}, under the probe", probed), flush=True)
                    print(
                        f"{'':<40}(the probe sent {probe.pieces_sent}, was dropped {probe.drops}x)"
                    )


if __name__ == "__main__":
    main()
