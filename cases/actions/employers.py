"""Linking a case to the employer the referrer typed."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases import lines
from cases.actions._base import (
    TransitionError,
    _audit,
    _event,
)
from cases.models import (
    Case,
    CaseEvent,
    Worker,
)
from rtw.audit import record_event
from rtw.models import Organisation, OrganisationKind, User


@transaction.atomic
def link_employer(
    *,
    case: Case,
    organisation: Organisation | None = None,
    new_name: str = "",
    new_address: str = "",
    by: User,
) -> Case:
    """Link a case whose employer the referrer typed to an employer organisation: an existing
    one (``organisation``) or a new one made from ``new_name`` and ``new_address``. The worker's
    employer becomes the same organisation, so their next referral finds it on the list.

    The case row is locked first, so two people linking at once cannot both link it (nor both
    create the organisation): the second finds it linked and gets a TransitionError."""
    if (organisation is None) == (not new_name.strip()):
        raise ValueError("Give either an existing organisation or a new name.")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.needs_employer_link():
        raise TransitionError(_("This case has no employer waiting to be linked."))
    created = organisation is None
    if created:
        name = new_name.strip()
        if Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, name__iexact=name).exists():
            raise TransitionError(f"An employer called {name} already exists: choose it instead.")
        organisation = Organisation.objects.create(
            kind=OrganisationKind.EMPLOYER, name=name, address=new_address.strip()
        )
        _audit(by, "organisation.create", "organisation", organisation.code)
    elif organisation.kind != OrganisationKind.EMPLOYER:
        raise ValueError("Only an employer organisation can be a case's employer.")
    case.employer = organisation
    case.save(update_fields=["employer"])
    Worker.objects.filter(pk=case.worker_id).update(employer=organisation)
    as_given = case.employer_name_given.casefold() != organisation.name.casefold()
    line = {
        (False, False): lines.EMPLOYER_LINKED,
        (True, False): lines.NEW_EMPLOYER_LINKED,
        (False, True): lines.EMPLOYER_LINKED_AS_GIVEN,
        (True, True): lines.NEW_EMPLOYER_LINKED_AS_GIVEN,
    }[(created, as_given)]
    summary = line % {"name": organisation.name, "given": case.employer_name_given}
    _event(case, CaseEvent.Kind.EMPLOYER, summary, by)
    record_event(
        by=by,
        action="case.link_employer",
        record_type="case",
        record_code=str(case.code),
        detail={"organisation": str(organisation.code), "created": created},
    )
    return case
