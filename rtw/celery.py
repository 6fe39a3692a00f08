import logging
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtw.settings")

app = Celery("rtw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# Beat entries that run this often or more are "the every-minute work" (produce and send
# reminders, send the outbox) that beat also sends the moment it starts.
AT_START_WITHIN_SECONDS = 60.0


@beat_init.connect
def every_minute_work_at_start(sender, **kwargs) -> None:
    """Beat sends the every-minute work as soon as it starts, then every minute. An interval
    schedule's first run is otherwise one interval after beat starts, so a backlog left by a
    deploy or an outage (reminders due, emails unsent) sat for a minute before the first sweep
    (docs/performance.md). Each task is idempotent and safe to run twice or concurrently, so a
    restart of beat costs nothing. A broker that is down is logged; the schedule catches up."""
    for entry in app.conf.beat_schedule.values():
        schedule = entry["schedule"]
        seconds = schedule if isinstance(schedule, int | float) else None
        if seconds is not None and seconds <= AT_START_WITHIN_SECONDS:
            try:
                app.send_task(entry["task"])
            except Exception:  # noqa: BLE001  (the broker is down: the schedule catches up)
                logger.warning("Could not send %s at beat start", entry["task"], exc_info=True)
