from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0004_reminder_pending_claim"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(
                condition=models.Q(("status__in", ["SCHEDULED", "INVITED"])),
                fields=["due_on"],
                name="checkin_open_due",
            ),
        ),
    ]
