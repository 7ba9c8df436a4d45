# The reports app's first migration holds nothing: its models come in the migrations after it.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = []
