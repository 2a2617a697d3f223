import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Left out of the history (django-reversion): restoring an old version must not restore
# its save time, its saver or its version token, or an editor's stale form could slip
# past the conflict check; a restore gets fresh values from the defaults below. Search
# vectors are derived, and rebuilt after a restore.
# An article's update time is derived from its text too (``news.updates``): a restore that
# changes the text sets it anew.
UNVERSIONED_FIELDS = (
    "modified_at",
    "modified_by",
    "version",
    "search_ru",
    "search_en",
    "updated_at",
)


def user_reference(verbose_name, **options) -> models.ForeignKey:
    """Who did something to a record: optional, and kept when the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        **options,
    )


class EditorialModel(models.Model):
    """Content that editors change in the admin: when and by whom, and a version token
    that changes on every save, so that two editors' saves of one record notice each
    other (optimistic locking)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), default=timezone.now, editable=False)
    modified_by = user_reference(_("last saved by"), editable=False)
    version = models.UUIDField(_("version"), default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.modified_at = timezone.now()
        self.version = uuid.uuid4()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "modified_at", "version"}
        super().save(*args, **kwargs)


class ContentVersion(models.Model):
    """One row that changes with every change to the content: the version that cached
    pages are keyed by (``core.caching``). The stamp is random, never a count, so a
    rolled-back transaction or a restored backup cannot bring back a value that once
    stood for other content."""

    stamp = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return str(self.stamp)

    @classmethod
    def move_on(cls, cursor=None) -> None:
        """Renew the version, on Django's connection or on ``cursor`` (psycopg's)."""
        # An upsert: the row may be gone (a test database flushed between tests).
        table = connection.ops.quote_name(cls._meta.db_table)
        statement = (
            f"INSERT INTO {table} (id, stamp) VALUES (1, gen_random_uuid()) "
            f"ON CONFLICT (id) DO UPDATE SET stamp = gen_random_uuid()"
        )
        if cursor is not None:
            cursor.execute(statement)
            return
        with connection.cursor() as django_cursor:
            django_cursor.execute(statement)


class Dependency(models.Model):
    """A version per record (``news.article:12``) and per kind (``news.article``): what a
    cached page read, renewed by an edit that changes only what those records show
    (``core.effects``), so that only the pages that read them are made afresh
    (``core.caching``). Random, as the content's stamp is, for the same reason."""

    # Never shown to anyone (not in the admin): no translated names of its own.
    key = models.CharField(max_length=150, primary_key=True)
    version = models.UUIDField(_("version"), default=uuid.uuid4)

    def __str__(self) -> str:
        return self.key

    @classmethod
    def renew(cls, keys) -> None:
        """Give these keys new versions, in the writer's transaction.

        First it locks the content version's row, as ``ContentVersion.move_on`` does: the
        edits that renew versions take their turns on that one row, as every edit did
        before there were dependencies, and whichever holds it is the only one locking
        these rows, so no two edits can deadlock on them (a kind's row is renewed by
        every edit of its records)."""
        keys = sorted(set(keys))
        if not keys:
            return
        table = connection.ops.quote_name(cls._meta.db_table)
        version_table = connection.ops.quote_name(ContentVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {version_table} WHERE id = 1 FOR UPDATE")
            cursor.execute(
                f"INSERT INTO {table} (key, version) "
                f"SELECT unnest(%s::varchar[]), gen_random_uuid() "
                f"ON CONFLICT (key) DO UPDATE SET version = gen_random_uuid()",
                [keys],
            )


class OldSlug(models.Model):
    """An address a record had in one language, kept so that it answers for ever with a
    permanent redirect to the record's address now (``core.old_slugs``). It names the
    record, not the new address: after a chain of renames every old address leads to
    the newest one in one hop."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    slug = models.SlugField(_("old slug"), max_length=255, db_index=False)
    created_at = models.DateTimeField(_("left"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "language", "slug"],
                name="core_oldslug_unique",
                violation_error_message=_("This old address leads to another record already."),
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_oldslug_record")]

    def __str__(self) -> str:
        return f"{self.language}: {self.slug}"
