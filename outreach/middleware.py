"""R-SYS-1: Simplified Chinese unless the user chose English with the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set to
English would never see the default. Here only the language cookie (set by the switcher)
changes the language of the pages.

The open API (issue 21 §6, paths under /api/) is called by other systems, which have no
switcher: there, without the cookie, a supported language asked for by Accept-Language
is honoured (Chinese otherwise).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"


class DefaultLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def _asked(self, header: str) -> str | None:
        """The first supported language of an Accept-Language header, by its q order."""
        for code, _quality in parse_accept_lang_header(header[:500]):
            if code == "*":
                continue
            try:
                variant = translation.get_supported_language_variant(code)
            except LookupError:
                continue
            if variant in self.supported:
                return variant
        return None

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        api = request.path.startswith(API_PREFIX)
        if api and chosen not in self.supported:
            language = self._asked(request.headers.get("Accept-Language", "")) or language
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language") if api else ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
