import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ungsam.settings")
application = get_asgi_application()

# The same refusal as wsgi.py: no secret key or no audit key, no server (ungsam/serving.py).
from ungsam.serving import refuse_to_serve_without_keys  # noqa: E402

refuse_to_serve_without_keys()
