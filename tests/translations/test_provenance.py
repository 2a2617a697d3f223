"""Who translated what is recorded by the save itself, wherever the save comes from."""

import pytest
import reversion

from tests.factories import ArticleFactory, ParagraphFactory
from translations.models import FieldTranslation, Status
from translations.provenance import translated_by
from translations.services import confirm_translations
from translations.status import field_states

pytestmark = pytest.mark.django_db


def statuses(obj) -> dict[str, Status]:
    return {state.field: state.status for state in field_states(obj)}


def test_a_plain_save_in_a_revision_records_the_english_it_changes_by_its_user(translator):
    article = ArticleFactory(headline_en="", english_ready=False)

    with reversion.create_revision():
        reversion.set_user(translator)
        article.headline_en = "Moscow news"
        article.save()

    record = FieldTranslation.objects.get(object_id=article.pk)
    assert (record.field, record.translated_by) == ("headline", translator)
    assert record.source_text == article.headline_ru


def test_a_save_that_leaves_the_english_alone_records_nothing(editor):
    article = ArticleFactory()

    with reversion.create_revision():
        reversion.set_user(editor)
        article.headline_ru = "Новый заголовок"
        article.save()

    assert not FieldTranslation.objects.exists()


def test_english_written_without_history_is_recorded_by_whom_the_writer_says():
    with translated_by(None):
        paragraph = ParagraphFactory(text_en="A paragraph.")

    record = FieldTranslation.objects.get(object_id=paragraph.pk, field="text")
    assert record.translated_by is None and record.source_text == paragraph.text_ru


def test_a_save_outside_any_authored_write_claims_nothing():
    article = ArticleFactory()
    article.headline_en = "Changed by a script"
    article.save()

    assert not FieldTranslation.objects.exists()


def test_a_confirmation_brings_an_outdated_english_up_to_date(translator):
    with translated_by(None):
        paragraph = ParagraphFactory(text_en="A paragraph.")
    paragraph.text_ru = "Абзац, исправленный."
    paragraph.save()
    assert statuses(paragraph)["text"] == Status.OUTDATED

    confirm_translations(paragraph, by=translator, fields=["text"])

    assert statuses(paragraph)["text"] == Status.UP_TO_DATE
    assert paragraph.translation_records.get(field="text").translated_by == translator
