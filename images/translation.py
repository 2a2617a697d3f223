from modeltranslation.translator import TranslationOptions, register

from images.models import Image


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption", "credit")
    required_languages = {"ru": ("alt",)}
