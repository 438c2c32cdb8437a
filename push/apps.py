from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    """Issue 20: chosen notifications forwarded to a group's WeCom or DingTalk group-chat
    robot, after commit, by a Celery task (retries, back-off, 20 messages a minute).

    Just above the core: it reads groups and notifications only, and hears of new
    notifications through the core's listener registry, so no app needs to know it."""

    name = "push"
    verbose_name = _("Group chat robots")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS
        from outreach.registry import notification_listener_add

        from . import access  # noqa: F401  (registers its role permissions and menu entry)
        from .demo import seed_push_demo
        from .kinds import push_kind_wanted
        from .tasks import push_notifications_heard

        notification_listener_add(push_notifications_heard, wants=push_kind_wanted)
        if seed_push_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_push_demo)
