from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0005_checkin_open_due"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="reminder",
            name="cases_remin_status_23b59d_idx",
        ),
    ]
