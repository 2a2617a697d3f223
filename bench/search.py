"""Search benchmark: 10 000 generated articles in each language, two-word queries.

Runs in a database of its own (created here, like the tests'), on the embedded PostgreSQL
or on DATABASE_URL, with the production settings (DJANGO_DEBUG off, as bench/render.py).
Prints, for each query, the CPU this process spends on a whole results page through the
WSGI handler (ranked page and total, excerpts, template: PostgreSQL's own time is not in
it), the median and p95 wall time of that page and of the ranked query alone, and the
query plan. Targets: at most 3 ms of CPU a results page, p95 of the query under 10 ms.

    make bench-search            # or: .venv/bin/python bench/search.py --articles 10000
    .venv/bin/python bench/search.py --keep   # keep the database for the next run
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    DJANGO_SETTINGS_MODULE="portal.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "s" * 64),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    PORTAL_ORIGIN="http://127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="false",
)

import django

django.setup()
# Import every module the pages need now: a later edit of the code leaves this run alone.
django.urls.get_resolver().url_patterns  # noqa: B018

from urllib.parse import urlencode  # noqa: E402

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402

from bench.generate import generated_database  # noqa: E402
from bench.production import collect_static  # noqa: E402
from bench.render import cpu_ms, through_wsgi  # noqa: E402
from search.queries import find, find_sql  # noqa: E402

QUERIES = {
    "ru": [
        "инновационных стартапов",
        "цифровой платформы",
        "пилотирование решений",
        "технопарк Москвы",
    ],
    "en": ["innovative startups", "digital platforms", "piloting solutions", "Moscow technopark"],
}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(action, repeat: int) -> list[float]:
    action()  # warm up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_query(handler: WSGIHandler, language: str, query: str, repeat: int):
    """CPU of this process a results page, latencies of the whole page and of its ranked
    query, and the match count."""
    url = ("/ru/poisk/" if language == "ru" else "/en/search/") + "?" + urlencode({"q": query})
    page = through_wsgi(handler, url)
    cpu = cpu_ms(page, repeat)
    latencies = measure(page, repeat)
    rows = measure(lambda: find(query, language, offset=0, limit=10), repeat)
    return cpu, latencies, rows, find(query, language, offset=0, limit=1).total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated database for the next run"
    )
    arguments = parser.parse_args()
    random.seed(2026)

    with generated_database("bench_search", arguments.articles, keep=arguments.keep) as seconds:
        if seconds is None:
            print(f"Reused the database of {arguments.articles} articles in each language")
        else:
            print(f"Generated {arguments.articles} articles in each language in {seconds:.0f} s")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        collect_static()  # the pages name their static files by their hashed names
        handler = WSGIHandler()
        print()
        print(
            f"{'language':<9}{'query':<28}{'results':>8}{'CPU/page':>10}{'page p50':>10}"
            f"{'page p95':>10}{'query p50':>11}{'query p95':>11}"
        )
        worst_cpu = worst_query = 0.0
        for language, queries in QUERIES.items():
            for query in queries:
                cpu, page, rows, count = measure_query(handler, language, query, arguments.repeat)
                worst_cpu = max(worst_cpu, cpu)
                worst_query = max(worst_query, percentile(rows, 0.95))
                print(
                    f"{language:<9}{query:<28}{count:>8}{cpu:>8.2f}ms"
                    f"{statistics.median(page):>8.1f}ms{percentile(page, 0.95):>8.1f}ms"
                    f"{statistics.median(rows):>9.1f}ms{percentile(rows, 0.95):>9.1f}ms"
                )
        print()
        print(f"Most CPU a results page: {worst_cpu:.2f} ms (target: at most 3 ms)")
        print(f"Worst p95 of the search query: {worst_query:.1f} ms (target: under 10 ms)")
        print()
        query = QUERIES["ru"][0]
        sql, params = find_sql(query, "ru", offset=0, limit=10)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
            print(f"Plan of the search query for «{query}»:")
            for (line,) in cursor.fetchall():
                print("  " + line)


if __name__ == "__main__":
    main()
