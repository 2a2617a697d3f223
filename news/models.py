"""News articles: written in Russian, translated into English.

Whether a reader may see an article in a language is decided in one place:
``ArticleQuerySet.available_in`` for lists and ``Article.is_available_in`` for one article.
Pages, feeds, sitemaps and search all ask them.
"""

from datetime import datetime
from functools import lru_cache

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import JSONObject
from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext_lazy
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
from core.rich_text import RichTextField, plain_text
from images.models import Image
from news.taxonomy import Section, Tag
from partners.models import Official, Organisation, Quote, is_attributed_in
from search.models import SearchableModel, search_indexes

# How many related articles an article's page shows.
RELATED_LIMIT = 4


class NowWhenRun(models.Expression):
    """This process's time when the query is run, not when it was written: a queryset
    built once and run many times (``Article.objects.for_page_in``) asks the clock each
    time. Python's clock, as ``is_published`` reads it, not the database's."""

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [connection.ops.adapt_datetimefield_value(timezone.now())]


class ArticleQuerySet(ContentQuerySet, TranslatedSlugQuerySet):
    def released(self):
        """Marked published by an editor: public from their publication time on."""
        return self.filter(status=Article.Status.PUBLISHED)

    def published(self, at=None):
        """Published, and public already (at ``at``, else when the query runs)."""
        return self.released().filter(published_at__lte=at or NowWhenRun())

    def scheduled(self, at=None):
        """Published, and to go public after ``at`` (else when the query runs)."""
        return self.released().filter(published_at__gt=at or NowWhenRun())

    def available_in(self, language: str, at=None):
        """Published, and in ``language`` either the original or a translation marked ready."""
        articles = self.published(at)
        if language != SOURCE_LANGUAGE:
            articles = articles.filter(english_ready=True)
        return articles

    def with_partners(self):
        """Fetch the lead image, the organisations and the body with each quote's official
        and organisation, in a fixed number of queries however long the article is."""
        return (
            self.select_related("lead_image")
            .prefetch_related(
                Prefetch(
                    "body",
                    queryset=BodyItem.objects.select_related(
                        "quote__official__organisation", "image"
                    ).order_by("position"),
                ),
                "organisations",
            )
            .with_bylines()
        )

    def with_taxonomy(self):
        """Fetch the section, and the tags in a column of the article's own row (read by
        ``filed_tags``): an article's page spends no query of its own on them."""
        # Through the relation's own rows, which modeltranslation leaves alone (see
        # ``with_related``).
        tags = (
            Article.tags.through.objects.filter(article=OuterRef("pk"))
            .order_by("tag__name_ru")
            .values(row=JSONObject(**{field: f"tag__{field}" for field in TAG_FIELDS}))
        )
        return self.select_related("section__parent").annotate(tag_rows=ArraySubquery(tags))

    def for_page(self):
        """All that an article's page shows: its partners and body, its byline and its
        corrections, in a fixed number of queries."""
        return self.with_partners().with_taxonomy().with_corrections()

    def for_page_in(self, language: str):
        """The published articles with all that an article's page shows to a reader in
        ``language`` (``for_page``, ``with_related``), to filter further."""
        if self.query.has_filters():
            return self.published().for_page().with_related(language)
        return _article_pages_in(language).all()

    def with_corrections(self):
        """Each article's corrections, oldest first, read in the article's own query, as
        its byline is: ``Article.correction_list`` makes them from it."""
        fields = {f"text_{code}": f"text_{code}" for code in LANGUAGES}
        # A plain queryset: modeltranslation's would add the language fields to values().
        corrections = (
            models.QuerySet(Correction)
            .filter(article=OuterRef("pk"))
            .order_by("date", "pk")
            .values(data=JSONObject(id="id", article_id="article_id", date="date", **fields))
        )
        return self.annotate(corrections_data=ArraySubquery(corrections))

    def with_bylines(self):
        """Each article's authors, read in the article's own query (an article's page has
        no query to spare): ``Article.byline`` makes them from it."""
        bylines = (
            ArticleAuthor.objects.filter(article=OuterRef("pk"))
            .order_by("position", "pk")
            .values(data=JSONObject(id="author_id", **{f: f"author__{f}" for f in BYLINE_FIELDS}))
        )
        return self.annotate(byline_data=ArraySubquery(bylines))

    def in_month(self, year: int, month: int | None = None):
        """Published in ``year`` (and ``month``), in Moscow time as the dates are shown."""
        articles = self.filter(published_at__year=year)
        return articles.filter(published_at__month=month) if month else articles

    def with_related(self, language: str, *, limit: int = RELATED_LIMIT):
        """Each with the articles nearest to it available in ``language`` (``related``),
        as rows of a column of its own, ``related_<language>`` (read by
        ``Article.related_in``): an article's page spends no query of its own on them."""
        # Annotated, then named: modeltranslation's ``values()`` adds every field when
        # given none by name, and an array is made of one column.
        related = (
            Article.objects.related(language)
            .annotate(row=JSONObject(**{field: field for field in RELATED_FIELDS}))
            .values("row")[:limit]
        )
        return self.annotate(**{f"related_{language}": ArraySubquery(related)})

    def related(self, language: str):
        """The articles available in ``language`` nearest to the article of the query this
        one is a subquery of: those sharing most of its tags, then of the organisations it
        concerns, then its section; the newest first among equals."""
        # Each shared tag or organisation is a row of the relation whose other end the
        # outer article files too; from there the outer article is two queries out.
        outer_article = OuterRef(OuterRef("pk"))
        shared_tags = Article.tags.through.objects.filter(
            article=OuterRef("pk"), tag__articles=outer_article
        )
        shared_organisations = ArticleOrganisation.objects.filter(
            article=OuterRef("pk"), organisation__articles=outer_article
        )
        relatedness = (
            _Count(shared_tags) * 3
            + _Count(shared_organisations) * 2
            + Case(When(section_id=OuterRef("section_id"), then=1), default=0)
        )
        return (
            self.available_in(language)
            .exclude(pk=OuterRef("pk"))
            .annotate(relatedness=relatedness)
            .filter(relatedness__gt=0)
            .order_by("-relatedness", "-published_at", "-pk")
        )


@lru_cache(maxsize=len(LANGUAGES))
def _article_pages_in(language: str) -> ArticleQuerySet:
    """``ArticleQuerySet.for_page_in``'s query, written once per language: writing it (its
    subqueries of related articles, bylines, tags and corrections, each field rewritten by
    modeltranslation) cost more CPU than the rest of the page's queries together, and
    nothing in it changes while the process runs but the time, which ``NowWhenRun`` reads
    when it runs. Never evaluated itself: callers get a copy (``.all()``)."""
    with translation.override(language):  # modeltranslation rewrites in the active one
        return Article.objects.published().for_page().with_related(language)


# What a page shows of a related article: its headline and address in every language,
# and its date.
RELATED_FIELDS = (
    "id",
    "published_at",
    *(f"{field}_{code}" for field in ("headline", "slug") for code in LANGUAGES),
)


class _Count(Subquery):
    """How many rows a subquery finds."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


# What a page shows of a tag: enough to name it and link to it in every language.
TAG_FIELDS = ("id", *(f"{field}_{code}" for field in ("name", "slug") for code in LANGUAGES))
# What a byline shows of each author: their kind, and their name and address in each
# language.
BYLINE_FIELDS = ("kind", *(f"{field}_{code}" for field in ("name", "slug") for code in LANGUAGES))


# What an article's translation status reads, to prefetch when listing many articles.
TRANSLATION_PREFETCH = (
    "translation_records",
    "body__translation_records",
    "body__quote__translation_records",
    "organisations__translation_records",
    "body__quote__official__translation_records",
    "body__quote__official__organisation__translation_records",
    "lead_image__translation_records",
    "body__image__translation_records",
    "corrections__translation_records",
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
    # How it is filed (``news.taxonomy``). PROTECT: a section in use is emptied first.
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="articles", blank=True)

    # Bylines, updates and search engines (issue #20).
    authors = models.ManyToManyField(
        "Author",
        verbose_name=_("authors"),
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    # Set when its text changes after publication (``news.updates``), never by hand.
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True, editable=False)
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=300,
        blank=True,
        help_text=_("The page's title in search results and shares. Empty: the headline."),
    )
    seo_description = models.TextField(
        _("description for search engines"),
        blank=True,
        help_text=_("The snippet under the title in search results. Empty: the lead."),
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
        its body, the images it shows and the partners it names (``named_partners``)."""
        return [
            (BodyItem, "article"),
            (Quote, "article"),
            (Image, "led_articles"),
            (Image, "body_blocks__article"),
            (Organisation, "articles"),
            (Official, "quotes__article"),
            (Organisation, "officials__quotes__article"),
            (Correction, "article"),
        ]

    def body_in(self, language: str) -> list["BodyItem"]:
        """The body as it reads in ``language``: a paragraph or quote not yet translated is
        left out of a translation, which reads as it did when it was made."""
        return [item for item in self.body.all() if item.reads_in(language)]

    def section_in(self, language: str) -> Section | None:
        """Its section, when named in ``language`` (the article itself being shown in it,
        the section's page lists something there)."""
        return self.section if self.section and self.section.is_named_in(language) else None

    def filed_tags(self) -> list[Tag]:
        """Its tags, from the column ``with_taxonomy`` reads when it did."""
        if hasattr(self, "tag_rows"):
            return [Tag(**row) for row in self.tag_rows]
        return list(self.tags.all())

    def related_in(self, language: str) -> list["Article"]:
        """The articles nearest to it available in ``language`` (``ArticleQuerySet.related``),
        from the column ``with_related`` reads when it did, else with a query."""
        column = f"related_{language}"
        if not hasattr(self, column):
            related = Article.objects.filter(pk=self.pk).with_related(language)
            setattr(self, column, related.values_list(column, flat=True).get())
        return [
            Article(**{**row, "published_at": datetime.fromisoformat(row["published_at"])})
            for row in getattr(self, column)
        ]

    def tags_in(self, language: str) -> list[Tag]:
        """Its tags named in ``language``."""
        return [tag for tag in self.filed_tags() if tag.is_named_in(language)]

    def organisations_in(self, language: str) -> list["Organisation"]:
        """The organisations it concerns that have a name in ``language``."""
        return [org for org in self.organisations.all() if org.is_available_in(language)]

    def body_parts(self) -> list[models.Model]:
        """Its blocks as translators translate them, in reading order (from the body, as
        pages load it): a quote's text is the quote's, anything else the block's own."""
        return [item.quote if item.is_quote else item for item in self.body.all()]

    def images(self) -> list["Image"]:
        """The lead image and the body's images, each once."""
        images = [self.lead_image] if self.lead_image_id else []
        images += [item.image for item in self.body.all() if item.image_id]
        return list(dict.fromkeys(images))

    def named_partners(self) -> list[models.Model]:
        """Every organisation and official its page names: the organisations it concerns,
        and each quoted official with their organisation."""
        partners = list(self.organisations.all())
        for item in self.body.all():
            if item.is_quote:
                partners += [item.quote.official, item.quote.official.organisation]
        return list(dict.fromkeys(partners))

    def translation_parts(self) -> list[models.Model]:
        """What its English needs besides its own fields: the body, the images and the
        partners named."""
        return [
            *self.body_parts(),
            *self.images(),
            *self.named_partners(),
            *self.correction_list(),
        ]

    def correction_list(self) -> list["Correction"]:
        """Its corrections, oldest first: from ``ArticleQuerySet.with_corrections`` when it
        was read so, else asked (or prefetched)."""
        data = getattr(self, "corrections_data", None)
        if data is None:
            return list(self.corrections.all())
        return [
            Correction(**{**entry, "date": datetime.fromisoformat(entry["date"])}) for entry in data
        ]

    def byline(self) -> list["Author"]:
        """Its authors in the byline's order: from ``ArticleQuerySet.with_bylines`` when
        it was read so, else asked."""
        data = getattr(self, "byline_data", None)
        if data is None:
            return [line.author for line in self.bylines.select_related("author")]
        return [Author(**author) for author in data]

    def authors_in(self, language: str) -> list["Author"]:
        """Its byline in ``language``: the authors named in it."""
        return [author for author in self.byline() if author.is_named_in(language)]

    @property
    def last_updated(self):
        """When its text last changed for readers: its update, else its publication."""
        return self.updated_at or self.published_at

    def page_title(self, language: str) -> str:
        """The title search engines and shares show in ``language``: the editor's, else
        the headline."""
        return getattr(self, f"seo_title_{language}") or getattr(self, f"headline_{language}")

    def page_description(self, language: str) -> str:
        return getattr(self, f"seo_description_{language}") or getattr(self, f"lead_{language}")

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


def _empty(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def _no_text(*fields: str) -> Q:
    """None of ``fields`` holds text, in any language."""
    condition = Q()
    for field in fields:
        condition &= _empty(f"{field}_ru") & _empty(f"{field}_en")
    return condition


class BodyItem(models.Model):
    """One block of an article's body: a paragraph, a subheading, one of the article's
    quotes or an image from the library. Each kind holds its own fields and no other's
    (the database checks it)."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        SUBHEADING = "subheading", _("Subheading")
        QUOTE = "quote", _("Quote")
        IMAGE = "image", _("Image")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="body"
    )
    position = models.PositiveIntegerField(pgettext_lazy("place in a sequence", "position"))
    kind = models.CharField(
        pgettext_lazy("of a body block", "kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.PARAGRAPH,
    )
    # Rich text (``core.rich_text``); a placed quote's text is plain, in ``partners.Quote``.
    text = RichTextField(_("paragraph"), blank=True)
    heading = models.CharField(_("subheading"), max_length=300, blank=True)
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
    # PROTECT: an image shown in an article leaves the library only once no article shows it.
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_blocks",
    )
    caption = models.CharField(
        _("caption in this article"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to show the image's own caption."),
    )
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("body block")
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
                condition=(
                    Q(kind="paragraph", text_ru__gt="", quote__isnull=True, image__isnull=True)
                    & _no_text("heading", "caption")
                )
                | (
                    Q(kind="subheading", heading_ru__gt="", quote__isnull=True)
                    & Q(image__isnull=True)
                    & _no_text("text", "caption")
                )
                | (
                    Q(kind="quote", quote__isnull=False, image__isnull=True)
                    & _no_text("text", "heading", "caption")
                )
                | (
                    Q(kind="image", image__isnull=False, quote__isnull=True)
                    & _no_text("text", "heading")
                ),
                name="body_item_holds_its_kind",
                violation_error_message=_(
                    "A body block holds the fields of its kind and no other's."
                ),
            ),
        ]

    # The fields each kind holds (the constraint above says it to the database).
    KIND_FIELDS = {
        Kind.PARAGRAPH: ("text",),
        Kind.SUBHEADING: ("heading",),
        Kind.QUOTE: ("quote",),
        Kind.IMAGE: ("image", "caption"),
    }

    def __str__(self) -> str:
        if self.kind == self.Kind.QUOTE:
            return str(self.quote)
        if self.kind == self.Kind.IMAGE:
            return str(self.image)
        return plain_text(self.text) if self.kind == self.Kind.PARAGRAPH else self.heading

    def keep_only_its_kind(self) -> None:
        """Empty the fields of every other kind: what a block turned into another kind
        held before is no longer shown, so it is not kept either."""
        for kind, fields in self.KIND_FIELDS.items():
            for name in fields if kind != self.kind else ():
                if name in ("quote", "image"):
                    setattr(self, name, None)
                else:
                    for language in ("ru", "en"):
                        setattr(self, f"{name}_{language}", "")

    @property
    def is_quote(self) -> bool:
        return self.kind == self.Kind.QUOTE

    def reads_in(self, language: str) -> bool:
        return reads_in(self, language)

    def translated_text(self) -> tuple[models.Model, str] | None:
        """What a translator translates in this block, as (the record, its field): a
        quote's text is the quote's; an image's own texts are the library's, so the block
        has only a caption of its own, if it was given one."""
        if self.kind == self.Kind.QUOTE:
            return self.quote, "text"
        if self.kind == self.Kind.IMAGE:
            return (self, "caption") if self.caption_ru else None
        return self, "heading" if self.kind == self.Kind.SUBHEADING else "text"

    @property
    def shown_caption(self) -> str:
        """The caption an image block shows in the page's language: its own for this
        article when it was given one (none while that is untranslated), else the image's."""
        language = get_language()
        if self.caption_ru:
            return getattr(self, f"caption_{language}") or ""
        return self.image.text_in("caption", language)

    def clean(self) -> None:
        super().clean()
        if self.quote_id and self.article_id and self.quote.article_id != self.article_id:
            raise ValidationError(
                {"quote": _("A quote can only be placed in the article it belongs to.")}
            )


def reads_in(item, language: str) -> bool:
    """Whether a body block can be shown in ``language``: its text is written in it (for an
    image, its alt text) and, for a quote, the names of who said it (an English page never
    shows a Russian name). Plain fields only, so that a migration's historical models can
    ask it too."""
    if item.kind == "quote":
        quote = item.quote
        return bool(getattr(quote, f"text_{language}")) and is_attributed_in(quote, language)
    if item.kind == "image":  # an image is shown once it can be described in the language
        return bool(getattr(item.image, f"alt_{language}"))
    field = "heading" if item.kind == "subheading" else "text"
    return bool(getattr(item, f"{field}_{language}"))


# Bylines, updates and corrections (issue #20): who wrote an article, and what changed in
# it after readers first saw it.


class AuthorQuerySet(ContentQuerySet, TranslatedSlugQuerySet):
    def available_in(self, language: str, at=None):
        """Authors readers find in ``language``: named in it, with an article available in
        it (``ArticleQuerySet.available_in``). One with nothing to read has no page."""
        authors = self.filter(
            Exists(
                ArticleAuthor.objects.filter(
                    author=OuterRef("pk"), article__in=Article.objects.available_in(language, at)
                )
            )
        )
        if language != SOURCE_LANGUAGE:
            authors = authors.filter(**{f"name_{language}__gt": ""})
        return authors

    def with_availability(self):
        """Each author with ``available_<language>`` for every language, so that their
        alternates and sitemap entries need no query of their own."""
        return self.annotate(
            **{
                f"available_{language}": Exists(
                    Author.objects.available_in(language).filter(pk=OuterRef("pk"))
                )
                for language in LANGUAGES
            }
        )


class Author(EditorialModel):
    """Who an article is by: a person, or a desk of the newsroom signing as one."""

    URL_NAME = "news:author"

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        DESK = "desk", _("desk")

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PERSON)
    bio = models.TextField(_("short bio"), blank=True)
    # SET_NULL: a photo deleted from the library leaves its author without one.
    photo = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authors",
    )
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        permissions = [("translate_author", _("Can translate authors into English"))]
        ordering = ["name"]
        constraints = [
            *slug_constraints(
                "author",
                russian_taken=_("An author with this Russian slug already exists."),
                english_taken=_("An author with this English slug already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return localized_url(self.URL_NAME, slug=self.slug)

    @classmethod
    def files(cls, author) -> Q:
        """The articles ``author`` (one, or a reference to one in a query) signs."""
        return Q(bylines__author=author)

    @property
    def is_desk(self) -> bool:
        return self.kind == self.Kind.DESK

    def is_named_in(self, language: str) -> bool:
        return language == SOURCE_LANGUAGE or bool(getattr(self, f"name_{language}"))

    def is_available_in(self, language: str) -> bool:
        """``AuthorQuerySet.available_in`` for an author in hand: read from
        ``with_availability`` when it was annotated, else asked."""
        annotated = getattr(self, f"available_{language}", None)
        if annotated is not None:
            return annotated
        return Author.objects.available_in(language).filter(pk=self.pk).exists()


class ArticleAuthor(models.Model):
    """An author in an article's byline, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    # PROTECT: an author named in a byline is not deleted from under the article.
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveIntegerField(
        pgettext_lazy("place in a sequence", "position"), default=0
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("author of the article")
        verbose_name_plural = _("authors of the article")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_unique"),
        ]

    def __str__(self) -> str:
        return str(self.author)


class Correction(EditorialModel):
    """A note that the article was corrected after publication: what was wrong, and when."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("correction"))
    date = models.DateTimeField(_("date"), default=timezone.now)
    translation_records = GenericRelation("translations.FieldTranslation")

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        permissions = [("translate_correction", _("Can translate corrections into English"))]
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(text_ru__gt=""),
                name="correction_russian_required",
                violation_error_message=_("The Russian text of a correction is required."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_untranslated(self) -> bool:
        """Not written in the page's language (which then shows the Russian)."""
        return not getattr(self, f"text_{get_language()}")
