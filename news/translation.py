from modeltranslation.translator import TranslationOptions, register

from news.models import Article, BodyItem
from news.taxonomy import Section, Tag


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "lead", "slug", "source_name")
    required_languages = ("ru",)


@register(BodyItem)
class BodyItemTranslationOptions(TranslationOptions):
    fields = ("text", "heading", "caption")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    required_languages = ("ru",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    required_languages = ("ru",)
