"""The migration to rich text: a plain paragraph becomes one escaped HTML paragraph that
reads the same, and its English does not turn outdated for it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news.models import BodyItem
from tests.factories import ParagraphFactory, russian_only_article
from translations.models import FieldTranslation, Status
from translations.status import field_states

BEFORE = ("news", "0010_english_ready_names_every_field")


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_plain_paragraphs_become_escaped_html_paragraphs_and_stay_up_to_date():
    article = russian_only_article(paragraph="Первый абзац.", quote="«Цитата»")
    paragraph = ParagraphFactory(
        article=article, position=3, text_ru='Он сказал: "да" & <нет>', text_en="He said yes."
    )
    FieldTranslation.objects.create(item=paragraph, field="text", source_text=paragraph.text_ru)

    migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text_ru FROM news_bodyitem WHERE id = %s", [paragraph.pk])
        assert cursor.fetchone() == ('Он сказал: "да" & <нет>',)
    migrate(None)

    paragraph = BodyItem.objects.get(pk=paragraph.pk)
    assert paragraph.text_ru == '<p>Он сказал: "да" &amp; &lt;нет&gt;</p>'
    assert paragraph.text_en == "<p>He said yes.</p>"
    assert BodyItem.objects.get(article=article, position=1).text_ru == "<p>Первый абзац.</p>"
    assert not BodyItem.objects.get(article=article, position=2).text_ru  # a quote's
    states = {state.field: state.status for state in field_states(paragraph)}
    assert states["text"] == Status.UP_TO_DATE
