"""Cases: referrals, decisions, timelines, fit notes, contacts and consents."""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from cases.actions import consent_summary
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    ClosureOutcome,
    ConsentMethod,
    Contact,
    ContactMode,
    Fitness,
    FitNote,
    FitNoteKind,
    Recipient,
    RedFlag,
    ShareItem,
    SharingConsent,
    Worker,
)
from demo.data import (
    CLOSURE_OUTCOMES,
    CONDITIONS,
    CONTACT_SUMMARIES,
    DECLINE_REASONS,
    EMPLOYER_NOT_INVOLVED,
    OBSTACLE_SETS,
    PROFESSION,
    REFERRAL_REASONS,
    NoEmployer,
    demo_uuid,
)
from rtw.models import Organisation, User


class CasesSeeder:
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
        no_employer: NoEmployer | None = None,
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
        if no_employer is not None:
            values.update(
                employment=no_employer.employment,
                employer_name_given=no_employer.name_given,
                employer_contact_given=no_employer.contact_given,
            )
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
        """Every taken-on worker with an employer agrees that the service may involve them,
        except those in EMPLOYER_NOT_INVOLVED (ADR 16). About half of the supported workers share
        fit-note advice and their plan with the employer; one later withdrew the condition; a few
        share with their GP."""
        sharing = rng.random() < 0.5
        if case.status not in (
            CaseStatus.ACCEPTED,
            CaseStatus.ACTIVE,
            CaseStatus.PAUSED,
            CaseStatus.CLOSED,
        ):
            return
        by = case.worker.user or case.assigned_vsw
        at = timezone.localtime(case.decided_at) + timedelta(days=3)
        items = []
        if index not in EMPLOYER_NOT_INVOLVED:
            items.append((Recipient.EMPLOYER, ShareItem.INVOLVEMENT))
        if case.status != CaseStatus.ACCEPTED:
            if (demo or sharing) and index not in EMPLOYER_NOT_INVOLVED:
                items += [
                    (Recipient.EMPLOYER, ShareItem.FIT_NOTE_ADVICE),
                    (Recipient.EMPLOYER, ShareItem.PLAN),
                ]
            if index % 4 == 1:
                items.append((Recipient.GP, ShareItem.PLAN))
        if case.employer_id is None:
            items = [(r, i) for r, i in items if r != Recipient.EMPLOYER]
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
                consent_summary(consent, granted=True),
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
