from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Core")

    def ready(self):
        from . import signals  # noqa: F401  (connects the login handlers)
        from .roles import roles_sync

        post_migrate.connect(roles_sync, dispatch_uid="outreach_roles_sync")
