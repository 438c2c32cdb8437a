"""The navigation each role sees; a link appears only where its page would not 403."""

from django.urls import reverse

from .guard import can
from .registry import MENUS, NAVIGATION
from .selectors import staff_of, unread_notification_count

# The navbar's menus, each item (label, url name, permissions needed or None for everyone
# logged in), as the apps registered them; a menu shows when at least one of its items does.
__all__ = ["MENUS", "NAVIGATION", "navigation"]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "me": None}

    def allowed(perms) -> bool:
        return perms is None or can(user, *perms)

    menus = []
    for menu_label, entries in MENUS:
        items = [
            {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
            for label, name, perms in entries
            if allowed(perms)
        ]
        if items:
            menus.append(
                {"label": menu_label, "items": items, "active": any(i["active"] for i in items)}
            )
    return {
        "nav_menus": menus,
        "nav_items": [item for menu in menus for item in menu["items"]],
        "me": staff_of(user),
        "unread_notifications": unread_notification_count(user=user),
    }
