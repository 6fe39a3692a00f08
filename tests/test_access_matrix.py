"""Every persona, every URL, a real record behind every parameter: the expected outcome is data.

The URL resolver gives the routes (``tests/test_url_policy.py``); ``FILL`` says which record of
the scenario (``tests/disclosure_scenario.py``) fills each parameter, and ``TABLE`` says, for
every route, what each persona gets for a GET and for a POST with an empty body. A new URL
without a row fails :func:`test_every_route_has_a_row`. A permitted POST with an empty body
answers with the form again (a page) or a redirect; a forbidden one with 404 or 403.

404 or 403: a record the persona has no business knowing about is "not found", whether it
exists or not (no existence oracle); "refused" is only for a page the persona's role can never
use, where the answer says nothing about any record.

Each persona is one test that walks every route and collects the differences, so a failure
lists every wrong cell at once. Every request runs in a transaction that is rolled back, so a
POST that succeeds (pausing the case, say) changes nothing for the next one.
"""

import copy
import pprint
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outcomes.links import link_token as outcome_link_token
from outcomes.models import OutcomeCheckIn, OutcomeStatus, Questionnaire, Timepoint
from outcomes.schedule import check_in_for
from rtw.models import User
from tests.conftest import client_for
from tests.disclosure_scenario import (
    INVOLVEMENT,
    build_scenario,
    fast_passwords,
    rolled_back,
    share,
)
from tests.test_url_policy import routes

# --- Outcomes ---------------------------------------------------------------------------------

PAGE = "page"  # 200
REDIRECT = "redirect"  # 302 somewhere other than the sign-in page
SIGN_IN = "sign in"  # 302 to the sign-in page
NOT_FOUND = "not found"  # 404
REFUSED = "refused"  # 403
NO_METHOD = "wrong method"  # 405
NO_CONTENT = "no content"  # 204


def outcome(response) -> str:
    code = response.status_code
    if code == 302:
        return SIGN_IN if response["Location"].startswith("/accounts/login/") else REDIRECT
    return {200: PAGE, 204: NO_CONTENT, 404: NOT_FOUND, 403: REFUSED, 405: NO_METHOD}.get(
        code, str(code)
    )


# --- Personas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    """A column of the table: who signs in (None: anonymous), in which situation (a change to
    the scenario made before their requests, inside their rolled-back transaction), and, for a
    persona that is an existing user in another situation, whose column it copies and the
    cells where it differs."""

    user: str | None
    situation: Callable | None = None
    like: str | None = None
    differs: dict = field(default_factory=dict)


def withdrawn(recipient: str, item: str) -> Callable:
    """The situation where the worker has withdrawn ``item`` from ``recipient``."""

    def situation(scenario):
        scenario.worker_record.consents.active().filter(recipient=recipient, item=item).update(
            withdrawn_at=timezone.now(), withdrawn_by=scenario.users["worker"]
        )

    return situation


PERSONAS = {
    "anonymous": Persona(None),
    "worker": Persona("worker"),
    "other_worker": Persona("other_worker"),
    "vsw": Persona("vsw"),
    "vsw_same_team": Persona("vsw_same_team"),
    "vsw_other_team": Persona("vsw_other_team"),
    "supervisor": Persona("supervisor"),
    "other_supervisor": Persona("other_supervisor"),
    "clinician": Persona("clinician"),
    "other_clinician": Persona("other_clinician"),
    "employer": Persona("employer"),
    "other_employer": Persona("other_employer"),
    "admin": Persona("admin"),
    # The employer once the worker stops sharing the plan: the plan is gone for them, and
    # "not found" rather than "refused", which would say it exists.
    "employer_plan_not_shared": Persona(
        "employer",
        withdrawn("EMPLOYER", "PLAN"),
        like="employer",
        differs={
            "plans:shared_copy audience=employer": ("not found", "wrong method"),
            "plans:pdf audience=employer": ("not found", "wrong method"),
            "plans:employer_sign": ("wrong method", "not found"),
        },
    ),
    # The employer before the worker agrees that the service may involve them (ADR 16): they
    # see nothing of the worker, exactly like another employer (a column only where the
    # project asks for that agreement).
    **(
        {
            "employer_not_involved": Persona(
                "employer", withdrawn("EMPLOYER", INVOLVEMENT), like="other_employer"
            )
        }
        if INVOLVEMENT
        else {}
    ),
    # The referring clinician once the worker stops sharing the plan with their GP.
    "clinician_plan_not_shared": Persona(
        "clinician",
        withdrawn("GP", "PLAN"),
        like="clinician",
        differs={
            "plans:shared_copy audience=clinician": ("not found", "wrong method"),
            "plans:pdf audience=clinician": ("not found", "wrong method"),
        },
    ),
}
BASE_PERSONAS = [name for name, persona in PERSONAS.items() if persona.like is None]
SIGNED_IN = [name for name in BASE_PERSONAS if PERSONAS[name].user is not None]
TEAM = ("vsw", "vsw_same_team", "supervisor")
OTHER_TEAM = ("vsw_other_team", "other_supervisor")
STAFF = TEAM + OTHER_TEAM


def row(others=(REFUSED, REFUSED), *, anonymous=(SIGN_IN, SIGN_IN), **cells) -> dict:
    """{persona: (GET, POST)}: ``others`` for every signed-in persona not named, ``anonymous``
    for anonymous. ``team=``, ``other_team=`` and ``staff=`` name groups of personas."""
    result = dict.fromkeys(SIGNED_IN, others)
    result["anonymous"] = anonymous
    groups = {"team": TEAM, "other_team": OTHER_TEAM, "staff": STAFF}
    for key in ("staff", "team", "other_team"):
        if key in cells:
            result.update(dict.fromkeys(groups[key], cells.pop(key)))
    unknown = set(cells) - set(BASE_PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    result.update(cells)
    return result


def team_page(form=False):
    """A team-only page about the case: the team sees it, the other team finds nothing."""
    post = PAGE if form else NO_METHOD
    return row(team=(PAGE, post), other_team=(NOT_FOUND, NOT_FOUND if form else NO_METHOD))


def outcome_link(model):
    """A working link to an outcome check-in or questionnaire of the scenario's case, made in
    the persona's (rolled-back) transaction."""

    def token(scenario) -> str:
        today = timezone.localdate()
        if model is OutcomeCheckIn:
            record = OutcomeCheckIn.objects.filter(case=scenario.case, due_on=today).first()
            if record is None:
                record = check_in_for(scenario.case.pk, today, OutcomeStatus.DUE)
                record.save()
        else:
            record, _ = Questionnaire.objects.get_or_create(
                case=scenario.case, timepoint=Timepoint.WEEK_6, defaults={"due_on": today}
            )
        return outcome_link_token(record)

    return token


def team_action(post=REDIRECT):
    """A team-only POST about the case; GET is the wrong method for every staff member."""
    return row(team=(NO_METHOD, post), other_team=(NO_METHOD, NOT_FOUND))


# --- Parameters -------------------------------------------------------------------------------


def supervision_session(scenario):
    """A supervision session of the case's team that the case's VSW and the supervisor
    attended, discussing the case, made in the persona's (rolled-back) transaction."""
    from supervision.models import DiscussedCase, SupervisionSession

    vsw, supervisor = scenario.users["vsw"], scenario.users["supervisor"]
    session, created = SupervisionSession.objects.get_or_create(
        team=scenario.case.team,
        held_on=timezone.localdate() - timezone.timedelta(days=1),
        recorded_by=supervisor,
    )
    if created:
        session.attendees.set([vsw, supervisor])
        DiscussedCase.objects.create(
            session=session, case=scenario.case, note="Talked it through", recorded_by=supervisor
        )
    return session


# (route name, parameter) -> how to fill it from the scenario. A list gives one row per value:
# the row is keyed "name param=value".
FILL = {
    # A real reset link for the worker, made when the walk starts from the worker's row as it
    # is then (the token depends on their last sign-in).
    ("password_reset_confirm", "uidb64"): lambda s: urlsafe_base64_encode(
        force_bytes(s.users["worker"].pk)
    ),
    ("password_reset_confirm", "token"): lambda s: default_token_generator.make_token(
        User.objects.get(pk=s.users["worker"].pk)
    ),
    ("checkins:link", "token"): lambda s: s.token,
    ("checkins:add_check_in", "code"): lambda s: s.case.code,
    ("outcomes:check_in_link", "token"): outcome_link(OutcomeCheckIn),
    ("outcomes:questionnaire_link", "token"): outcome_link(Questionnaire),
    ("outcomes:acknowledge_alert", "code"): lambda s: s.case.code,
    ("checkins:clear_at_risk", "code"): lambda s: s.case.code,
    ("checkins:record_check_in", "code"): lambda s: s.due_check_in.code,
    ("checkins:worker_check_in", "code"): lambda s: s.due_check_in.code,
    ("cases:case_detail", "code"): lambda s: s.case.code,
    ("cases:case_plan_summary", "code"): lambda s: s.case.code,
    ("cases:case_check_ins", "code"): lambda s: s.case.code,
    ("cases:case_fit_notes", "code"): lambda s: s.case.code,
    ("cases:case_contacts", "code"): lambda s: s.case.code,
    ("cases:case_sharing", "code"): lambda s: s.case.code,
    ("cases:case_history", "code"): lambda s: s.case.code,
    ("cases:decide_referral", "code"): lambda s: s.case.code,
    ("cases:case_audit", "code"): lambda s: s.case.code,
    ("cases:add_contact", "code"): lambda s: s.case.code,
    ("cases:add_fit_note", "code"): lambda s: s.case.code,
    ("cases:change_status", "code"): lambda s: s.case.code,
    ("cases:change_status", "change"): ["pause"],
    ("cases:close_case", "code"): lambda s: s.case.code,
    ("cases:record_return", "code"): lambda s: s.case.code,
    ("cases:record_consent", "code"): lambda s: s.case.code,
    ("cases:link_employer", "code"): lambda s: s.case.code,
    ("cases:reconcile", "code"): lambda s: s.duplicate_referral.code,
    ("cases:refer_known", "code"): lambda s: s.worker_record.code,
    ("cases:referral_detail", "code"): lambda s: s.case.code,
    ("cases:employer_case", "code"): lambda s: s.case.code,
    ("cases:worker_sharing", "code"): lambda s: s.case.code,
    ("cases:worker_access_log", "code"): lambda s: s.case.code,
    ("cases:worker_change", "code"): lambda s: s.case.code,
    ("cases:worker_change", "change"): ["pause"],
    ("plans:case_plan", "code"): lambda s: s.case.code,
    ("plans:create", "code"): lambda s: s.case.code,
    ("plans:step_back_for_case", "code"): lambda s: s.case.code,
    ("plans:subject_access", "code"): lambda s: s.case.code,
    ("plans:sharing_preview", "code"): lambda s: s.case.code,
    ("plans:detail", "code"): lambda s: s.plan.code,
    ("plans:edit", "code"): lambda s: s.plan.code,
    ("plans:phases", "code"): lambda s: s.plan.code,
    ("plans:schedule", "code"): lambda s: s.plan.code,
    ("plans:add_adjustment", "code"): lambda s: s.plan.code,
    ("plans:remove_adjustment", "code"): lambda s: s.plan.code,
    ("plans:remove_adjustment", "adjustment_code"): lambda s: s.private_adjustment.code,
    ("plans:relapse", "code"): lambda s: s.plan.code,
    ("plans:change_status", "code"): lambda s: s.plan.code,
    ("plans:abandon", "code"): lambda s: s.plan.code,
    ("cases:worker_stop", "code"): lambda s: s.case.code,
    ("plans:change_status", "change"): ["pause"],
    ("plans:sign", "code"): lambda s: s.plan.code,
    ("plans:sign", "party"): ["WORKER"],
    ("plans:milestones", "code"): lambda s: s.plan.code,
    ("plans:shared_copy", "code"): lambda s: s.plan.code,
    ("plans:shared_copy", "audience"): ["worker", "employer", "clinician"],
    ("plans:pdf", "code"): lambda s: s.plan.code,
    ("plans:pdf", "audience"): ["worker", "employer", "clinician"],
    ("plans:employer_sign", "code"): lambda s: s.plan.code,
    ("plans:check_ins", "code"): lambda s: s.plan.code,
    ("plans:worker_sign", "code"): lambda s: s.plan.code,
    ("plans:milestone", "code"): lambda s: s.milestone.code,
    ("plans:review", "code"): lambda s: s.review.code,
    ("supervision:support_level", "code"): lambda s: s.case.code,
    ("supervision:session_detail", "code"): lambda s: supervision_session(s).code,
    ("supervision:discuss_case", "code"): lambda s: supervision_session(s).code,
    ("supervision:ask_approval", "code"): lambda s: s.plan.code,
    ("supervision:plan_approval", "code"): lambda s: s.plan.code,
}

# Query strings a page needs to show anything (the same for every row of the route).
QUERY = {
    "plans:sharing_preview": "?recipient=EMPLOYER&item=CONDITION&change=grant",
}

# --- The table --------------------------------------------------------------------------------

EVERYONE_GET = row((PAGE, NO_METHOD))
# The personas whose role may, but need not, sign in with a second factor.
OPTIONAL_2FA = ("worker", "other_worker", "employer", "other_employer")
TABLE = {
    # Home sends each role to its own landing page.
    "home": row((REDIRECT, NO_METHOD)),
    "healthz": row((PAGE, NO_METHOD), anonymous=(PAGE, NO_METHOD)),
    # The API's schema and its documentation page describe it and hold no record.
    "api:schema": row((PAGE, NO_METHOD), anonymous=(PAGE, NO_METHOD)),
    "api:docs": row((PAGE, NO_METHOD), anonymous=(PAGE, NO_METHOD)),
    "login": row((REDIRECT, REDIRECT), anonymous=(PAGE, PAGE)),
    "logout": row((NO_METHOD, SIGN_IN)),
    "password_change": row((PAGE, PAGE)),
    "password_change_done": EVERYONE_GET,
    "session_keep_alive": row((NO_METHOD, NO_CONTENT)),
    "password_reset": row((PAGE, PAGE), anonymous=(PAGE, PAGE)),
    "password_reset_done": row((PAGE, NO_METHOD), anonymous=(PAGE, NO_METHOD)),
    "password_reset_confirm": row((REDIRECT, REDIRECT), anonymous=(REDIRECT, REDIRECT)),
    "password_reset_complete": row((PAGE, NO_METHOD), anonymous=(PAGE, NO_METHOD)),
    "notifications": EVERYONE_GET,
    # The header's language switcher: POST only, then back to the page (or home).
    "set_language": row((NO_METHOD, REDIRECT), anonymous=(NO_METHOD, REDIRECT)),
    # Two-factor: staff have given their code (client_for), so the set-up and code pages send
    # them on; workers and employers have none, and may set one up or turn it off.
    "two_factor:account": EVERYONE_GET,
    "two_factor:set_up": row((REDIRECT, REDIRECT), **dict.fromkeys(OPTIONAL_2FA, (PAGE, PAGE))),
    "two_factor:recovery_codes": row((REDIRECT, NO_METHOD)),
    "two_factor:new_recovery_codes": row((NO_METHOD, REDIRECT)),
    "two_factor:verify": row((REDIRECT, REDIRECT)),
    "two_factor:recover": row((REDIRECT, REDIRECT)),
    "two_factor:turn_off": row(
        (NO_METHOD, REFUSED), **dict.fromkeys(OPTIONAL_2FA, (NO_METHOD, REDIRECT))
    ),
    # The link is the credential: whoever holds it (signed in or not) sees that one check-in.
    "checkins:link": row((PAGE, PAGE), anonymous=(PAGE, PAGE)),
    "checkins:add_check_in": team_action(),
    # Outcome check-ins and questionnaires: the link is the credential, as for check-ins.
    "outcomes:check_in_link": row((PAGE, PAGE), anonymous=(PAGE, PAGE)),
    "outcomes:questionnaire_link": row((PAGE, PAGE), anonymous=(PAGE, PAGE)),
    "outcomes:acknowledge_alert": team_action(),
    "checkins:clear_at_risk": team_action(),
    "checkins:record_check_in": team_page(form=True),
    "checkins:worker_check_in": row(worker=(PAGE, PAGE), other_worker=(NOT_FOUND, NOT_FOUND)),
    # Each VSW's own worklist (empty for the other team's VSW).
    "cases:worklist": row(
        vsw=(PAGE, NO_METHOD), vsw_same_team=(PAGE, NO_METHOD), vsw_other_team=(PAGE, NO_METHOD)
    ),
    "cases:team_worklist": row(supervisor=(PAGE, NO_METHOD), other_supervisor=(PAGE, NO_METHOD)),
    "cases:reassign": row(supervisor=(PAGE, PAGE), other_supervisor=(PAGE, PAGE)),
    "cases:referral_queue": row(staff=(PAGE, NO_METHOD)),
    "cases:case_detail": team_page(),
    # The case record's other sections, each a page of its own, answer exactly as the summary.
    "cases:case_plan_summary": team_page(),
    "cases:case_check_ins": team_page(),
    "cases:case_fit_notes": team_page(),
    "cases:case_contacts": team_page(),
    "cases:case_sharing": team_page(),
    "cases:case_history": team_page(),
    # The case is already taken on: the decision page sends the team back to the case.
    "cases:decide_referral": row(team=(REDIRECT, REDIRECT), other_team=(NOT_FOUND, NOT_FOUND)),
    # The case's audit trail is for the supervisors of its team.
    "cases:case_audit": row(supervisor=(PAGE, NO_METHOD), other_supervisor=(NOT_FOUND, NO_METHOD)),
    "cases:add_contact": team_page(form=True),
    "cases:add_fit_note": row(
        team=(PAGE, PAGE),
        other_team=(NOT_FOUND, NOT_FOUND),
        clinician=(PAGE, PAGE),
        other_clinician=(NOT_FOUND, NOT_FOUND),
    ),
    "cases:change_status change=pause": team_action(),
    "cases:close_case": team_page(form=True),
    "cases:record_return": team_page(form=True),
    "cases:record_consent": team_action(),
    # The employer is already linked: nothing to link, back to the case.
    "cases:link_employer": row(team=(REDIRECT, REDIRECT), other_team=(NOT_FOUND, NOT_FOUND)),
    # The other practice's referral of the same NHS number, beside the record already held:
    # the team reconciles it (an empty POST neither merges nor keeps apart: the page again).
    "cases:reconcile": row(team=(PAGE, PAGE), other_team=(NOT_FOUND, NOT_FOUND)),
    "cases:refer": row(clinician=(PAGE, PAGE), other_clinician=(PAGE, PAGE)),
    "cases:refer_known": row(clinician=(PAGE, PAGE), other_clinician=(NOT_FOUND, NOT_FOUND)),
    "cases:my_referrals": row(clinician=(PAGE, NO_METHOD), other_clinician=(PAGE, NO_METHOD)),
    "cases:referral_detail": row(
        clinician=(PAGE, NO_METHOD), other_clinician=(NOT_FOUND, NO_METHOD)
    ),
    "cases:employer_home": row(employer=(PAGE, NO_METHOD), other_employer=(PAGE, NO_METHOD)),
    "cases:employer_case": row(employer=(PAGE, NO_METHOD), other_employer=(NOT_FOUND, NO_METHOD)),
    "cases:worker_home": row(worker=(PAGE, NO_METHOD), other_worker=(PAGE, NO_METHOD)),
    "cases:worker_sharing": row(worker=(PAGE, REDIRECT), other_worker=(NOT_FOUND, NOT_FOUND)),
    "cases:worker_access_log": row(worker=(PAGE, NO_METHOD), other_worker=(NOT_FOUND, NO_METHOD)),
    "cases:worker_change change=pause": row(
        worker=(NO_METHOD, REDIRECT), other_worker=(NO_METHOD, NOT_FOUND)
    ),
    # The case has a plan: both send the team to it.
    "plans:case_plan": row(team=(REDIRECT, NO_METHOD), other_team=(NOT_FOUND, NO_METHOD)),
    "plans:create": row(team=(REDIRECT, REDIRECT), other_team=(NOT_FOUND, NOT_FOUND)),
    "plans:detail": team_page(),
    "plans:edit": team_page(form=True),
    "plans:phases": team_page(form=True),
    "plans:schedule": team_page(form=True),
    "plans:add_adjustment": team_page(form=True),
    "plans:remove_adjustment": team_action(),
    "plans:relapse": team_page(form=True),
    "plans:change_status change=pause": team_action(),
    "plans:abandon": team_page(),
    "cases:worker_stop": row(worker=(PAGE, NO_METHOD), other_worker=(NOT_FOUND, NO_METHOD)),
    "plans:sign party=WORKER": team_action(),
    "plans:milestones": team_action(),
    "plans:shared_copy audience=worker": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        worker=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:shared_copy audience=employer": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        employer=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:shared_copy audience=clinician": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        clinician=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:pdf audience=worker": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        worker=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:pdf audience=employer": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        employer=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:pdf audience=clinician": row(
        (NOT_FOUND, NO_METHOD),
        team=(PAGE, NO_METHOD),
        clinician=(PAGE, NO_METHOD),
        admin=(REFUSED, REFUSED),
    ),
    "plans:employer_sign": row(
        employer=(NO_METHOD, REDIRECT), other_employer=(NO_METHOD, NOT_FOUND)
    ),
    "plans:check_ins": team_page(form=True),
    "plans:worker_sign": row(worker=(NO_METHOD, REDIRECT), other_worker=(NO_METHOD, NOT_FOUND)),
    "plans:step_back_for_case": team_page(form=True),
    "plans:subject_access": team_page(),
    # What sharing one more item would show, before the worker confirms it.
    "plans:sharing_preview": row(worker=(PAGE, NO_METHOD), other_worker=(NOT_FOUND, NO_METHOD)),
    "plans:milestone": team_page(form=True),
    "plans:review": team_page(form=True),
    # Supervision: stepped support for the case's team; sessions and training for the team's
    # supervisors (a session also for the VSWs who attended it); plan approval.
    "supervision:support_level": team_page(form=True),
    "supervision:off_plan": row(supervisor=(PAGE, NO_METHOD), other_supervisor=(PAGE, NO_METHOD)),
    "supervision:sessions": row(staff=(PAGE, NO_METHOD)),
    "supervision:new_session": row(supervisor=(PAGE, PAGE), other_supervisor=(PAGE, PAGE)),
    "supervision:session_detail": row(
        staff=(NOT_FOUND, NO_METHOD), vsw=(PAGE, NO_METHOD), supervisor=(PAGE, NO_METHOD)
    ),
    "supervision:discuss_case": row(
        supervisor=(PAGE, PAGE), other_supervisor=(NOT_FOUND, NOT_FOUND)
    ),
    "supervision:training": row(staff=(PAGE, NO_METHOD)),
    "supervision:new_training": row(supervisor=(PAGE, PAGE), other_supervisor=(PAGE, PAGE)),
    "supervision:team_settings": row(
        supervisor=(PAGE, REDIRECT), other_supervisor=(PAGE, REDIRECT)
    ),
    # The scenario's plan is active: asking or deciding sends the team back to the plan.
    "supervision:approvals": row(supervisor=(PAGE, NO_METHOD), other_supervisor=(PAGE, NO_METHOD)),
    "supervision:ask_approval": team_action(),
    "supervision:plan_approval": row(
        supervisor=(REDIRECT, REDIRECT), other_supervisor=(NOT_FOUND, NOT_FOUND)
    ),
    # Service figures: supervisors (their own team's) and administrators (every team's).
    **dict.fromkeys(
        ("reports:dashboard", "reports:export_csv", "reports:export_pdf"),
        row(
            supervisor=(PAGE, NO_METHOD),
            other_supervisor=(PAGE, NO_METHOD),
            admin=(PAGE, NO_METHOD),
        ),
    ),
}

# --- Walking the routes -----------------------------------------------------------------------

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def project_routes():
    """Every route signed-in people use. The API's token endpoints answer a client token, not a
    session: tests/api/test_api_matrix.py is their matrix, with a row for each."""
    return [
        route
        for route in routes()
        if not route.is_admin
        and not route.is_static
        and getattr(route.callback, "api_scopes", None) is None
    ]


def requests_for(scenario) -> dict[str, str]:
    """{row key: path} for every route, each parameter filled from ``FILL``."""
    paths = {}
    for route in project_routes():
        params = _PARAMETER.findall(route.route)
        fixed, varying = {}, None
        for param in params:
            filler = FILL[(route.name, param)]
            if isinstance(filler, list):
                varying = (param, filler)
            else:
                fixed[param] = filler(scenario)
        query = QUERY.get(route.name, "")
        if varying is None:
            paths[route.name] = reverse(route.name, kwargs=fixed) + query
        else:
            param, values = varying
            for value in values:
                key = f"{route.name} {param}={value}"
                paths[key] = reverse(route.name, kwargs={**fixed, param: value}) + query
    return paths


def scenario_for_the_matrix():
    scenario = build_scenario()
    # The worker shares the plan with both: every copy has someone outside the team who may
    # open it, and everyone else must not.
    involvement = [INVOLVEMENT] if INVOLVEMENT else []
    share(scenario, "EMPLOYER", [*involvement, "FIT_NOTE_ADVICE", "PLAN"])
    share(scenario, "GP", ["FIT_NOTE_ADVICE", "PLAN"])
    return scenario


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """One scenario for the whole module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), rolled_back(), fast_passwords():
        yield scenario_for_the_matrix()


def observe(client: Client, paths: dict[str, str]) -> dict[str, tuple[str, str]]:
    """{row key: (GET outcome, POST outcome)}. Each POST is rolled back and the client's
    cookies restored after it (so signing out does not sign the rest of the walk out); a GET
    changes nothing but the audit trail."""
    seen = {}
    for key, path in paths.items():
        got = outcome(client.get(path))
        cookies = copy.deepcopy(client.cookies)
        with rolled_back():
            seen[key] = (got, outcome(client.post(path)))
        client.cookies = cookies
    return seen


# --- Tests ------------------------------------------------------------------------------------


def test_every_route_has_a_row():
    assert {key.split(" ")[0] for key in TABLE} == {route.name for route in project_routes()}


def test_every_parameter_has_a_filler():
    needed = {
        (route.name, param)
        for route in project_routes()
        for param in _PARAMETER.findall(route.route)
    }
    assert needed == set(FILL)


def test_every_row_names_every_persona():
    assert {
        key: set(cells) for key, cells in TABLE.items() if set(cells) != set(BASE_PERSONAS)
    } == {}


def test_every_persona_in_a_situation_differs_only_on_rows_that_exist():
    assert {
        name: set(persona.differs) - set(TABLE)
        for name, persona in PERSONAS.items()
        if set(persona.differs) - set(TABLE)
    } == {}


def expected_for(persona: str, key: str) -> tuple[str, str]:
    column = PERSONAS[persona]
    if column.like is None:
        return TABLE[key][persona]
    return column.differs.get(key, TABLE[key][column.like])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_gets_the_expected_outcome_on_every_url(scenario, persona):
    column = PERSONAS[persona]
    if column.situation is not None:
        column.situation(scenario)
    client = Client() if column.user is None else client_for(scenario.users[column.user])
    paths = requests_for(scenario)
    observed = observe(client, paths)
    mismatches = {
        key: f"expected {expected_for(persona, key)}, got {got} at {paths[key]}"
        for key, got in observed.items()
        if expected_for(persona, key) != got
    }
    assert mismatches == {}, pprint.pformat(mismatches, width=200)
