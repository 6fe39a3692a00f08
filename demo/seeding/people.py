"""Organisations, staff accounts and workers."""

import random
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password

from cases.models import (
    ContactMethod,
    Worker,
)
from demo.data import (
    DOMAIN,
    JOBS,
    Person,
    demo_uuid,
    email_for,
    nhs_number,
)
from rtw.models import Organisation, Role, User

# The UK demo services' organisations (Stoke-on-Trent); the Dutch and Swedish ones have their own
# (demo.data.SERVICES).
UK_PHONE = "01782 000000"


class PeopleSeeder:
    def org(self, kind: str, name: str, address: str, phone: str = UK_PHONE) -> Organisation:
        slug = name.lower().replace(" ", "-").replace(",", "")
        org, created = Organisation.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "code": demo_uuid("org", kind, name),
                "address": address,
                "email": f"{slug[:30]}@{DOMAIN}",
                "phone": phone,
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
        employer: Organisation | None,
        employer_index: int,
        practice: Organisation,
        absence_started_on: date,
        user: User | None,
        job_title: str = "",
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
            "job_title": job_title
            or ("Warehouse operative" if user else rng.choice(JOBS[employer_index])),
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
