from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    """R-APR-1…5: appraisal cycles, indicators, self and leader scoring, the roll-up,
    publication (公示) with objections, and the archive.

    Appraisals read the facts they measure from clients, campaigns and training through
    their selectors; payroll reads the appraisal bonus through `appraisals.selectors`."""

    name = "appraisals"
    verbose_name = _("Appraisals")

    def ready(self):
        from django.db.models.signals import post_migrate

        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .defaults import template_default_ensure
        from .demo import seed_appraisal_demo

        post_migrate.connect(
            template_default_ensure, sender=self, dispatch_uid="appraisal_template"
        )
        if seed_appraisal_demo in DEMO_EXTENSIONS:
            return
        # Before payroll's demo, so last quarter's archived bonuses reach its demo runs.
        names = [getattr(fn, "__name__", "") for fn in DEMO_EXTENSIONS]
        position = names.index("seed_payroll_demo") if "seed_payroll_demo" in names else len(names)
        DEMO_EXTENSIONS.insert(position, seed_appraisal_demo)
