"""Where a page lives in each language: its address (a slug per language) and its
translations (for the language switcher and hreflang links)."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, When
from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from core import old_slugs

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@lru_cache(maxsize=8192)
def _reverse(name: str, language: str, kwargs: tuple) -> str:
    return reverse(name, kwargs=dict(kwargs))


def localized_url(name: str, **kwargs) -> str:
    """``reverse`` in the active language, remembered: pages ask for the same few
    addresses many times, and the URL patterns never change while the server runs."""
    return _reverse(name, translation.get_language(), tuple(sorted(kwargs.items())))


def slug_constraints(name: str, *, russian_taken, english_taken) -> list[models.UniqueConstraint]:
    """A slug unique within each language: every Russian one, and every English one that
    is there (an untranslated item has none, and is reached by its Russian one)."""
    return [
        models.UniqueConstraint(
            fields=["slug_ru"], name=f"{name}_slug_ru_unique", violation_error_message=russian_taken
        ),
        models.UniqueConstraint(
            fields=["slug_en"],
            condition=Q(slug_en__gt=""),
            name=f"{name}_slug_en_unique",
            violation_error_message=english_taken,
        ),
    ]


class TranslatedSlugQuerySet(models.QuerySet):
    """For models with a slug per language (``slug_ru``, ``slug_en``)."""

    def with_slug(self, slug: str, language: str):
        """Objects whose address in ``language`` ends in ``slug``.

        One without a slug of its own in that language is reached by its Russian one, as
        modeltranslation's fallback does for ``get_absolute_url``.
        """
        if language == SOURCE_LANGUAGE:
            return self.filter(slug_ru=slug)
        localized = f"slug_{language}"
        untranslated = Q(**{f"{localized}__isnull": True}) | Q(**{localized: ""})
        # An object's own slug wins over another's Russian one that happens to be equal.
        return self.filter(Q(**{localized: slug}) | (untranslated & Q(slug_ru=slug))).order_by(
            Case(When(**{localized: slug}, then=0), default=1)
        )


class Moved(Exception):
    """The object asked for is at another address now (``core.old_slugs``)."""

    def __init__(self, response):
        self.response = response


class TranslatedSlugMixin:
    """A detail view that finds its object by the slug of the page's language; at an
    address the object had before, a permanent redirect to the one it has now."""

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        language = translation.get_language()
        obj = queryset.with_slug(self.kwargs["slug"], language).first()
        if obj is None:
            redirect = old_slugs.redirect_if_moved(
                queryset, self.kwargs["slug"], language, self.request
            )
            if redirect is not None:
                raise Moved(redirect)
            raise Http404("Nothing at this address.")
        return obj

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Moved as moved:
            return moved.response


@dataclass(frozen=True)
class Alternate:
    language: str
    name: str  # the language's name in itself: «Русский», "English"
    url: str
    available: bool  # False: the page exists but shows the untranslated original

    @property
    def is_current(self) -> bool:
        return self.language == translation.get_language()


def language_name(code: str) -> str:
    return translation.get_language_info(code)["name_local"]


def alternates_for(obj) -> list[Alternate]:
    """The object's page in every language, and whether it is really translated there."""
    alternates = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = obj.get_absolute_url()
        alternates.append(Alternate(code, language_name(code), url, obj.is_available_in(code)))
    return alternates


def alternates_for_view(url_name: str, **kwargs) -> list[Alternate]:
    """A page that exists in every language, such as a list."""
    alternates = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = localized_url(url_name, **kwargs)
        alternates.append(Alternate(code, language_name(code), url, True))
    return alternates


class AlternatesMixin:
    """Puts the page's ``alternates`` in the context, and whether the page is ``translated``
    into the reader's language. Views name their page with ``alternates_url_name`` or, for one
    object, leave it to the object."""

    alternates_url_name: str | None = None

    def get_alternates(self) -> list[Alternate]:
        if self.alternates_url_name:
            return alternates_for_view(self.alternates_url_name)
        return alternates_for(self.object)

    def get_context_data(self, **kwargs):
        alternates = self.get_alternates()
        by_language = {alternate.language: alternate for alternate in alternates}
        translated = by_language[translation.get_language()].available
        return super().get_context_data(
            alternates=alternates,
            translated=translated,
            # An untranslated page points search engines at the original.
            canonical_path=None if translated else by_language[SOURCE_LANGUAGE].url,
            **kwargs,
        )


@dataclass(frozen=True)
class LinkTarget:
    url: str
    language: str | None  # the page's language, when not the reader's


def record_at(path: str):
    """The record whose page is at ``path``, written in any language's address: the
    object of a detail view that finds it by its slug (``TranslatedSlugMixin``), or the
    one that had that address before (``core.old_slugs``)."""
    for code in LANGUAGES:
        with translation.override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        view_class = getattr(match.func, "view_class", None)
        if view_class is None or not issubclass(view_class, TranslatedSlugMixin):
            continue
        view = view_class(kwargs=match.kwargs)
        model = view.get_queryset().model
        records = model._default_manager.all()
        found = records.with_slug(match.kwargs["slug"], code).first() or old_slugs.moved(
            records, match.kwargs["slug"], code
        )
        if found is not None:
            return found
    return None


def link_in(path: str, language: str) -> LinkTarget | None:
    """The address in ``language`` of the record at ``path`` (written in either language's
    address), or, when it is not available in ``language``, its address in the original;
    None when ``path`` is no record's page that readers can see."""
    path, _hash, fragment = path.partition("#")
    record = record_at(path)
    if record is None:
        return None
    shown_in = next(
        (code for code in (language, SOURCE_LANGUAGE) if record.is_available_in(code)), None
    )
    if shown_in is None:
        return None
    with translation.override(shown_in):
        url = record.get_absolute_url()
    return LinkTarget(
        url + (f"#{fragment}" if fragment else ""), None if shown_in == language else shown_in
    )
