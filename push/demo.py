"""Issue 20 demo: the first group's WeCom robot, connected but turned off (its webhook is
made up, so the demo never calls WeCom). A second run changes nothing."""

from django.db import transaction

from outreach.selectors import group_list

from .crypto import secret_seal, webhook_mask
from .kinds import PUSH_KINDS
from .models import GroupRobot, Platform

DEMO_WEBHOOK = (
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-demo-0000-0000-000000000000"
)


@transaction.atomic
def seed_push_demo(scale: int = 1, stdout=None) -> None:
    group = group_list().order_by("code").first()
    if group is None or GroupRobot.objects.filter(group=group).exists():
        return
    GroupRobot.objects.create(
        group=group,
        name="小组群",
        platform=Platform.WECOM,
        webhook_sealed=secret_seal(DEMO_WEBHOOK),
        webhook_hint=webhook_mask(DEMO_WEBHOOK),
        kinds=list(PUSH_KINDS),
        is_active=False,
    )
