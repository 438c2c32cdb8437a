from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import seed_campaigns

        if seed_campaigns not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_campaigns)
