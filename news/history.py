"""An article's body in its history: its paragraphs and quotes as they read in a version."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.history import Change, Snapshot, text_diff
from news.models import BodyItem
from partners.models import Quote


def body_text(snapshot: Snapshot, language: str) -> str:
    """The body of the article in ``snapshot`` as it read in ``language``: paragraphs and
    quotes (marked "> ") in reading order, one to a line. What has no text in the language
    is left out, as readers of the language do not see it."""
    quotes = snapshot.kept(Quote)
    items = [
        (item["position"], pk, item)
        for pk, item in snapshot.kept(BodyItem).items()
        if item["article_id"] == snapshot.pk
    ]
    # Ties broken by creation: versions saved before the body was numbered before saving
    # hold the same placeholder position for every item added in one save.
    items.sort(key=lambda entry: entry[:2])
    lines = []
    for _position, _pk, item in items:
        quote = quotes.get(item["quote_id"]) if item["quote_id"] else None
        text = (quote or item)[f"text_{language}"]
        if text:
            lines.append(f"> {text}" if quote else text)
    return "\n\n".join(lines)


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
