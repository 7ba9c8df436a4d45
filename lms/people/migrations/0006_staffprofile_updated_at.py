import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_staff_import_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffprofile",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                verbose_name="updated at",
            ),
            preserve_default=False,
        ),
    ]
