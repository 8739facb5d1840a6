"""The email outbox: every message is a row, queued in the business transaction and sent
after the commit by a Celery task that locks the row, so it is sent once (docs/adr/0021)."""
