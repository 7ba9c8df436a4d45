"""Links that apps add to the main navigation, each shown only to the people it concerns and
optionally with a number beside it (unread notifications, sessions to acknowledge).

An app registers its links in its ``navigation`` module (found by autodiscovery). Whether a link
shows and its number are expressions over the person's user row, so the whole menu costs one
query per page, however many apps add links.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Expression, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class NavLink:
    """``shown`` and ``badge`` return a fresh expression over the ``User`` model (a boolean and
    a number), written as subqueries (``Exists``, ``count_of``) so that one link's joins never
    multiply another's count; without ``shown`` the link is for everyone signed in."""

    name: str
    label: Promise
    url_name: str
    order: int
    shown: Callable[[], Expression] | None = None
    badge: Callable[[], Expression] | None = None
    # What the number means, read to screen readers: an ngettext_lazy with "%(count)d".
    badge_label: Promise | None = None


@dataclass(frozen=True)
class ShownLink:
    name: str
    label: Promise
    url: str
    badge: int
    badge_label: str = ""


def count_of(queryset: QuerySet, *, per: str) -> Coalesce:
    """How many rows of ``queryset`` (filtered with ``OuterRef("pk")`` on the field ``per``)
    belong to the user: a subquery usable as a ``badge``."""
    counted = queryset.order_by().values(per).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


BADGE_NEW = ngettext_lazy("%(count)d new", "%(count)d new", "count")

_links: dict[str, NavLink] = {}


def register(link: NavLink) -> NavLink:
    _links[link.name] = link
    return link


@functools.cache
def _discover() -> None:
    """Import every app's ``navigation`` module, once (not on every page)."""
    autodiscover_modules("navigation")


def registered_links() -> list[NavLink]:
    _discover()
    return sorted(_links.values(), key=lambda link: (link.order, link.name))


def links_for(user: AbstractBaseUser) -> list[ShownLink]:
    """The registered links ``user`` sees, in order, with their numbers: one query."""
    if not user.is_authenticated:
        return []
    links = registered_links()
    expressions = {}
    for link in links:
        if link.shown is not None:
            expressions[f"shown_{link.name}"] = link.shown()
        if link.badge is not None:
            expressions[f"badge_{link.name}"] = link.badge()
    row = {}
    if expressions:
        users = get_user_model().objects.filter(pk=user.pk)
        row = users.annotate(**expressions).values(*expressions).first() or {}
    shown = []
    for link in links:
        if link.shown is not None and not row.get(f"shown_{link.name}"):
            continue
        shown.append(
            ShownLink(
                name=link.name,
                label=link.label,
                url=reverse(link.url_name),
                badge=(badge := row.get(f"badge_{link.name}") or 0),
                badge_label=(link.badge_label or BADGE_NEW) % {"count": badge} if badge else "",
            )
        )
    return shown
