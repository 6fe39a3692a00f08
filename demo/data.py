"""The demo data's cast and script: organisations, people, names, notes and plans (all made up)."""

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

from cases.models import (
    CaseStatus,
    ClosureOutcome,
    Employment,
    IssuerProfession,
    Obstacle,
    ShareItem,
)
from plans.models import (
    ActionKind,
    ActionOwner,
    AdjustmentCategory,
    PlanGoal,
    PlanStatus,
    ReviewOutcome,
    SignOffParty,
)
from rtw.models import Role

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

# 30 cases: the first is the demo worker's own active case; the last two (see NO_EMPLOYER) are
# workers whose employer is not one of the four above.
STATUSES = (
    [CaseStatus.ACTIVE] * 10
    + [CaseStatus.REFERRED] * 4
    + [CaseStatus.ACCEPTED] * 3
    + [CaseStatus.DECLINED] * 3
    + [CaseStatus.PAUSED] * 3
    + [CaseStatus.CLOSED] * 5
    + [CaseStatus.REFERRED, CaseStatus.ACTIVE]
)


@dataclass(frozen=True)
class NoEmployer:
    """A case whose worker has no employer the service knows, keyed by case index. Both are
    with the demo team and practice: the referral waits in the demo supervisor's queue with
    its employer to link, and the demo VSW supports the self-employed worker."""

    employment: str
    job_title: str
    name_given: str = ""
    contact_given: str = ""


NO_EMPLOYER = {
    28: NoEmployer(
        Employment.EMPLOYED, "Baker", "Kidsgrove Bakery", "Ruth Allen (owner), 01782 000111"
    ),
    29: NoEmployer(Employment.SELF_EMPLOYED, "Self-employed plasterer"),
}
# Workers who have not agreed that the service may involve their employer (ADR 16): their
# employer sees nothing of them. Case 7 is an active case whose employer is the demo employer's
# organisation, so employer@demo.example shows the difference (it is absent from their list).
EMPLOYER_NOT_INVOLVED = frozenset({7})
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


# The Dutch and Swedish services (demo/seeding/jurisdictions.py): a team in each country with
# its own cast, speaking its language, and one worker each on an active case. Separate from
# TEAMS and PEOPLE so the UK demo draws the same rows as before.
@dataclass(frozen=True)
class Service:
    key: str  # the suffix of the demo emails: vsw-nl@, worker-se@
    jurisdiction: str
    language: str
    team: tuple[str, str]
    practice: tuple[str, str]
    employer: tuple[str, str]
    people: tuple[Person, ...]  # org is ("team" | "practice" | "employer", 0)
    worker: tuple[str, str, str, str]  # first name, last name, job title, contracted hours
    absence_days: int  # before the anchor
    referral_reason: str
    evidence: tuple[str, str, int | None]  # kind, issuer's profession, extent of sick leave
    issuer: str
    # The service's organisations' phone number, in the country's format. Made up: the Swedish
    # one is in the range the regulator (PTS) keeps for fiction, 031-390 600 to 031-390 699.
    phone: str


SERVICES = [
    Service(
        key="nl",
        jurisdiction="NL",
        language="nl",
        team=("Re-integratieteam Utrecht", "Catharijnesingel 30, 3511 GB Utrecht"),
        practice=("Huisartsenpraktijk Lombok", "Kanaalstraat 112, 3531 CL Utrecht"),
        employer=("Domstad Distributie B.V.", "Atoomweg 50, 3542 AB Utrecht"),
        people=(
            Person("vsw-nl", "Sanne de Vries", Role.VSW, ("team", 0), "Re-integratiecoach"),
            Person("supervisor-nl", "Pieter Bakker", Role.SUPERVISOR, ("team", 0), "Teamleider"),
            Person("gp-nl", "Dr. Fatima El Amrani", Role.CLINICIAN, ("practice", 0), "Huisarts"),
            Person("employer-nl", "Joost Visser", Role.EMPLOYER_CONTACT, ("employer", 0), "HR"),
            Person("worker-nl", "Daan Jansen", Role.WORKER, ("employer", 0), "Magazijnmedewerker"),
        ),
        worker=("Daan", "Jansen", "Magazijnmedewerker", "38"),
        absence_days=45,
        referral_reason="Rugklachten na een val; wil graag stap voor stap terug naar het werk.",
        evidence=("NL_OCCUPATIONAL_PHYSICIAN", IssuerProfession.OCCUPATIONAL_PHYSICIAN, None),
        issuer="Dr. Marieke Smit (bedrijfsarts)",
        phone="+31 30 000 0000",
    ),
    Service(
        key="se",
        jurisdiction="SE",
        language="sv",
        team=("Arbetslivsinriktad rehabilitering Göteborg", "Södra Hamngatan 37, 411 06 Göteborg"),
        practice=("Vårdcentralen Majorna", "Karl Johansgatan 27, 414 59 Göteborg"),
        employer=("Västkust Logistik AB", "Exportgatan 12, 422 46 Hisings Backa"),
        people=(
            Person("vsw-se", "Elin Lindqvist", Role.VSW, ("team", 0), "Rehabiliteringskoordinator"),
            Person("supervisor-se", "Anders Nilsson", Role.SUPERVISOR, ("team", 0), "Enhetschef"),
            Person("gp-se", "Dr. Karin Holm", Role.CLINICIAN, ("practice", 0), "Allmänläkare"),
            Person("employer-se", "Maria Berg", Role.EMPLOYER_CONTACT, ("employer", 0), "HR"),
            Person("worker-se", "Oskar Svensson", Role.WORKER, ("employer", 0), "Lagerarbetare"),
        ),
        worker=("Oskar", "Svensson", "Lagerarbetare", "40"),
        absence_days=20,
        referral_reason="Utmattning efter lång tids hög arbetsbelastning; vill tillbaka lugnt.",
        evidence=("SE_MEDICAL_CERTIFICATE", IssuerProfession.DOCTOR, 50),
        issuer="Dr. Karin Holm",
        phone="+46 31 390 600",
    ),
]
