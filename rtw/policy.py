"""Who may do what to which record: every object-level rule of the product, in one place.

Predicates take ``(user, obj)``. The visibility querysets (``Case.objects.visible_to``) express
``cases.see_case`` in SQL; ``tests/test_policy.py`` proves the two agree for every persona.
"""

import rules

from rtw.models import Role

# Imported lazily by attribute so rtw never imports the apps' models at module load.
_EMPLOYER_VISIBLE = ("ACCEPTED", "ACTIVE", "PAUSED")


@rules.predicate
def is_service_staff(user) -> bool:
    return user.is_authenticated and user.role in (Role.VSW, Role.SUPERVISOR)


@rules.predicate
def is_supervisor(user) -> bool:
    return user.is_authenticated and user.role == Role.SUPERVISOR


@rules.predicate
def is_clinician(user) -> bool:
    return user.is_authenticated and user.role == Role.CLINICIAN


@rules.predicate
def in_case_team(user, case) -> bool:
    return case is not None and case.team_id == user.organisation_id


@rules.predicate
def referred_from_users_practice(user, case) -> bool:
    return case is not None and case.referring_practice_id == user.organisation_id


@rules.predicate
def is_employer_of_taken_on_case(user, case) -> bool:
    return (
        case is not None
        and user.is_authenticated
        and user.role == Role.EMPLOYER_CONTACT
        and case.employer_id == user.organisation_id
        and case.status in _EMPLOYER_VISIBLE
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
rules.add_perm("cases.add_contact", team_staff)
rules.add_perm("cases.record_consent", team_staff)
# The clinician's view of a referral: status, decision, fit notes, plan summary.
rules.add_perm("cases.view_referral", referring_clinician)
rules.add_perm("cases.add_fitnote", team_staff | referring_clinician)
# The employer's view: only what the worker released (filtered by cases.sharing).
rules.add_perm("cases.view_shared", is_employer_of_taken_on_case)
# The worker's own view of their case.
rules.add_perm("cases.view_own", is_the_worker)


# --- Plans ------------------------------------------------------------------------------------


@rules.predicate
def plan_in_case_team(user, plan) -> bool:
    return plan is not None and plan.case.team_id == user.organisation_id


@rules.predicate
def plan_from_users_practice(user, plan) -> bool:
    return plan is not None and plan.case.referring_practice_id == user.organisation_id


@rules.predicate
def is_employer_with_plan_released(user, plan) -> bool:
    """The employer contact of a taken-on case whose worker released the plan to them.
    Uses ``cases.sharing`` so the release rule has one home."""
    if plan is None or not is_employer_of_taken_on_case(user, plan.case):
        return False
    from cases.sharing import released_items

    return "PLAN" in released_items(plan.case, "EMPLOYER")


@rules.predicate
def is_the_plans_worker(user, plan) -> bool:
    return plan is not None and is_the_worker(user, plan.case)


plan_team_staff = is_service_staff & plan_in_case_team

rules.add_perm(
    "plans.see_plan",
    plan_team_staff
    | (is_clinician & plan_from_users_practice)
    | is_employer_with_plan_released
    | is_the_plans_worker,
)
rules.add_perm("plans.view_plan", plan_team_staff)
rules.add_perm("plans.change_plan", plan_team_staff)
rules.add_perm("plans.view_employer_plan", is_employer_with_plan_released)
rules.add_perm("plans.sign_as_employer", is_employer_with_plan_released)
rules.add_perm("plans.view_clinician_summary", is_clinician & plan_from_users_practice)
rules.add_perm("plans.view_own_plan", is_the_plans_worker)


# --- Patients (workers) -----------------------------------------------------------------------


@rules.predicate
def is_patient_of_users_practice(user, worker) -> bool:
    return worker is not None and worker.gp_practice_id == user.organisation_id


rules.add_perm("cases.refer_patient", is_clinician & is_patient_of_users_practice)
