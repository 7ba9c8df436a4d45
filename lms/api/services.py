"""Writes for personal API tokens: create one, revoke one.

A token is Wagtail's ``APIToken``: only an HMAC digest and a short display prefix are stored,
so the plaintext exists only in what ``api_token_create`` returns and must be shown once.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.models import APIToken

TOKEN_NAME_MAX_LENGTH = APIToken._meta.get_field("name").max_length

ERROR_NAME_REQUIRED = _("Give the token a name, e.g. what will use it.")
ERROR_NAME_TOO_LONG = ngettext_lazy(
    "The name is too long: at most %(limit)s character.",
    "The name is too long: at most %(limit)s characters.",
    "limit",
)
ERROR_INACTIVE = _("This account is locked, so it cannot have API tokens.")
ERROR_NO_SUCH_TOKEN = _("You have no such token.")


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[APIToken, str]:
    """Create a personal API token for ``user``; return ``(token, plaintext)``.

    The plaintext is not stored anywhere: show it to the person once. Raises ``ValidationError``
    (on ``name``) for an empty or too long name, ``PermissionDenied`` for an inactive account."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ERROR_NAME_REQUIRED})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError({"name": ERROR_NAME_TOO_LONG % {"limit": TOKEN_NAME_MAX_LENGTH}})
    if not user.is_active:
        raise PermissionDenied(ERROR_INACTIVE)
    return APIToken.create_token(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user: AbstractBaseUser, token_id: int) -> APIToken:
    """Revoke one of ``user``'s own tokens, at once and for good; return it. Idempotent.

    Raises ``Http404`` for an unknown id or anyone else's token (nobody learns that it exists)."""
    try:
        token = APIToken.objects.select_for_update().get(pk=token_id, user=user)
    except APIToken.DoesNotExist:
        raise Http404(ERROR_NO_SUCH_TOKEN) from None
    if token.revoked_at is None:
        token.revoke()
    return token
