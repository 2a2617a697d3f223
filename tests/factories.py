"""factory_boy factories: every object complete in Russian and English unless told.

The traits name the states tests need again and again: ``untranslated`` (written in
Russian only), and for articles ``draft`` and ``scheduled``."""

from datetime import timedelta

import factory
from django.utils import timezone

from images.models import Image
from news.models import Article, ArticleAuthor, Author, BodyItem, Correction
from news.taxonomy import Section, Tag
from partners.models import Official, Organisation, Quote


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug_ru = factory.Sequence(lambda n: f"organizaciya-{n}")
    slug_en = factory.Sequence(lambda n: f"organisation-{n}")
    description_ru = "Описание организации."
    description_en = "About the organisation."
    kind = Organisation.Kind.ASSOCIATION
    country = "RU"

    class Params:
        untranslated = factory.Trait(name_en="", slug_en="", description_en="")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name_ru = factory.Sequence(lambda n: f"Иван Петров {n}")
    full_name_en = factory.Sequence(lambda n: f"Ivan Petrov {n}")
    slug_ru = factory.Sequence(lambda n: f"ivan-petrov-{n}")
    slug_en = factory.Sequence(lambda n: f"ivan-petrov-{n}")
    position_ru = "руководитель"
    position_en = "Head"
    organisation = factory.SubFactory(OrganisationFactory)

    class Params:
        untranslated = factory.Trait(full_name_en="", slug_en="", position_en="")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline_ru = factory.Sequence(lambda n: f"Новость номер {n}")
    headline_en = factory.Sequence(lambda n: f"News item {n}")
    lead_ru = "Краткое изложение новости."
    lead_en = "The news in brief."
    slug_ru = factory.Sequence(lambda n: f"novost-{n}")
    slug_en = factory.Sequence(lambda n: f"news-item-{n}")
    source_name_ru = "Официальный сайт мэра Москвы"
    source_name_en = "Official website of the Mayor of Moscow"
    source_url = "https://www.mos.ru/"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    english_ready = True

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT)
        # Published, for a moment still to come.
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
        untranslated = factory.Trait(
            headline_en="", lead_en="", slug_en="", source_name_en="", english_ready=False
        )


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    text_ru = "«Это важный шаг», — сказал он."
    text_en = "“This is an important step,” he said."
    official = factory.SubFactory(OfficialFactory)
    article = factory.SubFactory(ArticleFactory)

    class Params:
        untranslated = factory.Trait(text_en="")


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_ru = "Абзац текста новости."
    text_en = "A paragraph of the news."

    class Params:
        untranslated = factory.Trait(text_en="")


class PlacedQuoteFactory(factory.django.DjangoModelFactory):
    """A quote placed in its article's body."""

    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = BodyItem.Kind.QUOTE
    quote = factory.SubFactory(QuoteFactory, article=factory.SelfAttribute("..article"))

    class Params:
        # Not quote__text_en="": an inactive trait would then give every quote text_en=None.
        untranslated = factory.Trait(
            quote=factory.SubFactory(
                QuoteFactory, article=factory.SelfAttribute("..article"), untranslated=True
            )
        )


def russian_only_article(*, paragraph: str, quote: str, **fields) -> Article:
    """Published in Russian with a paragraph and a quote, nothing of it in English yet."""
    article = ArticleFactory(untranslated=True, **fields)
    ParagraphFactory(article=article, position=1, text_ru=paragraph, untranslated=True)
    PlacedQuoteFactory(article=article, position=2, quote__text_ru=quote, untranslated=True)
    return article


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.django.ImageField(filename="photo.jpg", width=1600, height=900, format="JPEG")
    alt_ru = factory.Sequence(lambda n: f"Технопарк, вид с улицы {n}")
    alt_en = factory.Sequence(lambda n: f"The technopark seen from the street {n}")
    caption_ru = "Новый корпус технопарка."
    caption_en = "The technopark's new building."
    credit_ru = "Фото: пресс-служба"
    credit_en = "Photo: press office"

    class Params:
        untranslated = factory.Trait(alt_en="", caption_en="", credit_en="")


class SubheadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = BodyItem.Kind.SUBHEADING
    heading_ru = "Что дальше"
    heading_en = "What comes next"


class ImageBlockFactory(factory.django.DjangoModelFactory):
    """An image from the library shown in an article's body."""

    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = BodyItem.Kind.IMAGE
    image = factory.SubFactory(ImageFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name_ru = factory.Sequence(lambda n: f"Рубрика {n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")
    slug_ru = factory.Sequence(lambda n: f"rubrika-{n}")
    slug_en = factory.Sequence(lambda n: f"section-{n}")

    class Params:
        untranslated = factory.Trait(name_en="", slug_en="")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug_ru = factory.Sequence(lambda n: f"tema-{n}")
    slug_en = factory.Sequence(lambda n: f"topic-{n}")

    class Params:
        untranslated = factory.Trait(name_en="", slug_en="")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name_ru = factory.Sequence(lambda n: f"Анна Смирнова {n}")
    name_en = factory.Sequence(lambda n: f"Anna Smirnova {n}")
    slug_ru = factory.Sequence(lambda n: f"anna-smirnova-{n}")
    slug_en = factory.Sequence(lambda n: f"anna-smirnova-{n}")
    bio_ru = "Пишет о технологиях."
    bio_en = "Writes about technology."

    class Params:
        untranslated = factory.Trait(name_en="", slug_en="", bio_en="")
        desk = factory.Trait(kind=Author.Kind.DESK)


def byline(article: Article, *authors: Author) -> Article:
    """Sign ``article`` by ``authors``, in that order."""
    for position, author in enumerate(authors, start=1):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    return article


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text_ru = "В первой версии статьи была неверно указана дата запуска программы."
    text_en = "An earlier version of this article gave the wrong start date of the programme."

    class Params:
        untranslated = factory.Trait(text_en="")
