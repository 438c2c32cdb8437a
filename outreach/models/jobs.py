"""The last run of each background job, for monitoring (`manage.py jobs_health`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One row per task name, updated by Celery's signals (outreach/jobs.py)."""

    name = models.CharField(_("task"), max_length=200, unique=True)
    # Since when workers have been running this job: the dashboard expects a job's runs
    # only from the first time any worker ran anything (a fresh install is not "late").
    first_started_at = models.DateTimeField(_("first started"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), null=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    last_ok_at = models.DateTimeField(_("last success"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return self.name
