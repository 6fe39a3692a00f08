from django.contrib import admin

from checkins.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """For operations: which messages are waiting, sent or failing. Messages hold no health
    data (see checkins/reminders.py); read-only, since the sweep owns their state."""

    list_display = ["due_at", "kind", "to_email", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to_email", "subject_key"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
