"""Subject access: everything the service holds about one worker, as JSON and as a PDF (ADR 15).

It reads every app (cases, check-ins, plans) and the audit trail, so it lives on the top floor of
the apps, next to the other plan documents; it owns no rules. Apps on the floors above add what
they hold about a case through :func:`register_case_part` (the API: the identifiers referring
systems gave a referral). :func:`gather` is the one place
that decides what goes in; :func:`as_json` and :func:`render_pdf` (``plans.subject_access_pdf``)
only format it, and the PDF goes through the same safe URL fetcher as plan PDFs (``plans.pdf``).
"""

import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, SharingConsent, Worker
from checkins.models import CheckIn
from plans.models import Plan
from plans.subject_access_pdf import render_pdf  # noqa: F401  (callers use this module)
from rtw.models import AuditEvent

#: What apps above plans hold about a case: each part is called with the worker's cases and
#: returns ``{case pk: {key: value}}``, merged into those cases' records (a case it says nothing
#: about gets nothing). Registered from ``AppConfig.ready()``.
CasePart = Callable[[list[Case]], dict[int, dict]]
_case_parts: list[CasePart] = []


def register_case_part(part: CasePart) -> CasePart:
    if part not in _case_parts:
        _case_parts.append(part)
    return part


def _name(user) -> str:
    return user.full_name if user is not None else ""


def _org(organisation) -> str:
    return organisation.name if organisation is not None else ""


def _worker(worker: Worker) -> dict:
    return {
        "code": str(worker.code),
        "first_name": worker.first_name,
        "last_name": worker.last_name,
        "date_of_birth": worker.date_of_birth,
        "nhs_number": worker.nhs_number or "",
        "email": worker.email,
        "mobile": worker.mobile,
        "preferred_contact": worker.get_preferred_contact_display(),
        "communication_needs": worker.communication_needs,
        "employer": _org(worker.employer),
        "job_title": worker.job_title,
        "contracted_hours": worker.contracted_hours,
        "gp_practice": _org(worker.gp_practice),
        "first_day_of_absence": worker.absence_started_on,
        "registered_at": worker.created_at,
    }


def _consent(consent: SharingConsent) -> dict:
    return {
        "recipient": consent.get_recipient_display(),
        "item": consent.get_item_display(),
        "granted_at": consent.granted_at,
        "granted_by": _name(consent.granted_by),
        "withdrawn_at": consent.withdrawn_at,
        "withdrawn_by": _name(consent.withdrawn_by),
    }


def _fit_note(note) -> dict:
    return {
        "code": str(note.code),
        "kind": note.get_form_kind_display(),
        "assessed_on": note.assessed_on,
        "condition": note.condition,
        "condition_started_on": note.condition_started_on,
        "fitness": note.get_fitness_display(),
        "phased_return": note.phased_return,
        "altered_hours": note.altered_hours,
        "amended_duties": note.amended_duties,
        "workplace_adaptations": note.workplace_adaptations,
        "comments": note.comments,
        "starts_on": note.starts_on,
        "ends_on": note.ends_on,
        "indefinite": note.indefinite,
        "needs_reassessment": note.needs_reassessment,
        "issuer": note.issuer_name,
        "issuer_profession": note.get_issuer_profession_display(),
        "issued_on": note.issued_on,
        "recorded_by": _name(note.recorded_by),
    }


def _contact(contact) -> dict:
    return {
        "code": str(contact.code),
        "occurred_at": contact.occurred_at,
        "mode": contact.get_mode_display(),
        "duration_minutes": contact.duration_minutes,
        "summary": contact.summary,
        "obstacles": contact.obstacles,
        "next_step": contact.next_step,
        "recorded_by": _name(contact.recorded_by),
    }


def _check_in(check_in: CheckIn) -> dict:
    return {
        "code": str(check_in.code),
        "due_on": check_in.due_on,
        "status": check_in.get_status_display(),
        "channel": check_in.get_channel_display(),
        "hours_worked": check_in.hours_worked,
        "days_absent": check_in.days_absent,
        "sleep": check_in.sleep,
        "mood": check_in.mood,
        "energy": check_in.energy,
        "symptoms": check_in.symptoms,
        "work_ability": check_in.work_ability,
        "warning_signs_ticked": check_in.warning_signs_ticked,
        "comments": check_in.comments,
        "wants_contact": check_in.wants_contact,
        "completed_at": check_in.completed_at,
        "signals": check_in.signals,
    }


def _outcome_check_in(record) -> dict:
    return {
        "code": str(record.code),
        "period": f"{record.period_start} to {record.period_end}",
        "due_on": record.due_on,
        "status": record.get_status_display(),
        "days_off_sick": record.days_off_sick,
        "hours_worked": record.hours_worked,
        "completed_at": record.completed_at,
    }


def _questionnaire(record) -> dict:
    return {
        "code": str(record.code),
        "timepoint": record.get_timepoint_display(),
        "due_on": record.due_on,
        "status": record.get_status_display(),
        "completed_at": record.completed_at,
        "answers": record.answers,
        "scores": record.scores,
        "alert_raised_at": record.alert_raised_at,
        "alert_acknowledged_at": record.alert_acknowledged_at,
    }


def _plan(plan: Plan) -> dict:
    relapse = getattr(plan, "relapse", None)
    return {
        "code": str(plan.code),
        "version": plan.version,
        "status": plan.get_status_display(),
        "goal": plan.get_goal_display(),
        "contracted_hours": plan.contracted_hours,
        "starts_on": plan.starts_on,
        "expected_end_on": plan.expected_end_on,
        "review_every_days": plan.review_interval_days,
        "created_by": _name(plan.created_by),
        "created_at": plan.created_at,
        "superseded_at": plan.superseded_at,
        "phases": [
            {
                "step": phase.order,
                "starts_on": phase.starts_on,
                "ends_on": phase.ends_on,
                "hours_per_week": phase.hours_per_week,
                "days": phase.days,
                "duties_included": phase.duties_included,
                "duties_excluded": phase.duties_excluded,
                "supervision": phase.supervision,
                "step_back": phase.is_step_back,
            }
            for phase in plan.phases.all()
        ],
        "adjustments": [
            {
                "category": adjustment.get_category_display(),
                "description": adjustment.description,
                "employer_may_see": adjustment.visible_to_employer,
            }
            for adjustment in plan.adjustments.all()
        ],
        "relapse_prevention": None
        if relapse is None
        else {
            "warning_signs": relapse.warning_signs,
            "what_a_dip_means": relapse.normalisation,
            "contacts": relapse.contacts,
            "review_on": relapse.review_on,
            "agreed_actions": [
                {
                    "kind": action.get_kind_display(),
                    "detail": action.detail,
                    "who_acts": action.get_owner_display(),
                }
                for action in relapse.actions.all()
            ],
        },
        "sign_offs": [
            {
                "party": signoff.get_party_display(),
                "signed_by": signoff.signer_name or _name(signoff.signed_by),
                "how": signoff.get_method_display(),
                "signed_at": signoff.signed_at,
                "recorded_by": _name(signoff.recorded_by),
            }
            for signoff in plan.signoffs.all()
        ],
    }


def _case(case: Case) -> dict:
    return {
        "code": str(case.code),
        "status": case.get_status_display(),
        "team": _org(case.team),
        "vsw": _name(case.assigned_vsw),
        "employer": _org(case.employer) or case.employer_name_given,
        "employer_contact_given": case.employer_contact_given,
        "referred_by": _name(case.referred_by),
        "referring_practice": _org(case.referring_practice),
        "referred_at": case.referred_at,
        "referral_reason": case.referral_reason,
        "red_flags": case.red_flag_labels(),
        "consent_to_refer_given_on": case.consent_to_refer_given_on,
        "consent_to_refer_method": case.get_consent_to_refer_method_display(),
        "decided_at": case.decided_at,
        "decline_reason": case.decline_reason,
        "closed_on": case.closed_on,
        "closure_outcome": case.get_closure_outcome_display(),
        "history": [
            # The line as shown (cases/timeline.py): the reader's language, English in JSON.
            {"at": event.at, "what": event.get_kind_display(), "summary": event.text}
            for event in case.events.all()
        ],
        "fit_notes": [_fit_note(note) for note in case.fit_notes.all()],
        "contacts": [_contact(contact) for contact in case.contacts.all()],
        "check_ins": [_check_in(check_in) for check_in in case.check_ins.all()],
        "outcome_check_ins": [_outcome_check_in(r) for r in case.outcome_check_ins.all()],
        "questionnaires": [_questionnaire(r) for r in case.questionnaires.all()],
        "plans": [_plan(plan) for plan in sorted(case.plans.all(), key=lambda p: p.version)],
        "milestones": [
            {
                "title": milestone.display_title,
                "target_on": milestone.target_on,
                "status": milestone.get_status_display(),
                "achieved_on": milestone.achieved_on,
            }
            for milestone in case.milestones.all()
        ],
        "reviews": [
            {
                "due_on": review.due_on,
                "held_on": review.held_on,
                "attendees": review.attendees,
                "outcome": review.get_outcome_display(),
                "notes": review.notes,
            }
            for review in case.reviews.all()
        ],
    }


def _audit(codes: list[str], case_codes: list[str], worker_code: str) -> list[dict]:
    """Who opened the worker's records, allowed or refused, newest first. On PostgreSQL the list
    pages that showed them are found too (their events name the records in ``detail``)."""
    match = Q(record_code__in=codes)
    if connection.vendor == "postgresql":
        for code in case_codes:
            match |= Q(detail__cases__contains=[code])
        match |= Q(detail__workers__contains=[worker_code])
    return [
        {
            "at": event.at,
            "who": event.actor_email or _("The service"),
            "role": event.actor_role,
            "organisation": event.organisation_name,
            "action": event.action,
            "record": event.record_type,
            "outcome": event.outcome,
        }
        for event in AuditEvent.objects.filter(match).order_by("-at", "-id")
    ]


def gather(worker: Worker) -> dict:
    """Everything held about ``worker``: their details, consents, every case (whatever team),
    with its fit notes, contacts, check-ins, outcome check-ins and questionnaires, plan versions,
    milestones and reviews, and the
    audit of who opened any of it."""
    cases = list(
        Case.objects.filter(worker=worker)
        .select_related("team", "assigned_vsw", "employer", "referred_by", "referring_practice")
        .prefetch_related(
            "events",
            "fit_notes__recorded_by",
            "contacts__recorded_by",
            "check_ins",
            "outcome_check_ins",
            "questionnaires",
            "milestones",
            "reviews",
            "plans__created_by",
            "plans__phases",
            "plans__adjustments",
            "plans__relapse__actions",
            "plans__signoffs__signed_by",
            "plans__signoffs__recorded_by",
        )
        .order_by("referred_at")
    )
    consents = SharingConsent.objects.filter(worker=worker).select_related(
        "granted_by", "withdrawn_by"
    )
    case_codes = [str(case.code) for case in cases]
    codes = [str(worker.code), *case_codes]
    for case in cases:
        codes += [str(plan.code) for plan in case.plans.all()]
        codes += [str(check_in.code) for check_in in case.check_ins.all()]
        codes += [str(record.code) for record in case.outcome_check_ins.all()]
        codes += [str(record.code) for record in case.questionnaires.all()]
    records = [_case(case) for case in cases]
    for part in _case_parts:
        held = part(cases)
        for case, record in zip(cases, records, strict=True):
            record.update(held.get(case.pk, {}))
    return {
        "produced_at": timezone.now(),
        "worker": _worker(worker),
        "consents": [_consent(consent) for consent in consents.order_by("granted_at")],
        "cases": records,
        "access_log": _audit(codes, case_codes, str(worker.code)),
    }


def as_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()
