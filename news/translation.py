from modeltranslation.translator import TranslationOptions, register

from news.models import Article, BodyItem


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "lead", "slug", "source_name")
    required_languages = ("ru",)


@register(BodyItem)
class BodyItemTranslationOptions(TranslationOptions):
    fields = ("text", "heading", "caption")
