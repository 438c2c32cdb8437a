"""R-PAY-9: build the month's workbook in the background with progress."""

import tempfile
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from outreach.jobs import enqueue
from outreach.models import AccessLog
from outreach.services import access_log_write

from ..exports import export_filename, payroll_workbook
from ..models import PayrollExport, PayrollRun, RunStatus

EXPORTABLE = (RunStatus.CALCULATED, RunStatus.APPROVED, RunStatus.LOCKED)

# The job that builds a workbook, named rather than imported: payroll.tasks imports these
# services, so importing it back here would close a circle (issue 19). Its dotted path is
# also its Celery name, so a rename shows in the worker's log and in the tests at once.
BUILD_TASK = "payroll.tasks.payroll_export_build_task"


def _build_send(export_id: int) -> bool:
    """Send the build of one export; False when the broker is down (it stays pending)."""
    return enqueue(import_string(BUILD_TASK), export_id)


def payroll_export_check(run: PayrollRun) -> None:
    if run.status not in EXPORTABLE:
        raise ValidationError(
            _("The run for %(month)s is not calculated; calculate it before exporting.")
            % {"month": f"{run.month:%Y-%m}"}
        )


def payroll_export_request(*, run: PayrollRun, actor: User, language: str) -> PayrollExport:
    payroll_export_check(run)
    with transaction.atomic():
        export = PayrollExport.objects.create(run=run, requested_by=actor, language=language)
        access_log_write(user=actor, action=AccessLog.Action.EXPORT, target=f"payroll {run}")
        # With the broker down the export stays pending; payroll_exports_resend sends it.
        transaction.on_commit(lambda: _build_send(export.pk))
    return export


def payroll_exports_resend(*, now=None) -> int:
    """Send again the exports a broker outage or a killed worker left behind: waiting
    for more than two minutes (never sent), or running for longer than a task may run
    (its worker died; the build takes only waiting exports, so it is put back first).
    Building takes only a waiting export, so a resend of one already sent is harmless."""
    from outreach.celery import LONGEST_TASK_SECONDS

    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            PayrollExport.objects.filter(
                status=PayrollExport.Status.RUNNING,
                updated_at__lt=now - timedelta(seconds=LONGEST_TASK_SECONDS),
            ).values_list("pk", flat=True)
        )
        PayrollExport.objects.filter(pk__in=stuck).update(
            status=PayrollExport.Status.PENDING, progress=0
        )
        waiting = list(
            PayrollExport.objects.filter(
                Q(created_at__lt=now - timedelta(minutes=2)) | Q(pk__in=stuck),
                status=PayrollExport.Status.PENDING,
            ).values_list("pk", flat=True)
        )
    # Sent once the put-back is committed (its count is the answer, so not on_commit).
    return sum(_build_send(pk) for pk in waiting)


def payroll_export_build(*, export_id: int) -> PayrollExport | None:
    """Build once: only a waiting export is taken, so a duplicate delivery does nothing.

    Not one transaction on purpose: the take, each progress step and the result are
    committed as they happen, so the status page sees the progress and a failure is
    recorded even though the job raises."""
    with transaction.atomic():
        taken = PayrollExport.objects.filter(
            pk=export_id, status=PayrollExport.Status.PENDING
        ).update(status=PayrollExport.Status.RUNNING)
    if not taken:
        return None
    export = PayrollExport.objects.select_related("run").get(pk=export_id)

    def progress(done: int, total: int) -> None:
        PayrollExport.objects.filter(pk=export_id).update(progress=min(99, done * 100 // total))

    try:
        with tempfile.TemporaryFile() as out:
            payroll_workbook(export.run, out, export.language, progress)
            out.seek(0)
            export.file.save(export_filename(export.run), File(out), save=False)
    except Exception as error:
        PayrollExport.objects.filter(pk=export_id).update(
            status=PayrollExport.Status.FAILED, error=str(error)[:300]
        )
        raise
    export.status, export.progress = PayrollExport.Status.DONE, 100
    export.save(update_fields=["file", "status", "progress", "updated_at"])
    return export
