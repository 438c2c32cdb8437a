from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """R-PLAN-6: the quarterly outreach review, drafted by a job when a quarter closes
    from every app's facts (funnel, costs, targets, best and weakest), edited and
    published by a manager, then archived read-only.

    An app of its own: it reads commissions paid and targets from payroll, so it sits
    above payroll in the layers, and below the face (dashboards), which links to it."""

    name = "reviews"
    verbose_name = _("Quarterly reviews")

    def ready(self):
        from outreach.demo import DEMO_EXTENSIONS

        from . import access  # noqa: F401  (registers its role permissions and menu entries)
        from .demo import seed_reviews_demo

        if seed_reviews_demo in DEMO_EXTENSIONS:
            return
        # After payroll's demo: its locked runs are the review's commissions paid.
        names = [getattr(fn, "__name__", "") for fn in DEMO_EXTENSIONS]
        position = (
            names.index("seed_payroll_demo") + 1 if "seed_payroll_demo" in names else len(names)
        )
        DEMO_EXTENSIONS.insert(position, seed_reviews_demo)
