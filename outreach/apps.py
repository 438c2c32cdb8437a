from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Core")

    def ready(self):
        from . import access, signals  # noqa: F401  (its own rights and menu; login handlers)
        from .roles import roles_sync

        # Every app's ready() (which registers its role permissions) has run before migrate.
        post_migrate.connect(roles_sync, dispatch_uid="outreach_roles_sync")
