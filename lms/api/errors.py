"""How the API answers when something goes wrong: always JSON with a ``detail``.

- 401 ``{"detail": …}`` with ``WWW-Authenticate: Bearer``: no valid session or token;
- 403 ``{"detail": …}``: signed in but not allowed (``PermissionDenied`` and its subclasses
  carry the reason people see);
- 404 ``{"detail": …}``: no such object, or one the person may not know exists;
- 413 ``{"detail": …}``: a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (over
  ``REQUEST_MAX_BODY_SIZE`` the middleware answers the same before the body is read);
- 422 ``{"detail": [{"type", "loc", "msg"}, …]}``: ninja's validation shape, with the field's
  location; services' ``ValidationError`` is turned into the same shape, and so is text with a
  NUL character (``lms.api.bodies``, located by the path in the JSON body);
- ``ApiError(status, detail, **extra)``: any other answer an endpoint chooses, e.g. 409 for an
  attempt that is closed, or 403 with ``retry_after``.

A malformed JSON body gets ninja's own 400 ``{"detail": …}``.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from lms.core.middleware import ERROR_TOO_BIG

ERROR_UNAUTHORIZED = _(
    "Sign in, or send a personal API token in the header “Authorization: Bearer <token>”."
)
ERROR_FORBIDDEN = _("You are not allowed to do this.")
ERROR_NOT_FOUND = _("Not found.")


class ApiError(Exception):
    """Answer with ``status`` and ``{"detail": detail, **extra}``."""

    def __init__(self, status: int, detail, **extra):
        super().__init__(str(detail))
        self.status = status
        self.detail = detail
        self.extra = extra


def _answer(api: NinjaAPI, request: HttpRequest, status: int, body: dict) -> HttpResponse:
    return api.create_response(request, body, status=status)


def exception_handlers_register(api: NinjaAPI) -> None:
    """Install the handlers above on ``api``, over ninja's defaults (which answer 404 with a
    bare "Not Found" and let ``PermissionDenied`` become Django's HTML 403 page)."""

    def api_error(request, exc: ApiError):
        return _answer(api, request, exc.status, {"detail": exc.detail, **exc.extra})

    def unauthorized(request, exc: AuthenticationError):
        response = _answer(api, request, 401, {"detail": ERROR_UNAUTHORIZED})
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request, exc: HttpError):
        return _answer(api, request, exc.status_code, {"detail": exc.message})

    def forbidden(request, exc: PermissionDenied):
        return _answer(api, request, 403, {"detail": str(exc) or ERROR_FORBIDDEN})

    def not_found(request, exc: Http404):
        return _answer(api, request, 404, {"detail": str(exc) or ERROR_NOT_FOUND})

    def too_big(request, exc: RequestDataTooBig):
        size = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _answer(api, request, 413, {"detail": ERROR_TOO_BIG % {"size": size}})

    def invalid(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"type": "invalid", "loc": ["body", field], "msg": message}
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            errors = [{"type": "invalid", "loc": ["body"], "msg": m} for m in exc.messages]
        return _answer(api, request, 422, {"detail": errors})

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(DjangoValidationError, invalid)
    # Django's own answer would be a 400 HTML page (a 500 traceback under DEBUG).
    api.add_exception_handler(RequestDataTooBig, too_big)
