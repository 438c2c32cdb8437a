"""Issue 21 §5 demo: one webhook endpoint for an outside CRM, registered but turned off
(its address is made up, so the demo never calls out). A second run changes nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction

from outreach.models import Role
from push.crypto import secret_seal

from .models import WebhookEndpoint
from .webhook_events import SUBSCRIBABLE
from .webhook_services import webhook_secret_new

DEMO_URL = "https://crm.example.com/hooks/outreach"


@transaction.atomic
def seed_webhook_demo(scale: int = 1, stdout=None) -> None:
    if WebhookEndpoint.objects.filter(url=DEMO_URL).exists():
        return
    manager = get_user_model().objects.filter(staff__role=Role.MANAGER).order_by("pk").first()
    if manager is None:
        return
    WebhookEndpoint.objects.create(
        name="明源云客 (demo)",
        url=DEMO_URL,
        secret_sealed=secret_seal(webhook_secret_new()),
        events=[str(event) for event in SUBSCRIBABLE],
        is_active=False,
        created_by=manager,
    )
