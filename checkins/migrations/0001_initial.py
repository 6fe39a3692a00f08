"""Check-ins and reminders move here from the cases app: their tables stay as they are.

Only Django's idea of which app owns the models changes (state operations); the database is
untouched, so no data moves. cases/0004 removes the models from the cases app's state.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0003_checkins_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('CHECKIN_INVITE', 'Check-in invitation'), ('CHECKIN_REMINDER', 'Check-in reminder'), ('CHECKIN_MISSED', 'Missed check-in'), ('CHECKIN_PHONE_DUE', 'Phone check-in due'), ('FIT_NOTE_EXPIRING', 'Fit note ending'), ('REVIEW_DUE', 'Plan review due'), ('MILESTONE_DUE', 'Milestone due'), ('AT_RISK', 'At risk of relapse'), ('WEEKLY_DIGEST', 'Weekly digest')], max_length=20)),
                        ('subject_key', models.CharField(max_length=80)),
                        ('slot', models.CharField(max_length=20)),
                        ('to_email', models.EmailField(max_length=254)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('status', models.CharField(choices=[('PENDING', 'Pending'), ('SENT', 'Sent'), ('CANCELLED', 'Cancelled')], default='PENDING', max_length=10)),
                        ('due_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('last_error', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='cases.case')),
                        ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cases_reminder',
                        'ordering': ['due_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('reminder', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='delivery', to='checkins.reminder')),
                    ],
                    options={
                        'db_table': 'cases_delivery',
                        'ordering': ['-sent_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('due_on', models.DateField(verbose_name='due')),
                        ('ad_hoc', models.BooleanField(default=False)),
                        ('channel', models.CharField(choices=[('SELF_LINK', 'Worker checks in by link'), ('PHONE', 'By phone with the VSW')], default='SELF_LINK', max_length=10)),
                        ('status', models.CharField(choices=[('SCHEDULED', 'Scheduled'), ('INVITED', 'Invited'), ('COMPLETED', 'Completed'), ('MISSED', 'Missed')], default='SCHEDULED', max_length=10)),
                        ('planned_hours', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True)),
                        ('warning_signs_offered', models.JSONField(blank=True, default=list)),
                        ('link_nonce', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('hours_worked', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='hours worked this week')),
                        ('days_absent', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='days absent this week')),
                        ('sleep', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('mood', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('energy', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('symptoms', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='symptom intensity')),
                        ('work_ability', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='work ability')),
                        ('warning_signs_ticked', models.JSONField(blank=True, default=list)),
                        ('comments', models.TextField(blank=True, verbose_name='what helped, what was hard')),
                        ('wants_contact', models.BooleanField(default=False, verbose_name='would like the VSW to get in touch')),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                        ('signals', models.JSONField(blank=True, default=list, verbose_name='relapse signals found')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='check_ins', to='cases.case')),
                        ('completed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'cases_checkin',
                        'ordering': ['case', 'due_on', 'id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('ad_hoc', False)), fields=('case', 'due_on'), name='checkin_one_scheduled_per_day'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'COMPLETED'), ('completed_at__isnull', False)), models.Q(models.Q(('status', 'COMPLETED'), _negated=True), ('completed_at__isnull', True)), _connector='OR'), name='checkin_completed_at_with_status'), models.CheckConstraint(condition=models.Q(('sleep__lte', 10)), name='checkin_sleep_0_to_10'), models.CheckConstraint(condition=models.Q(('mood__lte', 10)), name='checkin_mood_0_to_10'), models.CheckConstraint(condition=models.Q(('energy__lte', 10)), name='checkin_energy_0_to_10'), models.CheckConstraint(condition=models.Q(('symptoms__lte', 10)), name='checkin_symptoms_0_to_10'), models.CheckConstraint(condition=models.Q(('work_ability__lte', 10)), name='checkin_work_ability_0_to_10'), models.CheckConstraint(condition=models.Q(('days_absent__lte', 7)), name='checkin_days_absent_0_to_7')],
                    },
                ),
                migrations.AddIndex(
                    model_name='reminder',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='cases_remin_status_23b59d_idx'),
                ),
                migrations.AddConstraint(
                    model_name='reminder',
                    constraint=models.UniqueConstraint(fields=('kind', 'subject_key', 'slot'), name='reminder_unique_kind_subject_slot'),
                ),
            ],
        ),
    ]
