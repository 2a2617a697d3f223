"""Generated news for the benchmarks: made-up but news-like text in both languages."""

import random
import time

from django.db import connection
from django.utils import timezone

from news.models import Article, BodyItem

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
    # Indexed for the search, and the cache renewed, as every write of content is
    # (core.effects: bulk_create sends no signal, so the queryset does it).
    BodyItem.objects.bulk_create(
        BodyItem(
            article=article,
            position=position,
            # Rich text, as paragraphs are stored (core.rich_text): the excerpts strip it.
            text_ru=f"<p>{russian(30)} <em>{russian(5)}</em> {russian(25)}</p>",
            text_en=f'<p>{english(30)} <a href="/en/">{english(5)}</a> {english(25)}</p>',
        )
        for article in articles
        for position in (1, 2, 3)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started
