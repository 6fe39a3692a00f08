"""Check-ins and reminders now belong to the checkins app (same tables; see checkins/0001).

Removes them from this app's state and moves their content types, so permissions and admin
history follow them.
"""

from django.db import migrations

MODELS = ("checkin", "reminder", "delivery")


def move_content_types(apps, schema_editor, source="cases", target="checkins"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model__in=MODELS).exists():
        return
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="checkins", target="cases")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0003_checkins_reminders"),
        ("checkins", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="CheckIn"),
                migrations.DeleteModel(name="Reminder"),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
