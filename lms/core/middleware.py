from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Russian unless the person chose another language with the switch.

    Django's own middleware follows the browser's Accept-Language header, so a Russian contact
    centre whose PCs happen to run an English browser would get an English interface. Here only
    the language cookie (set by the switch) counts; otherwise ``LANGUAGE_CODE`` applies.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
