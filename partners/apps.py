from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from core.registry import Content, register
        from partners.models import Official, Organisation, Quote
        from partners.search import (
            OFFICIAL_EXCERPT,
            ORGANISATION_EXCERPT,
            QUOTE_EXCERPT,
            official_parts,
            organisation_parts,
            quote_parts,
        )
        from search.kinds import Searchable

        # The articles, through the relation news declares (partners does not import news).
        articles = Quote._meta.get_field("article").related_model.objects

        def organisation_indexed_with(organisation):
            # Its name is in its officials' vectors and in the articles that concern it,
            # and it decides which quotes an English article shows (QUOTE_ATTRIBUTION).
            return [
                *organisation.officials.select_related("organisation"),
                *organisation.articles.all(),
                *articles.filter(quotes__official__organisation=organisation).distinct(),
            ]

        def official_indexed_with(official):
            # Its name is in its quotes' vectors and in the articles that quote it.
            return [
                *official.quotes.select_related("official"),
                *articles.filter(quotes__official=official).distinct(),
            ]

        def quote_indexed_with(quote):
            return articles.filter(pk=quote.article_id)

        register(
            Content(
                Organisation,
                translated=True,
                search=Searchable(
                    "organisation",
                    _("Organisation"),
                    organisation_parts,
                    "partners:organisation",
                    Organisation.objects.available_in,
                    ORGANISATION_EXCERPT,
                ),
                indexed_with=organisation_indexed_with,
                dashboard_prefetch=("translation_records",),
                keeps_old_slugs=True,
            )
        )
        register(
            Content(
                Official,
                translated=True,
                search=Searchable(
                    "official",
                    _("Person"),
                    official_parts,
                    "partners:official",
                    Official.objects.available_in,
                    OFFICIAL_EXCERPT,
                ),
                indexed_with=official_indexed_with,
                dashboard_prefetch=("translation_records",),
                keeps_old_slugs=True,
            )
        )
        register(
            Content(
                Quote,
                translated=True,
                search=Searchable(
                    "quote",
                    _("Quote"),
                    quote_parts,
                    "news:detail",
                    Quote.objects.available_in,
                    QUOTE_EXCERPT,
                ),
                indexed_with=quote_indexed_with,
                # It stands in its article's body, and so in the article's form.
                shown_in=quote_indexed_with,
            )
        )
