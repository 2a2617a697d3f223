"""Keeping the stored search vectors current.

Every save of a record that a vector is made of updates that vector at once, whatever
made the save: the admin, an XLIFF import, the content loader or a restored version.
That is why this listens to Django's model signals instead of being called by each
writer: a writer added later cannot forget it. The update is one SQL statement that
touches only the vectors: not the records' versions, nor their modification times.
"""

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from news.models import Article, ArticleOrganisation, BodyItem
from partners.models import Official, Organisation, Quote
from search.documents import LANGUAGES, PARTS, vector_sql


def reindex(obj) -> None:
    """Rebuild ``obj``'s stored vectors from its text and its relations' names."""
    _write_vectors(obj, PARTS[type(obj)])


def _write_vectors(obj, parts) -> None:
    assignments, params = [], []
    for language in LANGUAGES:
        sql, language_params = vector_sql(parts(obj, language))
        assignments.append(f"{connection.ops.quote_name(f'search_{language}')} = {sql}")
        params += language_params
    table = connection.ops.quote_name(obj._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} WHERE id = %s", [*params, obj.pk]
        )


def rebuild_all(apps) -> None:
    """Every stored vector again, for a migration that changes how they are made.

    ``apps`` is the migration's, so that the rows are read with the columns the tables
    have at that point of the migrations, not with today's models."""
    for model, parts in PARTS.items():
        for obj in apps.get_model(model._meta.label).objects.iterator():
            _write_vectors(obj, parts)


def reindex_all(objects) -> None:
    for obj in objects:
        reindex(obj)


def _article_of(item) -> None:
    reindex_all(Article.objects.filter(pk=item.article_id))


def article_saved(sender, instance, **kwargs):
    reindex(instance)


def body_item_changed(sender, instance, **kwargs):
    _article_of(instance)


def quote_saved(sender, instance, **kwargs):
    reindex(instance)
    _article_of(instance)


def quote_deleted(sender, instance, **kwargs):
    _article_of(instance)


def official_saved(sender, instance, **kwargs):
    # Its name is in its quotes' vectors and in the articles that quote it.
    reindex(instance)
    reindex_all(instance.quotes.select_related("official"))
    reindex_all(Article.objects.filter(quotes__official=instance).distinct())


def organisation_saved(sender, instance, **kwargs):
    # Its name is in its officials' vectors and in the articles that concern it.
    reindex(instance)
    reindex_all(instance.officials.select_related("organisation"))
    reindex_all(instance.articles.all())
    # Its name decides which quotes an English article shows (QUOTE_ATTRIBUTION).
    reindex_all(Article.objects.filter(quotes__official__organisation=instance).distinct())


def article_organisation_changed(sender, instance, **kwargs):
    _article_of(instance)


def organisations_set(sender, instance, action, pk_set, **kwargs):
    """``article.organisations.set()`` and friends, from either side."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Article):
        reindex(instance)
    else:
        reindex_all(Article.objects.filter(pk__in=pk_set or []))


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    post_save.connect(body_item_changed, sender=BodyItem, dispatch_uid="search-body-saved")
    post_delete.connect(body_item_changed, sender=BodyItem, dispatch_uid="search-body-deleted")
    post_save.connect(quote_saved, sender=Quote, dispatch_uid="search-quote-saved")
    post_delete.connect(quote_deleted, sender=Quote, dispatch_uid="search-quote-deleted")
    post_save.connect(official_saved, sender=Official, dispatch_uid="search-official")
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="search-organisation")
    for signal in (post_save, post_delete):
        signal.connect(
            article_organisation_changed,
            sender=ArticleOrganisation,
            dispatch_uid=f"search-article-organisation-{signal is post_save}",
        )
    m2m_changed.connect(
        organisations_set,
        sender=Article.organisations.through,
        dispatch_uid="search-article-organisations",
    )
