"""Who may do what to a return-to-work plan (registered with django-rules on start-up)."""

import rules

from cases.rules import is_employer_of_taken_on_case, is_the_worker
from cases.sharing import released_items
from rtw.policy import is_clinician, is_service_staff


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
    return "PLAN" in released_items(plan.case, "EMPLOYER")


@rules.predicate
def is_clinician_with_plan_shared(user, plan) -> bool:
    """A clinician of the referring practice, while the worker shares the plan with their GP
    (the GP's choices are to the clinician what the employer's are to the employer). Mirrors
    ``Plan.objects.visible_to`` for clinicians."""
    if plan is None or not (is_clinician(user) and plan_from_users_practice(user, plan)):
        return False
    return "PLAN" in released_items(plan.case, "GP")


@rules.predicate
def is_the_plans_worker(user, plan) -> bool:
    return plan is not None and is_the_worker(user, plan.case)


plan_team_staff = is_service_staff & plan_in_case_team

rules.add_perm(
    "plans.see_plan",
    plan_team_staff
    | is_clinician_with_plan_shared
    | is_employer_with_plan_released
    | is_the_plans_worker,
)
rules.add_perm("plans.view_plan", plan_team_staff)
rules.add_perm("plans.change_plan", plan_team_staff)
rules.add_perm("plans.view_employer_plan", is_employer_with_plan_released)
rules.add_perm("plans.sign_as_employer", is_employer_with_plan_released)
rules.add_perm("plans.view_clinician_summary", is_clinician_with_plan_shared)
rules.add_perm("plans.view_own_plan", is_the_plans_worker)
