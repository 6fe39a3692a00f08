"""The Dutch and Swedish demo services (demo.data.SERVICES): a team set to the Netherlands or
Sweden, its Dutch- or Swedish-speaking staff, a practice and an employer, and one worker with an
account on an active case with a draft plan and the country's statutory milestones
(rtw/jurisdictions.py), so ``make run`` shows all three countries.

Every row is found by a fixed code (or natural key) before it is created, as in the rest of the
demo, so a second run changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from cases.lines import ACCEPTED, REFERRED
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ConsentMethod,
    ContactMethod,
    Fitness,
    FitNote,
    Recipient,
    ShareItem,
    SharingConsent,
    Worker,
)
from demo.data import SERVICES, Service, demo_uuid, email_for
from plans.models import (
    Milestone,
    MilestoneStatus,
    Phase,
    Plan,
    PlanGoal,
    PlanStatus,
    RelapsePrevention,
)
from plans.statutory import milestone_title
from rtw.jurisdictions import timeline
from rtw.models import Organisation, OrganisationKind, Role, User


def seed_jurisdictions(seeder) -> None:
    for service in SERVICES:
        _service(seeder, service)


def _service(seeder, service: Service) -> None:
    def org(kind: str, name_and_address: tuple[str, str]) -> Organisation:
        return seeder.org(kind, *name_and_address, phone=service.phone)

    team = org(OrganisationKind.VSW_TEAM, service.team)
    if team.jurisdiction != service.jurisdiction:
        Organisation.objects.filter(pk=team.pk).update(jurisdiction=service.jurisdiction)
        team.jurisdiction = service.jurisdiction
    orgs = {
        "team": [team],
        "practice": [org(OrganisationKind.GP_PRACTICE, service.practice)],
        "employer": [org(OrganisationKind.EMPLOYER, service.employer)],
    }
    # A database seeded before the services had their own numbers: give them theirs.
    Organisation.objects.filter(pk__in=[o[0].pk for o in orgs.values()]).exclude(
        phone=service.phone
    ).update(phone=service.phone)
    users = {person.role: seeder.user(person, orgs) for person in service.people}
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        preferred_language=service.language
    )
    case = _case(seeder, service, orgs, users)
    _evidence(seeder, service, case, users[Role.CLINICIAN])
    _plan(seeder, service, case)


def _case(seeder, service: Service, orgs: dict, users: dict) -> Case:
    first, last, job, hours = service.worker
    started = seeder.anchor - timedelta(days=service.absence_days)
    worker, created = Worker.objects.get_or_create(
        code=demo_uuid("worker", service.key),
        defaults={
            "first_name": first,
            "last_name": last,
            "date_of_birth": started.replace(year=1988, day=1),
            "email": email_for(f"{first}.{last}.{service.key}".lower()),
            "preferred_contact": ContactMethod.EMAIL,
            "preferred_language": service.language,
            "employer": orgs["employer"][0],
            "job_title": job,
            "contracted_hours": Decimal(hours),
            "gp_practice": orgs["practice"][0],
            "absence_started_on": started,
            "user": users[Role.WORKER],
            "created_at": seeder.at(started, 9),
        },
    )
    seeder._count(created)
    vsw, clinician = users[Role.VSW], users[Role.CLINICIAN]
    referred_on = started + timedelta(days=7)
    case, created = Case.objects.get_or_create(
        code=demo_uuid("case", service.key),
        defaults={
            "worker": worker,
            "team": orgs["team"][0],
            "employer": worker.employer,
            "assigned_vsw": vsw,
            "status": CaseStatus.ACTIVE,
            "referred_by": clinician,
            "referring_practice": clinician.organisation,
            "referred_at": seeder.at(referred_on, 10),
            "referral_reason": service.referral_reason,
            "consent_to_refer_given_on": referred_on,
            "consent_to_refer_method": ConsentMethod.VERBAL,
            "decided_at": seeder.at(referred_on + timedelta(days=2), 11),
            "decided_by": users[Role.SUPERVISOR],
        },
    )
    seeder._count(created)
    # The lines the actions write (cases/lines.py), so the history reads in the reader's language.
    referred = REFERRED % {"name": clinician.full_name, "organisation": clinician.organisation}
    seeder.event(case, CaseEvent.Kind.REFERRED, referred, case.referred_at, clinician)
    accepted = ACCEPTED % {"name": vsw.full_name}
    seeder.event(case, CaseEvent.Kind.ACCEPTED, accepted, case.decided_at, case.decided_by)
    # The worker agrees that the service may involve their employer (ADR 16).
    _, created = SharingConsent.objects.get_or_create(
        worker=worker,
        recipient=Recipient.EMPLOYER,
        item=ShareItem.INVOLVEMENT,
        withdrawn_at__isnull=True,
        defaults={"granted_at": case.decided_at + timedelta(days=1), "granted_by": worker.user},
    )
    seeder._count(created)
    return case


def _evidence(seeder, service: Service, case: Case, clinician: User) -> None:
    """The country's evidence: the occupational physician's statement or the medical
    certificate, from the first week of absence to beyond day 60."""
    kind, profession, extent = service.evidence
    started = case.worker.absence_started_on
    _, created = FitNote.objects.get_or_create(
        code=demo_uuid("fit-note", service.key),
        defaults={
            "case": case,
            "form_kind": kind,
            "assessed_on": started + timedelta(days=6),
            "issued_on": started + timedelta(days=6),
            "condition": case.referral_reason[:60],
            "fitness": Fitness.NOT_FIT,
            "starts_on": started + timedelta(days=6),
            "ends_on": started + timedelta(days=89),
            "needs_reassessment": True,
            "issuer_name": service.issuer,
            "issuer_profession": profession,
            "sick_leave_extent": extent,
            "recorded_by": clinician,
            "created_at": seeder.at(started + timedelta(days=7), 12),
        },
    )
    seeder._count(created)


def _plan(seeder, service: Service, case: Case) -> None:
    """A draft plan of two phases starting in a week, and the statutory milestones: those
    already past achieved on their day, the rest pending."""
    start = seeder.anchor + timedelta(days=7)
    hours = case.worker.contracted_hours
    plan, created = Plan.objects.get_or_create(
        code=demo_uuid("plan", service.key, 1),
        defaults={
            "case": case,
            "version": 1,
            "status": PlanStatus.DRAFT,
            "goal": PlanGoal.SAME_JOB_ADAPTED,
            "contracted_hours": hours,
            "starts_on": start,
            "expected_end_on": start + timedelta(weeks=4, days=-1),
            "review_interval_days": 14,
            "created_by": case.assigned_vsw,
            "created_at": seeder.at(seeder.anchor, 9),
        },
    )
    seeder._count(created)
    if created:
        Phase.objects.bulk_create(
            [
                Phase(
                    plan=plan,
                    order=order,
                    starts_on=start + timedelta(weeks=2 * (order - 1)),
                    ends_on=start + timedelta(weeks=2 * order, days=-1),
                    hours_per_week=(hours * share).quantize(Decimal("0.5")),
                )
                for order, share in ((1, Decimal("0.5")), (2, Decimal("0.75")))
            ]
        )
        RelapsePrevention.objects.create(plan=plan, warning_signs="")
        seeder.created += 3
    started = case.worker.absence_started_on
    for step in timeline(service.jurisdiction):
        if not step.milestone:
            continue
        due = step.due_on(started)
        done = due < seeder.anchor
        _, made = Milestone.objects.get_or_create(
            code=demo_uuid("milestone", service.key, step.code),
            defaults={
                "case": case,
                "title": milestone_title(step),
                "target_on": due,
                "step": step.code,
                "status": MilestoneStatus.ACHIEVED if done else MilestoneStatus.PENDING,
                "achieved_on": due if done else None,
            },
        )
        seeder._count(made)
