from django.contrib import admin

from supervision.models import TrainingRecord


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    """Training holds no health data; sessions (notes about cases) are kept out of the admin."""

    list_display = ["vsw", "course", "completed_on", "renewal_due_on"]
    search_fields = ["course", "vsw__full_name"]
    fields = ["vsw", "course", "completed_on", "renewal_due_on", "recorded_by"]
