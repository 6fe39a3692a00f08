"""The check-in POST by link runs the same number of queries however many check-ins the case
has had, with relapse signals or without."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from checkins.actions import complete_check_in
from checkins.links import link_token
from checkins.models import CheckIn, CheckInStatus
from rtw.outbox import OutboxMessage
from tests.checkins.test_check_ins import answers


def _earlier(case, rows):
    today = timezone.localdate()
    for i in range(rows):
        CheckIn.objects.create(
            case=case,
            due_on=today - timedelta(days=14 * (i + 1)),
            planned_hours=Decimal("20"),
            status=CheckInStatus.COMPLETED,
            completed_at=timezone.now() - timedelta(days=14 * (i + 1)),
            hours_worked=Decimal("18"),
            sleep=6,
            mood=7,
            energy=6,
            symptoms=3,
        )


def _due(case):
    return CheckIn.objects.create(
        case=case,
        due_on=timezone.localdate(),
        planned_hours=Decimal("20"),
        status=CheckInStatus.INVITED,
        warning_signs_offered=["Sleeping worse"],
    )


# savepoint, the check-in by its link with its case, worker and team, savepoint of the action,
# the check-in locked with its case, worker, VSW and the previous answered check-in, the
# check-in's update, the timeline line, the audit row, two releases (over HTTP, two fewer: the
# request's transaction is BEGIN and COMMIT, which the database driver sends outside the cursor)
WITHOUT_SIGNALS = 9


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 10])
def test_check_in_by_link_runs_a_constant_number_of_queries(
    anonymous, case, rows, django_assert_num_queries
):
    _earlier(case, rows)
    check_in = _due(case)
    with django_assert_num_queries(WITHOUT_SIGNALS):
        response = anonymous.post(f"/check-in/{link_token(check_in)}/", answers())
    check_in.refresh_from_db()
    assert (response.status_code, check_in.status) == (200, CheckInStatus.COMPLETED)
    assert check_in.signals == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 10])
def test_check_in_with_a_warning_sign_flags_the_case_in_a_constant_number_of_queries(
    anonymous, case, rows, django_assert_num_queries
):
    _earlier(case, rows)
    check_in = _due(case)
    data = answers(warning_signs_ticked=["Sleeping worse"])
    # the above, and the at-risk flag, its timeline line, the VSW's notification and its email
    # in the outbox (one insert: the VSW's team, the email's language, came with the locked read)
    with django_assert_num_queries(WITHOUT_SIGNALS + 4):
        response = anonymous.post(f"/check-in/{link_token(check_in)}/", data)
    check_in.refresh_from_db()
    case.refresh_from_db()
    assert (response.status_code, case.at_risk) == (200, True)
    assert check_in.signals != []
    assert list(OutboxMessage.objects.values_list("to_email", flat=True)) == [
        case.assigned_vsw.email
    ]


@pytest.mark.django_db
def test_signals_compare_with_the_latest_answered_check_in_read_with_the_lock(case):
    """The previous check-in comes inside the locked read (as JSON): the latest answered one,
    its hours still decimals, so a fall and low hours twice running are found as before."""
    today = timezone.localdate()
    for days, mood, hours in ((28, 9, "20"), (14, 7, "14.5")):
        CheckIn.objects.create(
            case=case,
            due_on=today - timedelta(days=days),
            planned_hours=Decimal("20"),
            status=CheckInStatus.COMPLETED,
            completed_at=timezone.now() - timedelta(days=days),
            hours_worked=Decimal(hours),
            mood=mood,
        )
    check_in = _due(case)

    done = complete_check_in(
        check_in=check_in, answers={"hours_worked": Decimal("14"), "mood": 4}, by=None
    )

    assert done.signals == [
        "Worked under 75% of the planned hours two check-ins running",
        "Mood fell from 7 to 4",
    ]
