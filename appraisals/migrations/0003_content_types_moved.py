"""The appraisal models' content types follow them from payroll to appraisals.

Permissions hang on a content type, so moving the rows (rather than letting Django create
new ones) keeps every group's and person's appraisal permissions — they now read
`appraisals.manage_appraisals` and so on — and every link by content type (history,
the admin log) keeps pointing at its row. A notification names its object as
"app_label.model:pk" (its once-per-object key), so those keys are renamed too: a repeat of
a notification sent before the move is still recognised as one."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

MODELS = [
    "appraisaltemplate",
    "dimension",
    "indicator",
    "gradeband",
    "appraisalcycle",
    "appraisal",
    "indicatorscore",
    "objection",
    "careerplan",
    "careertalk",
    "historicalappraisaltemplate",
    "historicalappraisalcycle",
    "historicalappraisal",
    "historicalindicatorscore",
    "historicalobjection",
    "historicalcareerplan",
]


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate creates them under the new label
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            # Created meanwhile (say by a partial run): keep the old row, which carries
            # the grants; the fresh one has only the default permissions nobody holds.
            Permission.objects.filter(content_type=new).delete()
            new.delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()
    Notification = apps.get_model("outreach", "Notification")
    for model in MODELS:
        old_prefix = f"{source}.{model}:"
        Notification.objects.filter(object_key__startswith=old_prefix).update(
            object_key=Concat(
                Value(f"{target}.{model}:"), Substr(F("object_key"), len(old_prefix) + 1)
            )
        )


def forwards(apps, schema_editor):
    _move(apps, "payroll", "appraisals")


def backwards(apps, schema_editor):
    _move(apps, "appraisals", "payroll")


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0002_tables_renamed"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("outreach", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
