from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The face on top of every app: home pages and the manager's dashboard. It reads
    the apps through their selectors; nothing imports it."""

    name = "dashboards"
    verbose_name = _("Dashboards")
