"""R-PAY-8: a locked payroll run is read-only at the database level too."""

from django.db import migrations

from payroll.locked_guard import install, uninstall


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
