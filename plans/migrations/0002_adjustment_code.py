"""Adjustments are addressed by a UUID code in URLs, like every other record."""

import uuid

from django.db import migrations, models


def give_codes(apps, schema_editor):
    Adjustment = apps.get_model("plans", "Adjustment")
    for adjustment in Adjustment.objects.filter(code__isnull=True).only("pk"):
        adjustment.code = uuid.uuid4()
        adjustment.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="adjustment", name="code", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="adjustment",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
