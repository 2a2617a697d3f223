from modeltranslation.translator import TranslationOptions, register

from partners.models import Official, Organisation, Quote


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "slug", "description")
    required_languages = {"ru": ("name", "slug")}


@register(Official)
class OfficialTranslationOptions(TranslationOptions):
    fields = ("full_name", "slug", "position")
    required_languages = ("ru",)


@register(Quote)
class QuoteTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ru",)
