"""The gettext catalogues are complete and their committed .mo files are current."""

import os
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

LOCALE = settings.BASE_DIR / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def messages(entries) -> dict:
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in entries if entry.msgstr}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    assert messages(mo) == messages(po.translated_entries()), (
        f"locale/{language}: the .mo is out of date; run `make messages`"
    )


def test_every_russian_message_is_translated():
    po = catalogue("ru")

    assert not po.untranslated_entries(), [entry.msgid for entry in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [entry.msgid for entry in po.fuzzy_entries()]


def test_every_string_in_the_code_and_templates_is_in_the_catalogues(tmp_path):
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs GNU gettext (apt install gettext) to check the catalogues")
        pytest.skip("GNU gettext is not installed (apt install gettext)")
    project = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(".*", "var", "__pycache__", "*.mo", "node_modules"),
    )
    environment = {**os.environ, "DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://unused/unused"}

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *(f"--locale={code}" for code in LANGUAGES)],
        cwd=project,
        env=environment,
        check=True,
        capture_output=True,
    )

    for language in LANGUAGES:
        fresh = polib.pofile(str(project / "locale" / language / "LC_MESSAGES" / "django.po"))
        wanted = {(entry.msgctxt, entry.msgid) for entry in fresh if not entry.obsolete}
        have = {(entry.msgctxt, entry.msgid) for entry in catalogue(language) if not entry.obsolete}
        assert wanted == have, (
            f"locale/{language} differs from the code: missing {wanted - have}, "
            f"stale {have - wanted}; run `make messages`"
        )
