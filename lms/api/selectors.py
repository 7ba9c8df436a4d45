"""Reads for personal API tokens."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from wagtail.models import APIToken


def api_token_list_for_user(*, user: AbstractBaseUser) -> QuerySet[APIToken]:
    """The person's tokens that still work, newest first (revoked ones are gone for good)."""
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created", "-pk")
