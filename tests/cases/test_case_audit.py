"""The case's audit trail for the supervisors of its team: who opened what, when, allowed or
refused, filterable by person and date, paginated, and itself audited."""

from datetime import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from cases.access import get_case_for
from rtw.models import AuditEvent, AuditOutcome
from tests import factories as f

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup.select("table.govuk-table tbody tr")
    ]


def _who(response) -> list[str]:
    return [row[1].split(" ")[0] for row in _rows(response)]


@pytest.fixture
def trail(vsw, vsw_other_team, case):
    """The VSW opened the case on 1 March; a VSW of another team was refused on 2 March."""
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2026, 3, 1, 10, tzinfo=tz), tick=False):
        get_case_for(vsw, case.code)
    with (
        time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=tz), tick=False),
        pytest.raises(Http404),
    ):
        get_case_for(vsw_other_team, case.code)
    return case


def test_supervisor_sees_who_opened_the_case_and_who_was_refused(as_user, supervisor, trail):
    response = as_user(supervisor).get(f"/cases/{trail.code}/audit/")

    assert response.status_code == 200
    [opening, *history] = _rows(response)
    assert opening[1:] == [
        "supervisor@example.test Supervisor, North Vocational Support",
        "case.view_audit (case)",
        "Allowed",
    ]
    assert history == [
        [
            "2 Mar 2026, 10:00:00",
            "vsw-other@example.test Vocational support worker, South Vocational Support",
            "case.view (case)",
            "Refused not visible",
        ],
        [
            "1 Mar 2026, 10:00:00",
            "vsw@example.test Vocational support worker, North Vocational Support",
            "case.view (case)",
            "Allowed",
        ],
    ]


def test_filter_by_person(as_user, supervisor, trail):
    response = as_user(supervisor).get(
        f"/cases/{trail.code}/audit/", {"person": "vsw@example.test"}
    )

    assert _who(response) == ["vsw@example.test"]


def test_filter_by_date(as_user, supervisor, trail):
    response = as_user(supervisor).get(
        f"/cases/{trail.code}/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-02"}
    )

    assert _who(response) == ["vsw-other@example.test"]


def test_an_end_before_the_start_is_an_error_not_a_filter(as_user, supervisor, trail):
    response = as_user(supervisor).get(
        f"/cases/{trail.code}/audit/", {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )

    assert response.status_code == 200
    assert "The end date must be the same as or after the start date." in response.text
    assert len(_rows(response)) == 3  # unfiltered: the two above and this opening


def test_reading_the_trail_is_audited(as_user, supervisor, trail):
    before = AuditEvent.objects.count()

    as_user(supervisor).get(f"/cases/{trail.code}/audit/", {"person": "vsw@example.test"})

    new = list(AuditEvent.objects.order_by("id"))[before:]
    assert [(e.actor_id, e.action, e.record_code, e.outcome) for e in new] == [
        (supervisor.pk, "case.view_audit", str(trail.code), AuditOutcome.ALLOWED),
        (supervisor.pk, "audit.read", str(trail.code), AuditOutcome.ALLOWED),
    ]
    assert new[1].detail["filters"] == {"person": "vsw@example.test"}


def test_the_trail_is_paginated(as_user, supervisor, vsw, case):
    for _ in range(55):
        get_case_for(vsw, case.code)

    client = as_user(supervisor)
    only_vsw = {"person": "vsw@example.test"}
    first = client.get(f"/cases/{case.code}/audit/", only_vsw)
    second = client.get(f"/cases/{case.code}/audit/", {**only_vsw, "page": 2})

    assert (len(_rows(first)), len(_rows(second))) == (50, 5)


def test_vsw_gets_403(as_user, vsw, case):
    assert as_user(vsw).get(f"/cases/{case.code}/audit/").status_code == 403


def test_other_teams_supervisor_gets_404(as_user, other_supervisor, case):
    assert as_user(other_supervisor).get(f"/cases/{case.code}/audit/").status_code == 404


def test_the_permission_belongs_to_supervisors_of_the_case_team(
    supervisor, other_supervisor, vsw, case
):
    assert [u.has_perm("cases.view_audit", case) for u in (supervisor, other_supervisor, vsw)] == [
        True,
        False,
        False,
    ]
    with pytest.raises(PermissionDenied):
        get_case_for(vsw, case.code, action="view_audit")


@pytest.mark.parametrize("rows", [1, 40])
def test_query_count_does_not_grow_with_events(
    as_user, supervisor, vsw, case, rows, django_assert_num_queries
):
    f.PlanFactory(case=case)
    for _ in range(rows):
        get_case_for(vsw, case.code)
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint, case (fetch helper), audit insert, plan
    # codes, check-in codes, people, paginator count, page rows, audit insert (reading), release
    with django_assert_num_queries(13):
        response = client.get(f"/cases/{case.code}/audit/", {"person": "vsw@example.test"})
    assert len(_rows(response)) == min(rows, 50)


def test_case_page_links_the_trail_for_supervisors_only(as_user, supervisor, vsw, case):
    link = f"/cases/{case.code}/audit/"
    assert link in as_user(supervisor).get(f"/cases/{case.code}/").text
    assert link not in as_user(vsw).get(f"/cases/{case.code}/").text


def test_timestamps_use_local_time(as_user, supervisor, vsw, case):
    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=timezone.get_current_timezone())):
        get_case_for(vsw, case.code)

    response = as_user(supervisor).get(f"/cases/{case.code}/audit/", {"person": vsw.email})

    assert _rows(response)[0][0].startswith("1 Jul 2026, 09:00")
