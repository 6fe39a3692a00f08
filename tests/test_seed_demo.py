"""The demo data command: complete, repeatable, and never in production."""

import io

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone, translation

from cases.models import Case, CaseStatus, Employment, Fitness, FitNote, SharingConsent
from checkins.models import CheckIn, CheckInStatus
from checkins.relapse import relapse_signals
from plans.models import (
    Adjustment,
    AgreedAction,
    Milestone,
    MilestoneStatus,
    Phase,
    Plan,
    PlanStatus,
    RelapsePrevention,
    Review,
    SignOff,
)
from plans.sharing import Audience, build_document
from rtw.models import Role, User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    Role.VSW: "vsw@demo.example",
    Role.SUPERVISOR: "supervisor@demo.example",
    Role.CLINICIAN: "gp@demo.example",
    Role.EMPLOYER_CONTACT: "employer@demo.example",
    Role.WORKER: "worker@demo.example",
    Role.ADMIN: "admin@demo.example",
}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_creates_at_least_25_cases_in_every_status(seeded):
    statuses = set(Case.objects.values_list("status", flat=True))

    assert Case.objects.count() >= 25
    assert statuses == set(CaseStatus.values)


def test_seed_demo_creates_a_demo_login_for_every_role(seeded):
    by_role = {role: User.objects.get(email=email).role for role, email in DEMO_LOGINS.items()}

    assert by_role == {role: role for role in DEMO_LOGINS}
    assert set(DEMO_LOGINS) == set(Role)


def test_demo_password_signs_in_every_demo_login(seeded):
    signed_in = {
        email: getattr(
            authenticate(
                RequestFactory().post("/accounts/login/"),
                username=email,
                password=django_settings.DEMO_PASSWORD,
            ),
            "email",
            None,
        )
        for email in DEMO_LOGINS.values()
    }

    assert signed_in == {email: email for email in DEMO_LOGINS.values()}


def test_demo_admin_is_a_superuser_without_organisation(seeded):
    admin = User.objects.get(email="admin@demo.example")

    assert (admin.is_staff, admin.is_superuser, admin.organisation) == (True, True, None)


def test_demo_worker_has_an_active_case_with_the_demo_employer_and_vsw(seeded):
    worker = User.objects.get(email="worker@demo.example")
    vsw = User.objects.get(email="vsw@demo.example")
    employer = User.objects.get(email="employer@demo.example")

    case = Case.objects.get(worker__user=worker)

    assert case.status == CaseStatus.ACTIVE
    assert case.employer == employer.organisation
    assert case.team == vsw.organisation
    assert case.assigned_vsw == vsw
    assert list(Case.objects.visible_to(employer).filter(pk=case.pk)) == [case]


def test_demo_worker_shares_fit_note_advice_and_plan_with_employer(seeded):
    shared = set(
        SharingConsent.objects.active()
        .filter(worker__user__email="worker@demo.example", recipient="EMPLOYER")
        .values_list("item", flat=True)
    )

    assert shared == {"INVOLVEMENT", "FIT_NOTE_ADVICE", "PLAN"}


def test_most_demo_workers_involve_their_employer_and_one_does_not(seeded, as_user):
    employer = User.objects.get(email="employer@demo.example")
    taken_on = Case.objects.filter(
        employer__isnull=False,
        status__in=[CaseStatus.ACCEPTED, CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED],
    ).select_related("worker")
    involved = set(SharingConsent.objects.involving_employer().values_list("worker_id", flat=True))
    quiet = [c for c in taken_on if c.worker_id not in involved]

    assert len(involved) > len(quiet) >= 1
    assert [(c.status, c.employer) for c in quiet] == [(CaseStatus.ACTIVE, employer.organisation)]
    assert not Case.objects.visible_to(employer).filter(pk=quiet[0].pk).exists()
    listing = as_user(employer).get("/cases/employees/").content.decode()
    assert quiet[0].worker.full_name not in listing
    assert "Jamie Clarke" in listing


def test_demo_supervisor_has_a_referral_whose_employer_is_waiting_to_be_linked(seeded, as_user):
    supervisor = User.objects.get(email="supervisor@demo.example")
    waiting = [c for c in Case.objects.visible_to(supervisor) if c.needs_employer_link()]

    assert [(c.status, c.employer_name_given, c.worker.employer) for c in waiting] == [
        (CaseStatus.REFERRED, "Kidsgrove Bakery", None)
    ]
    response = as_user(supervisor).get("/cases/referrals/")
    assert "Employer not linked: Kidsgrove Bakery" in response.content.decode()


def test_demo_vsw_supports_a_self_employed_worker_who_shares_nothing_with_an_employer(seeded):
    vsw = User.objects.get(email="vsw@demo.example")

    case = Case.objects.get(assigned_vsw=vsw, employment=Employment.SELF_EMPLOYED)

    assert (case.status, case.employer, case.worker.employer) == (CaseStatus.ACTIVE, None, None)
    assert not case.worker.consents.filter(recipient="EMPLOYER").exists()


def test_demo_fit_notes_are_valid(seeded):
    notes = list(FitNote.objects.all())

    assert notes
    for note in notes:
        note.full_clean()
        assert note.issued_on >= note.assessed_on
        assert note.indefinite == (note.ends_on is None)
        if note.fitness == Fitness.NOT_FIT:
            assert note.advice_boxes() == []


def test_seed_demo_has_a_plan_in_every_status(seeded):
    statuses = set(Plan.objects.values_list("status", flat=True))

    assert statuses == set(PlanStatus.values)


def test_demo_plans_sit_on_cases_that_are_under_way(seeded):
    case_statuses = set(Plan.objects.values_list("case__status", flat=True))

    assert case_statuses <= {CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED}


def test_every_agreed_demo_version_has_worker_and_employer_signatures(seeded):
    agreed = Plan.objects.filter(
        status__in=[PlanStatus.AGREED, PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.PAUSED]
    )
    parties = {plan.pk: {s.party for s in plan.signoffs.all()} for plan in agreed}

    assert parties
    assert [pk for pk, signed in parties.items() if not {"WORKER", "EMPLOYER"} <= signed] == []


def test_unagreed_demo_versions_lack_an_employer_or_worker_signature(seeded):
    unagreed = Plan.objects.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.PROPOSED, PlanStatus.ABANDONED]
    )

    assert unagreed
    for plan in unagreed:
        assert not plan.is_agreed()
        if plan.status == PlanStatus.DRAFT:
            assert not plan.has_signatures()


def test_employer_signed_demo_plans_were_released_to_the_employer(seeded):
    signed = SignOff.objects.filter(party="EMPLOYER").select_related("plan__case__worker")
    released = set(
        SharingConsent.objects.active()
        .filter(recipient="EMPLOYER", item="PLAN")
        .values_list("worker_id", flat=True)
    )

    involved = set(SharingConsent.objects.involving_employer().values_list("worker_id", flat=True))

    assert signed
    assert {s.plan.case.worker_id for s in signed} <= released & involved


def test_demo_has_a_plan_whose_signed_first_version_was_superseded(seeded):
    cases = Case.objects.filter(plans__version=2)
    case = cases.get()
    first, second = case.plans.order_by("version")

    assert (first.version, first.is_current, first.is_agreed()) == (1, False, True)
    assert (second.version, second.is_current, second.status) == (2, True, PlanStatus.ACTIVE)
    assert second.is_agreed()
    assert set(first.signoffs.values_list("pk", flat=True)).isdisjoint(
        second.signoffs.values_list("pk", flat=True)
    )
    assert second.phases.filter(is_step_back=True).count() == 1


def test_demo_plans_have_content_in_every_part(seeded):
    hidden = Adjustment.objects.filter(visible_to_employer=False)
    employer_actions = AgreedAction.objects.filter(owner="EMPLOYER")
    signs = RelapsePrevention.objects.exclude(warning_signs="")

    assert Phase.objects.exists()
    assert hidden.exists()
    assert Adjustment.objects.filter(visible_to_employer=True).exists()
    assert employer_actions.exists()
    assert signs.exists()


def test_demo_milestones_and_reviews_show_progress(seeded):
    milestones = set(Milestone.objects.values_list("status", flat=True))

    assert {MilestoneStatus.ACHIEVED, MilestoneStatus.PENDING} <= milestones
    assert Review.objects.filter(held_on__isnull=False).exclude(outcome="").exists()
    assert Review.objects.filter(held_on__isnull=True).exists()


def test_demo_vsw_has_an_overdue_milestone(seeded):
    vsw = User.objects.get(email="vsw@demo.example")

    overdue = Milestone.objects.filter(case__assigned_vsw=vsw).overdue(timezone.localdate())

    assert overdue.exists()


def test_demo_worker_has_an_active_agreed_plan_the_demo_employer_can_see(seeded):
    employer = User.objects.get(email="employer@demo.example")
    plan = Plan.objects.current().get(case__worker__user__email="worker@demo.example")

    document = build_document(plan, Audience.EMPLOYER, timezone.localdate())

    assert (plan.status, plan.is_agreed()) == (PlanStatus.ACTIVE, True)
    assert plan.case.assigned_vsw.email == "vsw@demo.example"
    assert Plan.objects.visible_to(employer).filter(pk=plan.pk).exists()
    assert employer.has_perm("plans.view_employer_plan", plan)
    hidden = set(
        plan.adjustments.filter(visible_to_employer=False).values_list("description", flat=True)
    )

    assert document.phases
    assert document.agreed
    # The demo worker keeps a private adjustment and has not released the relapse actions.
    assert hidden
    assert hidden.isdisjoint(a.description for a in document.adjustments)
    assert (document.actions, document.warning_signs) == ([], [])


def completed_check_ins_by_case() -> dict[int, list[CheckIn]]:
    by_case: dict[int, list[CheckIn]] = {}
    for check_in in CheckIn.objects.completed().order_by("case_id", "completed_at", "id"):
        by_case.setdefault(check_in.case_id, []).append(check_in)
    return by_case


def test_demo_has_check_ins_in_every_status(seeded):
    statuses = set(CheckIn.objects.values_list("status", flat=True))

    # Skipped check-ins come with time: the demo's paused case has none due between its pause and
    # the seeding day, and the producers skip its next one when it falls due. Ended ones come
    # when a case closes with check-ins still to come: the demo's closed cases had none left.
    assert statuses == set(CheckInStatus.values) - {CheckInStatus.SKIPPED, CheckInStatus.ENDED}


def test_demo_check_ins_are_valid_and_on_plans_under_way(seeded):
    check_ins = list(CheckIn.objects.select_related("case"))
    plan_statuses = set(
        Plan.objects.current()
        .filter(case__check_ins__isnull=False)
        .values_list("status", flat=True)
    )

    assert check_ins
    assert plan_statuses <= {PlanStatus.ACTIVE, PlanStatus.PAUSED, PlanStatus.COMPLETED}
    today = timezone.localdate()
    for check_in in check_ins:
        check_in.full_clean()
        assert check_in.planned_hours is not None
        if check_in.status == CheckInStatus.COMPLETED:
            assert check_in.due_on <= today
            assert None not in check_in.scores().values()
            assert check_in.hours_worked is not None
            assert set(check_in.warning_signs_ticked) <= set(check_in.warning_signs_offered)
        else:
            assert check_in.completed_at is None
            assert check_in.hours_worked is None


def test_demo_check_in_signals_match_relapse_signals(seeded):
    by_case = completed_check_ins_by_case()

    assert by_case
    for check_ins in by_case.values():
        previous = None
        for check_in in check_ins:
            assert check_in.signals == relapse_signals(check_in, previous)
            previous = check_in


def test_demo_at_risk_cases_are_those_whose_latest_check_in_has_signals(seeded):
    signalled = {pk for pk, done in completed_check_ins_by_case().items() if done[-1].signals}
    at_risk = set(Case.objects.filter(at_risk=True).values_list("pk", flat=True))

    assert len(at_risk) == 2
    assert at_risk == signalled
    assert set(Case.objects.filter(pk__in=at_risk).values_list("status", flat=True)) == {
        CaseStatus.ACTIVE
    }


def test_demo_worker_has_a_check_in_waiting_today(seeded, client):
    worker = User.objects.get(email="worker@demo.example")
    waiting = CheckIn.objects.filter(case__worker__user=worker, status=CheckInStatus.INVITED)

    assert [c.due_on for c in waiting] == [timezone.localdate()]
    client.force_login(worker)
    response = client.get("/cases/my-support/")
    assert "A check-in is waiting for you" in response.content.decode()


PLAN_MODELS = [Plan, Phase, Adjustment, RelapsePrevention, AgreedAction, SignOff, Milestone, Review]


def test_seed_demo_twice_leaves_every_table_unchanged(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert row_counts() == first
    assert [m._meta.label for m in [*PLAN_MODELS, CheckIn] if not first[m._meta.label]] == []


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo", stdout=io.StringIO())

    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("key", "jurisdiction", "language", "kind", "first_step"),
    [
        ("nl", "NL", "nl", "NL_OCCUPATIONAL_PHYSICIAN", "nl_problem_analysis"),
        ("se", "SE", "sv", "SE_MEDICAL_CERTIFICATE", "se_rehabilitation_plan"),
    ],
)
def test_demo_has_a_dutch_and_a_swedish_service(
    seeded, key, jurisdiction, language, kind, first_step
):
    from rtw.jurisdictions import timeline

    vsw = User.objects.get(email=f"vsw-{key}@demo.example")
    worker = User.objects.get(email=f"worker-{key}@demo.example")
    case = Case.objects.get(worker__user=worker)

    assert vsw.organisation.jurisdiction == jurisdiction
    assert (vsw.preferred_language, worker.preferred_language) == (language, language)
    assert case.worker.preferred_language == language
    assert (case.status, case.team, case.assigned_vsw) == (CaseStatus.ACTIVE, vsw.organisation, vsw)
    assert Plan.objects.current().get(case=case).phases.count() == 2
    note = case.fit_notes.get()
    assert note.form_kind == kind
    note.full_clean()
    steps = {s.code: s.due_on(case.worker.absence_started_on) for s in timeline(jurisdiction)}
    milestones = {m.step: m.target_on for m in case.milestones.all()}
    assert milestones == steps
    assert case.milestones.get(step=first_step).target_on == steps[first_step]
    assert (
        Case.objects.visible_to(User.objects.get(email=f"employer-{key}@demo.example"))
        .filter(pk=case.pk)
        .exists()
    )
    # The country's phone numbers, and a history that reads in the service's language.
    prefix = {"NL": "+31 ", "SE": "+46 "}[jurisdiction]
    orgs = (case.team, case.employer, case.referring_practice)
    assert [o.phone[: len(prefix)] for o in orgs] == [prefix] * 3
    events = list(case.events.filter(kind__in=["REFERRED", "ACCEPTED"]))
    with translation.override(language):
        assert len(events) == 2
        assert [e.summary for e in events if e.text == e.summary] == []
