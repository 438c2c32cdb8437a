from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Clients")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import seed_clients

        if seed_clients not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_clients)
