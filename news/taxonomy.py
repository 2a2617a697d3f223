"""How articles are filed: a section each (a small tree editors keep, two levels at most)
and tags, any number.

Plain models rather than django-taggit: each has a name and a slug per language through
modeltranslation, like every other translated thing, so translators see them with their
status and XLIFF, and their pages have an address in each language.

A section or tag is shown in a language only while it is named in it and files an article
available in it (``TaxonomyQuerySet.available_in``): a list never links to an empty page,
and an English page never shows a Russian name.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.effects import ContentQuerySet
from core.languages import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    TranslatedSlugQuerySet,
    localized_url,
    slug_constraints,
)
from core.models import EditorialModel


class TaxonomyQuerySet(ContentQuerySet, TranslatedSlugQuerySet):
    def articles_in(self, language: str, at=None) -> models.QuerySet:
        """The articles readers see in ``language`` (``ArticleQuerySet.available_in``),
        through the relation ``Article`` declares."""
        article = self.model._meta.get_field("articles").related_model
        return article.objects.available_in(language, at)

    def named_in(self, language: str):
        if language == SOURCE_LANGUAGE:
            return self
        return self.filter(**{f"name_{language}__gt": ""})

    def with_availability(self, at=None):
        """Each annotated with whether it is shown in each language (``available_ru``…),
        so that pages and sitemaps ask ``is_available_in`` without a query each."""
        return self.annotate(
            **{
                f"available_{language}": Exists(
                    self.articles_in(language, at).filter(self.model.files(OuterRef("pk")))
                )
                for language in LANGUAGES
            }
        )

    def available_in(self, language: str, at=None):
        """Named in ``language`` and filing at least one article available in it."""
        return (
            self.named_in(language).with_availability(at).filter(**{f"available_{language}": True})
        )


class Taxon(EditorialModel):
    """A section or a tag: named and addressed in each language."""

    URL_NAME: str

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = TaxonomyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def files(cls, taxon) -> Q:
        """The articles ``taxon`` (one, or a reference to one in a query) lists."""
        raise NotImplementedError

    def get_absolute_url(self) -> str:
        return localized_url(self.URL_NAME, slug=self.slug)

    def is_named_in(self, language: str) -> bool:
        return language == SOURCE_LANGUAGE or bool(getattr(self, f"name_{language}"))

    def is_available_in(self, language: str) -> bool:
        """``TaxonomyQuerySet.available_in`` for one in hand: from its annotation when it
        was read ``with_availability``, else with a query."""
        if not self.is_named_in(language):
            return False
        annotated = getattr(self, f"available_{language}", None)
        if annotated is not None:
            return annotated
        return type(self).objects.available_in(language).filter(pk=self.pk).exists()


class Section(Taxon):
    """A rubric: "Innovation", or under it "Start-ups"."""

    URL_NAME = "news:section"

    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Sections have two levels at most: a section, and sections inside it."),
    )

    class Meta(Taxon.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        permissions = [("translate_section", _("Can translate sections into English"))]
        constraints = [
            *slug_constraints(
                "section",
                russian_taken=_("A section with this Russian slug already exists."),
                english_taken=_("A section with this English slug already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="section_not_its_own_parent",
                violation_error_message=_("A section cannot be part of itself."),
            ),
        ]

    @classmethod
    def files(cls, taxon) -> Q:
        # A section's page lists the articles of the sections inside it too.
        return Q(section=taxon) | Q(section__parent=taxon)

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be part of itself.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Sections have two levels at most: choose a top-level section.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This section has sections inside it, so it stays at the top.")}
            )


class Tag(Taxon):
    """A topic an article is about: a country, a programme, an industry."""

    URL_NAME = "news:tag"

    @classmethod
    def files(cls, taxon) -> Q:
        return Q(tags=taxon)

    class Meta(Taxon.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        permissions = [("translate_tag", _("Can translate tags into English"))]
        constraints = slug_constraints(
            "tag",
            russian_taken=_("A tag with this Russian slug already exists."),
            english_taken=_("A tag with this English slug already exists."),
        )
