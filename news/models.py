"""News articles: written in Russian, translated into English.

Whether a reader may see an article in a language is decided in one place:
``ArticleQuerySet.available_in`` for lists and ``Article.is_available_in`` for one article.
Pages, feeds, sitemaps and search all ask them.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.effects import ContentQuerySet
from core.languages import (
    SOURCE_LANGUAGE,
    TranslatedSlugQuerySet,
    localized_url,
    slug_constraints,
)
from core.models import EditorialModel
from core.rich_text import RichTextField, plain_text
from partners.models import Official, Organisation, Quote, is_attributed_in
from search.models import SearchableModel, search_indexes


class ArticleQuerySet(ContentQuerySet, TranslatedSlugQuerySet):
    def released(self):
        """Marked published by an editor: public from their publication time on."""
        return self.filter(status=Article.Status.PUBLISHED)

    def published(self, at=None):
        """Published, and public already (at ``at``, now by default)."""
        return self.released().filter(published_at__lte=at or timezone.now())

    def scheduled(self, at=None):
        """Published, and to go public after ``at`` (now by default)."""
        return self.released().filter(published_at__gt=at or timezone.now())

    def available_in(self, language: str, at=None):
        """Published, and in ``language`` either the original or a translation marked ready."""
        articles = self.published(at)
        if language != SOURCE_LANGUAGE:
            articles = articles.filter(english_ready=True)
        return articles

    def with_partners(self):
        """Fetch the lead image, the organisations and the body with each quote's official
        and organisation, in a fixed number of queries however long the article is."""
        return self.select_related("lead_image").prefetch_related(
            Prefetch(
                "body",
                queryset=BodyItem.objects.select_related("quote__official__organisation").order_by(
                    "position"
                ),
            ),
            "organisations",
        )


# What an article's translation status reads, to prefetch when listing many articles.
TRANSLATION_PREFETCH = (
    "translation_records",
    "body__translation_records",
    "body__quote__translation_records",
    "organisations__translation_records",
    "body__quote__official__translation_records",
    "body__quote__official__organisation__translation_records",
)


# The English an article cannot be ready without, besides its body: the database's
# constraint and the admin's checks are both made from it.
REQUIRED_ENGLISH = ("headline", "lead", "source_name")


class Article(SearchableModel, EditorialModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    headline = models.CharField(_("headline"), max_length=300)
    lead = models.TextField(_("lead"))
    slug = models.SlugField(_("slug"), max_length=255)
    source_name = models.CharField(_("source"), max_length=255)
    source_url = models.URLField(_("source URL"))
    # PROTECT: an image that leads an article leaves the library only once no article
    # shows it; the admin names the articles in the way.
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("lead image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_articles",
        help_text=_("Shown at the top of the article and on the cards that share it."),
    )
    organisations = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisations"),
        through="ArticleOrganisation",
        related_name="articles",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    english_ready = models.BooleanField(
        _("English version ready"),
        default=False,
        help_text=_("Only then is the article shown to English readers."),
    )

    translation_records = GenericRelation("translations.FieldTranslation")

    objects = ArticleQuerySet.as_manager()

    class PublicationState(models.TextChoices):
        """What an editor needs to know at a glance (``publication_state``)."""

        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")

    REQUIRED_ENGLISH = REQUIRED_ENGLISH

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("translate_article", _("Can translate articles into English"))]
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            *search_indexes("article"),
        ]
        constraints = [
            *slug_constraints(
                "article",
                russian_taken=_("An article with this Russian slug already exists."),
                english_taken=_("An article with this English slug already exists."),
            ),
            models.CheckConstraint(
                condition=Q(headline_ru__gt="") & Q(lead_ru__gt="") & Q(slug_ru__gt=""),
                name="article_russian_required",
                violation_error_message=_("The Russian headline, lead and slug are required."),
            ),
            models.CheckConstraint(
                condition=Q(english_ready=False)
                | Q(*(Q(**{f"{field}_en__gt": ""}) for field in REQUIRED_ENGLISH)),
                name="article_english_ready_is_complete",
                violation_error_message=_(
                    "A ready English version needs its headline, lead and source."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return localized_url("news:detail", slug=self.slug)

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_translated_into(self, language: str) -> bool:
        """Whether its text is ready in ``language``, published or not (previews ask this)."""
        return language == SOURCE_LANGUAGE or self.english_ready

    def is_available_in(self, language: str) -> bool:
        """The one rule of ``ArticleQuerySet.available_in``, for an article in hand."""
        return self.is_published() and self.is_translated_into(language)

    @classmethod
    def translation_part_models(cls) -> list[tuple[type[models.Model], str]]:
        """What a translator translates with an article, and the lookup linking it back:
        its paragraphs and quotes, and the partners it names (``named_partners``)."""
        return [
            (BodyItem, "article"),
            (Quote, "article"),
            (Organisation, "articles"),
            (Official, "quotes__article"),
            (Organisation, "officials__quotes__article"),
        ]

    def body_in(self, language: str) -> list["BodyItem"]:
        """The body as it reads in ``language``: a paragraph or quote not yet translated is
        left out of a translation, which reads as it did when it was made."""
        return [item for item in self.body.all() if item.reads_in(language)]

    def organisations_in(self, language: str) -> list["Organisation"]:
        """The organisations it concerns that have a name in ``language``."""
        return [org for org in self.organisations.all() if org.is_available_in(language)]

    def body_parts(self) -> list[models.Model]:
        """Its paragraphs and quotes, in reading order (from the body, as pages load it)."""
        return [item.quote if item.quote_id else item for item in self.body.all()]

    def named_partners(self) -> list[models.Model]:
        """Every organisation and official its page names: the organisations it concerns,
        and each quoted official with their organisation."""
        partners = list(self.organisations.all())
        for item in self.body.all():
            if item.quote_id:
                partners += [item.quote.official, item.quote.official.organisation]
        return list(dict.fromkeys(partners))

    def translation_parts(self) -> list[models.Model]:
        """What its English needs besides its own fields: the body and the partners named.
        An English version cannot be ready while any of them has English missing."""
        return [*self.body_parts(), *self.named_partners()]

    @property
    def publication_state(self) -> "Article.PublicationState":
        if self.status == self.Status.DRAFT:
            return self.PublicationState.DRAFT
        if self.is_published():
            return self.PublicationState.PUBLISHED
        return self.PublicationState.SCHEDULED

    @classmethod
    def english_missing(cls, values) -> list[str]:
        """Those of ``REQUIRED_ENGLISH`` that ``values`` (field name to value, as a form
        cleans them) leave empty, named as the form names them."""
        return [
            str(cls._meta.get_field(f"{field}_en").verbose_name)
            for field in cls.REQUIRED_ENGLISH
            if not values.get(f"{field}_en")
        ]

    def clean(self) -> None:
        super().clean()
        if self.published_at and timezone.is_naive(self.published_at):
            raise ValidationError(
                {"published_at": _("Give the publication date with its time zone.")}
            )


class ArticleOrganisation(models.Model):
    """An organisation an article concerns. An organisation in use cannot be deleted."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT)

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation in the article")
        verbose_name_plural = _("organisations in the article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation"], name="article_organisation_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class BodyItem(models.Model):
    """One step of an article's body: a paragraph of text, or one of the article's quotes."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="body"
    )
    position = models.PositiveIntegerField(pgettext_lazy("place in a sequence", "position"))
    # Rich text (``core.rich_text``); a placed quote's text is plain, in ``partners.Quote``.
    text = RichTextField(_("paragraph"), blank=True)
    quote = models.OneToOneField(
        "partners.Quote",
        verbose_name=_("quote"),
        # RESTRICT, not PROTECT: a placed quote cannot be deleted on its own, but it may go
        # together with its article.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="placement",
    )
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("body item")
        verbose_name_plural = _("body")
        permissions = [("translate_bodyitem", _("Can translate paragraphs into English"))]
        ordering = ["article", "position"]
        constraints = [
            # Deferred, so that reordering can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["article", "position"],
                name="body_item_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=(Q(quote__isnull=True) & Q(text_ru__gt=""))
                | (
                    Q(quote__isnull=False)
                    & (Q(text_ru__isnull=True) | Q(text_ru=""))
                    & (Q(text_en__isnull=True) | Q(text_en=""))
                ),
                name="body_item_paragraph_or_quote",
                violation_error_message=_("A body item is either a paragraph or a quote."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.quote) if self.quote_id else plain_text(self.text)[:60]

    @property
    def is_quote(self) -> bool:
        return self.quote_id is not None

    def reads_in(self, language: str) -> bool:
        return reads_in(self, language)

    def clean(self) -> None:
        super().clean()
        if self.quote_id and self.article_id and self.quote.article_id != self.article_id:
            raise ValidationError(
                {"quote": _("A quote can only be placed in the article it belongs to.")}
            )


def reads_in(item, language: str) -> bool:
    """Whether a body item can be shown in ``language``: its text is written in it and, for
    a quote, the names of who said it (an English page never shows a Russian name). Plain
    fields only, so that a migration's historical models can ask it too."""
    if not item.quote_id:
        return bool(getattr(item, f"text_{language}"))
    return bool(getattr(item.quote, f"text_{language}")) and is_attributed_in(item.quote, language)
