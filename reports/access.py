"""Which cases a person's figures may count: a supervisor their own team's, an administrator
every team's. Nobody else has figures (the views allow only those two roles)."""

from cases.models import Case
from rtw.models import Organisation, OrganisationKind, Role


def teams_for(user):
    """The teams ``user`` may choose in the team filter."""
    teams = Organisation.objects.filter(kind=OrganisationKind.VSW_TEAM).order_by("name")
    if user.role == Role.ADMIN:
        return teams
    if user.role == Role.SUPERVISOR:
        return teams.filter(pk=user.organisation_id)
    return teams.none()


def cases_for(user):
    """Every case ``user``'s figures may count, before the filters."""
    if user.role == Role.ADMIN:
        return Case.objects.all()
    if user.role == Role.SUPERVISOR:
        return Case.objects.filter(team_id=user.organisation_id)
    return Case.objects.none()
