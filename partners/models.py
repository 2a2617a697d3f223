"""Who the news is about: organisations, their officials and what the officials said.

Every human-readable field is translated (``partners/translation.py``): even proper names,
whose spelling differs by script (Сергунина / Sergunina).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.effects import ContentQuerySet
from core.languages import (
    SOURCE_LANGUAGE,
    TranslatedSlugQuerySet,
    localized_url,
    slug_constraints,
)
from core.models import EditorialModel
from search.models import SearchableModel, search_indexes


def articles_available_in(language: str, at=None) -> models.QuerySet:
    """The articles readers see in ``language`` (``ArticleQuerySet.available_in``), reached
    through the relation ``news`` declares: ``news`` imports ``partners``, not the other
    way round."""
    article = Quote._meta.get_field("article").related_model
    return article.objects.available_in(language, at)


class PartnerQuerySet(ContentQuerySet, TranslatedSlugQuerySet):
    def available_in(self, language: str, at=None):
        """Partners shown in ``language``: those whose name is written in it (at any time:
        ``at`` is there for the search, which asks every kind of result at one time)."""
        if language == SOURCE_LANGUAGE:
            return self
        return self.filter(**{f"{self.model.NAME_FIELD}_{language}__gt": ""})


class Partner(SearchableModel, EditorialModel):
    """An organisation or a person: named in each language, and natively."""

    NAME_FIELD: str  # the name that makes it available in a language once written in it

    native_language = models.CharField(
        _("language of that name"),
        max_length=8,
        blank=True,
        help_text=_("Its language code, e.g. ko for Korean."),
    )
    slug = models.SlugField(_("slug"), max_length=255)
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = PartnerQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = search_indexes("%(class)s")  # organisation_search_ru, official_search_ru…

    def __str__(self) -> str:
        return getattr(self, self.NAME_FIELD)

    def is_available_in(self, language: str) -> bool:
        """``PartnerQuerySet.available_in`` for a partner in hand."""
        return language == SOURCE_LANGUAGE or bool(getattr(self, f"{self.NAME_FIELD}_{language}"))

    def get_absolute_url(self) -> str:
        return localized_url(f"partners:{self._meta.model_name}", slug=self.slug)


class Organisation(Partner):
    NAME_FIELD = "name"

    class Kind(models.TextChoices):
        CITY_GOVERNMENT = "city_government", _("city government")
        DEPARTMENT = "department", _("department")
        ASSOCIATION = "association", _("association")
        PROGRAMME = "programme", _("programme")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    native_name = models.CharField(
        _("name in its own language"),
        max_length=255,
        blank=True,
        help_text=_("As the organisation writes it, e.g. in Korean."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    country = CountryField(_("country"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta(Partner.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("translate_organisation", _("Can translate organisations into English"))]
        ordering = ["name"]
        constraints = [
            *slug_constraints(
                "organisation",
                russian_taken=_("An organisation with this Russian slug already exists."),
                english_taken=_("An organisation with this English slug already exists."),
            ),
        ]


class Official(Partner):
    NAME_FIELD = "full_name"

    full_name = models.CharField(_("full name"), max_length=255)
    native_name = models.CharField(
        _("name in its own script"),
        max_length=255,
        blank=True,
        help_text=_("As the person writes it, e.g. in Korean."),
    )
    position = models.CharField(_("position"), max_length=255)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="officials",
    )

    class Meta(Partner.Meta):
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        permissions = [("translate_official", _("Can translate officials into English"))]
        ordering = ["full_name"]
        constraints = [
            *slug_constraints(
                "official",
                russian_taken=_("An official with this Russian slug already exists."),
                english_taken=_("An official with this English slug already exists."),
            ),
        ]


# What a page shows of who said a quote. In a language where any of it is not written,
# the quote is left out (an English page never shows a Russian name).
QUOTE_ATTRIBUTION = ("official.full_name", "official.position", "official.organisation.name")


class QuoteQuerySet(ContentQuerySet):
    def available_in(self, language: str, at=None):
        """Quotes readers find in ``language``: in an article available in it, and
        attributed in it."""
        return self.filter(article__in=articles_available_in(language, at)).attributed_in(language)

    def attributed_in(self, language: str):
        """Quotes whose official, position and organisation are written in ``language``."""
        if language == SOURCE_LANGUAGE:
            return self
        return self.filter(
            **{f"{path.replace('.', '__')}_{language}__gt": "" for path in QUOTE_ATTRIBUTION}
        )


class Quote(SearchableModel, EditorialModel):
    """Words of an official as an article quotes them.

    An article places its quotes in its body (``news.BodyItem``); a quote belongs to the
    article it appeared in and goes when that article goes.
    """

    text = models.TextField(_("text"))
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, related_name="quotes"
    )
    article = models.ForeignKey(
        "news.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="quotes"
    )
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        permissions = [("translate_quote", _("Can translate quotes into English"))]
        ordering = ["article", "pk"]
        indexes = search_indexes("quote")
        constraints = [
            # The target of the body's composite foreign key (quote, article): a quote can
            # only be placed in the article it belongs to.
            models.UniqueConstraint(fields=["id", "article"], name="quote_id_article_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.official}: {self.text[:60]}"


def is_attributed_in(quote, language: str) -> bool:
    """``QuoteQuerySet.attributed_in`` for a quote in hand (plain fields only, so that a
    migration's historical models can ask it too)."""
    if language == SOURCE_LANGUAGE:
        return True
    for path in QUOTE_ATTRIBUTION:
        *objects, field = path.split(".")
        obj = quote
        for name in objects:
            obj = getattr(obj, name)
        if not getattr(obj, f"{field}_{language}"):
            return False
    return True
