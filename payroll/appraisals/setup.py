"""Hooks payroll's AppConfig.ready() calls for appraisals."""


def appraisals_ready(config) -> None:
    from django.db.models.signals import post_migrate

    from outreach.demo import DEMO_EXTENSIONS

    from . import admin  # noqa: F401  (payroll has no admin module of its own yet)
    from .defaults import template_default_ensure
    from .demo import seed_appraisal_demo

    post_migrate.connect(template_default_ensure, sender=config, dispatch_uid="appraisal_template")
    if seed_appraisal_demo in DEMO_EXTENSIONS:
        return
    # Before payroll's demo, so last quarter's archived bonuses reach its demo runs.
    names = [getattr(fn, "__name__", "") for fn in DEMO_EXTENSIONS]
    position = names.index("seed_payroll_demo") if "seed_payroll_demo" in names else len(names)
    DEMO_EXTENSIONS.insert(position, seed_appraisal_demo)
