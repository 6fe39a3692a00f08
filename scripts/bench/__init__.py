"""`make bench`: a dataset at a real service's scale (data.py), the pages measured over HTTP
against gunicorn with production settings (http.py, load.py), reminders through real Celery
workers and Redis to a local SMTP sink (reminders.py). See docs/performance.md."""
