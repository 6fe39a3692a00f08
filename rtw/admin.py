"""Administration of people and organisations, and a read-only view of the audit trail.

Health records (cases, fit notes, contacts, check-ins, plans) are deliberately not registered:
every read of them goes through the fetch helpers, which enforce the access policy and write
the audit trail; the admin would bypass both.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from rtw.audit import record_event
from rtw.models import AuditEvent, Notification, Organisation, User
from rtw.outbox import OutboxMessage
from rtw.sessions import end_sessions
from rtw.two_factor.admin import reset_two_factor


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "phone", "plans_need_approval"]
    list_filter = ["kind", "plans_need_approval"]
    search_fields = ["name", "email"]
    # plans_need_approval: for teams, a supervisor approves each plan before it is proposed.
    fields = ["name", "kind", "address", "email", "phone", "plans_need_approval"]


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "organisation"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = [
            "email",
            "full_name",
            "role",
            "organisation",
            "job_title",
            "is_active",
            "is_staff",
        ]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["full_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "role", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "organisation", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups"]
    actions = [reset_two_factor]

    # A change to any of these throws the person out of every session they have open: a
    # disabled account or a narrower role must not keep what an open session can still reach.
    ends_sessions = ("is_active", "role", "is_staff", "is_superuser")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and any(name in form.changed_data for name in self.ends_sessions):
            end_sessions(obj, except_key=_own_key(request, obj), by=request.user)


def _own_key(request, obj) -> str | None:
    """An administrator changing their own account keeps the session they are using."""
    return request.session.session_key if obj.pk == request.user.pk else None


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the application never changes or deletes audit events."""

    list_display = [
        "at",
        "actor_email",
        "actor_role",
        "action",
        "record_type",
        "record_code",
        "outcome",
        "request_id",
    ]
    list_filter = ["outcome", "record_type", "actor_role"]
    search_fields = ["actor_email", "record_code", "request_id", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Reading the audit trail is itself audited: the list with its filters, and each event.
    def changelist_view(self, request, extra_context=None):
        record_event(
            by=request.user,
            action="audit.list",
            record_type="audit",
            detail={"filters": {k: v[:100] for k, v in request.GET.items()}},
        )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record_event(
            by=request.user, action="audit.read", record_type="audit", record_code=object_id
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    list_select_related = ["recipient"]
    readonly_fields = ["created_at", "recipient", "message", "link", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """For operations: which emails are waiting, sent or failing (rtw/outbox.py). Read-only,
    since the sweep owns their state; a failing row shows its last error and next attempt."""

    list_display = ["created_at", "to_email", "subject", "status", "attempts", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
