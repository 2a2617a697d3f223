from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin


class PortalAdmin(TabbedTranslationAdmin):
    """What every content admin of the portal shares: tabs per language, https links."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
