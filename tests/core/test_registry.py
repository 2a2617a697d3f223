"""Each kind of content is declared once (``core.registry``), and every shared piece
reads that declaration: the roles, what a save does, the search, the dashboard."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

from core import registry
from core.effects import ContentQuerySet
from core.models import ContentVersion
from core.roles import EDITORS, TRANSLATORS, role_permissions, setup_roles
from images.models import Image
from news.models import Article, ArticleAuthor, ArticleOrganisation, Author, BodyItem, Correction
from news.taxonomy import Section, Tag
from partners.models import Official, Organisation, Quote
from search.queries import kinds
from translations.models import FieldTranslation
from translations.views import work

ROOT = Path(__file__).resolve().parents[2]


def test_the_apps_declare_their_content():
    declared = {
        content.model: (
            content.edited,
            content.translated,
            content.search.kind if content.search else None,
            content.dashboard_prefetch is not None,
        )
        for content in registry.entries()
    }

    assert declared == {
        Article: (True, True, "article", True),
        BodyItem: (True, True, None, False),
        ArticleOrganisation: (True, False, None, False),
        ArticleAuthor: (True, False, None, False),
        Author: (True, True, None, True),
        Correction: (True, True, None, False),
        Organisation: (True, True, "organisation", True),
        Official: (True, True, "official", True),
        Quote: (True, True, "quote", False),
        FieldTranslation: (False, False, None, False),
        Image: (True, True, None, True),
        Section: (True, True, None, True),
        Tag: (True, True, None, True),
    }


@pytest.mark.django_db
def test_each_role_gets_the_permissions_of_every_registered_model():
    groups = setup_roles()
    granted = {
        name: {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        for name, group in groups.items()
    }

    for content in registry.entries():
        opts = content.model._meta
        app, model = opts.app_label, opts.model_name
        assert (app, f"view_{model}") in granted[TRANSLATORS]
        assert ((app, f"translate_{model}") in granted[TRANSLATORS]) == content.translated
        assert ((app, f"change_{model}") in granted[EDITORS]) == content.edited
        assert ((app, f"change_{model}") in granted[TRANSLATORS]) is False


def test_each_searchable_model_is_a_kind_of_result_with_a_page():
    searchable = {content.search.kind: content.search for content in registry.searchable()}

    assert kinds() == searchable
    for kind in searchable.values():
        assert reverse(kind.url_name, kwargs={"slug": "any"})


def test_every_registered_model_is_wired_for_saves_deletes_and_signal_less_writes():
    for content in registry.entries():
        model = content.model
        assert post_save.has_listeners(model), model
        assert post_delete.has_listeners(model), model
        if model is not FieldTranslation:  # written by the portal only, one by one
            assert isinstance(model._default_manager.all(), ContentQuerySet), model


def test_the_dashboard_has_a_section_for_each_model_declaring_one():
    assert [model for model, _prefetch in work()] == [
        Article,
        Author,
        Section,
        Tag,
        Organisation,
        Official,
        Image,
    ]


@pytest.fixture
def groups_declared():
    """Groups declared as content for the test: what one more ``register`` brings."""
    registry.register(registry.Content(Group, history=None, dashboard_prefetch=()))
    yield
    del registry._entries[Group]
    post_save.disconnect(sender=Group, dispatch_uid=f"effects-saved-{Group._meta.label}")
    post_delete.disconnect(sender=Group, dispatch_uid=f"effects-deleted-{Group._meta.label}")
    m2m_changed.disconnect(sender=Group, dispatch_uid=f"effects-relation-{Group._meta.label}")


@pytest.mark.django_db
def test_one_declaration_is_what_every_consumer_reads(groups_declared):
    ContentVersion.move_on()
    before = ContentVersion.objects.get(pk=1).stamp

    Group.objects.create(name="Photographers")

    assert ContentVersion.objects.get(pk=1).stamp != before
    assert ("auth", "change_group") in role_permissions()[EDITORS]
    assert ("auth", "view_group") in role_permissions()[TRANSLATORS]
    assert Group in [model for model, _prefetch in work()]


def test_a_model_is_declared_once():
    with pytest.raises(ValueError):
        registry.register(registry.Content(Article))


# Dependencies point one way: the project on the apps, each app on those below it, all
# of them on the core, which knows none of them (the contracts in pyproject.toml).


def test_dependencies_point_one_way():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", sorted((ROOT / "core").glob("*.py")), ids=lambda p: p.name)
def test_the_core_names_no_table_of_an_app_even_in_sql(path):
    strings = " ".join(
        node.value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
    for label in ("news", "partners", "translations", "search"):
        for model in apps.get_app_config(label).get_models():
            assert model._meta.db_table not in strings
