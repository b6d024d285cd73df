"""Ungsam's own error pages also with DEBUG on (`make run`).

With DEBUG, Django answers a missing page (Http404, or a path no URL pattern matches) with its
English technical page, and the demo then looks half-translated (a refusal, PermissionDenied,
already gets the app's 403.html through `handler403`, DEBUG or not). This middleware, loaded
only with DEBUG, renders the app's 404.html instead and prints what the technical page would
have said (the exception, the path) to the console. A crash (500) and a bad request (400) keep
Django's technical page with its traceback: that is the help DEBUG is for."""

import logging

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404

from ungsam.web.views import error_404

logger = logging.getLogger(__name__)


class DebugErrorPagesMiddleware:
    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            # No URL pattern matched: the resolver's Http404 never reached a view.
            logger.warning("Not found (DEBUG): %s matches no URL pattern", request.path)
            return error_404(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            logger.warning("Not found (DEBUG): %s: %s", request.path, exception or "Http404")
            return error_404(request, exception)
        return None
