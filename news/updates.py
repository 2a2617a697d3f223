"""When an article counts as updated: its text changed after readers first saw it.

The one home of the rule. ``Article.updated_at`` is set when, while the article is public,
a save changes what it says: its headline or lead, or the text of its body (a paragraph,
a subheading, a caption, a quoted official's words, a block added or removed), in either
language. Not while it is being published: a change in the minute it went public (its
body saved with it in the admin's form, the content loader) is part of its first version.
Not a save that changes nothing of it (its status, its date, the order of its blocks, the
same text saved again), nothing while it is a draft or scheduled, and not the first
English written where there was none: a translation being made is not a change of what
was published.

Signals, as ``core.effects``, so that every writer follows it: the admin and its inlines,
``news.services.save_body_item``, the XLIFF import, a restored version, the shell.
"""

from django.db import models
from django.db.models import DateTimeField, Func
from django.db.models.signals import post_delete, pre_save
from django.utils import timezone

from core.languages import LANGUAGES, SOURCE_LANGUAGE
from news.models import Article, BodyItem
from partners.models import Quote

# The text readers read, per model.
TEXT_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Article: ("headline", "lead"),
    BodyItem: ("text", "heading", "caption"),
    Quote: ("text",),
}


def text_columns(model: type[models.Model]) -> list[str]:
    """The columns of ``model`` that hold the text readers read, in every language."""
    return [f"{field}_{language}" for field in TEXT_FIELDS[model] for language in LANGUAGES]


def changes_text(
    record: models.Model, stored: dict | None, *, first_translation_counts: bool = False
) -> bool:
    """Whether ``record`` as it is about to be saved says something else than ``stored``
    (its columns as the database holds them; None: a new record). The first English
    written where there was none is a translation being made, not a change of what was
    published, unless ``first_translation_counts`` (a page that shows it has changed)."""
    for column in text_columns(type(record)):
        old = (stored or {}).get(column) or ""
        new = getattr(record, column) or ""
        if old == new:
            continue
        is_translation = not column.endswith(f"_{SOURCE_LANGUAGE}")
        if not old and is_translation and stored is not None and not first_translation_counts:
            continue  # the first English of it: a translation, not an update
        return True
    return False


# A minute before the current transaction began (PostgreSQL's ``now()``): an article
# published after that is still being published (the admin saves its body right after it,
# the content loader its blocks), and what changes then is part of its first version.
BEING_PUBLISHED_SINCE = Func(
    function="transaction_timestamp",
    template="%(function)s() - interval '1 minute'",
    output_field=DateTimeField(),
)


def _public_before(article_id):
    """The article, if it was public already when the current change began."""
    return Article.objects.published().filter(pk=article_id, published_at__lt=BEING_PUBLISHED_SINCE)


def _stored(record: models.Model) -> dict | None:
    if record.pk is None:
        return None
    manager = type(record)._base_manager
    return manager.filter(pk=record.pk).values(*text_columns(type(record))).first()


def _mark_updated(article_id) -> None:
    # A plain update, not ``ContentQuerySet.update``: the block's own save, right after,
    # renews the cache and the article's search vector.
    models.QuerySet.update(_public_before(article_id), updated_at=timezone.now())


def _article_saving(sender, instance: Article, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    # As stored, and only if it was public already (its status before this save counts).
    stored = _public_before(instance.pk).values(*text_columns(Article), "updated_at").first()
    if stored is None:
        return
    if changes_text(instance, stored):
        instance.updated_at = timezone.now()
    elif instance.updated_at is None:
        # A restored version carries no update time (it is left out of the history).
        instance.updated_at = stored["updated_at"]


def _part_saving(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.article_id and changes_text(instance, _stored(instance)):
        _mark_updated(instance.article_id)


def _part_deleted(sender, instance, **kwargs) -> None:
    if any(getattr(instance, column) for column in text_columns(type(instance))):
        _mark_updated(instance.article_id)


def connect() -> None:
    pre_save.connect(_article_saving, sender=Article, dispatch_uid="news-updates-article")
    pre_save.connect(_part_saving, sender=BodyItem, dispatch_uid="news-updates-body")
    pre_save.connect(_part_saving, sender=Quote, dispatch_uid="news-updates-quote")
    post_delete.connect(_part_deleted, sender=BodyItem, dispatch_uid="news-updates-body-gone")
    post_delete.connect(_part_deleted, sender=Quote, dispatch_uid="news-updates-quote-gone")
