"""The newsroom's roles, as Django groups with exactly the permissions they need."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EDITORS = "Editors"
TRANSLATORS = "Translators"

# The content editors write; translators work on the same records, English fields only.
CONTENT_MODELS = [
    ("news", "article"),
    ("news", "bodyitem"),
    ("news", "articleorganisation"),
    ("partners", "organisation"),
    ("partners", "official"),
    ("partners", "quote"),
]
TRANSLATED_MODELS = [
    ("news", "article"),
    ("news", "bodyitem"),
    ("partners", "organisation"),
    ("partners", "official"),
    ("partners", "quote"),
]

# Who translated what, from which Russian, when: read by both roles, written by the portal.
PROVENANCE = ("translations", "view_fieldtranslation")

ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    EDITORS: [
        (app, f"{action}_{model}")
        for app, model in CONTENT_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + [PROVENANCE],
    TRANSLATORS: [(app, f"view_{model}") for app, model in CONTENT_MODELS]
    + [(app, f"translate_{model}") for app, model in TRANSLATED_MODELS]
    + [PROVENANCE],
}


@transaction.atomic
def setup_roles() -> dict[str, Group]:
    """Create or correct each role's group; running it again changes nothing."""
    groups = {}
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        matches = Q()
        for app_label, codename in wanted:
            matches |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(matches))
        missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise LookupError(f"Permissions not found (migrations not run?): {sorted(missing)}")
        group.permissions.set(permissions)
        groups[name] = group
    return groups


# What a user may do with a kind of content, read from their permissions: the one place
# the admin, the dashboard and the exchange files ask.


def _permission(model, action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may_edit(user, model) -> bool:
    """May change every field of ``model``'s records: an editor."""
    return user.has_perm(_permission(model, "change"))


def may_translate(user, model) -> bool:
    """May change the English of ``model``'s records: a translator, or an editor."""
    return may_edit(user, model) or user.has_perm(_permission(model, "translate"))


def translates_only(user, model) -> bool:
    """Works on ``model`` as a translator: the English text, and nothing else."""
    return not may_edit(user, model) and may_translate(user, model)


def may_translate_any(user, models) -> bool:
    """May change the English of some of ``models``: the translator's dashboard is theirs."""
    return any(may_translate(user, model) for model in models)


def display_name(user) -> str:
    """How the newsroom names a colleague: their full name, else their login; "" for none."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
