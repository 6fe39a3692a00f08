"""Fill a development database with deterministic, synthetic demo data.

Everything is made up: the people, NHS numbers (from the 999 range, which is never issued),
organisations and notes. The data is derived from a fixed seed and fixed UUIDs, and every row is
looked up by a natural key before it is created, so running the command again changes nothing.

Dates are relative to an *anchor*: the day the first demo team was created. On the first run that
is today; later runs reuse it, so a second run on any day finds every row already in place.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from demo.data import (
    EMPLOYER_NOT_INVOLVED,
    EMPLOYERS,
    FIRST_NAMES,
    LAST_NAMES,
    NO_EMPLOYER,
    PEOPLE,
    PLANS,
    PRACTICES,
    SEED,
    STATUSES,
    TEAMS,
    email_for,
)
from demo.seeding.cases import CasesSeeder
from demo.seeding.checkins import CheckInsSeeder
from demo.seeding.jurisdictions import seed_jurisdictions
from demo.seeding.outcomes import seed_outcomes
from demo.seeding.people import PeopleSeeder
from demo.seeding.plans import PlansSeeder
from demo.seeding.reports import seed_history
from demo.seeding.supervision import seed_supervision
from rtw.models import OrganisationKind, Role


class Seeder(PeopleSeeder, CasesSeeder, PlansSeeder, CheckInsSeeder):
    """Creates every demo row; one method per kind of record, grouped by noun in mixins."""

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
            if index in EMPLOYER_NOT_INVOLVED:
                employer_index = 0  # the demo employer, after the draw: the rest stays the same
            first = "Jamie" if demo else rng.choice(FIRST_NAMES)
            last = "Clarke" if demo else rng.choice(LAST_NAMES)
            absent_days = rng.randint(40, 150)
            referred_after = rng.randint(15, absent_days - 20)
            decided_after = rng.randint(1, 5)
            no_employer = NO_EMPLOYER.get(index)
            if no_employer is not None:
                team_index = practice_index = 0
            worker = self.worker(
                index,
                rng,
                first=first,
                last=last,
                employer=None if no_employer else employers[employer_index],
                employer_index=employer_index,
                job_title=no_employer.job_title if no_employer else "",
                practice=practices[practice_index],
                absence_started_on=self.anchor - timedelta(days=absent_days),
                user=users[email_for("worker")] if demo else None,
            )
            team_vsws = vsws[team_index]
            vsw = users[email_for("vsw")] if demo else rng.choice(team_vsws)
            if no_employer is not None:
                vsw = users[email_for("vsw")]
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
                no_employer=no_employer,
            )
            self.timeline(case)
            self.fit_notes(index, rng, case, clinicians[practice_index])
            self.contacts(index, rng, case)
            self.consents(index, rng, case, demo=demo)
            if index in PLANS:
                self.plan(index, case, PLANS[index], employer_contacts[case.employer_id])
                self.check_ins(index, case, demo=demo)
        seed_jurisdictions(self)
        seed_history(self, teams, practices, employers, vsws, supervisors, clinicians)
        seed_outcomes(self)
        seed_supervision(self, teams)
        return self.created

    # Rows ------------------------------------------------------------------------------------

    def _count(self, created: bool) -> None:
        self.created += int(created)

    def at(self, day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))
