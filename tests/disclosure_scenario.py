"""One rich case, built once per test module, for the disclosure tests.

``tests/test_access_matrix.py`` fills every URL parameter from it and ``tests/test_sentinels.py``
looks for its sentinels in everything an employer or an unshared clinician can reach. The case
has a worker with an account, a fit note, a contact, a completed and a due check-in, an active
plan with an adjustment the employer may see and one they may not, a relapse-prevention
agreement, signatures, a milestone and a review, and an earlier fit note from elsewhere (a
hospital's, entered by the VSW); the same worker has an earlier referral that was declined.
The personas are those of ``tests/conftest.py``, two of everything.

Every clinical or private free-text field holds a unique sentinel: a made-up word that cannot
appear anywhere else, so finding it in a response means that field leaked.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cases.models import CaseStatus, RedFlag, ShareItem, SharingConsent
from cases.models import consents as consent_rules
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from plans.models import Milestone, Review
from rtw.models import Role
from supervision import actions as supervision_actions
from tests import factories as f

# One sentinel per clinical or private field. Letters only, so HTML escaping, PDF text
# extraction and line wrapping cannot change them.
SENTINELS = {
    "condition": "Qzcondvortex",
    "fit_note_comments": "Qzfitcommentwisp",
    # An earlier fit note from elsewhere (a hospital), entered by the VSW.
    "elsewhere_condition": "Qzhospitalcondheron",
    "elsewhere_comments": "Qzhospitalcommentsloe",
    "contact_summary": "Qzcontactnotefern",
    "contact_next_step": "Qznextstepcobalt",
    "check_in_comments": "Qzcheckincomment",
    "warning_signs": "Qzwarningsignbirch",
    "private_adjustment": "Qzprivateadjustmoss",
    "private_action": "Qzprivateactionlark",
    "normalisation": "Qznormalisationdune",
    "referral_reason": "Qzreferralreasonkelp",
    "decline_reason": "Qzdeclinereasonflint",
    "review_notes": "Qzreviewnotesquill",
    "communication_needs": "Qzcommneedsamber",
    "supervision_note": "Qzsupervisionnotewren",
    # A choice field: the sentinel is the label the pages print.
    "red_flag": str(RedFlag.PALLIATIVE.label),
}


# The worker's agreement that the service may involve their employer at all (ADR 16), where
# the project has it: a gate in front of every item, asked of the employer only.
INVOLVEMENT = "INVOLVEMENT" if "INVOLVEMENT" in ShareItem.values else None


def items_for(recipient: str) -> list[str]:
    """What the worker can be asked to share with ``recipient``."""
    items_for_recipient = getattr(consent_rules, "ITEMS_FOR", None)
    if items_for_recipient is None:
        return list(ShareItem.values)
    return [str(item) for item in items_for_recipient[recipient]]


def content_items(recipient: str) -> list[str]:
    """The items of content: everything but the involvement gate."""
    return [item for item in items_for(recipient) if item != INVOLVEMENT]


@dataclass
class Scenario:
    users: dict
    case: object
    declined_case: object
    duplicate_referral: object
    worker_record: object
    plan: object
    visible_adjustment: object
    private_adjustment: object
    due_check_in: object
    done_check_in: object
    milestone: object
    review: object
    token: str
    supervision_session: object = None
    clients: dict = field(default_factory=dict)


def _users():
    team = f.TeamFactory(name="North Vocational Support")
    other_team = f.TeamFactory(name="South Vocational Support")
    practice = f.PracticeFactory(name="Riverside Surgery")
    other_practice = f.PracticeFactory(name="Hillview Medical Centre")
    employer_org = f.EmployerFactory(name="Pennine Logistics Ltd")
    other_employer_org = f.EmployerFactory(name="Calder Foods plc")
    spec = {
        "vsw": ("vsw@example.test", "Priya Shah", Role.VSW, team),
        "vsw_same_team": ("vsw2@example.test", "Tom Hughes", Role.VSW, team),
        "vsw_other_team": ("vsw-other@example.test", "Megan Price", Role.VSW, other_team),
        "supervisor": ("supervisor@example.test", "Grace Okafor", Role.SUPERVISOR, team),
        "other_supervisor": (
            "supervisor-other@example.test",
            "Ian Walsh",
            Role.SUPERVISOR,
            other_team,
        ),
        "clinician": ("gp@example.test", "Dr Aisha Rahman", Role.CLINICIAN, practice),
        "other_clinician": (
            "gp-other@example.test",
            "Dr Owen Jones",
            Role.CLINICIAN,
            other_practice,
        ),
        "employer": ("hr@example.test", "Sarah Lee", Role.EMPLOYER_CONTACT, employer_org),
        "other_employer": (
            "hr-other@example.test",
            "Mark Evans",
            Role.EMPLOYER_CONTACT,
            other_employer_org,
        ),
        "worker": ("worker@example.test", "Jamie Clarke", Role.WORKER, employer_org),
        "other_worker": ("worker2@example.test", "Alex Morgan", Role.WORKER, employer_org),
    }
    users = {
        key: f.UserFactory(email=email, full_name=name, role=role, organisation=org)
        for key, (email, name, role, org) in spec.items()
    }
    users["admin"] = f.UserFactory(
        email="admin@example.test",
        full_name="Admin Person",
        role=Role.ADMIN,
        organisation=None,
        is_staff=True,
        is_superuser=True,
    )
    return users, team, practice, employer_org


def build_scenario() -> Scenario:
    """Create the case and everything around it. Call inside a transaction that is rolled back."""
    s = SENTINELS
    users, team, practice, employer_org = _users()
    vsw, clinician, worker = users["vsw"], users["clinician"], users["worker"]
    today = timezone.localdate()

    worker_record = f.WorkerFactory(
        first_name="Jamie",
        last_name="Clarke",
        email="worker@example.test",
        nhs_number="9434765919",
        employer=employer_org,
        gp_practice=practice,
        user=worker,
        communication_needs=f"Prefers email. {s['communication_needs']}",
    )
    declined_case = f.CaseFactory(
        worker=worker_record,
        team=team,
        assigned_vsw=None,
        referred_by=clinician,
        status=CaseStatus.DECLINED,
        decline_reason=f"Not the right time. {s['decline_reason']}",
        decided_by=vsw,
        decided_at=timezone.now() - timedelta(days=60),
        referred_at=timezone.now() - timedelta(days=70),
    )
    case = f.CaseFactory(
        worker=worker_record,
        team=team,
        assigned_vsw=vsw,
        referred_by=clinician,
        status=CaseStatus.ACTIVE,
        referral_reason=f"Off work for six weeks. {s['referral_reason']}",
        red_flags=[RedFlag.PALLIATIVE.value],
    )
    # The other worker has a case of their own with the same team and employer.
    other_worker_record = f.WorkerFactory(
        first_name="Alex",
        last_name="Morgan",
        employer=employer_org,
        gp_practice=practice,
        user=users["other_worker"],
    )
    f.CaseFactory(worker=other_worker_record, team=team, assigned_vsw=vsw, referred_by=clinician)
    # Another practice refers the same person (same NHS number): a possible duplicate waiting
    # in the team's referral queue to be reconciled.
    duplicate_referral = f.CaseFactory(
        worker=f.WorkerFactory(
            first_name="Jamie",
            last_name="Clarke",
            nhs_number=worker_record.nhs_number,
            duplicate_of=worker_record,
            employer=employer_org,
            gp_practice=users["other_clinician"].organisation,
        ),
        team=team,
        assigned_vsw=None,
        referred_by=users["other_clinician"],
        status=CaseStatus.REFERRED,
    )

    f.FitNoteFactory(
        case=case,
        condition=f"Anxiety {s['condition']}",
        comments=f"Short shifts would help. {s['fit_note_comments']}",
        recorded_by=clinician,
    )
    f.FitNoteFactory(
        case=case,
        assessed_on=today - timedelta(days=40),
        issued_on=today - timedelta(days=40),
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=4),
        condition=f"Back pain {s['elsewhere_condition']}",
        comments=f"Avoid lifting. {s['elsewhere_comments']}",
        issuer_name="Dr H Hospital",
        recorded_by=vsw,
    )
    f.ContactFactory(
        case=case,
        summary=f"Talked about sleep. {s['contact_summary']}",
        next_step=f"Call next week. {s['contact_next_step']}",
    )

    plan = f.PlanFactory(
        case=case,
        status="ACTIVE",
        starts_on=today - timedelta(days=7),
        expected_end_on=today + timedelta(weeks=4, days=-8),
    )
    f.add_graded_phases(plan)
    visible_adjustment = f.AdjustmentFactory(plan=plan, description="A ten-minute break")
    private_adjustment = f.AdjustmentFactory(
        plan=plan,
        category="OTHER",
        description=f"Counselling on Thursdays {s['private_adjustment']}",
        visible_to_employer=False,
    )
    relapse = f.RelapsePreventionFactory(
        plan=plan,
        warning_signs=f"Sleeping worse\n{s['warning_signs']}",
        normalisation=f"A dip can happen. {s['normalisation']}",
        review_on=today + timedelta(days=28),
    )
    f.AgreedActionFactory(relapse=relapse, kind="ROUTINE_TASKS", owner="EMPLOYER", detail="")
    f.AgreedActionFactory(
        relapse=relapse,
        kind="EXTRA_VSW_CONVERSATION",
        owner="VSW",
        detail=f"Call within two days {s['private_action']}",
    )
    for party, signer in (("WORKER", worker), ("EMPLOYER", users["employer"]), ("VSW", vsw)):
        f.SignOffFactory(plan=plan, party=party, signed_by=signer, recorded_by=vsw)

    done_check_in = CheckIn.objects.create(
        case=case,
        due_on=today - timedelta(days=7),
        planned_hours=Decimal("10"),
        status=CheckInStatus.COMPLETED,
        warning_signs_offered=["Sleeping worse", s["warning_signs"]],
        hours_worked=Decimal("10"),
        days_absent=0,
        sleep=6,
        mood=6,
        energy=6,
        symptoms=3,
        work_ability=6,
        comments=f"The quiet desk helped. {s['check_in_comments']}",
        completed_at=timezone.now() - timedelta(days=6),
    )
    due_check_in = CheckIn.objects.create(
        case=case,
        due_on=today,
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=["Sleeping worse", s["warning_signs"]],
    )
    milestone = Milestone.objects.create(
        case=case, title="First day back", target_on=today + timedelta(days=14)
    )
    review = Review.objects.create(
        case=case,
        due_on=today - timedelta(days=1),
        held_on=today - timedelta(days=1),
        attendees="Jamie, Priya",
        outcome="CONTINUE",
        notes=f"Going well. {s['review_notes']}",
    )
    # Discussed in supervision: a staff-only note, on the case's timeline.
    supervisor = users["supervisor"]
    session = supervision_actions.record_session(
        team=case.team,
        held_on=today - timedelta(days=3),
        attendees=[vsw, supervisor],
        by=supervisor,
    )
    supervision_actions.discuss_case(
        session=session,
        case=case,
        note=f"Pacing the return. {s['supervision_note']}",
        by=supervisor,
    )
    return Scenario(
        users=users,
        case=case,
        declined_case=declined_case,
        duplicate_referral=duplicate_referral,
        worker_record=worker_record,
        plan=plan,
        visible_adjustment=visible_adjustment,
        private_adjustment=private_adjustment,
        due_check_in=due_check_in,
        done_check_in=done_check_in,
        milestone=milestone,
        review=review,
        token=link_token(due_check_in),
        supervision_session=session,
    )


def fast_passwords():
    """The cheap hasher the function-scoped ``_fast_passwords`` fixture sets, for module-scoped
    fixtures that run before it (a real hash costs most of a second per persona)."""
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@contextmanager
def rolled_back():
    """A transaction that is always rolled back: what happens inside leaves no trace."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def share(scenario: Scenario, recipient: str, items) -> None:
    """The worker shares ``items`` with ``recipient`` (on top of what they share already)."""
    SharingConsent.objects.bulk_create(
        SharingConsent(
            worker=scenario.worker_record,
            recipient=recipient,
            item=item,
            granted_by=scenario.users["worker"],
        )
        for item in items
    )
