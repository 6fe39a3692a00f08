"""Stepped support: contacts with the worker so far against the plan, and the cases far from it.

A contact counts when it was with the worker (``ContactParty.WORKER``), not with their employer,
their GP or anyone else (DOMAIN.md section 7). Everything here is annotations (subqueries) on a
case queryset, so the worklist and the supervisor's page stay one query however many rows.

"Far from plan" (docs/supervision.md), for a case whose support is under way (accepted or
active; a paused case is not expected to have contacts):

- **over plan**: more contacts with the worker than planned;
- **behind plan**: taken on more than ``BEHIND_AFTER_DAYS`` ago and fewer than half the planned
  contacts so far;
- **gone quiet**: no contact with the worker in the last ``QUIET_DAYS`` days (counted from the
  acceptance when there has been none yet).
"""

from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus, Contact, ContactParty
from cases.worklist import WorklistExtension

BEHIND_AFTER_DAYS = 56  # 8 weeks
QUIET_DAYS = 28
UNDER_WAY = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE)

REASONS = {
    "over_plan": _("More contacts than planned"),
    "behind_plan": _("Fewer than half the planned contacts after 8 weeks"),
    "gone_quiet": _("No contact with the worker for 28 days"),
}


def _worker_contacts():
    return Contact.objects.filter(case=OuterRef("pk"), party=ContactParty.WORKER).order_by()


def with_contacts(queryset: QuerySet) -> QuerySet:
    """Adds ``worker_contacts`` (how many contacts with the worker) and
    ``last_worker_contact_at`` (the latest one, or None)."""
    counted = _worker_contacts().values("case").annotate(n=Count("pk")).values("n")
    latest = _worker_contacts().values("case").annotate(at=Max("occurred_at")).values("at")
    return queryset.annotate(
        worker_contacts=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        last_worker_contact_at=Subquery(latest, output_field=DateTimeField()),
    )


def far_from_plan_flags(queryset: QuerySet, now: datetime) -> QuerySet:
    """Needs :func:`with_contacts`. Adds one boolean per rule (``over_plan``, ``behind_plan``,
    ``gone_quiet``) and ``far_from_plan``, any of them."""
    under_way = Q(status__in=UNDER_WAY)
    over = under_way & Q(worker_contacts__gt=F("planned_contacts"))
    behind = (
        under_way
        & Q(decided_at__lt=now - timedelta(days=BEHIND_AFTER_DAYS))
        & Q(twice_contacts__lt=F("planned_contacts"))
    )
    quiet = under_way & Q(quiet_since__lt=now - timedelta(days=QUIET_DAYS))
    return queryset.alias(
        twice_contacts=ExpressionWrapper(F("worker_contacts") * 2, output_field=IntegerField()),
        quiet_since=Coalesce(F("last_worker_contact_at"), F("decided_at")),
    ).annotate(
        over_plan=ExpressionWrapper(over, output_field=BooleanField()),
        behind_plan=ExpressionWrapper(behind, output_field=BooleanField()),
        gone_quiet=ExpressionWrapper(quiet, output_field=BooleanField()),
        far_from_plan=ExpressionWrapper(over | behind | quiet, output_field=BooleanField()),
    )


def far_from_plan(team_ids, now: datetime | None = None) -> QuerySet:
    """The open cases of the teams ``team_ids`` that are far from their plan, most contacts
    behind first."""
    now = now or timezone.now()
    cases = Case.objects.filter(team_id__in=team_ids, status__in=UNDER_WAY).select_related(
        "worker", "assigned_vsw", "team"
    )
    cases = far_from_plan_flags(with_contacts(cases), now).filter(far_from_plan=True)
    return cases.order_by("assigned_vsw__full_name", "worker__last_name", "pk")


def reasons(case) -> list[str]:
    """The rules an annotated case breaks, as the supervisor's page says them."""
    return [str(label) for flag, label in REASONS.items() if getattr(case, flag, False)]


def case_support(*, case, today: date) -> dict:
    """The case page's stepped-support section (registered with ``cases.pages``). The case
    pages read the case with its worklist columns, this app's ``worker_contacts`` among them
    (``with_contacts``): no second count then."""
    counted = getattr(case, "worker_contacts", None)
    if counted is None:
        counted = case.contacts.filter(party=ContactParty.WORKER).count()
    return {"support_contacts_so_far": counted}


def _annotate_worklist(queryset: QuerySet, today: date) -> QuerySet:
    """Contacts so far and whether the case is far from its plan, as of the start of today."""
    start = timezone.make_aware(datetime.combine(today, time.min))
    return far_from_plan_flags(with_contacts(queryset), start)


WORKLIST = WorklistExtension(annotate=_annotate_worklist)
