from modeltranslation.translator import TranslationOptions, register

from news.models import Article, Author, BodyItem, Correction
from news.taxonomy import Section, Tag


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "lead", "slug", "source_name", "seo_title", "seo_description")
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


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "bio")
    required_languages = {"ru": ("name", "slug")}


@register(Correction)
class CorrectionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ru",)
