"""When beat runs each periodic job: rows in django-celery-beat's tables, seeded from the
defaults declared once in ``ccg_governance/celery.py`` and changed by the secretary on the
schedules screen (reminders and summaries only; housekeeping is shown, not changed)."""
