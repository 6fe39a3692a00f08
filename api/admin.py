"""Integration clients in the administration site: an administrator registers one for a
practice or a team, sees its token once on the page that follows, and may revoke it."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.actions import ClientError, create_client, revoke_client
from api.models import SCOPES_FOR_KIND, IntegrationClient, Scope
from rtw.models import Organisation

DEFAULT_LIFETIME_DAYS = 365


class ClientCreationForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A practice may refer and read its referrals and cases; a team may read its cases "
            "and the service figures."
        ),
    )

    class Meta:
        model = IntegrationClient
        fields = ["organisation", "name", "scopes", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=list(SCOPES_FOR_KIND)
        )
        self.fields["expires_at"].initial = timezone.now() + timezone.timedelta(
            days=DEFAULT_LIFETIME_DAYS
        )

    def clean(self):
        data = super().clean()
        organisation, scopes = data.get("organisation"), data.get("scopes") or []
        if organisation is not None:
            allowed = set(SCOPES_FOR_KIND[organisation.kind])
            refused = sorted(set(scopes) - allowed)
            if refused:
                self.add_error(
                    "scopes",
                    _("A %(kind)s client cannot hold %(scopes)s.")
                    % {"kind": organisation.get_kind_display(), "scopes": ", ".join(refused)},
                )
        expires = data.get("expires_at")
        if expires is not None and expires <= timezone.now():
            self.add_error("expires_at", _("The expiry must be in the future."))
        return data


@admin.action(description=_("Revoke the selected clients' tokens"))
def revoke(modeladmin, request, queryset):
    for client in queryset:
        revoke_client(client=client, by=request.user)
    modeladmin.message_user(request, _("Revoked."), messages.SUCCESS)


@admin.register(IntegrationClient)
class IntegrationClientAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["organisation"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "prefix", "organisation__name"]
    actions = [revoke]
    readonly_fields = [
        "organisation",
        "name",
        "scopes",
        "prefix",
        "expires_at",
        "created_by",
        "created_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ClientCreationForm
            kwargs["fields"] = ClientCreationForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ClientCreationForm.Meta.fields if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the audit trail and referrals point at the client

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            client, token = create_client(
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data["expires_at"],
                by=request.user,
            )
        except ClientError as error:  # the form checks the same rules first
            raise ValueError(str(error)) from error
        obj.pk, obj.token = client.pk, token
        obj.__dict__.update({k: v for k, v in client.__dict__.items() if not k.startswith("_")})

    def response_add(self, request, obj, post_url_continue=None):
        """The token, once: it is not stored and no page shows it again."""
        response = TemplateResponse(
            request,
            "api/admin/token.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Token for %(name)s") % {"name": obj.name},
                "client": obj,
                "token": obj.token,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"
        return response
