"""Reminder producers of the plans app (see checkins/reminders.py for the delivery guarantees)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import CaseStatus
from checkins.models import CheckIn, CheckInStatus, Reminder, ReminderKind, ReminderStatus
from checkins.reminders import staff_reminder
from plans.models import Milestone, MilestoneStatus, Review
from rtw.languages import override_for
from rtw.models import Role, User

# Cases whose plan reminders go out: support taken on and neither paused nor over
# (``Case.sends_reminders``). A paused case gets none, not even a line in the weekly digest.
_LIVE = (CaseStatus.ACCEPTED, CaseStatus.ACTIVE)


def _case_url(case) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("cases:case_detail", args=[case.code])


def reviews_due(now: datetime) -> list[Reminder]:
    """A plan review falls due within two days: tell the VSW once."""
    today = timezone.localdate(now)
    rows = []
    due = list(
        Review.objects.select_related("case__worker", "case__assigned_vsw", "case__team").filter(
            held_on__isnull=True,
            due_on__lte=today + timedelta(days=2),
            due_on__gte=today - timedelta(days=7),
            case__status__in=_LIVE,
            case__assigned_vsw__isnull=False,
            # Incremental: once its reminder is out a review leaves the partial index it is
            # read through (review_unreminded), so an idle run reads next to nothing.
            reminders_done_at__isnull=True,
        )
    )
    for review in due:
        vsw = review.case.assigned_vsw
        with override_for(vsw, team=review.case.team):
            subject = _("A plan review is due")
            body = _("The plan review for %(name)s is due on %(date)s.\n%(url)s\n") % {
                "name": review.case.worker.full_name,
                "date": date_format(review.due_on, "j F Y"),
                "url": _case_url(review.case),
            }
        rows.append(
            staff_reminder(
                vsw,
                now,
                kind=ReminderKind.REVIEW_DUE,
                subject_key=f"review:{review.code}",
                slot=review.due_on.isoformat(),
                case=review.case,
                subject=subject,
                body=body,
            )
        )
    Review.objects.filter(pk__in=[r.pk for r in due]).update(reminders_done_at=now)
    return rows


def milestones_due(now: datetime) -> list[Reminder]:
    """A pending milestone reaches its target date: tell the VSW once."""
    today = timezone.localdate(now)
    rows = []
    due = list(
        Milestone.objects.select_related("case__worker", "case__assigned_vsw", "case__team").filter(
            status=MilestoneStatus.PENDING,
            target_on=today,
            case__status__in=_LIVE,
            case__assigned_vsw__isnull=False,
            reminders_done_at__isnull=True,  # incremental, as for reviews
        )
    )
    for milestone in due:
        vsw = milestone.case.assigned_vsw
        with override_for(vsw, team=milestone.case.team):
            subject = _("A milestone is due today")
            body = _("Milestone for %(name)s: %(title)s.\n%(url)s\n") % {
                "name": milestone.case.worker.full_name,
                "title": milestone.display_title,
                "url": _case_url(milestone.case),
            }
        rows.append(
            staff_reminder(
                vsw,
                now,
                kind=ReminderKind.MILESTONE_DUE,
                subject_key=f"milestone:{milestone.code}",
                slot=milestone.target_on.isoformat(),
                case=milestone.case,
                subject=subject,
                body=body,
            )
        )
    Milestone.objects.filter(pk__in=[m.pk for m in due]).update(reminders_done_at=now)
    return rows


def settle(*, case, by) -> None:
    """The case closed: no reminder will come of its reviews and milestones, so
    :func:`reviews_due` and :func:`milestones_due` no longer read them (cases.course.closed)."""
    for model in (Review, Milestone):
        model.objects.filter(case=case, reminders_done_at__isnull=True).update(
            reminders_done_at=timezone.now()
        )


def unmark(*, case, by) -> None:
    """Support resumed: the case's reviews and milestones are read again by
    :func:`reviews_due` and :func:`milestones_due`, so a reminder the sweep cancelled during
    the pause is brought back if it is still due (registered in ``cases.course.resumed``)."""
    for model in (Review, Milestone):
        model.objects.filter(case=case, reminders_done_at__isnull=False).update(
            reminders_done_at=None
        )


def weekly_digest(now: datetime) -> list[Reminder]:
    """Once a week (the first run in each ISO week), each VSW with overdue items gets a digest
    of them, and each supervisor one for the team. Counts and links only: no health data."""
    today = timezone.localdate(now)
    year, week, _weekday = today.isocalendar()
    slot = f"{year}-W{week:02d}"
    # Each line is written when its reader's language is known: (case, a function of nothing
    # that returns the text in the active language).
    lines: dict[int, list] = defaultdict(list)
    team_lines: dict[int, list] = defaultdict(list)

    # Incremental: only the cases of people still without this week's digest, so once the
    # week's digests are out a run reads next to nothing.
    digested = (
        Reminder.objects.filter(kind=ReminderKind.WEEKLY_DIGEST, slot=slot)
        .exclude(status=ReminderStatus.CANCELLED)
        .values("recipient_id")
    )
    waiting = User.objects.filter(is_active=True).exclude(pk__in=digested)
    vsws = list(waiting.filter(role=Role.VSW).values_list("pk", flat=True))
    teams = list(waiting.filter(role=Role.SUPERVISOR).values_list("organisation_id", flat=True))
    if not vsws and not teams:
        return []
    for_waiting = Q(case__assigned_vsw__in=vsws) | Q(case__team__in=teams)

    def add(case, text):
        line = (case, text)
        lines[case.assigned_vsw_id].append(line)
        team_lines[case.team_id].append(line)

    for m in (
        Milestone.objects.overdue(today)
        .select_related("case__worker")
        .filter(case__status__in=_LIVE, case__assigned_vsw__isnull=False)
        .filter(for_waiting)
    ):
        add(
            m.case,
            lambda m=m: (
                _("milestone '%(title)s' was due %(date)s")
                % {"title": m.display_title, "date": date_format(m.target_on, "j M")}
            ),
        )
    for r in Review.objects.select_related("case__worker").filter(
        for_waiting,
        held_on__isnull=True,
        due_on__lt=today,
        case__status__in=_LIVE,
        case__assigned_vsw__isnull=False,
    ):
        add(
            r.case,
            lambda r=r: _("review was due %(date)s") % {"date": date_format(r.due_on, "j M")},
        )
    for c in CheckIn.objects.select_related("case__worker").filter(
        for_waiting,
        status=CheckInStatus.MISSED,
        due_on__gte=today - timedelta(days=14),
        case__status__in=_LIVE,
        case__assigned_vsw__isnull=False,
    ):
        add(
            c.case,
            lambda c=c: (
                _("missed the check-in due %(date)s") % {"date": date_format(c.due_on, "j M")}
            ),
        )

    rows = []
    people = User.objects.filter(is_active=True).filter(pk__in=list(lines)) | User.objects.filter(
        is_active=True, role=Role.SUPERVISOR, organisation_id__in=list(team_lines)
    )
    for person in people.distinct().select_related("organisation"):
        items = (
            lines.get(person.pk, [])
            if person.role == Role.VSW
            else team_lines.get(person.organisation_id, [])
        )
        if not items:
            continue
        with override_for(person):
            subject = ngettext(
                "Overdue this week: %(count)s item",
                "Overdue this week: %(count)s items",
                len(items),
            ) % {"count": len(items)}
            if person.role == Role.VSW:
                heading = _("Overdue items on your cases:")
            else:
                heading = _("Overdue items on your team's cases:")
            written = sorted(
                f"- {case.worker.full_name}: {text()} {_case_url(case)}" for case, text in items
            )
        rows.append(
            staff_reminder(
                person,
                now,
                kind=ReminderKind.WEEKLY_DIGEST,
                subject_key=f"user:{person.code}",
                slot=slot,
                subject=subject,
                body=heading + "\n\n" + "\n".join(written) + "\n",
            )
        )
    return rows
