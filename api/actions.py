"""Creating and revoking integration clients. Each is atomic, names the administrator as
``by=`` and writes the audit trail."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from api.models import SCOPES_FOR_KIND, IntegrationClient
from api.tokens import digest, new_token
from rtw.audit import record_event
from rtw.models import Organisation, OrganisationKind, Role, User

#: The role the client's principal takes in its organisation: what a person there could see.
PRINCIPAL_ROLE = {
    OrganisationKind.GP_PRACTICE: Role.CLINICIAN,
    OrganisationKind.VSW_TEAM: Role.SUPERVISOR,
}


class ClientError(ValueError):
    """The client asked for cannot be made (an employer, or a scope its kind may not hold)."""


@transaction.atomic
def create_client(
    *,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime,
    by: User,
) -> tuple[IntegrationClient, str]:
    """Register a client for ``organisation`` and return it with its token, which is not kept
    and cannot be shown again.

    The client acts as a principal user of the organisation that cannot sign in (inactive,
    no usable password, an address under ``.invalid``): inactive users get no notification
    email and are on no list of active staff, so the principal is never mistaken for a person.
    """
    allowed = SCOPES_FOR_KIND.get(organisation.kind)
    if allowed is None:
        raise ClientError("Only GP practices and vocational support teams can have API clients.")
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(allowed):
        raise ClientError(f"A {organisation.get_kind_display()} client may hold only {allowed}.")
    if expires_at <= timezone.now():
        raise ClientError("The expiry must be in the future.")
    token, prefix = new_token()
    principal = User.objects.create_user(
        email=f"api-client-{prefix}@clients.invalid",
        password=None,
        full_name=f"{name[:120]} (API client)",
        role=PRINCIPAL_ROLE[organisation.kind],
        organisation=organisation,
        is_active=False,
    )
    client = IntegrationClient.objects.create(
        organisation=organisation,
        name=name,
        scopes=scopes,
        principal=principal,
        prefix=prefix,
        token_digest=digest(token),
        created_by=by,
        expires_at=expires_at,
    )
    record_event(
        by=by,
        action="api_client.create",
        record_type="api_client",
        record_code=client.code,
        detail={"organisation": organisation.name, "scopes": scopes, "prefix": prefix},
    )
    return client, token


@transaction.atomic
def revoke_client(*, client: IntegrationClient, by: User) -> IntegrationClient:
    """Stop the client's token working from the next call on. Revoking twice changes nothing."""
    client = IntegrationClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.revoked_by = by
    client.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        by=by,
        action="api_client.revoke",
        record_type="api_client",
        record_code=client.code,
        detail={"organisation": client.organisation.name, "prefix": client.prefix},
    )
    return client
