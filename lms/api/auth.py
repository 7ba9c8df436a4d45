"""Who is calling: a personal bearer token, or the browser's session with a CSRF token.

Both end with ``request.user`` set to the person, so endpoints and the services they call see
the same user either way.

- ``Authorization: Bearer <token>`` is checked first, against Wagtail's ``APIToken`` (only a
  digest is stored). A revoked token, an unknown one, one of an inactive account, or a value
  that is not a token at all makes the request anonymous, even if a session cookie came along,
  so a broken script never quietly runs as whoever is signed in in the same browser.
- Otherwise the session counts, and unsafe methods (POST, PUT, PATCH, DELETE) need Django's CSRF
  token (the ``X-CSRFToken`` header), as forms on the site do: a cookie is sent by the browser
  on any site's behalf, a bearer header is not. Ninja's own ``SessionAuth`` checks CSRF before
  it knows whether anyone is signed in, so an anonymous POST would get 403 instead of 401; here
  the check runs only for a signed-in person.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from lms.api.errors import ApiError

ERROR_CSRF = _(
    "CSRF check failed: send the value of the csrftoken cookie in the X-CSRFToken header."
)


class PersonalTokenAuth(BearerTokenAuth):
    """Wagtail's bearer token check, answering a value that cannot be a token (wrong prefix,
    length or checksum) without asking the database."""

    def authenticate(self, request: HttpRequest, token: str):
        if not APIToken.validate_token_format(token):
            request.user = AnonymousUser()
            return None
        return super().authenticate(request, token)


class SessionCsrfAuth(APIKeyCookie):
    """The signed-in person of the browser session; CSRF-checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # Tells ninja's interactive docs to send the CSRF header with their requests.
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ApiError(403, ERROR_CSRF)
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover
        # Unused: ``__call__`` decides. Required by the abstract base.
        return None


token_auth = PersonalTokenAuth()
session_auth = SessionCsrfAuth()
API_AUTH = [token_auth, session_auth]


def docs_access_required(view):
    """For the OpenAPI schema and the interactive docs: a signed-in person or a valid token,
    otherwise the login page (they are for the people who write scripts against the API)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if token_auth(request) is None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
