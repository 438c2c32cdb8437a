"""Issue 21: the API pages appraisals by (updated_at, id)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appraisals', '0003_content_types_moved'),
        ('outreach', '0005_staff_login_name'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='appraisal',
            index=models.Index(fields=['updated_at', 'id'], name='appraisal_updated_at_id'),
        ),
    ]
