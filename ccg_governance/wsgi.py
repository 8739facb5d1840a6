"""WSGI entry point (gunicorn ccg_governance.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccg_governance.settings.production")

application = get_wsgi_application()
