from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "payroll"
    verbose_name = _("Payroll")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from .demo import seed_payroll_demo

        if seed_payroll_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_payroll_demo)
