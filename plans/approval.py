"""A supervisor's approval of a plan version before it is proposed (docs/supervision.md, ADR 18).

A team that sets ``Organisation.plans_need_approval`` has each plan version approved by one of
its supervisors before it can be proposed to the worker and employer: the VSW asks
(:func:`request_approval`), a supervisor approves or returns it with a comment
(:func:`decide_approval`), and ``plans.actions.change_plan_status`` refuses "propose" until the
version's latest approval says approved (:func:`check_transition`). Any change to the version
afterwards withdraws the approval (:func:`withdraw_approval`, called by
``plans.actions.editable_version``), so what is proposed is what was approved. Teams without
the setting propose as they always have.

Approvals are staff records: they show on the staff plan page, never in a worker's, employer's
or GP's copy or PDF (``plans.sharing`` does not read them).

The model lives here rather than in ``plans/models.py`` to keep that module small; the models
module imports it so Django registers it.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.actions import TransitionError
from cases.models import CaseEvent
from rtw.audit import record_event
from rtw.models import Role, User
from rtw.notify import notify

# Timeline lines, in English, shown in the reader's language (plans/lines.py, cases/timeline.py).
APPROVAL_ASKED = gettext_noop("Approval asked for (version %(version)s)")
APPROVED = gettext_noop("Approved by a supervisor (version %(version)s)")
RETURNED = gettext_noop("Returned by a supervisor (version %(version)s)")

APPROVAL_COMMENT_MAX_LENGTH = 1000


class ApprovalStatus(models.TextChoices):
    PENDING = "PENDING", gettext_lazy("Waiting for approval")
    APPROVED = "APPROVED", gettext_lazy("Approved")
    RETURNED = "RETURNED", gettext_lazy("Returned")
    WITHDRAWN = "WITHDRAWN", gettext_lazy("Withdrawn: the plan changed")


class PlanApproval(models.Model):
    """One request for approval of one plan version, and the supervisor's answer."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="approvals")
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(max_length=APPROVAL_COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        app_label = "plans"
        ordering = ["plan", "-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status="PENDING"),
                name="plan_approval_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApprovalStatus.values), name="plan_approval_status_valid"
            ),
            # A decision names who made it and when; a pending request has neither.
            models.CheckConstraint(
                condition=(
                    Q(status__in=["APPROVED", "RETURNED"])
                    & Q(decided_by__isnull=False, decided_at__isnull=False)
                )
                | ~Q(status__in=["APPROVED", "RETURNED"]),
                name="plan_approval_decision_named",
            ),
            models.CheckConstraint(
                condition=~Q(status="RETURNED") | ~Q(comment=""),
                name="plan_approval_returned_with_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.plan}"


def needs_approval(plan) -> bool:
    return bool(plan.case.team.plans_need_approval)


def latest_approval(plan) -> PlanApproval | None:
    return (
        PlanApproval.objects.filter(plan=plan)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-id")
        .first()
    )


def is_approved(plan) -> bool:
    latest = latest_approval(plan)
    return latest is not None and latest.status == ApprovalStatus.APPROVED


def approval_context(plan) -> dict:
    """What the staff plan page shows about approval (plans/_approval.html): nothing, and no
    query, for a team that does not ask for approval (the plan page selects the case's team)."""
    required = needs_approval(plan)
    return {"approval_required": required, "approval": latest_approval(plan) if required else None}


def check_transition(plan, change: str) -> None:
    """Refuse to propose a version of a team that needs approval until it is approved."""
    if change == "propose" and needs_approval(plan) and not is_approved(plan):
        raise TransitionError(
            _("A supervisor must approve this version before it is proposed: ask for approval.")
        )


def withdraw_approval(*, plan, by: User) -> int:
    """The version is about to change: a pending or given approval no longer covers it."""
    changed = PlanApproval.objects.filter(
        plan=plan, status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED]
    ).update(status=ApprovalStatus.WITHDRAWN)
    if changed:
        record_event(
            by=by, action="plan.approval.withdrawn", record_type="plan", record_code=str(plan.code)
        )
    return changed


def _log(plan, summary: str, by: User, action: str) -> None:
    CaseEvent.objects.create(
        case=plan.case, kind=CaseEvent.Kind.PLAN, summary=summary[:300], actor=by
    )
    record_event(by=by, action=action, record_type="plan", record_code=str(plan.code))


@transaction.atomic
def request_approval(*, plan, by: User) -> PlanApproval:
    """The VSW asks the team's supervisors to approve this draft version; each is told in the
    app. The plan row is locked, so two clicks make one request."""
    from plans.models import Plan, PlanStatus

    plan = Plan.objects.select_for_update().select_related("case__team").get(pk=plan.pk)
    if not needs_approval(plan):
        raise TransitionError(_("This team's plans do not need approval."))
    if not plan.is_current or plan.status != PlanStatus.DRAFT:
        raise TransitionError(_("Only a draft plan can be sent for approval."))
    if not plan.phases.exists():
        raise TransitionError(_("Add at least one phase before asking for approval."))
    latest = latest_approval(plan)
    if latest is not None and latest.status == ApprovalStatus.PENDING:
        raise TransitionError(_("This version is already waiting for approval."))
    if latest is not None and latest.status == ApprovalStatus.APPROVED:
        raise TransitionError(_("This version is already approved."))
    approval = PlanApproval.objects.create(plan=plan, requested_by=by)
    _log(plan, APPROVAL_ASKED % {"version": plan.version}, by, "plan.approval.request")
    link = reverse("supervision:plan_approval", args=[plan.code])
    supervisors = User.objects.filter(
        organisation_id=plan.case.team_id, role=Role.SUPERVISOR, is_active=True
    )
    for supervisor in supervisors:
        notify(
            recipient=supervisor,
            message=_("A plan for %(name)s is waiting for your approval.")
            % {"name": plan.case.worker.full_name},
            link=link,
        )
    return approval


@transaction.atomic
def decide_approval(*, plan, approve: bool, comment: str = "", by: User) -> PlanApproval:
    """A supervisor of the case's team approves the waiting request, or returns it with a
    comment saying what must change. The VSW who asked is told in the app."""
    approval = (
        PlanApproval.objects.select_for_update()
        .select_related("plan__case__worker", "requested_by")
        .filter(plan=plan, status=ApprovalStatus.PENDING)
        .first()
    )
    if approval is None:
        raise TransitionError(_("This version is not waiting for approval."))
    if by.role != Role.SUPERVISOR or by.organisation_id != approval.plan.case.team_id:
        raise TransitionError(_("Only a supervisor of the team can decide."))
    comment = comment.strip()
    if not approve and not comment:
        raise TransitionError(_("Say what needs to change when returning a plan."))
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
    approval.decided_by = by
    approval.decided_at = timezone.now()
    approval.comment = comment
    approval.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    version = approval.plan.version
    if approve:
        _log(approval.plan, APPROVED % {"version": version}, by, "plan.approve")
    else:
        _log(approval.plan, RETURNED % {"version": version}, by, "plan.return")
    name = approval.plan.case.worker.full_name
    notify(
        recipient=approval.requested_by,
        message=(
            _("Your plan for %(name)s was approved.")
            if approve
            else _("Your plan for %(name)s was returned with a comment.")
        )
        % {"name": name},
        link=reverse("plans:detail", args=[approval.plan.code]),
    )
    return approval
