"""Fill a development database with deterministic, synthetic demo data.

Everything is made up: the people, NHS numbers (from the 999 range, which is never issued),
organisations and notes. The data is derived from a fixed seed and fixed UUIDs, and every row is
looked up by a natural key before it is created, so running the command again changes nothing.

Dates are relative to an *anchor*: the day the first demo team was created. On the first run that
is today; later runs reuse it, so a second run on any day finds every row already in place.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases.checkins import relapse_signals
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CheckIn,
    CheckInChannel,
    CheckInStatus,
    ClosureOutcome,
    ConsentMethod,
    Contact,
    ContactMethod,
    ContactMode,
    Fitness,
    FitNote,
    FitNoteKind,
    IssuerProfession,
    Obstacle,
    Recipient,
    RedFlag,
    ShareItem,
    SharingConsent,
    Worker,
)
from plans.actions import graded_schedule
from plans.models import (
    ActionKind,
    ActionOwner,
    Adjustment,
    AdjustmentCategory,
    AgreedAction,
    Milestone,
    MilestoneStatus,
    Phase,
    Plan,
    PlanGoal,
    PlanStatus,
    RelapsePrevention,
    Review,
    ReviewOutcome,
    SignOff,
    SignOffParty,
)
from rtw.models import Organisation, OrganisationKind, Role, User

NAMESPACE = uuid.UUID("6f1c2a52-5d0e-4f43-9a0e-2b6d3c0a2026")
SEED = 2026
DOMAIN = "demo.example"


def demo_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


TEAMS = [
    ("North Staffordshire Vocational Support", "Bethesda House, Hanley, Stoke-on-Trent ST1 3AE"),
    ("Cheshire East Vocational Support", "Delamere House, Crewe CW1 2LL"),
]
PRACTICES = [
    ("Hartshill Road Surgery", "12 Hartshill Road, Stoke-on-Trent ST4 7QB"),
    ("Wolstanton Medical Centre", "Palmerston Street, Newcastle-under-Lyme ST5 8BN"),
    ("Sandbach Health Centre", "Middlewich Road, Sandbach CW11 1DH"),
]
EMPLOYERS = [
    ("Potteries Logistics Ltd", "Unit 4, Festival Park, Stoke-on-Trent ST1 5RY"),
    ("Trent Valley Care Homes", "Meir Park, Stoke-on-Trent ST3 7TQ"),
    ("Crewe Rail Engineering plc", "Weston Road, Crewe CW1 6NE"),
    ("Churnet Valley Foods Ltd", "Brooklands Way, Leek ST13 7QF"),
]


@dataclass(frozen=True)
class Person:
    email: str
    full_name: str
    role: str
    org: tuple[str, int] | None  # ("team" | "practice" | "employer", index)
    job_title: str = ""


# The first user of each role is the one named in the README's table of demo logins.
PEOPLE = [
    Person("vsw", "Priya Shah", Role.VSW, ("team", 0), "Vocational support worker"),
    Person("vsw2", "Tom Hughes", Role.VSW, ("team", 0), "Vocational support worker"),
    Person("vsw3", "Megan Price", Role.VSW, ("team", 1), "Vocational support worker"),
    Person("vsw4", "Callum Reid", Role.VSW, ("team", 1), "Vocational support worker"),
    Person("supervisor", "Grace Okafor", Role.SUPERVISOR, ("team", 0), "Team leader"),
    Person("supervisor2", "Ian Walsh", Role.SUPERVISOR, ("team", 1), "Team leader"),
    Person("gp", "Dr Aisha Rahman", Role.CLINICIAN, ("practice", 0), "General practitioner"),
    Person("nurse", "Bethan Morgan", Role.CLINICIAN, ("practice", 1), "Practice nurse"),
    Person("gp3", "Dr Owen Jones", Role.CLINICIAN, ("practice", 2), "General practitioner"),
    Person("employer", "Sarah Lee", Role.EMPLOYER_CONTACT, ("employer", 0), "HR business partner"),
    Person("employer2", "Mark Evans", Role.EMPLOYER_CONTACT, ("employer", 1), "Care home manager"),
    Person("employer3", "Helen Booth", Role.EMPLOYER_CONTACT, ("employer", 2), "HR adviser"),
    Person("employer4", "Gareth Pugh", Role.EMPLOYER_CONTACT, ("employer", 3), "Site manager"),
    Person("worker", "Jamie Clarke", Role.WORKER, ("employer", 0), "Warehouse operative"),
    Person("admin", "Demo Administrator", Role.ADMIN, None),
]
PROFESSION = {
    "gp": IssuerProfession.DOCTOR,
    "nurse": IssuerProfession.NURSE,
    "gp3": IssuerProfession.DOCTOR,
}

FIRST_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Sophie",
    "Grace",
    "Lily",
    "Freya",
    "Emily",
    "Oliver",
    "George",
    "Harry",
    "Noah",
    "Jack",
    "Leo",
    "Arthur",
    "Oscar",
    "Charlie",
    "Thomas",
    "Aaliyah",
    "Zainab",
    "Imran",
    "Rhys",
    "Siobhan",
    "Callum",
    "Niamh",
    "Declan",
    "Kwame",
    "Anika",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Lewis",
    "Martin",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Begum",
    "Murphy",
    "Campbell",
]
JOBS = {
    0: ["Warehouse operative", "Forklift driver", "HGV driver", "Shift supervisor"],
    1: ["Care assistant", "Senior carer", "Kitchen assistant", "Activities coordinator"],
    2: ["Fitter", "Electrical technician", "Welder", "Planning clerk"],
    3: ["Production operative", "Quality inspector", "Line leader", "Hygiene operative"],
}
CONDITIONS = [
    ("Low back pain", "Avoid heavy lifting and prolonged standing; regular breaks to move."),
    ("Work-related stress", "Would benefit from a reduced workload and a quieter workspace."),
    ("Anxiety and low mood", "Gradual increase in hours with regular check-ins with a manager."),
    ("Recovery after knee arthroscopy", "Seated duties; no ladders or kneeling for now."),
    ("Post-viral fatigue", "Shorter shifts with rest breaks; build up hours over several weeks."),
    ("Carpal tunnel syndrome (right wrist)", "Avoid repetitive gripping; alternate tasks."),
    ("Depression", "Phased return with flexible start times."),
    ("Shoulder injury (rotator cuff)", "No overhead work or lifting above shoulder height."),
    ("Migraine", "Reduce screen time; allow breaks in a dim room if symptoms start."),
    ("Recovery after hernia repair", "No lifting over 5 kg for six weeks from surgery."),
]
REFERRAL_REASONS = [
    "Worried about going back and keen to talk through options with someone independent.",
    "Off for several weeks; would like help planning a phased return with the employer.",
    "Unsure whether the current role is still suitable; wants support to discuss adjustments.",
    "Has had a previous long absence and wants to avoid a relapse this time.",
]
DECLINE_REASONS = [
    "Recently bereaved: referred back to the GP for bereavement support first.",
    "Not currently in paid work, so outside the service's criteria.",
    "Absent for more than six months: signposted to the employer's occupational health.",
]
CONTACT_SUMMARIES = [
    (
        "Introductory call: explained the service and agreed how to keep in touch.",
        "Send the leaflet about phased returns.",
    ),
    (
        "Talked through what a typical working day involves and which tasks feel manageable.",
        "Worker to list the tasks that feel hardest.",
    ),
    (
        "Discussed worries about the line manager's reaction; practised what to say.",
        "Worker to contact HR to arrange a return meeting.",
    ),
    (
        "Reviewed sleep and energy; both improving. Agreed to start planning hours.",
        "Draft a four-week phased return for discussion.",
    ),
    (
        "Three-way call with the employer about adjustments and a start date.",
        "Employer to confirm seated workstation is available.",
    ),
    (
        "Check-in after the first week back: going well, some tiredness in the afternoons.",
        "Keep hours as planned for another week.",
    ),
    (
        "Worker felt overwhelmed this week; agreed to hold hours steady and review.",
        "Call again in one week.",
    ),
]
OBSTACLE_SETS = [
    [],
    [Obstacle.HEALTH],
    [Obstacle.BELIEFS, Obstacle.EMOTIONS],
    [Obstacle.WORKPLACE],
    [Obstacle.HEALTH, Obstacle.WORKPLACE],
    [Obstacle.BEHAVIOURS],
]

# 28 cases: the first is the demo worker's own active case.
STATUSES = (
    [CaseStatus.ACTIVE] * 10
    + [CaseStatus.REFERRED] * 4
    + [CaseStatus.ACCEPTED] * 3
    + [CaseStatus.DECLINED] * 3
    + [CaseStatus.PAUSED] * 3
    + [CaseStatus.CLOSED] * 5
)
CLOSURE_OUTCOMES = [
    ClosureOutcome.SAME_JOB,
    ClosureOutcome.SAME_JOB_ADJUSTED,
    ClosureOutcome.SAME_JOB,
    ClosureOutcome.NEW_JOB,
    ClosureOutcome.WITHDREW,
]


@dataclass(frozen=True)
class PlanSpec:
    """One case's plan. ``start`` is in days from the anchor (open cases) or from the closure
    day (closed cases), but never sooner than nine days after the referral decision; a
    completed plan starts then and ends by the closure day."""

    status: str
    goal: str
    start: int
    weeks: int
    start_percent: int
    signed: tuple[str, ...] = ()
    revised: bool = False  # version 1 signed, then a step back made version 2
    overdue: int = 0  # past milestones left pending (and, unless revised, a review not held)
    shares: tuple[str, ...] = ()  # further items released to the employer


W, E, V = SignOffParty.WORKER, SignOffParty.EMPLOYER, SignOffParty.VSW
# Keyed by case index (see STATUSES): 0-9 active, 20-22 paused, 23-27 closed.
PLANS = {
    0: PlanSpec(
        PlanStatus.ACTIVE, PlanGoal.SAME_JOB_ADAPTED, -24, 4, 25, (W, E, V), True, overdue=1
    ),
    1: PlanSpec(
        PlanStatus.ACTIVE,
        PlanGoal.SAME_JOB_SAME_HOURS,
        -10,
        6,
        33,
        (W, E, V),
        shares=(ShareItem.RELAPSE_ACTIONS,),
    ),
    2: PlanSpec(PlanStatus.AGREED, PlanGoal.SAME_JOB_ADAPTED, 7, 4, 50, (W, E, V)),
    3: PlanSpec(PlanStatus.PROPOSED, PlanGoal.SAME_JOB_SAME_HOURS, 10, 5, 40, (V,)),
    4: PlanSpec(PlanStatus.DRAFT, PlanGoal.OTHER_JOB_SAME_EMPLOYER, 14, 4, 25),
    5: PlanSpec(
        PlanStatus.ACTIVE,
        PlanGoal.SAME_JOB_ADAPTED,
        -31,
        6,
        25,
        (W, E, V),
        overdue=1,
        shares=(ShareItem.RELAPSE_ACTIONS, ShareItem.WARNING_SIGNALS),
    ),
    6: PlanSpec(PlanStatus.PROPOSED, PlanGoal.SAME_JOB_SAME_HOURS, 5, 4, 50, (V, W)),
    20: PlanSpec(PlanStatus.PAUSED, PlanGoal.SAME_JOB_ADAPTED, -28, 6, 25, (W, E, V)),
    24: PlanSpec(PlanStatus.ABANDONED, PlanGoal.SAME_JOB_SAME_HOURS, 7, 4, 50, (V,)),
    25: PlanSpec(PlanStatus.COMPLETED, PlanGoal.SAME_JOB_SAME_HOURS, 0, 4, 50, (W, E, V)),
    26: PlanSpec(PlanStatus.COMPLETED, PlanGoal.SAME_JOB_ADAPTED, 0, 6, 25, (W, E, V)),
}
# (category, description, the employer may see it)
ADJUSTMENTS = [
    (
        AdjustmentCategory.EXTRA_BREAKS,
        "A ten-minute break every two hours, taken away from the workstation.",
        True,
    ),
    (
        AdjustmentCategory.OTHER,
        "Time out on Tuesday afternoons for a weekly therapy appointment; the worker tells the "
        "manager only that it is a health appointment.",
        False,
    ),
    (
        AdjustmentCategory.AMENDED_DUTIES,
        "No lifting over 10 kg and no ladders until the final phase.",
        True,
    ),
    (AdjustmentCategory.QUIET_WORKSPACE, "A desk in the quiet office for paperwork days.", True),
    (
        AdjustmentCategory.OTHER,
        "A later start on mornings after a poor night's sleep, made up the same week.",
        False,
    ),
    (AdjustmentCategory.REMOTE_WORK, "One day a week at home for admin and training.", True),
]
WARNING_SIGNS = [
    "Sleeping worse for more than a few nights\nMore easily irritated with colleagues\n"
    "Skipping breaks to keep up",
    "Trouble concentrating on routine tasks\nPain lasting into the evening after a shift\n"
    "Wanting to leave early most days",
    "Keeping away from the team at breaks\nMore tired on waking than usual\n"
    "Worrying about work on days off",
]
AGREED_ACTIONS = [
    (ActionKind.EXTRA_VSW_CONVERSATION, "The VSW calls within two working days.", ActionOwner.VSW),
    (
        ActionKind.STEP_BACK,
        "Go back to the previous phase's hours for a week, then review together.",
        ActionOwner.EMPLOYER,
    ),
    (
        ActionKind.ROUTINE_TASKS,
        "The line manager moves the worker to familiar, routine tasks for the week.",
        ActionOwner.EMPLOYER,
    ),
    (
        ActionKind.CONTACT_GP,
        "Book a GP appointment if the signs last more than two weeks.",
        ActionOwner.WORKER,
    ),
]
REVIEW_OUTCOMES = [ReviewOutcome.CONTINUE, ReviewOutcome.STEP_UP, ReviewOutcome.CONTINUE]
REVIEW_NOTES = {
    ReviewOutcome.CONTINUE: "Going to plan; hours and duties stay as agreed.",
    ReviewOutcome.STEP_UP: "Coping well with the hours; move to the next phase as planned.",
    ReviewOutcome.HOLD: "Hold the current hours; support paused at the worker's request.",
    ReviewOutcome.STEP_DOWN: "Back to the previous phase's hours for a week.",
    ReviewOutcome.REPLAN: "A dip this week: agreed a week back at the first phase's hours, "
    "then a new build-up (version 2 of the plan).",
}

# Check-ins: fortnightly from a week after the plan starts (the demo worker's fall on the anchor
# day, so one is waiting for them). Cases 1 and 5 show relapse signals in their latest answers;
# the paused case missed its last one before pausing, and one closed case missed its first.
CHECK_IN_EVERY = timedelta(days=14)
AT_RISK_CASES = {1, 5}
MISSED_CHECK_INS = {20: -1, 26: 0}  # case index -> which past check-in (list index) was missed
CHECK_IN_COMMENTS = [
    "Getting into a routine again. Afternoons are the hardest part.",
    "The breaks helped. Slept better on the days I was working.",
    "Team have been welcoming; a bit anxious before the first shift.",
    "Tired by Friday but managed all the planned hours.",
    "Good week overall. Would like to talk about the next phase.",
    "",
]
AT_RISK_COMMENTS = [
    "Struggling this week: not sleeping well and dreading going in.",
    "Harder than expected. Left early twice and felt low most evenings.",
]


def nhs_number(rng: random.Random) -> str:
    """A 10-digit number in the never-issued 999 range with a valid modulus-11 check digit."""
    while True:
        digits = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - (total % 11)
        if check == 11:
            check = 0
        if check != 10:
            return digits + str(check)


def email_for(local: str) -> str:
    return f"{local}@{DOMAIN}"


class Command(BaseCommand):
    help = "Create deterministic synthetic demo data (development only; safe to re-run)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG=true: every demo account shares the public "
                "password settings.DEMO_PASSWORD, so it must never reach a real deployment."
            )
        with transaction.atomic():
            created = self.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} rows created)."))
        self.stdout.write(logins_table())

    # -----------------------------------------------------------------------------------------

    def seed(self) -> int:
        self.created = 0
        self.password_hash: str | None = None
        rng = random.Random(SEED)
        teams = [self.org(OrganisationKind.VSW_TEAM, n, a) for n, a in TEAMS]
        practices = [self.org(OrganisationKind.GP_PRACTICE, n, a) for n, a in PRACTICES]
        employers = [self.org(OrganisationKind.EMPLOYER, n, a) for n, a in EMPLOYERS]
        orgs = {"team": teams, "practice": practices, "employer": employers}
        # Every date hangs off the day the first team was created (see the module docstring).
        self.anchor = timezone.localtime(teams[0].created_at).date()

        users = {email_for(p.email): self.user(p, orgs) for p in PEOPLE}
        vsws = {
            i: [u for u in users.values() if u.role == Role.VSW and u.organisation == t]
            for i, t in enumerate(teams)
        }
        supervisors = {
            i: next(u for u in users.values() if u.role == Role.SUPERVISOR and u.organisation == t)
            for i, t in enumerate(teams)
        }
        clinicians = {
            i: next(u for u in users.values() if u.role == Role.CLINICIAN and u.organisation == p)
            for i, p in enumerate(practices)
        }
        employer_contacts = {
            e.pk: next(
                u for u in users.values() if u.role == Role.EMPLOYER_CONTACT and u.organisation == e
            )
            for e in employers
        }

        for index, status in enumerate(STATUSES):
            demo = index == 0
            team_index = 0 if demo else rng.randrange(len(teams))
            practice_index = 0 if demo else rng.randrange(len(practices))
            employer_index = 0 if demo else rng.randrange(len(employers))
            first = "Jamie" if demo else rng.choice(FIRST_NAMES)
            last = "Clarke" if demo else rng.choice(LAST_NAMES)
            absent_days = rng.randint(40, 150)
            referred_after = rng.randint(15, absent_days - 20)
            decided_after = rng.randint(1, 5)
            worker = self.worker(
                index,
                rng,
                first=first,
                last=last,
                employer=employers[employer_index],
                employer_index=employer_index,
                practice=practices[practice_index],
                absence_started_on=self.anchor - timedelta(days=absent_days),
                user=users[email_for("worker")] if demo else None,
            )
            team_vsws = vsws[team_index]
            vsw = users[email_for("vsw")] if demo else rng.choice(team_vsws)
            case = self.case(
                index,
                rng,
                status=status,
                worker=worker,
                team=teams[team_index],
                clinician=clinicians[practice_index],
                supervisor=supervisors[team_index],
                vsw=vsw,
                referred_on=worker.absence_started_on + timedelta(days=referred_after),
                decided_after=decided_after,
            )
            self.timeline(case)
            self.fit_notes(index, rng, case, clinicians[practice_index])
            self.contacts(index, rng, case)
            self.consents(index, rng, case, demo=demo)
            if index in PLANS:
                self.plan(index, case, PLANS[index], employer_contacts[case.employer_id])
                self.check_ins(index, case, demo=demo)
        return self.created

    # Rows ------------------------------------------------------------------------------------

    def _count(self, created: bool) -> None:
        self.created += int(created)

    def org(self, kind: str, name: str, address: str) -> Organisation:
        slug = name.lower().replace(" ", "-").replace(",", "")
        org, created = Organisation.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "code": demo_uuid("org", kind, name),
                "address": address,
                "email": f"{slug[:30]}@{DOMAIN}",
                "phone": "01782 000000",
            },
        )
        self._count(created)
        return org

    def user(self, person: Person, orgs: dict) -> User:
        email = email_for(person.email)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            organisation = orgs[person.org[0]][person.org[1]] if person.org else None
            admin = person.role == Role.ADMIN
            if self.password_hash is None:
                # One hash for every demo account: hashing is deliberately slow.
                self.password_hash = make_password(settings.DEMO_PASSWORD)
            user = User.objects.create(
                email=email,
                password=self.password_hash,
                code=demo_uuid("user", email),
                full_name=person.full_name,
                role=person.role,
                organisation=organisation,
                job_title=person.job_title,
                is_staff=admin,
                is_superuser=admin,
            )
            self._count(True)
        return user

    def worker(
        self,
        index: int,
        rng: random.Random,
        *,
        first: str,
        last: str,
        employer: Organisation,
        employer_index: int,
        practice: Organisation,
        absence_started_on: date,
        user: User | None,
    ) -> Worker:
        # Draw every random value on every run so later rows get the same values either way.
        values = {
            "first_name": first,
            "last_name": last,
            "date_of_birth": date(rng.randint(1965, 2001), rng.randint(1, 12), rng.randint(1, 28)),
            "nhs_number": nhs_number(rng) if index % 5 else None,
            "email": f"{first}.{last}.{index}@{DOMAIN}".lower(),
            "mobile": f"07700 9{rng.randint(0, 99999):05d}",
            "preferred_contact": rng.choice(ContactMethod.values),
            "employer": employer,
            "job_title": "Warehouse operative" if user else rng.choice(JOBS[employer_index]),
            "contracted_hours": Decimal(rng.choice(["16", "22.5", "30", "37.5", "37.5", "40"])),
            "gp_practice": practice,
            "absence_started_on": absence_started_on,
            "user": user,
            "created_at": self.at(absence_started_on, 9),
        }
        worker, created = Worker.objects.get_or_create(
            code=demo_uuid("worker", index), defaults=values
        )
        self._count(created)
        return worker

    def case(
        self,
        index: int,
        rng: random.Random,
        *,
        status: str,
        worker: Worker,
        team: Organisation,
        clinician: User,
        supervisor: User,
        vsw: User,
        referred_on: date,
        decided_after: int,
    ) -> Case:
        decided_on = referred_on + timedelta(days=decided_after)
        taken_on = status not in (CaseStatus.REFERRED, CaseStatus.DECLINED)
        reason = rng.choice(REFERRAL_REASONS)
        decline_reason = rng.choice(DECLINE_REASONS)
        outcome = CLOSURE_OUTCOMES[index % len(CLOSURE_OUTCOMES)]
        values = {
            "worker": worker,
            "team": team,
            "employer": worker.employer,
            "assigned_vsw": vsw if taken_on else None,
            "status": status,
            "referred_by": clinician,
            "referring_practice": clinician.organisation,
            "referred_at": self.at(referred_on, 10),
            "referral_reason": reason,
            "red_flags": [RedFlag.BEREAVEMENT]
            if status == CaseStatus.DECLINED and decline_reason.startswith("Recently")
            else [],
            "consent_to_refer_given_on": referred_on,
            "consent_to_refer_method": ConsentMethod.VERBAL,
        }
        if status != CaseStatus.REFERRED:
            values.update(decided_at=self.at(decided_on, 14), decided_by=supervisor)
        if status == CaseStatus.DECLINED:
            values["decline_reason"] = decline_reason
        if status == CaseStatus.CLOSED:
            values.update(
                closed_on=min(decided_on + timedelta(days=35), self.anchor),
                closed_by=vsw,
                closure_outcome=outcome,
            )
        case, created = Case.objects.get_or_create(code=demo_uuid("case", index), defaults=values)
        self._count(created)
        return case

    def event(self, case: Case, kind: str, summary: str, at: datetime, actor: User | None):
        _, created = CaseEvent.objects.get_or_create(
            case=case, kind=kind, summary=summary[:300], defaults={"at": at, "actor": actor}
        )
        self._count(created)

    def timeline(self, case: Case) -> None:
        """Referral, decision, pause and closure events, built from the stored case."""
        clinician = case.referred_by
        self.event(
            case,
            CaseEvent.Kind.REFERRED,
            f"Referred by {clinician.full_name} ({case.referring_practice})",
            case.referred_at,
            clinician,
        )
        if case.status == CaseStatus.DECLINED:
            self.event(
                case, CaseEvent.Kind.DECLINED, "Referral declined", case.decided_at, case.decided_by
            )
        elif case.status != CaseStatus.REFERRED:
            self.event(
                case,
                CaseEvent.Kind.ACCEPTED,
                f"Accepted and assigned to {case.assigned_vsw.full_name}",
                case.decided_at,
                case.decided_by,
            )
        if case.status in (CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED):
            self.event(
                case,
                CaseEvent.Kind.STATUS,
                "Support started",
                case.decided_at + timedelta(days=2),
                case.assigned_vsw,
            )
        if case.status == CaseStatus.PAUSED:
            self.event(
                case,
                CaseEvent.Kind.STATUS,
                "Support paused",
                self.at(self.anchor - timedelta(days=3), 11),
                case.assigned_vsw,
            )
        if case.status == CaseStatus.CLOSED:
            self.event(
                case,
                CaseEvent.Kind.CLOSED,
                f"Closed: {ClosureOutcome(case.closure_outcome).label}",
                self.at(case.closed_on, 16),
                case.closed_by,
            )

    def fit_notes(self, index: int, rng: random.Random, case: Case, clinician: User) -> None:
        """A chain of notes from day 8 of the absence, the first 'not fit', later ones often
        'may be fit' with advice. None is issued after the anchor day."""
        worker = case.worker
        condition, comments = CONDITIONS[index % len(CONDITIONS)]
        start = worker.absence_started_on + timedelta(days=7)
        indefinite_case = index == 7
        condition_started_on = worker.absence_started_on - timedelta(
            days=220 if indefinite_case else rng.randint(0, 14)
        )
        recorder = case.assigned_vsw or clinician
        number = 0
        while start <= self.anchor and number < 4:
            length = rng.choice([14, 21, 28, 28, 35])
            may_be_fit = number > 0 and rng.random() < 0.6
            boxes = [rng.random() < 0.5 for _ in range(4)] if may_be_fit else [False] * 4
            if may_be_fit and not any(boxes):
                boxes[0] = True
            last = start + timedelta(days=length - 1) >= self.anchor or number == 3
            indefinite = indefinite_case and last
            assessed_on = start - timedelta(days=rng.randint(0, 2))
            values = {
                "case": case,
                "form_kind": FitNoteKind.MED3_2022,
                "assessed_on": assessed_on,
                "condition": condition,
                "condition_started_on": condition_started_on,
                "fitness": Fitness.MAY_BE_FIT if may_be_fit else Fitness.NOT_FIT,
                "phased_return": boxes[0],
                "altered_hours": boxes[1],
                "amended_duties": boxes[2],
                "workplace_adaptations": boxes[3],
                "comments": comments if may_be_fit else "",
                "starts_on": start,
                "ends_on": None if indefinite else start + timedelta(days=length - 1),
                "indefinite": indefinite,
                "needs_reassessment": not indefinite,
                "issuer_name": clinician.full_name,
                "issuer_profession": PROFESSION[clinician.email.split("@")[0]],
                "issuer_address": clinician.organisation.address,
                "issued_on": assessed_on,
                "recorded_by": recorder,
                "created_at": self.at(assessed_on, 12),
            }
            note, created = FitNote.objects.get_or_create(
                code=demo_uuid("fitnote", index, number), defaults=values
            )
            self._count(created)
            self.event(
                case,
                CaseEvent.Kind.FIT_NOTE,
                f"Fit note recorded: {note.get_fitness_display().lower()} from "
                f"{note.starts_on:%-d %b %Y}",
                note.created_at,
                note.recorded_by,
            )
            if indefinite:
                break
            start += timedelta(days=length)
            number += 1

    def contacts(self, index: int, rng: random.Random, case: Case) -> None:
        how_many = {
            CaseStatus.ACTIVE: rng.randint(2, 5),
            CaseStatus.PAUSED: rng.randint(1, 3),
            CaseStatus.CLOSED: rng.randint(3, 6),
        }.get(case.status, 0)
        if not how_many:
            return
        first_day = timezone.localtime(case.decided_at).date() + timedelta(days=2)
        last_day = case.closed_on or self.anchor
        span = max((last_day - first_day).days, 0)
        for number in range(how_many):
            day = first_day + timedelta(days=span * number // how_many)
            summary, next_step = CONTACT_SUMMARIES[number % len(CONTACT_SUMMARIES)]
            mode = rng.choice(
                [ContactMode.PHONE, ContactMode.PHONE, ContactMode.VIDEO, ContactMode.IN_PERSON]
            )
            values = {
                "case": case,
                "occurred_at": self.at(day, 10 + number % 6),
                "mode": mode,
                "duration_minutes": rng.choice([15, 20, 30, 45, 60]),
                "summary": summary,
                "obstacles": [str(o) for o in rng.choice(OBSTACLE_SETS)],
                "next_step": next_step,
                "recorded_by": case.assigned_vsw,
            }
            contact, created = Contact.objects.get_or_create(
                code=demo_uuid("contact", index, number), defaults=values
            )
            self._count(created)
            self.event(
                case,
                CaseEvent.Kind.CONTACT,
                f"{contact.get_mode_display()} contact logged on "
                f"{timezone.localtime(contact.occurred_at):%-d %b %Y %H:%M}",
                contact.occurred_at,
                contact.recorded_by,
            )

    def consents(self, index: int, rng: random.Random, case: Case, *, demo: bool) -> None:
        """About half of the supported workers share fit-note advice and their plan with the
        employer; one later withdrew the plan; a few share with their GP."""
        sharing = rng.random() < 0.5
        if case.status not in (CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED):
            return
        by = case.worker.user or case.assigned_vsw
        at = timezone.localtime(case.decided_at) + timedelta(days=3)
        items = []
        if demo or sharing:
            items += [
                (Recipient.EMPLOYER, ShareItem.FIT_NOTE_ADVICE),
                (Recipient.EMPLOYER, ShareItem.PLAN),
            ]
        if index % 4 == 1:
            items.append((Recipient.GP, ShareItem.PLAN))
        for recipient, item in items:
            consent, created = SharingConsent.objects.get_or_create(
                worker=case.worker,
                recipient=recipient,
                item=item,
                withdrawn_at__isnull=True,
                defaults={"granted_at": at, "granted_by": by},
            )
            self._count(created)
            self.event(
                case,
                CaseEvent.Kind.CONSENT,
                f"Now shared with {consent.get_recipient_display().lower()}: "
                f"{consent.get_item_display()}",
                consent.granted_at,
                by,
            )
        if index == 3:
            # A withdrawn consent: kept as history, never shown to the employer.
            withdrawn = SharingConsent.objects.filter(
                worker=case.worker,
                recipient=Recipient.EMPLOYER,
                item=ShareItem.CONDITION,
                withdrawn_at__isnull=False,
            ).first()
            if withdrawn is None:
                withdrawn = SharingConsent.objects.create(
                    worker=case.worker,
                    recipient=Recipient.EMPLOYER,
                    item=ShareItem.CONDITION,
                    granted_at=at,
                    granted_by=by,
                    withdrawn_at=at + timedelta(days=6),
                    withdrawn_by=by,
                )
                self._count(True)
            self.event(
                case,
                CaseEvent.Kind.CONSENT,
                f"Now shared with their employer: {ShareItem.CONDITION.label}",
                withdrawn.granted_at,
                by,
            )
            self.event(
                case,
                CaseEvent.Kind.CONSENT,
                f"No longer shared with their employer: {ShareItem.CONDITION.label}",
                withdrawn.withdrawn_at,
                by,
            )

    # Plans ------------------------------------------------------------------------------------

    def plan(self, index: int, case: Case, spec: PlanSpec, contact: User) -> None:
        """The case's plan versions with phases, adjustments, relapse-prevention agreement and
        signatures, and the case's milestones and reviews. Written only when the case has no
        plan yet, so a second run (or a plan the VSW started by hand) is left alone."""
        if case.plans.exists():
            return
        vsw = case.assigned_vsw
        closed = case.status == CaseStatus.CLOSED
        reference = case.closed_on if closed else self.anchor
        # Drafting starts after the referral decision; work starts at least nine days after it.
        decided_on = timezone.localtime(case.decided_at).date()
        start = max(reference + timedelta(days=spec.start), decided_on + timedelta(days=9))
        weeks = spec.weeks
        if spec.status == PlanStatus.COMPLETED:
            start = decided_on + timedelta(days=9)
            weeks = max(1, min(weeks, (case.closed_on - start).days // 7))
        hours = case.worker.contracted_hours
        phases = self.phase_rows(
            graded_schedule(
                starts_on=start,
                contracted_hours=hours,
                weeks=weeks,
                start_percent=spec.start_percent,
            )
        )
        signed_on = max(
            min(start - timedelta(days=5), reference - timedelta(days=2)),
            decided_on + timedelta(days=4),
        )
        created_on = max(signed_on - timedelta(days=4), decided_on + timedelta(days=1))

        if spec.signed and E in spec.signed:
            # The employer signs only a plan it can see: the worker released it first.
            for item in (ShareItem.PLAN, *spec.shares):
                self.release(case, item, self.at(signed_on - timedelta(days=1), 10))

        version = 1
        if spec.revised:
            # Version 1 was agreed and started; a dip three days ago led to a step back from
            # the next week, which made version 2. Version 1 keeps its signatures and status.
            first = self.plan_version(
                index, case, 1, PlanStatus.ACTIVE, spec, phases, created_on, contact
            )
            self.plan_event(first, "Plan proposed for signing", signed_on - timedelta(days=1))
            self.signatures(first, spec.signed, signed_on, contact)
            self.plan_event(first, "Plan started", start)
            changed_on = self.anchor - timedelta(days=3)
            Plan.objects.filter(pk=first.pk).update(superseded_at=self.at(changed_on, 12))
            kept = min((changed_on - start).days // 7 + 1, len(phases) - 1)
            start_on = start + timedelta(weeks=kept)
            step_back = graded_schedule(
                starts_on=start_on,
                contracted_hours=hours,
                weeks=4,
                start_percent=spec.start_percent,
            )
            step_back[0]["is_step_back"] = True
            phases = phases[:kept] + self.phase_rows(step_back, first_order=kept + 1)
            version, created_on, signed_on = 2, changed_on, changed_on + timedelta(days=1)
        else:
            start_on = start
        plan = self.plan_version(
            index, case, version, spec.status, spec, phases, created_on, contact
        )
        if version == 2:
            self.event(
                case,
                CaseEvent.Kind.PLAN,
                "Plan changed after signing: version 2 started",
                self.at(created_on, 12),
                vsw,
            )
            self.adjustment(
                plan,
                AdjustmentCategory.PHASED_RETURN,
                "A week back at the first phase's hours after a dip, then building up again.",
                True,
            )
        if spec.status != PlanStatus.DRAFT:
            self.plan_event(plan, "Plan proposed for signing", signed_on - timedelta(days=1))
        self.signatures(plan, spec.signed, signed_on, contact)
        if spec.status in (PlanStatus.ACTIVE, PlanStatus.PAUSED, PlanStatus.COMPLETED):
            self.plan_event(plan, "Plan started", start_on)
        if spec.status == PlanStatus.PAUSED:
            self.plan_event(plan, "Plan paused", self.anchor - timedelta(days=3))
        if spec.status in (PlanStatus.COMPLETED, PlanStatus.ABANDONED):
            label = "Plan completed" if spec.status == PlanStatus.COMPLETED else "Plan abandoned"
            self.plan_event(plan, label, case.closed_on)
        if spec.status in (
            PlanStatus.AGREED,
            PlanStatus.ACTIVE,
            PlanStatus.PAUSED,
            PlanStatus.COMPLETED,
        ):
            until = self.anchor - timedelta(days=3) if spec.status == PlanStatus.PAUSED else None
            self.milestones(index, plan, spec, until or reference, closed=closed)
            self.reviews(index, plan, spec, until or reference, contact)

    def phase_rows(self, schedule: list[dict], first_order: int = 1) -> list[dict]:
        """Fill the days, duties and supervision of ``graded_schedule`` phases."""
        rows = []
        for order, step in enumerate(schedule, start=first_order):
            early = order <= 2 or step["is_step_back"]
            rows.append(
                {
                    **step,
                    "days": "Monday, Wednesday and Friday mornings"
                    if early
                    else "Monday to Friday",
                    "duties_included": "Familiar tasks at the worker's own pace; catching up "
                    "with the team and any changes while away."
                    if early
                    else "Usual duties, building up to the full role.",
                    "duties_excluded": "Overtime, lone working and on-call."
                    if early
                    else "Overtime until the plan ends.",
                    "supervision": "Ten-minute check-in with the line manager at the start of "
                    "each shift."
                    if early
                    else "Weekly catch-up with the line manager.",
                }
            )
        return rows

    def plan_version(
        self,
        index: int,
        case: Case,
        version: int,
        status: str,
        spec: PlanSpec,
        phases: list[dict],
        created_on: date,
        contact: User,
    ) -> Plan:
        plan = Plan.objects.create(
            code=demo_uuid("plan", index, version),
            case=case,
            version=version,
            status=status,
            goal=spec.goal,
            contracted_hours=case.worker.contracted_hours,
            starts_on=phases[0]["starts_on"],
            expected_end_on=phases[-1]["ends_on"],
            review_interval_days=14,
            created_by=case.assigned_vsw,
            created_at=self.at(created_on, 9),
        )
        self._count(True)
        self.plan_event(plan, "Plan created", created_on)
        Phase.objects.bulk_create(
            [Phase(plan=plan, order=order, **data) for order, data in enumerate(phases, 1)]
        )
        self.created += len(phases)
        self.adjustment(
            plan,
            AdjustmentCategory.PHASED_RETURN,
            f"Hours build up over {len(phases)} weeks, as in the phases.",
            True,
        )
        if status == PlanStatus.DRAFT:
            # As a new plan starts: an empty agreement to fill in with the worker.
            RelapsePrevention.objects.create(plan=plan, warning_signs="")
            self._count(True)
            return plan
        for offset in (0, 1):
            self.adjustment(plan, *ADJUSTMENTS[(index + offset) % len(ADJUSTMENTS)])
        relapse = RelapsePrevention.objects.create(
            plan=plan,
            warning_signs=WARNING_SIGNS[index % len(WARNING_SIGNS)],
            contacts=f"VSW: {case.assigned_vsw.full_name}, {case.team.phone}\n"
            f"Employer: {contact.full_name} ({contact.job_title})",
            review_on=phases[0]["starts_on"] + timedelta(weeks=4),
        )
        self._count(True)
        AgreedAction.objects.bulk_create(
            [
                AgreedAction(relapse=relapse, kind=kind, detail=detail, owner=owner)
                for kind, detail, owner in AGREED_ACTIONS
            ]
        )
        self.created += len(AGREED_ACTIONS)
        return plan

    def adjustment(self, plan: Plan, category: str, description: str, visible: bool) -> None:
        Adjustment.objects.create(
            plan=plan, category=category, description=description, visible_to_employer=visible
        )
        self._count(True)

    def signatures(self, plan: Plan, parties: tuple[str, ...], day: date, contact: User):
        vsw = plan.case.assigned_vsw
        signers = {W: plan.case.worker.user or vsw, E: contact, V: vsw}
        hours = {V: 10, W: 11, E: 15}
        for party in parties:
            SignOff.objects.create(
                plan=plan,
                party=party,
                signed_by=signers[party],
                signed_at=self.at(day, hours[party]),
                recorded_by=contact if party == E else vsw,
            )
            self._count(True)
            self.plan_event(plan, f"Signed by the {SignOffParty(party).label.lower()}", day)
        if {W, E} <= set(parties):
            self.plan_event(plan, "Plan agreed", day)

    def plan_event(self, plan: Plan, summary: str, day: date) -> None:
        self.event(
            plan.case,
            CaseEvent.Kind.PLAN,
            f"{summary} (version {plan.version})",
            self.at(day, 16),
            plan.case.assigned_vsw,
        )

    def release(self, case: Case, item: str, at: datetime) -> None:
        by = case.worker.user or case.assigned_vsw
        consent, created = SharingConsent.objects.get_or_create(
            worker=case.worker,
            recipient=Recipient.EMPLOYER,
            item=item,
            withdrawn_at__isnull=True,
            defaults={"granted_at": at, "granted_by": by},
        )
        self._count(created)
        self.event(
            case,
            CaseEvent.Kind.CONSENT,
            f"Now shared with {consent.get_recipient_display().lower()}: "
            f"{consent.get_item_display()}",
            consent.granted_at,
            by,
        )

    def milestones(self, index: int, plan: Plan, spec: PlanSpec, until: date, *, closed: bool):
        """The defaults ``generate_milestones`` would add, with progress up to ``until``: the
        last ``spec.overdue`` past ones still pending (overdue), the rest achieved; after a
        closure, later ones deferred."""
        phases = list(plan.phases.all())
        wanted = [("First day back", phases[0].starts_on)]
        wanted += [
            (f"End of phase {p.order} ({p.hours_per_week} hours a week)", p.ends_on) for p in phases
        ]
        full = next((p for p in phases if p.hours_per_week >= plan.contracted_hours), None)
        if full is not None:
            wanted.append(("Full contracted hours", full.starts_on))
            wanted += [
                (f"Return sustained for {w} weeks", full.starts_on + timedelta(weeks=w))
                for w in (4, 13, 26)
            ]
        wanted.sort(key=lambda item: item[1])
        past = [title for title, day in wanted if day < until]
        late = set(past[len(past) - spec.overdue :]) if spec.overdue else set()
        for number, (title, day) in enumerate(wanted):
            if day < until and title not in late:
                status, achieved_on = MilestoneStatus.ACHIEVED, day
            elif closed:
                status, achieved_on = MilestoneStatus.DEFERRED, None
            else:
                status, achieved_on = MilestoneStatus.PENDING, None
            Milestone.objects.create(
                code=demo_uuid("milestone", index, number),
                case=plan.case,
                title=title,
                target_on=day,
                status=status,
                achieved_on=achieved_on,
            )
            self._count(True)

    def reviews(self, index: int, plan: Plan, spec: PlanSpec, until: date, contact: User):
        """A review every interval; those due before ``until`` held, except the latest when
        the plan has overdue milestones. In a revised plan the review due next after the
        change was held early and replanned."""
        due = plan.review_dates()
        held = [day for day in due if day < until]
        if spec.overdue and not spec.revised and held:
            held = held[:-1]
        # due day -> (held on, outcome)
        rows = {day: (day if day in held else None, "") for day in due}
        if spec.revised:
            # The review due next after the dip was brought forward and replanned.
            changed_on = timezone.localtime(plan.created_at).date()
            due_day = next((day for day in due if day >= changed_on), changed_on)
            rows[due_day] = (changed_on, ReviewOutcome.REPLAN)
        last_held = max((day for day, (held_on, _) in rows.items() if held_on), default=None)
        attendees = f"{plan.case.worker.full_name}, {plan.case.assigned_vsw.full_name}, "
        attendees += contact.full_name
        for number, (day, (held_on, outcome)) in enumerate(sorted(rows.items())):
            values = {}
            if held_on:
                outcome = outcome or REVIEW_OUTCOMES[number % len(REVIEW_OUTCOMES)]
                if spec.status == PlanStatus.PAUSED and day == last_held:
                    outcome = ReviewOutcome.HOLD
                values = {
                    "held_on": held_on,
                    "attendees": attendees,
                    "outcome": outcome,
                    "notes": REVIEW_NOTES[outcome],
                }
            Review.objects.create(
                code=demo_uuid("review", index, number), case=plan.case, due_on=day, **values
            )
            self._count(True)

    # Check-ins ---------------------------------------------------------------------------------

    def check_ins(self, index: int, case: Case, *, demo: bool) -> None:
        """Fortnightly check-ins over the current plan (active, paused or completed), written
        only when the case has none: past ones answered (or missed), later ones scheduled, and
        for the demo worker one invited today. Signals come from ``relapse_signals``, so the
        cases in AT_RISK_CASES are flagged exactly as a real check-in would flag them."""
        plan = case.plans.filter(superseded_at__isnull=True).first()
        if plan is None or plan.status not in (
            PlanStatus.ACTIVE,
            PlanStatus.PAUSED,
            PlanStatus.COMPLETED,
        ):
            return
        if case.check_ins.exists():
            return
        rng = random.Random(f"{SEED}/check-ins/{index}")
        worker = case.worker
        channel = (
            CheckInChannel.SELF_LINK
            if worker.email and worker.preferred_contact == ContactMethod.EMAIL
            else CheckInChannel.PHONE
        )
        if demo:
            channel = CheckInChannel.SELF_LINK  # the demo worker answers from their home page
        relapse = getattr(plan, "relapse", None)
        signs = relapse.warning_sign_list() if relapse else []
        phases = list(plan.phases.all())

        if demo:
            # Count back from the anchor so that one falls due on it.
            steps = ((self.anchor - plan.starts_on).days - 1) // CHECK_IN_EVERY.days
            day = self.anchor - CHECK_IN_EVERY * max(steps, 0)
        else:
            day = plan.starts_on + timedelta(days=7)
        last = plan.expected_end_on + CHECK_IN_EVERY - timedelta(days=1)
        if case.closed_on:
            last = min(last, case.closed_on)
        days = []
        while day <= last:
            days.append(day)
            day += CHECK_IN_EVERY
        past = [d for d in days if d < self.anchor]
        missed = MISSED_CHECK_INS.get(index)
        missed_day = past[missed] if missed is not None and past else None

        # Scores drift gently upward (symptoms downward) from a per-case baseline.
        scores = {
            "sleep": rng.randint(4, 6),
            "mood": rng.randint(4, 6),
            "energy": rng.randint(3, 5),
            "symptoms": rng.randint(5, 7),
            "work_ability": rng.randint(3, 5),
        }
        previous: CheckIn | None = None
        for number, due_on in enumerate(days):
            phase = next((p for p in phases if p.starts_on <= due_on <= p.ends_on), phases[-1])
            check_in = CheckIn(
                code=demo_uuid("checkin", index, number),
                case=case,
                due_on=due_on,
                channel=channel,
                planned_hours=phase.hours_per_week,
                warning_signs_offered=signs,
            )
            if due_on == self.anchor and demo:
                check_in.status = CheckInStatus.INVITED
            elif due_on >= self.anchor:
                check_in.status = CheckInStatus.SCHEDULED
            elif due_on == missed_day:
                check_in.status = CheckInStatus.MISSED
            else:
                latest = due_on == past[-1]
                tripped = latest and index in AT_RISK_CASES
                self.answer(check_in, rng, scores, tripped=tripped, first=previous is None)
                check_in.signals = relapse_signals(check_in, previous)
                check_in.status = CheckInStatus.COMPLETED
                by_phone = channel == CheckInChannel.PHONE
                check_in.completed_at = self.at(due_on, 11 if by_phone else 18)
                check_in.completed_by = case.assigned_vsw if by_phone else worker.user
            check_in.save()
            self._count(True)
            if check_in.status == CheckInStatus.COMPLETED:
                previous = check_in
                self.event(
                    case,
                    CaseEvent.Kind.CHECK_IN,
                    f"Check-in completed{' with relapse signals' if check_in.signals else ''} "
                    f"(due {due_on:%-d %b %Y})",
                    check_in.completed_at,
                    check_in.completed_by,
                )
            elif check_in.status == CheckInStatus.MISSED:
                self.event(
                    case,
                    CaseEvent.Kind.CHECK_IN,
                    f"Check-in missed (due {due_on:%-d %b %Y})",
                    self.at(due_on + timedelta(days=3), 9),
                    None,
                )
        self.plan_event(plan, "Check-ins scheduled every 14 days", plan.starts_on)
        # As complete_check_in does: the latest answers decide whether the case is at risk.
        if previous is not None and previous.signals and case.is_open:
            Case.objects.filter(pk=case.pk).update(at_risk=True)
            case.at_risk = True
            self.event(
                case,
                CaseEvent.Kind.STATUS,
                "Flagged at risk of relapse",
                previous.completed_at,
                previous.completed_by,
            )

    def answer(
        self, check_in: CheckIn, rng: random.Random, scores: dict, *, tripped: bool, first: bool
    ) -> None:
        """Plausible answers. Untripped: each score moves at most one point, hours stay near
        the plan, nothing ticked. Tripped: mood and sleep fall by three or more, a warning
        sign is ticked and the worker asks for a call."""
        if not first:
            for item in ("sleep", "mood", "energy", "work_ability"):
                scores[item] = min(scores[item] + rng.choice([0, 1, 1]), 9)
            scores["symptoms"] = max(scores["symptoms"] - rng.choice([0, 1, 1]), 1)
        planned = check_in.planned_hours
        if tripped:
            scores["sleep"] = max(scores["sleep"] - 3, 0)
            scores["mood"] = max(scores["mood"] - 4, 0)
            scores["symptoms"] = min(scores["symptoms"] + 2, 10)
            hours = planned * Decimal(rng.choice(["0.5", "0.6"]))
            check_in.days_absent = rng.choice([1, 2])
            check_in.warning_signs_ticked = check_in.warning_signs_offered[:1]
            check_in.wants_contact = True
            check_in.comments = rng.choice(AT_RISK_COMMENTS)
        else:
            hours = planned * Decimal(rng.choice(["0.85", "0.9", "1", "1", "1"]))
            check_in.days_absent = 0
            check_in.comments = rng.choice(CHECK_IN_COMMENTS)
        check_in.hours_worked = (hours * 2).quantize(Decimal("1")) / 2
        for item, value in scores.items():
            setattr(check_in, item, value)

    def at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def logins_table() -> str:
    rows = [("Role", "Email", "Password")]
    seen = set()
    for person in PEOPLE:
        if person.role in seen:
            continue
        seen.add(person.role)
        rows.append((Role(person.role).label, email_for(person.email), settings.DEMO_PASSWORD))
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["", "Demo logins (local development only):"]
    for row in rows:
        lines.append("  " + "  ".join(c.ljust(width[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)
