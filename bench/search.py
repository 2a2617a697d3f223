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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from news.models import Article, BodyItem  # noqa: E402
from search.indexing import reindex  # noqa: E402
from search.queries import find, find_sql  # noqa: E402

# News-like text: the portal's real words among thousands of made-up ones, drawn with
# Zipf's law as words are in real text, so that a two-word query matches a realistic
# share of the articles (not nearly all of them, as a small vocabulary would).
RUSSIAN_WORDS = (
    "Москва стартап инновации технологии программа акселератор компания разработка "
    "город ассоциация партнёрство экосистема пилотирование тестирование предприятие решение "
    "продукт бизнес производство рост поддержка столица развитие проект "
    "участник заявка отрасль рынок инвестиции технопарк университет лаборатория "
    "исследование цифровой платформа сервис транспорт медицина энергетика экология "
    "образование робот облако инновационных стартапов"
).split()
ENGLISH_WORDS = (
    "Moscow startup innovation technology programme accelerator company development "
    "city association partnership ecosystem piloting testing enterprise solution "
    "product business production growth support capital project participant "
    "application industry market investment technopark university laboratory research "
    "digital platform service transport medicine energy ecology education "
    "robot cloud innovative startups"
).split()
RUSSIAN_SYLLABLES = ("ка ро ми ла не то ва се ду пре ство ние ль ра ко ти зо ме ну ге").split()
ENGLISH_SYLLABLES = ("ka ro mi la ne to va se du pre st ion ly ra co ti zo me nu ge").split()
QUERIES = {
    "ru": [
        "инновационных стартапов",
        "цифровой платформы",
        "пилотирование решений",
        "технопарк Москвы",
    ],
    "en": ["innovative startups", "digital platforms", "piloting solutions", "Moscow technopark"],
}


def vocabulary(real: list[str], syllables: list[str], size: int = 20_000) -> list[str]:
    made_up = {"".join(random.choices(syllables, k=random.randint(2, 4))) for _ in range(size * 2)}
    words = sorted(made_up)[:size]
    random.shuffle(words)
    # The real words at the ranks of fairly common ones: from the 200th on.
    for rank, word in enumerate(real):
        words.insert(200 + rank * 40, word)
    return words


def zipf_weights(size: int) -> list[float]:
    return [1 / (rank + 1) ** 1.07 for rank in range(size)]


class Text:
    def __init__(self, real: list[str], syllables: list[str]):
        self.words = vocabulary(real, syllables)
        self.weights = zipf_weights(len(self.words))

    def __call__(self, count: int) -> str:
        return (
            " ".join(random.choices(self.words, weights=self.weights, k=count)).capitalize() + "."
        )


def generate(count: int) -> float:
    started = time.perf_counter()
    now = timezone.now()
    russian, english = (
        Text(RUSSIAN_WORDS, RUSSIAN_SYLLABLES),
        Text(ENGLISH_WORDS, ENGLISH_SYLLABLES),
    )
    articles = Article.objects.bulk_create(
        Article(
            headline_ru=russian(8),
            headline_en=english(8),
            lead_ru=russian(20),
            lead_en=english(20),
            slug_ru=f"novost-{number}",
            slug_en=f"news-{number}",
            source_name_ru="Официальный сайт мэра Москвы",
            source_name_en="Official website of the Mayor of Moscow",
            source_url="https://www.mos.ru/",
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=number),
            english_ready=True,
        )
        for number in range(count)
    )
    BodyItem.objects.bulk_create(
        BodyItem(article=article, position=position, text_ru=russian(60), text_en=english(60))
        for article in articles
        for position in (1, 2, 3)
    )
    for article in articles:  # the same code that keeps the index current on every save
        reindex(article)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


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
