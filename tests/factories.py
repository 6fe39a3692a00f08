"""Factories for tests and demo data. Defaults describe a plausible, valid record."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatus,
    ConsentMethod,
    Contact,
    ContactMode,
    Fitness,
    FitNote,
    IssuerProfession,
    SharingConsent,
    Worker,
)
from rtw.models import Organisation, OrganisationKind, Role, User

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.EMPLOYER


class TeamFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Vocational support team {n}")
    kind = OrganisationKind.VSW_TEAM


class PracticeFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Practice {n} Surgery")
    kind = OrganisationKind.GP_PRACTICE


class EmployerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Employer {n} Ltd")
    kind = OrganisationKind.EMPLOYER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.VSW
    organisation = factory.SubFactory(TeamFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(1980, 5, 17)
    nhs_number = None
    email = factory.Sequence(lambda n: f"worker{n}@example.test")
    employer = factory.SubFactory(EmployerFactory)
    job_title = "Administrator"
    contracted_hours = 37.5
    gp_practice = factory.SubFactory(PracticeFactory)
    absence_started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(weeks=6))


class CaseFactory(factory.django.DjangoModelFactory):
    """An ACTIVE case by default, assigned to a VSW of its team."""

    class Meta:
        model = Case

    worker = factory.SubFactory(WorkerFactory)
    team = factory.SubFactory(TeamFactory)
    employer = factory.SelfAttribute("worker.employer")
    referring_practice = factory.SelfAttribute("worker.gp_practice")
    referred_by = factory.SubFactory(
        UserFactory,
        role=Role.CLINICIAN,
        organisation=factory.SelfAttribute("..referring_practice"),
    )
    assigned_vsw = factory.SubFactory(
        UserFactory, role=Role.VSW, organisation=factory.SelfAttribute("..team")
    )
    status = CaseStatus.ACTIVE
    # A closed case gets the closure fields the database requires; a declined one its reason.
    closed_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == CaseStatus.CLOSED else None
    )
    closure_outcome = factory.LazyAttribute(
        lambda o: "SAME_JOB" if o.status == CaseStatus.CLOSED else ""
    )
    closed_by = factory.LazyAttribute(
        lambda o: o.assigned_vsw if o.status == CaseStatus.CLOSED else None
    )
    decline_reason = factory.LazyAttribute(
        lambda o: "Another service fits better." if o.status == CaseStatus.DECLINED else ""
    )
    referral_reason = "Off work with stress for six weeks; wants help planning a return."
    consent_to_refer_given_on = factory.LazyFunction(timezone.localdate)
    consent_to_refer_method = ConsentMethod.VERBAL


class FitNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FitNote

    case = factory.SubFactory(CaseFactory)
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    condition = "Work-related stress"
    fitness = Fitness.MAY_BE_FIT
    phased_return = True
    comments = "Would benefit from a phased return."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=25))
    needs_reassessment = True
    issuer_name = "Dr A Example"
    issuer_profession = IssuerProfession.DOCTOR
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    recorded_by = factory.SelfAttribute("case.referred_by")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    mode = ContactMode.PHONE
    duration_minutes = 30
    summary = "Talked through sleep and the worry about going back."
    obstacles = ["EMOTIONS"]
    next_step = "Call again next week."
    recorded_by = factory.SelfAttribute("case.assigned_vsw")


class SharingConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingConsent

    worker = factory.SubFactory(WorkerFactory)
    recipient = "EMPLOYER"
    item = "FIT_NOTE_ADVICE"
    granted_by = factory.SubFactory(UserFactory)


def involve_employer(case, *, by=None) -> SharingConsent:
    """The worker agrees that the service may involve their employer (ADR 16): without it the
    employer sees nothing of them."""
    return SharingConsentFactory(
        worker=case.worker,
        recipient="EMPLOYER",
        item="INVOLVEMENT",
        granted_by=by or case.assigned_vsw or case.referred_by,
    )


# --- Plans ------------------------------------------------------------------------------------

from plans.models import (  # noqa: E402
    Adjustment,
    AgreedAction,
    Phase,
    Plan,
    RelapsePrevention,
    SignOff,
)


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft plan, version 1, starting next Monday-ish, over four weeks."""

    class Meta:
        model = Plan

    case = factory.SubFactory(CaseFactory)
    version = 1
    status = "DRAFT"
    goal = "SAME_JOB_ADAPTED"
    contracted_hours = factory.SelfAttribute("case.worker.contracted_hours")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    expected_end_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(weeks=4, days=-1))
    review_interval_days = 14
    created_by = factory.SelfAttribute("case.assigned_vsw")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    starts_on = factory.LazyAttribute(lambda o: o.plan.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=6))
    hours_per_week = 10
    days = "Monday, Wednesday and Friday mornings"
    duties_included = "Answering the phones"
    duties_excluded = "Lifting"
    supervision = "Daily check-in with the team leader"


def add_graded_phases(plan, hours=(10, 20, 30, 37.5)):
    """Contiguous weekly phases from the plan's start."""
    phases = []
    for i, h in enumerate(hours):
        start = plan.starts_on + timedelta(weeks=i)
        phases.append(
            PhaseFactory(
                plan=plan,
                order=i + 1,
                starts_on=start,
                ends_on=start + timedelta(days=6),
                hours_per_week=h,
            )
        )
    return phases


class AdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adjustment

    plan = factory.SubFactory(PlanFactory)
    category = "EXTRA_BREAKS"
    description = "A ten-minute break every two hours"
    visible_to_employer = True


class RelapsePreventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelapsePrevention

    plan = factory.SubFactory(PlanFactory)
    warning_signs = "Sleeping worse\nMore easily irritated"
    contacts = "VSW Priya Shah, 0113 496 0000"


class AgreedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreedAction

    relapse = factory.SubFactory(RelapsePreventionFactory)
    kind = "EXTRA_VSW_CONVERSATION"
    detail = "Call within two working days"
    owner = "VSW"


class SignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignOff

    plan = factory.SubFactory(PlanFactory)
    party = "WORKER"
    signed_by = factory.SelfAttribute("plan.case.assigned_vsw")
    recorded_by = factory.SelfAttribute("plan.case.assigned_vsw")
