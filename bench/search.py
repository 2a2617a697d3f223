"""Search benchmark: 10 000 generated articles in each language, two-word queries.

Runs in a database of its own (created and dropped here, like the tests'), on the embedded
PostgreSQL or on DATABASE_URL. Prints the median and p95 latency of the search page (the
whole view: count, ranked page, excerpts, template) and of the ranked query alone, and
the query plan. Target: p95 under 20 ms for a two-word query.

    make bench-search            # or: .venv/bin/python bench/search.py --articles 10000
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()
# Import every module the pages need now: a later edit of the code leaves this run alone.
django.urls.get_resolver().url_patterns  # noqa: B018

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.generate import generate  # noqa: E402
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


def measure_query(client, language: str, query: str, repeat: int):
    """Latencies of the whole search page and of its ranked query, and the match count."""
    url = "/ru/poisk/" if language == "ru" else "/en/search/"
    page = measure(lambda: client.get(url, {"q": query}), repeat)
    rows = measure(lambda: find(query, language, offset=0, limit=10), repeat)
    return page, rows, find(query, language, offset=0, limit=1).total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    arguments = parser.parse_args()
    random.seed(2026)

    setup_test_environment()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "bench_search"  # apart from the tests' database
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seconds = generate(arguments.articles)
        print(f"Generated {arguments.articles} articles in each language in {seconds:.0f} s")
        print(f"PostgreSQL: {connection.cursor().connection.info.server_version}")
        client = Client()
        print()
        print(
            f"{'language':<9}{'query':<28}{'results':>8}{'page p50':>10}{'page p95':>10}"
            f"{'query p50':>11}{'query p95':>11}"
        )
        worst = 0.0
        for language, queries in QUERIES.items():
            for query in queries:
                page, rows, count = measure_query(client, language, query, arguments.repeat)
                worst = max(worst, percentile(page, 0.95))
                print(
                    f"{language:<9}{query:<28}{count:>8}"
                    f"{statistics.median(page):>8.1f}ms{percentile(page, 0.95):>8.1f}ms"
                    f"{statistics.median(rows):>9.1f}ms{percentile(rows, 0.95):>9.1f}ms"
                )
        print()
        print(f"Worst p95 of the search page: {worst:.1f} ms (target: under 20 ms)")
        print()
        query = QUERIES["ru"][0]
        sql, params = find_sql(query, "ru", offset=0, limit=10)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
            print(f"Plan of the search query for «{query}»:")
            for (line,) in cursor.fetchall():
                print("  " + line)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
