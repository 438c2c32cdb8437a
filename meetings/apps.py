from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """R-PLAN-5: a group's team meetings (the morning briefing and the rest), their
    attendance, the group's facts since the previous meeting, minutes, decisions and
    action items.

    An app of its own rather than part of campaigns: a meeting shows the group's targets
    progress, which payroll owns, and campaigns sits below payroll in the layers."""

    name = "meetings"
    verbose_name = _("Team meetings")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import seed_meetings_demo

        if seed_meetings_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_meetings_demo)
