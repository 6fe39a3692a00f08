"""Every read of a case writes exactly one audit event, denied attempts included, and the audit
trail cannot be changed afterwards, by the ORM or by SQL."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from cases.access import get_case_for
from rtw.models import AuditEvent, AuditOutcome, Role

pytestmark = pytest.mark.django_db


def _events():
    return list(AuditEvent.objects.order_by("id"))


def _summary(event):
    return {
        "outcome": event.outcome,
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "actor_role": event.actor_role,
        "organisation_id": event.organisation_id,
        "organisation_name": event.organisation_name,
        "action": event.action,
        "record_type": event.record_type,
        "record_code": event.record_code,
    }


# --- Reads through the fetch helper ------------------------------------------------------------


def test_allowed_read_writes_one_allowed_event(vsw, case):
    fetched = get_case_for(vsw, case.code)

    assert fetched == case
    [event] = _events()
    assert _summary(event) == {
        "outcome": AuditOutcome.ALLOWED,
        "actor_id": vsw.pk,
        "actor_email": "vsw@example.test",
        "actor_role": Role.VSW,
        "organisation_id": vsw.organisation_id,
        "organisation_name": "North Vocational Support",
        "action": "case.view",
        "record_type": "case",
        "record_code": str(case.code),
    }
    assert event.request_id == ""  # not inside a request


def test_invisible_read_writes_one_denied_event(vsw_other_team, case):
    with pytest.raises(Http404):
        get_case_for(vsw_other_team, case.code)

    [event] = _events()
    assert _summary(event) == {
        "outcome": AuditOutcome.DENIED,
        "actor_id": vsw_other_team.pk,
        "actor_email": "vsw-other@example.test",
        "actor_role": Role.VSW,
        "organisation_id": vsw_other_team.organisation_id,
        "organisation_name": "South Vocational Support",
        "action": "case.view",
        "record_type": "case",
        "record_code": str(case.code),
    }
    assert event.detail == {"reason": "not visible"}


def test_visible_but_forbidden_read_writes_one_denied_event(employer, case):
    with pytest.raises(PermissionDenied):
        get_case_for(employer, case.code, action="view")

    [event] = _events()
    assert _summary(event) == {
        "outcome": AuditOutcome.DENIED,
        "actor_id": employer.pk,
        "actor_email": "hr@example.test",
        "actor_role": Role.EMPLOYER_CONTACT,
        "organisation_id": employer.organisation_id,
        "organisation_name": "Pennine Logistics Ltd",
        "action": "case.view",
        "record_type": "case",
        "record_code": str(case.code),
    }
    assert event.detail == {"reason": "lacks cases.view_case"}


# --- Reads through a page ----------------------------------------------------------------------


def test_case_page_writes_one_allowed_event_with_the_request_id(as_user, vsw, case):
    response = as_user(vsw).get(f"/cases/{case.code}/")

    assert response.status_code == 200
    [event] = _events()
    assert (event.outcome, event.actor_id, event.record_type, event.record_code) == (
        AuditOutcome.ALLOWED,
        vsw.pk,
        "case",
        str(case.code),
    )
    assert event.request_id != ""
    assert response["X-Request-ID"] == event.request_id


def test_a_clients_request_id_is_replaced_by_the_servers(as_user, vsw, case):
    response = as_user(vsw).get(f"/cases/{case.code}/", headers={"X-Request-ID": "abc-123"})

    [event] = _events()
    assert response["X-Request-ID"] == event.request_id
    assert event.request_id != "abc-123"
    assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)


def test_a_trusted_proxys_well_formed_request_id_is_kept(settings, as_user, vsw, case):
    settings.TRUSTED_PROXY_REQUEST_ID = True

    response = as_user(vsw).get(f"/cases/{case.code}/", headers={"X-Request-ID": "abc-123"})

    assert response["X-Request-ID"] == "abc-123"
    assert [e.request_id for e in _events()] == ["abc-123"]


def test_a_trusted_proxys_malformed_request_id_is_replaced(settings, as_user, vsw, case):
    settings.TRUSTED_PROXY_REQUEST_ID = True

    response = as_user(vsw).get(f"/cases/{case.code}/", headers={"X-Request-ID": "a b;<x>"})

    [event] = _events()
    assert response["X-Request-ID"] == event.request_id
    assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)


def test_other_teams_vsw_gets_404_and_one_denied_event(as_user, vsw_other_team, case):
    response = as_user(vsw_other_team).get(f"/cases/{case.code}/")

    assert response.status_code == 404
    [event] = _events()
    assert (event.outcome, event.actor_id, event.record_code) == (
        AuditOutcome.DENIED,
        vsw_other_team.pk,
        str(case.code),
    )
    assert response["X-Request-ID"] == event.request_id


def test_employer_on_the_case_page_gets_403_and_one_denied_event(as_user, employer, case):
    response = as_user(employer).get(f"/cases/{case.code}/")

    assert response.status_code == 403
    [event] = _events()
    assert (event.outcome, event.actor_id, event.record_code) == (
        AuditOutcome.DENIED,
        employer.pk,
        str(case.code),
    )


# --- Append-only -------------------------------------------------------------------------------


@pytest.fixture
def event(vsw, case):
    get_case_for(vsw, case.code)
    return AuditEvent.objects.get()


def test_saving_an_existing_event_raises(event):
    event.outcome = AuditOutcome.DENIED
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get().outcome == AuditOutcome.ALLOWED


def test_deleting_an_event_raises(event):
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.count() == 1


def test_queryset_update_raises(event):
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(outcome=AuditOutcome.DENIED)
    assert AuditEvent.objects.get().outcome == AuditOutcome.ALLOWED


def test_queryset_delete_raises(event):
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_raw_sql_update_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE rtw_auditevent SET outcome = 'DENIED' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get().outcome == AuditOutcome.ALLOWED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_raw_sql_delete_is_refused_by_the_database(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM rtw_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.count() == 1
