"""The newsroom's roles, as Django groups with exactly the permissions they need."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from core import registry

EDITORS = "Editors"
TRANSLATORS = "Translators"


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """Each role's permissions, as (app label, codename), for the registered content
    (``core.registry``): editors write what is edited and read the rest; translators
    read everything and translate what is translated."""
    editors, translators = [], []
    for content in registry.entries():
        opts = content.model._meta
        actions = ("add", "change", "delete", "view") if content.edited else ("view",)
        editors += [(opts.app_label, f"{action}_{opts.model_name}") for action in actions]
        translators.append((opts.app_label, f"view_{opts.model_name}"))
        if content.translated:
            translators.append((opts.app_label, f"translate_{opts.model_name}"))
    # The old addresses (``core.old_slugs``): kept by the saves themselves, so nobody adds
    # or changes one; editors may end a redirect, translators only see them.
    editors += [("core", "view_oldslug"), ("core", "delete_oldslug")]
    translators.append(("core", "view_oldslug"))
    return {EDITORS: editors, TRANSLATORS: translators}


@transaction.atomic
def setup_roles() -> dict[str, Group]:
    """Create or correct each role's group; running it again changes nothing."""
    groups = {}
    for name, wanted in role_permissions().items():
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
