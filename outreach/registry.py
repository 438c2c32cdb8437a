"""The registries every app adds its own rights and menu entries to (issue 19 §4).

The core names no app. Each app declares, in its `access.py` imported by its
`AppConfig.ready` (the way Django's admin and Wagtail's hooks register), what its roles may
do and where its pages appear in the navbar:

    role_permissions_add(Role.MANAGER, {"reports.view_reports", ...})
    menu_items_add(TEAM, [MenuItem(120, _("Reports"), "report-list",
                                   ("reports.view_reports",))])

`roles_sync` (after every migrate, when every app's ready() has run) gives each role's
auth group exactly the permissions registered for it; the navbar shows each menu's items
in their `order` (the numbers leave room between them for a new app's entries).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The five menus of the navbar, in their order, defined by the core.
FIELD = "field"
CLIENTS = "clients"
TEAM = "team"
PAY = "pay"
SETTINGS = "settings"
MENU_LABELS: dict[str, Promise] = {
    FIELD: _("Field"),
    CLIENTS: _("Clients"),
    TEAM: _("Team"),
    PAY: _("Pay"),
    SETTINGS: _("Settings"),
}


@dataclass(frozen=True)
class MenuItem:
    """One navbar link: shown to whoever holds one of `perms` (None: everyone logged in)."""

    order: int
    label: Promise | str
    url_name: str
    perms: tuple[str, ...] | None = None


# "app_label.codename" for each role, filled by the apps.
ROLE_PERMISSIONS: dict[str, set[str]] = {}

_menu_items: dict[str, list[MenuItem]] = {menu: [] for menu in MENU_LABELS}

# The navbar as (label, [(label, url name, perms), ...]) per menu, in order, and every item
# flat after the home link; both lists are kept up to date in place as apps register.
MENUS: list[tuple[Promise, list[tuple]]] = []
NAVIGATION: list[tuple] = []


def role_permissions_add(role: str, perms: set[str] | list[str] | tuple[str, ...]) -> None:
    """Give `role` these permissions ("app_label.codename"); adding twice is harmless."""
    ROLE_PERMISSIONS.setdefault(str(role), set()).update(perms)


def _menus_rebuild() -> None:
    MENUS[:] = [
        (
            MENU_LABELS[menu],
            [
                (item.label, item.url_name, item.perms)
                for item in sorted(_menu_items[menu], key=lambda item: item.order)
            ],
        )
        for menu in MENU_LABELS
    ]
    NAVIGATION[:] = [(_("Home"), "home", None)] + [
        entry for _label, entries in MENUS for entry in entries
    ]


def menu_items_add(menu: str, items: list[MenuItem]) -> None:
    """Put `items` in `menu` (one of FIELD, CLIENTS, TEAM, PAY, SETTINGS); an item whose
    url name is already there is not added twice."""
    if menu not in _menu_items:
        raise ValueError(f"unknown menu {menu!r}; the core defines {list(MENU_LABELS)}")
    known = {item.url_name for item in _menu_items[menu]}
    _menu_items[menu].extend(item for item in items if item.url_name not in known)
    _menus_rebuild()


_menus_rebuild()


# --- who hears of new notifications (issue 20) --------------------------------------------
#
# An app that forwards notifications somewhere else (push: WeCom and DingTalk group robots)
# registers a listener here; `notification_create` and `notification_create_many` hand it
# the rows they actually created, after the transaction commits, so a rolled-back action
# sends nothing and a listener's failure can neither block nor undo the action.

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotificationListener:
    wants: Callable[[str], bool]  # asked with the kind, before anything is read back
    heard: Callable[[list], None]  # given the new Notification rows of one kind


_notification_listeners: list[NotificationListener] = []


def notification_listener_add(heard: Callable[[list], None], *, wants: Callable[[str], bool]):
    """Call `heard(notifications)` after commit with the notifications of a kind for
    which `wants(kind)` is true; adding the same function twice is harmless."""
    if all(listener.heard is not heard for listener in _notification_listeners):
        _notification_listeners.append(NotificationListener(wants=wants, heard=heard))


def notifications_announce(kind: str, created: Callable[[], list]) -> None:
    """After commit, give the listeners wanting `kind` the rows `created()` returns (read
    only then, and only when somebody listens). Errors are logged, never raised."""
    listeners = [listener for listener in _notification_listeners if listener.wants(kind)]
    if not listeners:
        return

    def announce():
        rows = created()
        for listener in listeners if rows else []:
            try:
                listener.heard(rows)
            except Exception:  # noqa: BLE001 — the action is committed; a listener's error stays its own
                logger.exception("notification listener %r failed", listener.heard)

    transaction.on_commit(announce, robust=True)
