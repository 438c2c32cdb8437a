from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """R-TRN-1: training plans, sessions and results.

    Training is its own capability with its own pages and data; payroll's appraisals read
    its results (the personal-growth indicators) through `training.selectors` only.
    """

    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import seed_training_demo

        if seed_training_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(seed_training_demo)
