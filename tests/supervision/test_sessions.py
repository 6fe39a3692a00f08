"""Supervision sessions: supervisors record the date, who attended and a staff-only note for each
case discussed; the note goes on that case's timeline for the service team (and into a subject
access request), never to the employer, the worker's own pages or the GP."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cases.models import CaseEvent
from plans.subject_access import as_json, gather
from rtw.models import AuditEvent, Notification
from supervision import actions
from supervision.models import DiscussedCase, SupervisionSession
from tests import factories as f
from tests.forms import date_fields, field_errors, page_text

NOTE = "Worried about the commute NOTE-SENTINEL-7391"


@pytest.fixture
def session(supervisor, vsw):
    return actions.record_session(
        team=supervisor.organisation,
        held_on=timezone.localdate() - timedelta(days=2),
        attendees=[supervisor, vsw],
        by=supervisor,
    )


@pytest.fixture
def discussed(session, case, supervisor):
    return actions.discuss_case(session=session, case=case, note=NOTE, by=supervisor)


@pytest.mark.django_db
def test_supervisor_records_a_session_and_a_case_discussed(
    as_user, supervisor, vsw, vsw_same_team, case
):
    client = as_user(supervisor)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        "/supervision/sessions/new/",
        {**date_fields("held_on", day), "attendees": [str(supervisor.pk), str(vsw.pk)]},
    )
    session = SupervisionSession.objects.get()
    assert response["Location"] == f"/supervision/sessions/{session.code}/"
    assert (session.held_on, set(session.attendees.all())) == (day, {supervisor, vsw})

    response = client.post(
        f"/supervision/sessions/{session.code}/cases/new/", {"case": case.pk, "note": NOTE}
    )
    assert response.status_code == 302
    assert list(DiscussedCase.objects.values_list("case_id", "note")) == [(case.pk, NOTE)]
    assert list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SUPERVISION).values_list(
            "summary", flat=True
        )
    ) == [f"Discussed in supervision on {day:%-d %b %Y}: {NOTE}"]


@pytest.mark.django_db
def test_a_session_in_the_future_is_refused(as_user, supervisor, vsw):
    response = as_user(supervisor).post(
        "/supervision/sessions/new/",
        {
            **date_fields("held_on", timezone.localdate() + timedelta(days=1)),
            "attendees": [str(vsw.pk)],
        },
    )
    assert field_errors(response, "id_held_on") == [
        "The date of the session cannot be in the future"
    ]
    assert SupervisionSession.objects.count() == 0


@pytest.mark.django_db
def test_only_the_teams_staff_can_attend(as_user, supervisor, vsw_other_team):
    response = as_user(supervisor).post(
        "/supervision/sessions/new/",
        {**date_fields("held_on", timezone.localdate()), "attendees": [str(vsw_other_team.pk)]},
    )
    assert field_errors(response, "id_attendees") == ["Select people from the team"]
    assert SupervisionSession.objects.count() == 0


@pytest.mark.django_db
def test_another_teams_case_cannot_be_discussed(as_user, supervisor, session, other_team):
    elsewhere = f.CaseFactory(team=other_team)
    response = as_user(supervisor).post(
        f"/supervision/sessions/{session.code}/cases/new/", {"case": elsewhere.pk, "note": "x"}
    )
    assert field_errors(response, "id_case") == ["Select one of the team's open cases"]
    assert DiscussedCase.objects.count() == 0


@pytest.mark.django_db
def test_a_note_is_required(as_user, supervisor, session, case):
    response = as_user(supervisor).post(
        f"/supervision/sessions/{session.code}/cases/new/", {"case": case.pk, "note": "   "}
    )
    assert field_errors(response, "id_note") == ["Enter a note about the discussion"]


@pytest.mark.django_db
def test_note_is_on_the_staff_case_timeline(as_user, vsw, discussed, case):
    response = as_user(vsw).get(f"/cases/{case.code}/history/")
    soup = BeautifulSoup(response.content, "html.parser")
    timeline = [item.get_text(" ", strip=True) for item in soup.select(".moj-timeline__item")]
    assert any(NOTE in line for line in timeline)


@pytest.mark.django_db
def test_note_never_reaches_the_employer_the_worker_or_the_gp(
    as_user, employer, worker, clinician, discussed, case
):
    f.SharingConsentFactory(worker=case.worker, recipient="GP", item="PLAN", granted_by=worker)
    pages = {
        "employer case": as_user(employer).get(f"/cases/employees/{case.code}/"),
        "employer list": as_user(employer).get("/cases/employees/"),
        "worker home": as_user(worker).get("/cases/my-support/"),
        "worker sharing": as_user(worker).get(f"/cases/my-support/{case.code}/sharing/"),
        "worker access log": as_user(worker).get(f"/cases/my-support/{case.code}/access/"),
        "clinician referral": as_user(clinician).get(f"/cases/my-referrals/{case.code}/"),
        "clinician list": as_user(clinician).get("/cases/my-referrals/"),
    }
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert [
        name for name, response in pages.items() if "NOTE-SENTINEL" in page_text(response)
    ] == []


@pytest.mark.django_db
def test_note_is_in_the_subject_access_request(discussed, case):
    """The worker's right of access covers what staff wrote about them (docs/supervision.md)."""
    assert NOTE in as_json(gather(case.worker)).decode()


@pytest.mark.django_db
def test_vsw_who_attended_reads_the_session_and_the_read_is_audited(
    as_user, vsw, discussed, session, case
):
    response = as_user(vsw).get(f"/supervision/sessions/{session.code}/")
    assert NOTE in page_text(response)
    audit = AuditEvent.objects.get(action="supervision_session.read_notes")
    assert (audit.actor_email, audit.detail["cases"]) == (vsw.email, [str(case.code)])


@pytest.mark.django_db
def test_vsw_who_did_not_attend_finds_nothing(as_user, vsw_same_team, discussed, session):
    assert as_user(vsw_same_team).get(f"/supervision/sessions/{session.code}/").status_code == 404
    listed = as_user(vsw_same_team).get("/supervision/sessions/")
    assert "No sessions recorded yet." in page_text(listed)


@pytest.mark.django_db
def test_vsw_cannot_record_sessions(as_user, vsw, session, case):
    assert as_user(vsw).get("/supervision/sessions/new/").status_code == 403
    assert (
        as_user(vsw)
        .post(f"/supervision/sessions/{session.code}/cases/new/", {"case": case.pk, "note": "x"})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_assigned_vsw_who_was_not_there_is_told_without_the_note(supervisor, vsw_same_team, case):
    session = actions.record_session(
        team=supervisor.organisation,
        held_on=timezone.localdate(),
        attendees=[supervisor, vsw_same_team],
        by=supervisor,
    )
    actions.discuss_case(session=session, case=case, note=NOTE, by=supervisor)
    assert list(Notification.objects.values_list("recipient__email", "message")) == [
        (case.assigned_vsw.email, "Jamie Clarke was discussed in supervision.")
    ]


@pytest.mark.django_db
def test_note_is_emptied_when_the_case_is_anonymised(discussed, case):
    from supervision.retention import anonymise_supervision_notes

    assert anonymise_supervision_notes(case) == {
        "supervision_notes": 1,
        "plan_approval_comments": 0,
    }
    assert DiscussedCase.objects.get().note == ""


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_session_list_query_count_does_not_grow(
    as_user, supervisor, vsw, case, rows, django_assert_num_queries
):
    for i in range(rows):
        session = actions.record_session(
            team=supervisor.organisation,
            held_on=timezone.localdate() - timedelta(days=i),
            attendees=[supervisor, vsw],
            by=supervisor,
        )
        actions.discuss_case(session=session, case=case, note="n", by=supervisor)
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint + release, paginator count, page rows,
    # attendees (prefetched), audit insert
    with django_assert_num_queries(9):
        response = client.get("/supervision/sessions/")
    rows_shown = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    assert len(rows_shown) == rows
    assert rows_shown[0].get_text(" ", strip=True).endswith("1")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 20])
def test_session_page_query_count_does_not_grow(
    as_user, supervisor, vsw, rows, django_assert_num_queries
):
    session = actions.record_session(
        team=supervisor.organisation,
        held_on=timezone.localdate(),
        attendees=[supervisor, vsw],
        by=supervisor,
    )
    for _ in range(rows):
        made = f.CaseFactory(team=supervisor.organisation)
        actions.discuss_case(session=session, case=made, note="n", by=supervisor)
    client = as_user(supervisor)
    # session, user, second-factor device, savepoint, session (fetch), its audit, discussions,
    # attendees, list audit, release
    with django_assert_num_queries(10):
        response = client.get(f"/supervision/sessions/{session.code}/")
    assert len(BeautifulSoup(response.content, "html.parser").select("h3")) == rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    ["vsw", "vsw_same_team", "vsw_other_team", "supervisor", "other_supervisor", "clinician"],
)
def test_visible_sessions_and_the_rule_agree(
    request, persona, discussed, session, other_supervisor
):
    """SupervisionSession.objects.visible_to says in SQL what supervision.view_session says."""
    elsewhere = actions.record_session(
        team=other_supervisor.organisation,
        held_on=timezone.localdate(),
        attendees=[other_supervisor],
        by=other_supervisor,
    )
    user = request.getfixturevalue(persona)
    everything = [session, elsewhere]
    assert set(SupervisionSession.objects.visible_to(user)) == {
        s for s in everything if user.has_perm("supervision.view_session", s)
    }
