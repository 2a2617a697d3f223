"""HTTP benchmark of the production server: gunicorn, DJANGO_DEBUG off, whitenoise.

Builds a database of its own (the portal's content plus 1 000 generated articles) on the
embedded PostgreSQL or on DATABASE_URL, starts gunicorn as `make serve` does, drives it
with wrk at 16 connections and prints one table, every figure from the same run:
requests per second, p50 and p99 latency, throughput as a share of the floor (a minimal
view through every middleware), non-2xx answers, and server CPU per request (the
machine's busy CPU during the run, less wrk's own). Then the same with the page cache
off, and 50 000 requests on one page to see whether the workers' memory stays flat.

    make bench                 # or: .venv/bin/python bench/serving.py --seconds 10
"""

import argparse
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
# The benchmarks' pictures (bench/content.py) apart from var/media, removed after each run.
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(ROOT / "var" / "bench-media"))

import django  # noqa: E402

django.setup()

import psutil  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import content, production  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.production import LOOPBACK, collect_static, free_port  # noqa: E402

CONNECTIONS = 16
LOG = ROOT / "var" / "bench-gunicorn.log"  # the servers' errors, if any
PAGES = [
    ("floor: /robots.txt", "/robots.txt"),
    ("static file", None),  # the stylesheet, under its hashed name
    ("home (ru)", "/ru/"),
    ("article (ru)", "/ru/novosti/moskva-i-innobiz-dogovorilis-o-sovmestnyh-proektah/"),
    ("article (en)", "/en/news/moscow-and-innobiz-agree-on-joint-projects/"),
    # A lead image and five in the body (bench/content.py).
    ("article+images (ru)", content.PATH_RU),
    ("article+images (en)", content.PATH_EN),
    ("partner page (en)", "/en/partners/organisations/innobiz/"),
    ("author page (ru)", "/ru/avtory/redakciya/"),
    ("search (en)", "/en/search/?q=innovative+startups"),
    ("section page (ru)", "/ru/rubriki/innovacii/"),
    ("tag page (en)", "/en/topics/south-korea/"),
    # The month the content is loaded in: the seed is published when loaded (Moscow time,
    # as the archives count).
    ("archive month (ru)", f"/ru/novosti/{timezone.localtime():%Y/%m}/"),
]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        return shutil.which("wrk")
    sys.exit("wrk is not installed: sudo apt-get install wrk")


@contextmanager
def own_database(name: str, articles: int = 0):
    """A database of the benchmark's own with the portal's content, the article with
    images (bench/content.py) and ``articles`` generated ones, dropped afterwards, and the
    pictures with it when they were in the benchmarks' own media folder."""
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_content", verbosity=0, stdout=StringIO())
        content.image_article()
        if articles:
            generate(articles)
        yield
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        if Path(settings.MEDIA_ROOT) == ROOT / "var" / "bench-media":
            shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def production_environment() -> dict[str, str]:
    """The production server's environment on that database, its static files collected."""
    collect_static()
    return production.production_environment(**LOOPBACK, DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT))


class Server:
    """gunicorn as in production, on the benchmark's database."""

    def __init__(self, environment: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = {**environment, "PORT": str(self.port), "ACCESS_LOG": "/dev/null"}

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
            cwd=ROOT,
            env=self.environment,
            stderr=LOG.open("a"),
        )
        for _attempt in range(200):
            try:
                urllib.request.urlopen(f"{self.base}/robots.txt", timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def memory_mb(self) -> float:
        return sum(worker.memory_info().rss for worker in self.workers()) / 2**20


class PeakMemory(threading.Thread):
    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.server.memory_mb())
            time.sleep(0.2)


def busy_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def seconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}[unit]


def wrk(url: str, duration: int) -> dict:
    before_busy = busy_seconds()
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [WRK, "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after_children.ru_utime - before_children.ru_utime) + (
        after_children.ru_stime - before_children.ru_stime
    )
    if "Latency Distribution" not in output:
        raise RuntimeError(f"wrk did not measure {url}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": seconds(re.search(r"^\s+50%\s+(\S+)$", output, re.MULTILINE).group(1)),
        "p99": seconds(re.search(r"^\s+99%\s+(\S+)$", output, re.MULTILINE).group(1)),
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "cpu_ms": (busy_seconds() - before_busy - wrk_cpu) / max(requests, 1) * 1000,
    }


def stylesheet(base: str) -> str:
    html = urllib.request.urlopen(f"{base}/ru/").read().decode()
    return re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', html).group(1)


def run_pages(server: Server, duration: int) -> tuple[list, float]:
    static = stylesheet(server.base)
    for _label, path in PAGES:  # warm every page and every worker's cache
        for _ in range(50):
            urllib.request.urlopen(server.base + (path or static)).read()
    peak = PeakMemory(server)
    peak.start()
    rows = [(label, wrk(server.base + (path or static), duration)) for label, path in PAGES]
    peak.running = False
    peak.join()
    return rows, peak.peak


def print_table(title: str, rows: list, peak_mb: float) -> None:
    floor = rows[0][1]["rps"]
    print(f"\n{title}")
    print(
        f"{'page':<22}{'req/s':>9}{'p50':>9}{'p99':>9}{'of floor':>10}{'non-2xx':>9}{'CPU/req':>10}"
    )
    for label, result in rows:
        print(
            f"{label:<22}{result['rps']:>9.0f}{result['p50'] * 1000:>7.1f}ms"
            f"{result['p99'] * 1000:>7.1f}ms{result['rps'] / floor:>9.0%}"
            f"{result['non_2xx']:>9}{result['cpu_ms']:>8.2f}ms"
        )
    print(f"peak memory of the workers: {peak_mb:.0f} MB")


def main() -> None:
    global WRK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--soak-requests", type=int, default=50_000)
    arguments = parser.parse_args()
    WRK = ensure_wrk()

    with own_database("bench_http", arguments.articles):
        environment = production_environment()
        print(f"{psutil.cpu_count()} CPUs; {CONNECTIONS} connections; {arguments.seconds} s a page")
        with Server(environment) as server:
            workers = len(server.workers())
            rows, peak = run_pages(server, arguments.seconds)
            print_table(f"Page cache on ({workers} workers)", rows, peak)

            # Memory over many requests: after a warm-up, then after the soak.
            article = server.base + PAGES[3][1]
            wrk(article, 3)
            start_mb = server.memory_mb()
            soaked = 0
            while soaked < arguments.soak_requests:
                soaked += wrk(article, 5)["requests"]
            print(
                f"memory of the workers over {soaked} more requests: "
                f"{start_mb:.0f} MB -> {server.memory_mb():.0f} MB"
            )
        with Server({**environment, "PORTAL_PAGE_CACHE": "false"}) as server:
            rows, peak = run_pages(server, arguments.seconds)
            print_table("Page cache off", rows, peak)


WRK = ""

if __name__ == "__main__":
    main()
