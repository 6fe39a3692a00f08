"""Who may do what with supervision records (registered with django-rules on start-up).

The visibility querysets (``SupervisionSession.objects.visible_to``,
``TrainingRecord.objects.visible_to``) say the same in SQL; the fetch helpers use both."""

import rules

from rtw.models import Role
from rtw.policy import is_supervisor


@rules.predicate
def supervises_session_team(user, session) -> bool:
    return session is not None and session.team_id == user.organisation_id


@rules.predicate
def attended(user, session) -> bool:
    return (
        session is not None
        and user.is_authenticated
        and user.role == Role.VSW
        and session.team_id == user.organisation_id
        and session.attendees.filter(pk=user.pk).exists()
    )


@rules.predicate
def supervises_trainee(user, record) -> bool:
    return record is not None and record.vsw.organisation_id == user.organisation_id


@rules.predicate
def own_training(user, record) -> bool:
    return record is not None and record.vsw_id == user.pk


rules.add_perm("supervision.view_session", (is_supervisor & supervises_session_team) | attended)
rules.add_perm("supervision.change_session", is_supervisor & supervises_session_team)
rules.add_perm("supervision.view_training", (is_supervisor & supervises_trainee) | own_training)
rules.add_perm("supervision.change_training", is_supervisor & supervises_trainee)
