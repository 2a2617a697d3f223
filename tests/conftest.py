import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from core.roles import EDITORS, TRANSLATORS, setup_roles
from tests.admin_forms import logged_in
from tests.factories import ArticleFactory, ParagraphFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is slow on purpose; these tests are not about it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    """Staff log in with two factors, as in production (the tests run with DJANGO_DEBUG on,
    where the demo users skip it): ``logged_in`` gives a session that has passed both."""
    settings.PORTAL_REQUIRE_2FA = True


@pytest.fixture
def seeded(db):
    """The portal's shipped content, as `make run` loads it."""
    call_command("load_content", stdout=io.StringIO())


@pytest.fixture
def untranslated(db):
    """A published article with a paragraph, in Russian only."""
    article = ArticleFactory(
        headline_ru="Непереведённая новость", slug_ru="neperevedennaya", untranslated=True
    )
    ParagraphFactory(article=article, text_ru="Русский абзац.", untranslated=True)
    return article


def make_staff(username: str, role: str, **extra):
    groups = setup_roles()
    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True, **extra
    )
    user.groups.set([groups[role]])
    return user


@pytest.fixture
def editor(db):
    return make_staff("irina", EDITORS, first_name="Ирина", last_name="Соколова")


@pytest.fixture
def second_editor(db):
    return make_staff("pavel", EDITORS, first_name="Павел", last_name="Орлов")


@pytest.fixture
def translator(db):
    return make_staff("tom", TRANSLATORS, first_name="Tom", last_name="Baker")


@pytest.fixture
def editor_client(editor):
    """A browser of its own, logged in as an editor (``client`` stays anonymous)."""
    return logged_in(editor)


@pytest.fixture
def translator_client(translator):
    """A browser of its own, logged in as a translator who works in English."""
    return logged_in(translator, "en")


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's superuser's browser, logged in with both steps."""
    return logged_in(admin_user)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions go to a directory of the test's own, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back database can come back to a
    content version that an earlier test cached different pages under."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def collected_static():
    """The static files collected as production serves them (once per test run)."""
    from bench.production import collect_static

    collect_static()
