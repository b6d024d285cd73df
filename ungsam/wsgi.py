import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")
application = get_wsgi_application()

# No secret key or no audit key: the server does not start (ungsam/serving.py says why).
from ungsam.serving import refuse_to_serve_without_keys  # noqa: E402

refuse_to_serve_without_keys()
