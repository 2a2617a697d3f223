"""Generated news for the benchmarks: made-up but news-like text in both languages, and
(``filed``) sections, tags, authors, organisations and pictures spread over it."""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from itertools import accumulate

from django.db import connection, models, transaction
from django.utils import timezone

from bench.content import PICTURES, library_image
from core.effects import records_changed
from news.models import Article, ArticleAuthor, ArticleOrganisation, Author, BodyItem
from news.taxonomy import Section, Tag
from partners.models import Organisation

GENERATED_SLUG = "novost-"  # slug_ru of every generated article: novost-0, novost-1, …

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
        # Summed once: random.choices would sum the 20 000 weights again at every call.
        self.cumulative = list(accumulate(zipf_weights(len(self.words))))

    def __call__(self, count: int) -> str:
        words = random.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(words).capitalize() + "."


def written(model: type[models.Model], rows) -> list[models.Model]:
    """``rows`` of ``model`` stored in a few statements, without the effects of each row's
    write (``core.effects``, which the content's own ``bulk_create`` has each row make:
    its article's version renewed and its vectors rebuilt, a query or three a row). The
    generator has them made once for each article when it is all written
    (``records_changed``), as a save of the article would."""
    return models.QuerySet(model).bulk_create(rows, batch_size=2000)


def generate(count: int, filing=None) -> float:
    """``count`` articles in each language; ``filing(articles)``, when given, files them
    (``filed``) before they are indexed, so that each is indexed once."""
    started = time.perf_counter()
    now = timezone.now()
    russian, english = (
        Text(RUSSIAN_WORDS, RUSSIAN_SYLLABLES),
        Text(ENGLISH_WORDS, ENGLISH_SYLLABLES),
    )
    articles = written(
        Article,
        (
            Article(
                headline_ru=russian(8),
                headline_en=english(8),
                lead_ru=russian(20),
                lead_en=english(20),
                slug_ru=f"{GENERATED_SLUG}{number}",
                slug_en=f"news-{number}",
                source_name_ru="Официальный сайт мэра Москвы",
                source_name_en="Official website of the Mayor of Moscow",
                source_url="https://www.mos.ru/",
                status=Article.Status.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=number),
                english_ready=True,
            )
            for number in range(count)
        ),
    )
    written(
        BodyItem,
        (
            BodyItem(
                article=article,
                position=position,
                # Rich text, as paragraphs are stored (core.rich_text): the excerpts strip it.
                text_ru=f"<p>{russian(30)} <em>{russian(5)}</em> {russian(25)}</p>",
                text_en=f'<p>{english(30)} <a href="/en/">{english(5)}</a> {english(25)}</p>',
            )
            for article in articles
            for position in (1, 2, 3)
        ),
    )
    if filing:
        filing(articles)
    # Indexed for the search, and the cache renewed, as every write of content is.
    records_changed(articles)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def zipf_choice(items: list):
    """One of ``items``, the first ones far more often than the last (Zipf's law)."""
    return random.choices(items, cum_weights=_zipf_cumulative(len(items)))[0]


@cache
def _zipf_cumulative(size: int) -> list[float]:
    return list(accumulate(zipf_weights(size)))


def filed(
    articles: list[Article],
    sections: int = 6,
    subsections: int = 2,
    tags: int = 60,
    authors: int = 25,
    organisations: int = 30,
    pictures: int = 12,
) -> None:
    """Files the generated articles as a newsroom would: each in a section (of
    ``sections`` with ``subsections`` each), with one to three of ``tags``, signed by one
    or two of ``authors``, one in five about one of ``organisations``, and one in ten led
    by one of ``pictures`` (bench/content.py). A few of each are used far more than the
    rest, as real ones are."""
    russian, english = (
        Text(RUSSIAN_WORDS, RUSSIAN_SYLLABLES),
        Text(ENGLISH_WORDS, ENGLISH_SYLLABLES),
    )

    def names(count: int, prefix: str) -> list[dict]:
        return [
            {
                "name_ru": russian(2).rstrip("."),
                "name_en": english(2).rstrip("."),
                "slug_ru": f"{prefix}-{number}",
                "slug_en": f"{prefix}-{number}-en",
            }
            for number in range(count)
        ]

    top = Section.objects.bulk_create(Section(**fields) for fields in names(sections, "rubrika"))
    inner = Section.objects.bulk_create(
        Section(parent=parent, **fields)
        for parent, fields in zip(
            [parent for parent in top for _ in range(subsections)],
            names(sections * subsections, "podrubrika"),
            strict=True,
        )
    )
    all_sections = top + inner
    all_tags = Tag.objects.bulk_create(Tag(**fields) for fields in names(tags, "tema"))
    all_authors = Author.objects.bulk_create(Author(**fields) for fields in names(authors, "avtor"))
    all_organisations = Organisation.objects.bulk_create(
        Organisation(kind=Organisation.Kind.PROGRAMME, country="RU", **fields)
        for fields in names(organisations, "organizaciya")
    )
    # Smaller than the article with images' own: many are made, and each is one card's.
    images = [library_image(len(PICTURES) + number, (1200, 800)) for number in range(pictures)]

    for article in articles:
        article.section = zipf_choice(all_sections)
        if random.random() < 0.1:
            article.lead_image = random.choice(images)
    models.QuerySet(Article).bulk_update(articles, ["section", "lead_image"], batch_size=2000)
    written(
        Article.tags.through,
        (
            Article.tags.through(article=article, tag=tag)
            for article in articles
            for tag in {zipf_choice(all_tags) for _ in range(random.randint(1, 3))}
        ),
    )
    written(
        ArticleAuthor,
        (
            ArticleAuthor(article=article, author=author, position=position)
            for article in articles
            for position, author in enumerate(
                {zipf_choice(all_authors) for _ in range(random.randint(1, 2))}
            )
        ),
    )
    written(
        ArticleOrganisation,
        (
            ArticleOrganisation(article=article, organisation=zipf_choice(all_organisations))
            for article in articles
            if random.random() < 0.2
        ),
    )


@contextmanager
def generated_database(name: str, count: int, *, keep: bool = False, fill=generate) -> Iterator:
    """A database of the benchmark's own (apart from the tests') holding ``count``
    generated articles, filled by ``fill(count)``; dropped afterwards, unless ``keep``:
    then it stays for the next run, which reuses it when it holds as many. Yields the
    seconds the filling took, or None when the database was reused."""
    original = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = name
    # serialize=False: nothing here is rolled back to a snapshot, and a kept database
    # would be read whole.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=keep)
    try:
        seconds = None
        if Article.objects.filter(slug_ru__startswith=GENERATED_SLUG).count() != count:
            if keep:  # left by a run of another size, or stopped half-way: start again
                connection.creation.destroy_test_db(original, verbosity=0)
                connection.settings_dict["TEST"]["NAME"] = name
                connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            started = time.perf_counter()
            with transaction.atomic():  # all of it or, if the run is stopped, none
                fill(count)
            seconds = time.perf_counter() - started
        yield seconds
    finally:
        connection.creation.destroy_test_db(original, verbosity=0, keepdb=keep)
