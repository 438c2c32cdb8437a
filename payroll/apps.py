from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "payroll"
    verbose_name = _("Payroll")

    def ready(self):
        from django.db.models.signals import post_migrate

        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .services.policy import pay_policy_default_ensure

        post_migrate.connect(pay_policy_default_ensure, sender=self, dispatch_uid="pay_policy")

        from appraisals.sources import pay_facts_register

        from .appraisal_facts import commission_triggers_until, group_targets

        pay_facts_register(
            commission_triggers=commission_triggers_until, group_targets=group_targets
        )

        from .demo import seed_payroll_demo

        if seed_payroll_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_payroll_demo)
