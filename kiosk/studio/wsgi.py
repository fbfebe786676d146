"""The studio as a WSGI application (served by waitress in ``kiosk studio``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosk.studio.settings")
application = get_wsgi_application()
