"""An article's body in its history: its paragraphs and quotes as they read in a version."""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.history import Change, Snapshot, text_diff
from images.models import Image
from news.models import BodyItem, Correction
from partners.models import Quote


def body_text(snapshot: Snapshot, language: str) -> str:
    """The body of the article in ``snapshot`` as it read in ``language``, one block to a
    line in reading order: paragraphs, subheadings (marked "## "), quotes (marked "> ") and
    images ("[image: its alt text] caption"). What has no text in the language is left out,
    as readers of the language do not see it."""
    quotes = snapshot.kept(Quote)
    items = [
        (item["position"], pk, item)
        for pk, item in snapshot.kept(BodyItem).items()
        if item["article_id"] == snapshot.pk
    ]
    # Ties broken by creation: versions saved before the body was numbered before saving
    # hold the same placeholder position for every item added in one save.
    items.sort(key=lambda entry: entry[:2])
    images = Image.objects.in_bulk(item.get("image_id") for _p, _pk, item in items)
    lines = (_block_line(item, quotes, images, language) for _position, _pk, item in items)
    return "\n\n".join(line for line in lines if line)


def _block_line(item: dict, quotes: dict, images: dict, language: str) -> str:
    # Versions saved before the body had kinds knew paragraphs and quotes only.
    kind = item.get("kind") or ("quote" if item["quote_id"] else "paragraph")
    if kind == "quote":
        quote = quotes.get(item["quote_id"])
        text = quote and quote[f"text_{language}"]
        return f"> {text}" if text else ""
    if kind == "image":
        image = images.get(item["image_id"])
        if image is None:
            return f"[{_('image deleted since')}]"
        alt = image.text_in("alt", language)
        caption = item.get(f"caption_{language}") if item.get("caption_ru") else ""
        return f"[{_('image')}: {alt}] {caption or ''}".strip() if alt else ""
    if kind == "subheading":
        heading = item.get(f"heading_{language}")
        return f"## {heading}" if heading else ""
    return item.get(f"text_{language}") or ""


def body_changes(older: Snapshot, newer: Snapshot) -> list[Change]:
    """The body's changes in each language, from ``older`` to ``newer``."""
    changes = []
    for language, _name in settings.LANGUAGES:
        old_body, new_body = body_text(older, language), body_text(newer, language)
        if old_body != new_body:
            changes.append(
                Change(
                    label=_("body [%(language)s]") % {"language": language},
                    diff=text_diff(old_body, new_body),
                )
            )
    return changes


def corrections_text(snapshot: Snapshot, language: str) -> str:
    """The article's corrections in ``snapshot`` in ``language``, oldest first, one a
    paragraph, each after its date."""
    corrections = sorted(
        (item["date"], pk, item[f"text_{language}"])
        for pk, item in snapshot.kept(Correction).items()
        if item["article_id"] == snapshot.pk and item.get(f"text_{language}")
    )
    return "\n\n".join(
        f"{formats.date_format(timezone.localtime(date), 'DATETIME_FORMAT')}: {text}"
        for date, _pk, text in corrections
    )


def corrections_changes(older: Snapshot, newer: Snapshot) -> list[Change]:
    """The corrections added, changed or removed, in each language."""
    changes = []
    for language, _name in settings.LANGUAGES:
        old, new = corrections_text(older, language), corrections_text(newer, language)
        if old != new:
            changes.append(
                Change(
                    label=_("corrections [%(language)s]") % {"language": language},
                    diff=text_diff(old, new),
                )
            )
    return changes
