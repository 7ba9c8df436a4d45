from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

# The JSON API lives under this path; its answers are JSON, errors included.
API_PATH_PREFIX = "/api/"

ERROR_TOO_BIG = _("The request is too large: at most %(size)s.")
ERROR_LENGTH_REQUIRED = _("Send the request body with a Content-Length header.")


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


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is over ``REQUEST_MAX_BODY_SIZE`` before anyone reads it.

    The declared Content-Length decides, so a 50 MB upload costs nothing: 413, as JSON under
    /api/ and as a short text otherwise. A body sent without a length (chunked) gets 411: the WSGI
    handler would read none of it and a view would see an empty body instead. Smaller bodies
    still meet Django's own limits as they are read (``DATA_UPLOAD_MAX_MEMORY_SIZE`` for bodies
    held in memory; uploaded files spool to disk past ``FILE_UPLOAD_MAX_MEMORY_SIZE``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            return _refusal(request, 411, ERROR_LENGTH_REQUIRED)
        try:
            size = int(declared or 0)
        except ValueError:
            size = 0  # Django reads nothing of a body whose length it cannot parse.
        if size > settings.REQUEST_MAX_BODY_SIZE:
            return _refusal(
                request,
                413,
                ERROR_TOO_BIG % {"size": filesizeformat(settings.REQUEST_MAX_BODY_SIZE)},
            )
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in person and on every
    API answer (a token-authenticated one, and a 401 for a bad token too).

    Attempts, results, reviews, mentoring notes, the inbox and the API tokens on the profile must
    stay out of shared caches and the browser's disk. Anything a view set (``public``, a
    ``max-age``) is overridden. Static files never reach this middleware (WhiteNoise answers
    them first); answers to anonymous people keep whatever their view chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if is_api_request(request) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


def _refusal(request, status: int, message) -> HttpResponse:
    if is_api_request(request):
        response = JsonResponse({"detail": str(message)}, status=status)
        add_never_cache_headers(response)
        return response
    return HttpResponse(str(message), status=status, content_type="text/plain; charset=utf-8")
