"""The rows the in-process bench (scripts/bench.py) times its pages against, written with the
ORM inside the bench's transaction. Import only after Django is set up."""

# A year of closed cases under the open ones, so the service figures have something to count.
HISTORY_CASES = 2000


class Data:
    """Everything the pages need, written with the ORM (no password hashing: the client logs
    in with force_login). Codes of the rows the pages are about end up as attributes."""

    DUTIES = (
        "Answering customer emails, updating the order tracker, checking stock levels in the "
        "warehouse system and preparing the weekly dispatch summary for the team meeting"
    )

    def __init__(self) -> None:
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        from rtw.models import Organisation, OrganisationKind, Role, User

        self.today = timezone.localdate()
        self.now = timezone.now()
        org = Organisation.objects.create
        self.team = org(kind=OrganisationKind.VSW_TEAM, name="Bench team")
        self.practice = org(kind=OrganisationKind.GP_PRACTICE, name="Bench practice")
        self.employer = org(kind=OrganisationKind.EMPLOYER, name="Bench employer")
        self.other_employer = org(kind=OrganisationKind.EMPLOYER, name="Bench employer two")

        def user(local: str, role: str, organisation) -> User:
            return User.objects.create(
                email=f"{local}@bench.test",
                full_name=f"Bench {local}",
                role=role,
                organisation=organisation,
                password=make_password(None),  # unusable: no hashing
            )

        self.vsw = user("vsw", Role.VSW, self.team)
        self.colleagues = [user(f"vsw{i}", Role.VSW, self.team) for i in (2, 3, 4)]
        self.supervisor = user("supervisor", Role.SUPERVISOR, self.team)
        self.clinician = user("gp", Role.CLINICIAN, self.practice)
        self.employer_contact = user("employer", Role.EMPLOYER_CONTACT, self.employer)
        self.counter = 0

        # 200 open cases in the team: 50 the VSW's own, 150 shared among colleagues. The
        # employer has 50 of them. Each has a fit note, a current plan, milestones and a
        # scheduled check-in, so every worklist column has something to compute.
        cases = []
        for i in range(200):
            vsw = self.vsw if i < 50 else self.colleagues[i % 3]
            employer = self.employer if i % 4 == 0 else self.other_employer
            cases.append(self.case(vsw, employer, status=("ACTIVE", "ACCEPTED", "PAUSED")[i % 3]))
        self.worklist_extras(cases)
        self.busy_case = self.case_with_history()
        self.long_plan = self.plan_with_phases(12, short=True)
        self.pdf_plan = self.plan_with_phases(8, short=False)
        self.service_history(HISTORY_CASES)

    def case(self, vsw, employer, status: str = "ACTIVE"):
        from datetime import timedelta

        from cases.models import Case, Worker

        self.counter += 1
        worker = Worker.objects.create(
            first_name="Bench",
            last_name=f"Worker {self.counter:03d}",
            date_of_birth=self.today.replace(year=self.today.year - 40),
            email=f"worker{self.counter}@bench.test",
            employer=employer,
            contracted_hours=37.5,
            gp_practice=self.practice,
            absence_started_on=self.today - timedelta(weeks=8),
        )
        return Case.objects.create(
            worker=worker,
            team=self.team,
            employer=employer,
            assigned_vsw=vsw,
            status=status,
            referred_by=self.clinician,
            referring_practice=self.practice,
            referral_reason="Off work for eight weeks; wants help planning a return.",
            consent_to_refer_given_on=self.today - timedelta(weeks=6),
            consent_to_refer_method="VERBAL",
            decided_at=self.now - timedelta(weeks=5),
            decided_by=self.supervisor,
        )

    def fit_note(self, case, starts_on, days: int = 28):
        from datetime import timedelta

        from cases.models import FitNote

        return FitNote(
            case=case,
            assessed_on=starts_on,
            condition="Work-related stress",
            fitness="MAY_BE_FIT",
            phased_return=True,
            comments="Would benefit from a phased return.",
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=days - 1),
            needs_reassessment=True,
            issuer_name="Dr A Example",
            issuer_profession="DOCTOR",
            issued_on=starts_on,
            recorded_by=case.assigned_vsw,
        )

    def worklist_extras(self, cases) -> None:
        from datetime import timedelta

        from cases.models import FitNote
        from checkins.models import CheckIn
        from plans.models import Milestone, Plan

        FitNote.objects.bulk_create(
            [self.fit_note(c, self.today - timedelta(days=i % 20)) for i, c in enumerate(cases)]
        )
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    case=c,
                    status="ACTIVE",
                    goal="SAME_JOB_ADAPTED",
                    contracted_hours=37.5,
                    starts_on=self.today - timedelta(weeks=2),
                    expected_end_on=self.today + timedelta(weeks=4),
                    created_by=c.assigned_vsw,
                )
                for c in cases
            ]
        )
        Milestone.objects.bulk_create(
            [
                Milestone(case=p.case, title=title, target_on=p.starts_on + timedelta(weeks=w))
                for p in plans
                for title, w in (("First day back", 0), ("Full contracted hours", 4))
            ]
        )
        CheckIn.objects.bulk_create(
            [
                CheckIn(case=c, due_on=self.today + timedelta(days=i % 14), planned_hours=20)
                for i, c in enumerate(cases)
            ]
        )

    def case_with_history(self):
        from datetime import timedelta

        from cases.models import Contact, FitNote
        from checkins.models import CheckIn

        case = self.case(self.vsw, self.employer)
        start = self.today - timedelta(weeks=40)
        FitNote.objects.bulk_create(
            [self.fit_note(case, start + timedelta(weeks=2 * i), days=14) for i in range(20)]
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    case=case,
                    occurred_at=self.now - timedelta(days=7 * i),
                    mode="PHONE",
                    duration_minutes=30,
                    summary="Talked through sleep and the worry about going back.",
                    obstacles=["EMOTIONS", "WORKPLACE"],
                    next_step="Call again next week.",
                    recorded_by=self.vsw,
                )
                for i in range(20)
            ]
        )
        check_ins = []
        for i in range(20):
            due_on = start + timedelta(weeks=2 * i)
            done = due_on < self.today
            check_ins.append(
                CheckIn(
                    case=case,
                    due_on=due_on,
                    status="COMPLETED" if done else "SCHEDULED",
                    planned_hours=20,
                    warning_signs_offered=["Sleeping worse", "More easily irritated"],
                    **(
                        {
                            "hours_worked": 18,
                            "days_absent": 0,
                            "sleep": 6,
                            "mood": 6,
                            "energy": 5,
                            "symptoms": 4,
                            "work_ability": 6,
                            "comments": "A steady week.",
                            "completed_at": self.now - timedelta(days=(self.today - due_on).days),
                        }
                        if done
                        else {}
                    ),
                )
            )
        CheckIn.objects.bulk_create(check_ins)
        return case

    def plan_with_phases(self, phases: int, *, short: bool):
        """A signed, active plan with ``phases`` weekly phases, adjustments, a relapse
        agreement with actions, milestones and reviews. ``short=False`` gives the long duty
        texts that make the worker's PDF run to four pages."""
        from datetime import timedelta

        from plans.models import (
            Adjustment,
            AgreedAction,
            Milestone,
            Phase,
            Plan,
            RelapsePrevention,
            Review,
            SignOff,
        )

        case = self.case(self.vsw, self.employer)
        self.fit_note(case, self.today - timedelta(days=3), days=60).save()
        starts_on = self.today - timedelta(weeks=1)
        plan = Plan.objects.create(
            case=case,
            status="ACTIVE",
            goal="SAME_JOB_ADAPTED",
            contracted_hours=37.5,
            starts_on=starts_on,
            expected_end_on=starts_on + timedelta(weeks=phases, days=-1),
            created_by=self.vsw,
        )
        Phase.objects.bulk_create(
            [
                Phase(
                    plan=plan,
                    order=i + 1,
                    starts_on=starts_on + timedelta(weeks=i),
                    ends_on=starts_on + timedelta(weeks=i, days=6),
                    hours_per_week=min(10 + 3 * i, 37.5),
                    days="Monday to Friday",
                    duties_included="Answering the phones" if short else self.DUTIES,
                    duties_excluded="Night shifts, lifting over 10 kg and covering the front "
                    "desk alone",
                    supervision="Daily check-in with the team leader at the start of each shift",
                )
                for i in range(phases)
            ]
        )
        Adjustment.objects.bulk_create(
            [
                Adjustment(
                    plan=plan,
                    category="EXTRA_BREAKS",
                    description="A break every two hours",
                    visible_to_employer=True,
                ),
                Adjustment(
                    plan=plan,
                    category="QUIET_WORKSPACE",
                    description="A desk away from the tills",
                    visible_to_employer=True,
                ),
                Adjustment(
                    plan=plan,
                    category="OTHER",
                    description="Time out for a weekly appointment",
                    visible_to_employer=False,
                ),
            ]
        )
        relapse = RelapsePrevention.objects.create(
            plan=plan,
            warning_signs="Sleeping worse\nMore easily irritated\nSkipping breaks",
            contacts="VSW: Bench vsw, 01782 000000",
            review_on=starts_on + timedelta(weeks=4),
        )
        AgreedAction.objects.bulk_create(
            [
                AgreedAction(
                    relapse=relapse,
                    kind="EXTRA_VSW_CONVERSATION",
                    detail="Call within two working days",
                    owner="VSW",
                ),
                AgreedAction(
                    relapse=relapse,
                    kind="ROUTINE_TASKS",
                    detail="Familiar tasks for a week",
                    owner="EMPLOYER",
                ),
            ]
        )
        # The worker's agreement is recorded by the VSW in the worker's name.
        SignOff.objects.create(
            plan=plan,
            party="WORKER",
            method="IN_PERSON",
            signer_name=plan.case.worker.full_name,
            recorded_by=self.vsw,
        )
        SignOff.objects.create(
            plan=plan,
            party="EMPLOYER",
            signed_by=self.employer_contact,
            recorded_by=self.employer_contact,
        )
        Milestone.objects.bulk_create(
            [
                Milestone(
                    case=case,
                    title=f"End of phase {i + 1}",
                    target_on=starts_on + timedelta(weeks=i, days=6),
                )
                for i in range(phases)
            ]
        )
        Review.objects.bulk_create([Review(case=case, due_on=day) for day in plan.review_dates()])
        return plan

    def service_history(self, n: int) -> None:
        """``n`` closed cases over the past year, each with 5 worker contacts, a first day
        back, 13 fortnightly outcome check-ins and questionnaires at baseline and 6 months:
        what the service figures count. Bulk-created, a few queries per thousand rows."""
        from datetime import timedelta

        from cases.models import Case, Contact, Worker
        from outcomes.models import OutcomeCheckIn, Questionnaire

        workers = Worker.objects.bulk_create(
            [
                Worker(
                    first_name="Past",
                    last_name=f"Worker {i:04d}",
                    date_of_birth=self.today.replace(year=self.today.year - 40),
                    employer=self.employer,
                    contracted_hours=37.5,
                    gp_practice=self.practice,
                    absence_started_on=self.today - timedelta(days=400 + i % 300),
                )
                for i in range(n)
            ]
        )
        cases = Case.objects.bulk_create(
            [
                Case(
                    worker=w,
                    team=self.team,
                    employer=self.employer,
                    assigned_vsw=self.colleagues[i % 3],
                    status="CLOSED",
                    referred_by=self.clinician,
                    referring_practice=self.practice,
                    referred_at=self.now - timedelta(days=380 - i % 360),
                    referral_reason="Off work; wants help planning a return.",
                    consent_to_refer_given_on=self.today - timedelta(days=380),
                    consent_to_refer_method="VERBAL",
                    decided_at=self.now - timedelta(days=375 - i % 360),
                    decided_by=self.supervisor,
                    closed_on=self.today - timedelta(days=i % 10),
                    closed_by=self.colleagues[i % 3],
                    closure_outcome=("SAME_JOB", "NEW_JOB", "NOT_RETURNED")[i % 3],
                    returned_to_work_on=self.today - timedelta(days=300 - i % 200),
                )
                for i, w in enumerate(workers)
            ]
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    case=c,
                    occurred_at=c.decided_at + timedelta(days=3 + 7 * k),
                    mode="PHONE",
                    duration_minutes=30,
                    summary="Talked through the return.",
                    recorded_by=c.assigned_vsw,
                )
                for c in cases
                for k in range(5)
            ],
            batch_size=2000,
        )
        OutcomeCheckIn.objects.bulk_create(
            [
                OutcomeCheckIn(
                    case=c,
                    due_on=c.decided_at.date() + timedelta(days=14 * (k + 1)),
                    period_start=c.decided_at.date() + timedelta(days=14 * k),
                    period_end=c.decided_at.date() + timedelta(days=14 * k + 13),
                    status="DONE" if k % 5 else "MISSED",
                    days_off_sick=(k * 3 + i) % 15 if k % 5 else None,
                    completed_at=self.now if k % 5 else None,
                )
                for i, c in enumerate(cases)
                for k in range(13)
            ],
            batch_size=2000,
        )
        Questionnaire.objects.bulk_create(
            [
                Questionnaire(
                    case=c,
                    timepoint=timepoint,
                    due_on=c.decided_at.date() + timedelta(days=days),
                    status="DONE",
                    completed_at=self.now,
                    scores={"was": 3 + bump, "phq9": 15 - 2 * bump, "gad7": 11 - bump},
                )
                for c in cases
                for timepoint, days, bump in (("BASELINE", 0, 0), ("MONTH_6", 182, 3))
            ],
            batch_size=2000,
        )


# --- Measuring --------------------------------------------------------------------------------
