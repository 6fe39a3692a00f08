"""The bench dataset: a service's worth of records written with bulk inserts (built and kept by
scripts/bench/dataset.py).

``large`` is a service at scale: 20,000 workers and cases, 200 VSWs in 20 teams (with their
supervisors), 200 clinicians in 100 practices, 500 employers with a contact each, 100,000 fit
notes, about 40,000 plan versions with phases, milestones, reviews and sign-offs, 500,000
check-ins and 200,000 reminders (nearly all sent, with their Delivery rows). ``small`` is the
same shape 10x smaller. A VSW's caseload is the same size in both (100 cases), as in a real
service, so large / small shows what grows with the size of the database alone.

Change anything that shapes the data, bump GENERATOR_VERSION: a dump made by another version
is not reused.

Every account's password is unusable: the load process signs in with sessions made up front.
"""

import random
from datetime import timedelta
from decimal import Decimal

GENERATOR_VERSION = 2
SIZES = {"large": 1.0, "small": 0.1}
BATCH = 5000
TEAMS, VSWS_PER_TEAM, CASES_PER_VSW = 20, 10, 100
PRACTICES, EMPLOYERS = 100, 500
FIT_NOTES_PER_CASE, CHECK_INS_PER_CASE, REMINDERS_PER_CASE = 5, 25, 10
PHASES_PER_PLAN = 4


class Builder:
    """Writes the dataset. Deterministic (seeded) apart from codes, which are random UUIDs."""

    def __init__(self, scale: float):
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(20261130)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.password = make_password(None)
        self.counts: dict[str, int] = {}

    def bulk(self, model, rows, label: str | None = None):
        rows = list(rows)
        made = []
        for start in range(0, len(rows), BATCH):
            made += model.objects.bulk_create(rows[start : start + BATCH])
        label = label or model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(made)
        return made

    def n(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def build(self) -> dict[str, int]:
        from django.db import connection

        self.people()
        self.cases()
        self.records()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.counts

    # --- People and organisations -------------------------------------------------------

    def people(self) -> None:
        from rtw.models import Organisation, OrganisationKind, Role, User

        def orgs(kind, count, name):
            return self.bulk(
                Organisation,
                [Organisation(kind=kind, name=f"{name} {i:03d}") for i in range(count)],
            )

        self.teams = orgs(OrganisationKind.VSW_TEAM, self.n(TEAMS), "Bench team")
        self.practices = orgs(OrganisationKind.GP_PRACTICE, self.n(PRACTICES), "Bench practice")
        self.employers = orgs(OrganisationKind.EMPLOYER, self.n(EMPLOYERS), "Bench employer")

        def user(local: str, role: str, organisation) -> User:
            return User(
                email=f"{local}@bench.test",
                full_name=f"Bench {local}",
                role=role,
                organisation=organisation,
                password=self.password,
            )

        users = [
            user(f"vsw-{t:02d}-{v:02d}", Role.VSW, team)
            for t, team in enumerate(self.teams)
            for v in range(VSWS_PER_TEAM)
        ]
        users += [
            user(f"supervisor-{t:02d}", Role.SUPERVISOR, t_) for t, t_ in enumerate(self.teams)
        ]
        users += [
            user(f"gp-{p:03d}-{c}", Role.CLINICIAN, practice)
            for p, practice in enumerate(self.practices)
            for c in range(2)
        ]
        users += [
            user(f"employer-{e:03d}", Role.EMPLOYER_CONTACT, employer)
            for e, employer in enumerate(self.employers)
        ]
        made = self.bulk(User, users)
        self.vsws = [u for u in made if u.role == Role.VSW]
        self.supervisors = {u.organisation_id: u for u in made if u.role == Role.SUPERVISOR}
        self.clinicians = [u for u in made if u.role == Role.CLINICIAN]
        self.contacts = {u.organisation_id: u for u in made if u.role == Role.EMPLOYER_CONTACT}

    # --- Workers and cases -------------------------------------------------------------------

    # Realistic mix (per 20): referred 1, declined 1, accepted 2, active 9, paused 1, closed 6.
    STATUSES = ["REFERRED", "DECLINED"] + ["ACCEPTED"] * 2 + ["ACTIVE"] * 9 + ["PAUSED"]
    STATUSES += ["CLOSED"] * 6

    def cases(self) -> None:
        from cases.models import Case, Worker

        rng, today = self.rng, self.today
        total = len(self.vsws) * CASES_PER_VSW
        workers, cases = [], []
        for i in range(total):
            vsw = self.vsws[i % len(self.vsws)]
            employer = self.employers[rng.randrange(len(self.employers))]
            practice = self.practices[i % len(self.practices)]
            absent_days = rng.randint(15, 180)
            workers.append(
                Worker(
                    first_name=rng.choice(["Sam", "Alex", "Jo", "Priya", "Tom", "Aisha", "Lee"]),
                    last_name=f"Bench{i:05d}",
                    date_of_birth=today - timedelta(days=365 * rng.randint(20, 64)),
                    email=f"worker{i:05d}@bench.test",
                    employer=employer,
                    job_title="Warehouse operative",
                    contracted_hours=Decimal("37.5"),
                    gp_practice=practice,
                    absence_started_on=today - timedelta(days=absent_days),
                )
            )
        workers = self.bulk(Worker, workers)
        for i, worker in enumerate(workers):
            vsw = self.vsws[i % len(self.vsws)]
            # Statuses cycle across each VSW's caseload (not in step with the VSW cycle).
            status = self.STATUSES[(i // len(self.vsws)) % len(self.STATUSES)]
            referred = self.now - timedelta(days=rng.randint(10, 170))
            cases.append(
                Case(
                    worker=worker,
                    team_id=vsw.organisation_id,
                    employer=worker.employer,
                    assigned_vsw=vsw if status != "REFERRED" or i % 2 else None,
                    status=status,
                    referred_by=self.clinicians[(i % len(self.practices)) * 2],
                    referring_practice_id=worker.gp_practice_id,
                    referred_at=referred,
                    referral_reason="Off work with back pain and low mood; wants help back.",
                    consent_to_refer_given_on=referred.date(),
                    consent_to_refer_method="VERBAL",
                    decided_at=referred + timedelta(days=2) if status != "REFERRED" else None,
                    decided_by=self.supervisors[vsw.organisation_id]
                    if status != "REFERRED"
                    else None,
                    decline_reason="Needs specialist care first" if status == "DECLINED" else "",
                    closed_on=today - timedelta(days=rng.randint(1, 60))
                    if status == "CLOSED"
                    else None,
                    closed_by=vsw if status == "CLOSED" else None,
                    closure_outcome="RETURNED" if status == "CLOSED" else "",
                    returned_to_work_on=today - timedelta(days=30) if status == "CLOSED" else None,
                )
            )
        self.all_cases = self.bulk(Case, cases)
        self.taken = [c for c in self.all_cases if c.status not in ("REFERRED", "DECLINED")]

    # --- Everything about a case -------------------------------------------------------------

    def records(self) -> None:
        self.fit_notes()
        self.plans()
        self.check_ins()
        self.reminders()
        self.timeline()

    def fit_notes(self) -> None:
        from cases.models import FitNote

        rows = []
        for case in self.all_cases:
            start = case.worker.absence_started_on + timedelta(days=7)
            for k in range(FIT_NOTES_PER_CASE):
                starts_on = start + timedelta(days=28 * k)
                rows.append(
                    FitNote(
                        case=case,
                        assessed_on=starts_on,
                        condition="Low back pain; low mood",
                        fitness="MAY_BE_FIT" if k else "NOT_FIT",
                        phased_return=bool(k),
                        altered_hours=bool(k),
                        comments="Would benefit from a phased return." if k else "",
                        starts_on=starts_on,
                        ends_on=starts_on + timedelta(days=27),
                        needs_reassessment=True,
                        issuer_name="Dr A Example",
                        issuer_profession="DOCTOR",
                        issued_on=starts_on,
                        recorded_by=case.referred_by,
                        # Nothing more to remind about a note a later one replaced, or one of
                        # a closed case (record_fit_note, checkins.actions.settle_case).
                        reminders_done_at=self.now
                        if k < FIT_NOTES_PER_CASE - 1 or case.status in ("CLOSED", "DECLINED")
                        else None,
                    )
                )
        self.bulk(FitNote, rows)

    def plans(self) -> None:
        from cases.models import SharingConsent
        from plans.models import Milestone, Phase, Plan, Review, SignOff

        today = self.today
        plans, consents = [], []
        current_status = {
            "ACCEPTED": "AGREED",
            "ACTIVE": "ACTIVE",
            "PAUSED": "PAUSED",
            "CLOSED": "COMPLETED",
        }
        for i, case in enumerate(self.taken):
            versions = 2 + (i % 6 == 0)
            starts_on = today - timedelta(days=7 * (i % 8))
            for v in range(1, versions + 1):
                current = v == versions
                plans.append(
                    Plan(
                        case=case,
                        version=v,
                        status=current_status[case.status] if current else "AGREED",
                        goal="SAME_JOB_ADAPTED",
                        contracted_hours=Decimal("37.5"),
                        starts_on=starts_on,
                        expected_end_on=starts_on + timedelta(weeks=4 * PHASES_PER_PLAN - 1),
                        created_by=case.assigned_vsw,
                        superseded_at=None if current else self.now - timedelta(days=versions - v),
                    )
                )
            for item in ("INVOLVEMENT", "PLAN", "FIT_NOTE_ADVICE"):
                consents.append(
                    SharingConsent(
                        worker_id=case.worker_id,
                        recipient="EMPLOYER",
                        item=item,
                        granted_by=case.assigned_vsw,
                    )
                )
        plans = self.bulk(Plan, plans)
        self.bulk(SharingConsent, consents)
        self.current_plans = [p for p in plans if p.superseded_at is None]
        phases, signoffs = [], []
        for plan in plans:
            for k in range(PHASES_PER_PLAN):
                phases.append(
                    Phase(
                        plan=plan,
                        order=k + 1,
                        starts_on=plan.starts_on + timedelta(weeks=4 * k),
                        ends_on=plan.starts_on + timedelta(weeks=4 * k + 4, days=-1),
                        hours_per_week=Decimal(12 + 8 * k),
                        days="Monday to Friday mornings",
                        duties_included="Picking and packing; stock checks",
                        duties_excluded="Lifting over 10 kg",
                        supervision="A word with the team leader at the start of each shift",
                    )
                )
            contact = self.contacts[plan.case.employer_id]
            signoffs.append(
                SignOff(
                    plan=plan,
                    party="WORKER",
                    method="IN_PERSON",
                    signer_name=plan.case.worker.full_name,
                    recorded_by=plan.case.assigned_vsw,
                )
            )
            signoffs.append(
                SignOff(plan=plan, party="EMPLOYER", signed_by=contact, recorded_by=contact)
            )
        self.bulk(Phase, phases)
        self.bulk(SignOff, signoffs)
        milestones, reviews = [], []
        for plan in self.current_plans:
            for k, title in enumerate(
                ("First day back", "End of phase 2", "Full contracted hours", "Sustained 4 weeks")
            ):
                target = plan.starts_on + timedelta(weeks=4 * k)
                done = target < today - timedelta(days=3)
                milestones.append(
                    Milestone(
                        case=plan.case,
                        title=title,
                        target_on=target,
                        status="ACHIEVED" if done else "PENDING",
                        achieved_on=target if done else None,
                        reminders_done_at=self.now if plan.case.status == "CLOSED" else None,
                    )
                )
            for k in range(3):
                due = plan.starts_on + timedelta(days=14 * (k + 1))
                reviews.append(
                    Review(
                        case=plan.case,
                        due_on=due,
                        held_on=due if due < today - timedelta(days=2) else None,
                        outcome="CONTINUE" if due < today - timedelta(days=2) else "",
                        reminders_done_at=self.now if plan.case.status == "CLOSED" else None,
                    )
                )
        self.bulk(Milestone, milestones)
        self.bulk(Review, reviews)

    def check_ins(self) -> None:
        from checkins.models import CheckIn

        today, rng = self.today, self.rng
        rows = []
        per_case = round(CHECK_INS_PER_CASE * len(self.all_cases) / max(len(self.taken), 1))
        for case in self.taken:
            first = today - timedelta(weeks=per_case - 2)
            for k in range(per_case):
                due = first + timedelta(weeks=k)
                past = due < today
                done = past and rng.random() < 0.85
                rows.append(
                    CheckIn(
                        case=case,
                        due_on=due,
                        status="COMPLETED"
                        if done
                        else "MISSED"
                        if past
                        # Closing a case closes its open check-ins (checkins.actions).
                        else "ENDED"
                        if case.status == "CLOSED"
                        else "SCHEDULED",
                        planned_hours=Decimal(20),
                        warning_signs_offered=["Sleeping worse", "More easily irritated"],
                        completed_at=self.now - timedelta(days=(today - due).days)
                        if done
                        else None,
                        **(
                            {
                                "hours_worked": Decimal(rng.randint(10, 25)),
                                "days_absent": rng.randint(0, 2),
                                "sleep": rng.randint(3, 9),
                                "mood": rng.randint(3, 9),
                                "energy": rng.randint(3, 9),
                                "symptoms": rng.randint(1, 7),
                                "comments": "A steady week.",
                            }
                            if done
                            else {}
                        ),
                    )
                )
        self.bulk(CheckIn, rows)

    def reminders(self) -> None:
        from checkins.models import Delivery, Reminder

        rows = []
        per_case = REMINDERS_PER_CASE
        for case in self.all_cases:
            for k in range(per_case):
                at = self.now - timedelta(days=7 * (per_case - k))
                rows.append(
                    Reminder(
                        kind="CHECKIN_INVITE",
                        subject_key=f"bench:{case.code}",
                        slot=f"{k}",
                        case=case,
                        to_email=case.worker.email,
                        subject="Your return-to-work check-in",
                        body="It is time for your check-in.",
                        # 1 in 40 cancelled (support paused at the time); the rest sent.
                        status="CANCELLED" if k == 3 and case.pk % 4 == 0 else "SENT",
                        due_at=at,
                        next_attempt_at=at,
                        attempts=1,
                        created_at=at,
                    )
                )
        made = self.bulk(Reminder, rows)
        self.bulk(
            Delivery,
            [Delivery(reminder=r, sent_at=r.due_at) for r in made if r.status == "SENT"],
        )

    def timeline(self) -> None:
        from cases.models import CaseEvent, Contact

        events, contacts = [], []
        for case in self.taken:
            for k in range(5):
                events.append(
                    CaseEvent(
                        case=case,
                        at=self.now - timedelta(days=10 * k),
                        kind="CONTACT",
                        summary="Phone call with the worker",
                        actor=case.assigned_vsw,
                    )
                )
                contacts.append(
                    Contact(
                        case=case,
                        occurred_at=self.now - timedelta(days=10 * k),
                        mode="PHONE",
                        duration_minutes=30,
                        summary="Talked through sleep and the worry about going back.",
                        obstacles=["EMOTIONS"],
                        next_step="Call again next week.",
                        recorded_by=case.assigned_vsw,
                    )
                )
        self.bulk(CaseEvent, events)
        self.bulk(Contact, contacts)
