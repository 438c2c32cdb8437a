"""Roles as Django auth groups with permissions (SPEC §1).

`Staff.role` is the source of truth; each role is mirrored by an auth group of the same
name carrying the permissions the apps registered for it (`outreach.registry`, each app's
`access.py`), synchronised after every migrate.
"""

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission

from .models import Role
from .registry import ROLE_PERMISSIONS

__all__ = ["ROLE_PERMISSIONS", "roles_sync"]


def roles_sync(**_kwargs) -> None:
    """Create or update one auth group per role with exactly its permissions. Idempotent."""
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={name.split(".", 1)[1] for name in wanted}
        )
    }
    for role in Role.values:
        perms = ROLE_PERMISSIONS.get(role, set())
        group, _created = AuthGroup.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in perms if name in by_name])
