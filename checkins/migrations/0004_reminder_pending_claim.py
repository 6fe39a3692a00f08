from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0003_reminder_channel"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                condition=models.Q(("status", "PENDING")),
                fields=["next_attempt_at", "id"],
                name="reminder_pending_claim",
            ),
        ),
    ]
