from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _defaults(sender, **kwargs):
    from .defaults import defaults_ensure

    defaults_ensure()


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import demo_attendance

        post_migrate.connect(_defaults, sender=self, dispatch_uid="attendance_defaults")
        if demo_attendance not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_attendance)
