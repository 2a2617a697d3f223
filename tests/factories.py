"""factory_boy factories: every object complete in Russian and English unless told."""

import factory
from django.utils import timezone

from news.models import Article, BodyItem
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


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    text_ru = "«Это важный шаг», — сказал он."
    text_en = "“This is an important step,” he said."
    official = factory.SubFactory(OfficialFactory)
    article = factory.SubFactory(ArticleFactory)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_ru = "Абзац текста новости."
    text_en = "A paragraph of the news."


class PlacedQuoteFactory(factory.django.DjangoModelFactory):
    """A quote placed in its article's body."""

    class Meta:
        model = BodyItem

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)
    quote = factory.SubFactory(QuoteFactory, article=factory.SelfAttribute("..article"))
