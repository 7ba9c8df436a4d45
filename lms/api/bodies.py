"""JSON request bodies, read the same way by every endpoint.

- No body means ``{}``: an action whose body is optional (acknowledging a session with no
  reflection) takes a bare POST, an empty body and ``{}`` alike. Ninja's parser is never asked
  about an empty body (its body model then has nothing at all), so the body is filled in before
  the operation runs. An endpoint with required fields answers its usual 422 for each of them.
- Text may not contain NUL (``\\u0000``) anywhere, in values or keys: PostgreSQL refuses it in
  text and jsonb columns, and SQLite would keep it. The answer is ninja's 422 shape, one error
  per string, located by its path in the JSON body (``["body", "ratings", 0, "note"]``). It is
  checked after sign-in and the schema, as the HTML forms do.
"""

import json
from collections.abc import Iterator
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ninja import NinjaAPI
from ninja.errors import ValidationError

ERROR_NUL = _("Text may not contain the NUL character (\\u0000).")

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# Bodies ninja reads as form fields, not as JSON.
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# JSON spells NUL only as this escape: a raw control character inside a string is invalid JSON.
NUL_ESCAPE = b"\\u0000"


def _has_json_body(request: HttpRequest) -> bool:
    return request.method in BODY_METHODS and request.content_type not in FORM_CONTENT_TYPES


def nul_paths(value, path: tuple = ()) -> Iterator[tuple]:
    """The paths to every string in decoded JSON ``value`` (a key included) holding a NUL."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield (*path, key)
            yield from nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_paths(item, (*path, index))


def bodies_register(api: NinjaAPI) -> None:
    """Apply both rules above to every operation of ``api``."""

    def empty_body_as_object(run):
        @wraps(run)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if _has_json_body(request):
                try:
                    empty = not request.body
                except RequestDataTooBig as exc:
                    # Raised outside the operation, so ninja's handlers would not see it.
                    return api.on_exception(request, exc)
                if empty:
                    request._body = b"{}"
            return run(request, *args, **kwargs)

        return wrapper

    def nul_refused(view_func):
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if _has_json_body(request) and NUL_ESCAPE in request.body:
                try:
                    data = json.loads(request.body)
                except ValueError:
                    data = None  # Not JSON: an endpoint without a body ignored it.
                errors = [
                    {"type": "nul_character", "loc": ["body", *path], "msg": ERROR_NUL}
                    for path in nul_paths(data)
                ]
                if errors:
                    raise ValidationError(errors)
            return view_func(request, *args, **kwargs)

        return wrapper

    # "view" runs before sign-in and parsing; "operation" after both, just before the endpoint.
    api.add_decorator(empty_body_as_object, mode="view")
    api.add_decorator(nul_refused, mode="operation")
