from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Norwegian Bokmål unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal PC set
    up in English would show English; Ungsam is Norwegian first, English only on request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
