from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Issue 21: the open JSON API (v1). It sits with the face (dashboards): it reads every
    app through its selectors and writes through its services, and nothing imports it."""

    name = "api"
    verbose_name = _("open API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from outreach.demo import DEMO_EXTENSIONS

        from . import (
            access,  # noqa: F401 - the webhooks' role permission and menu entry (issue 21 §5)
            schema,  # noqa: F401 - registers the token scheme with drf-spectacular
        )
        from .webhook_demo import seed_webhook_demo
        from .webhook_events import signals_connect

        signals_connect()
        if seed_webhook_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_webhook_demo)
