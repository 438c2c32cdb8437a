"""R-PAY-1…7: the spec's default rates, in force from 2020-01 so every month has a policy."""

import datetime

from django.db import migrations


def add_default_policy(apps, schema_editor):
    PayPolicy = apps.get_model("payroll", "PayPolicy")
    # Field defaults are the spec's numbers (payroll.calc.PayPolicy).
    PayPolicy.objects.get_or_create(effective_from=datetime.date(2020, 1, 1))


class Migration(migrations.Migration):
    dependencies = [("payroll", "0001_initial")]

    operations = [migrations.RunPython(add_default_policy, migrations.RunPython.noop)]
