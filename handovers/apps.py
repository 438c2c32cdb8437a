from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoversConfig(AppConfig):
    """Issue 20: the departure hand-over. When a canvasser or consultant leaves or moves,
    the manager hands everything they still hold (leads, visits, events, invitations) to
    one person, spread over a group, or back to the pool, in one logged action.

    It sits beside training in the layers: it writes through the services of clients and
    campaigns and reads through their selectors, and nothing below it names it.
    """

    name = "handovers"
    verbose_name = _("Hand-overs")

    def ready(self):
        from . import access  # noqa: F401  (registers its role permission and menu entry)
