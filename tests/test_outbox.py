"""The email outbox (rtw/outbox.py): queued in the change's transaction, sent once by the sweep,
and a broker that cannot be reached never fails the request that queued the email."""

import logging
import socket

import psycopg
import pytest
from celery import Celery
from django.core import mail
from django.db import transaction

from rtw.notify import notify
from rtw.outbox import OutboxMessage, OutboxStatus, enqueue_quietly, queue_email, sweep
from tests.services import database_url_for_subprocess


@pytest.mark.django_db
def test_a_rolled_back_change_queues_no_email(vsw):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        notify(recipient=vsw, message="Rolled back", email_subject="Rolled back")
        raise Rollback

    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_notification_email_names_what_happened_and_links_to_the_page(vsw, settings):
    settings.SITE_URL = "https://rtw.example.org/"

    notify(recipient=vsw, message="A case was reassigned", link="/cases/x/", email_subject="Case")

    [message] = OutboxMessage.objects.all()
    assert (message.to_email, message.subject, message.body) == (
        vsw.email,
        "Case",
        "A case was reassigned\n\nSign in to see it: https://rtw.example.org/cases/x/",
    )


@pytest.mark.django_db
def test_queueing_the_same_key_twice_queues_one_email():
    first = queue_email(to="a@example.test", subject="One", body="One.", key="test:1")
    second = queue_email(to="a@example.test", subject="One", body="One.", key="test:1")

    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_row_another_sweep_holds_is_skipped_and_then_sent_exactly_once(mailoutbox):
    message = OutboxMessage.objects.create(to_email="a@example.test", subject="Once", body="x")

    # Another sweep, in another connection, has claimed the row and not yet committed.
    with psycopg.connect(database_url_for_subprocess()) as other:
        other.execute("SELECT id FROM rtw_outboxmessage WHERE id = %s FOR UPDATE", [message.pk])
        assert sweep() == 0
        other.execute("UPDATE rtw_outboxmessage SET status = 'SENT', sent_at = now()")
    # The other sweep committed its send: nothing is left to send.
    assert sweep() == 0
    assert mailoutbox == []

    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.PENDING, sent_at=None)
    assert sweep() == 1
    assert sweep() == 0
    assert [m.subject for m in mailoutbox] == ["Once"]


def test_an_unreachable_broker_is_logged_not_raised(caplog, monkeypatch):
    # Celery prefers CELERY_BROKER_URL from the environment to the URL an app is given.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        app = Celery("outage-test", broker=f"redis://127.0.0.1:{closed.getsockname()[1]}/0")
        app.conf.broker_connection_timeout = 2

        @app.task(name="tests.nothing")
        def nothing():
            return None

        with caplog.at_level(logging.WARNING, logger="rtw.outbox"):
            queued = enqueue_quietly(nothing)

    assert queued is False
    [record] = caplog.records
    assert record.getMessage().startswith("Could not queue tests.nothing (the next sweep will")


@pytest.mark.django_db
def test_the_legacy_notification_task_moves_its_email_into_the_outbox_once(vsw):
    from rtw.tasks import send_notification_email

    notification = notify(recipient=vsw, message="Queued before the outbox", email_subject="Old")
    send_notification_email.run(notification_id=notification.pk, subject="Old")

    assert OutboxMessage.objects.count() == 1
    assert mail.outbox == []
