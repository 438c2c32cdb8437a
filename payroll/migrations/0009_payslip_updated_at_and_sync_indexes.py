"""Issue 21: payslips get an `updated_at` (the API's sync order); runs and payslips an
index on (updated_at, id) for its keyset pages."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from payroll.locked_guard import install, uninstall


def payslips_dated_by_their_run(apps, schema_editor):
    """An existing payslip last changed when its run did (a calculation writes them all,
    approving and locking change the run); a locked run's too, hence the guard is off."""
    Payslip = apps.get_model("payroll", "Payslip")
    PayrollRun = apps.get_model("payroll", "PayrollRun")
    Payslip.objects.update(
        updated_at=Subquery(PayrollRun.objects.filter(pk=OuterRef("run_id")).values("updated_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0005_staff_login_name"),
        ("payroll", "0008_appraisals_move_to_their_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # SQLite rebuilds the altered table, and the backfill writes locked runs' payslips:
    # the guard is lifted around both.
    operations = [
        migrations.RunPython(uninstall, install),
        migrations.AddField(
            model_name="payslip",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.RunPython(payslips_dated_by_their_run, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
        migrations.AddIndex(
            model_name="payrollrun",
            index=models.Index(fields=["updated_at", "id"], name="payrollrun_updated_at_id"),
        ),
        migrations.AddIndex(
            model_name="payslip",
            index=models.Index(fields=["updated_at", "id"], name="payslip_updated_at_id"),
        ),
    ]
