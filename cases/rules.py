"""Who may do what to a case and its records (registered with django-rules on start-up).

The visibility queryset ``Case.objects.visible_to`` expresses ``cases.see_case`` in SQL;
``tests/test_policy.py`` proves the two agree for every persona.
"""

import rules

from cases.models import EMPLOYER_VISIBLE_STATUSES, Case
from rtw.models import Role
from rtw.policy import is_clinician, is_service_staff, is_supervisor


@rules.predicate
def in_case_team(user, case) -> bool:
    return case is not None and case.team_id == user.organisation_id


@rules.predicate
def referred_from_users_practice(user, case) -> bool:
    return case is not None and case.referring_practice_id == user.organisation_id


@rules.predicate
def is_employer_of_taken_on_case(user, case) -> bool:
    """The employer contact of a case the service has taken on, whose worker agreed that the
    service may involve their employer. The rule itself is ``Case.objects.seen_by_employer``
    (one home for the list and the predicate, ADR 16); the cheap checks go first."""
    return (
        case is not None
        and user.is_authenticated
        and user.role == Role.EMPLOYER_CONTACT
        and case.employer_id is not None
        and case.employer_id == user.organisation_id
        and case.status in EMPLOYER_VISIBLE_STATUSES
        and Case.objects.seen_by_employer(user.organisation_id).filter(pk=case.pk).exists()
    )


@rules.predicate
def is_the_worker(user, case) -> bool:
    return (
        case is not None
        and user.is_authenticated
        and user.role == Role.WORKER
        and case.worker.user_id == user.pk
    )


team_staff = is_service_staff & in_case_team
referring_clinician = is_clinician & referred_from_users_practice

# Any relationship at all: the rule behind Case.objects.visible_to().
rules.add_perm(
    "cases.see_case",
    team_staff | referring_clinician | is_employer_of_taken_on_case | is_the_worker,
)
# The full case record (notes, contacts, check-ins): the service team only.
rules.add_perm("cases.view_case", team_staff)
rules.add_perm("cases.change_case", team_staff)
rules.add_perm("cases.decide_referral", team_staff)
rules.add_perm("cases.reassign_case", is_supervisor & in_case_team)
# The case's audit trail (who opened what): the supervisors of the case's team.
rules.add_perm("cases.view_audit", is_supervisor & in_case_team)
rules.add_perm("cases.add_contact", team_staff)
rules.add_perm("cases.record_consent", team_staff)
# The clinician's view of a referral: status, decision, fit notes, plan summary.
rules.add_perm("cases.view_referral", referring_clinician)
rules.add_perm("cases.add_fitnote", team_staff | referring_clinician)
# The employer's view: only what the worker released (filtered by cases.sharing).
rules.add_perm("cases.view_shared", is_employer_of_taken_on_case)
# The worker's own view of their case.
rules.add_perm("cases.view_own", is_the_worker)


# --- Patients (workers) -----------------------------------------------------------------------


@rules.predicate
def is_patient_of_users_practice(user, worker) -> bool:
    return worker is not None and worker.gp_practice_id == user.organisation_id


rules.add_perm("cases.refer_patient", is_clinician & is_patient_of_users_practice)
