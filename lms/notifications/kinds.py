"""The kinds of notification, registered by the apps that send them.

A notification stores its kind and the facts of its event (``params``); its words come from the
kind when it is shown, so they follow the reader's language and a reworded message reaches old
notifications too. The core names no app: each app registers its kinds in its ``notifications``
module, found by autodiscovery.
"""

import functools
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Kind:
    """One kind of notification.

    ``title`` is a translatable template over the notification's ``params`` (``%(name)s``);
    ``mandatory`` kinds cannot be muted (an assignment, a clearance), the others can.
    ``daily_digest`` False keeps the kind out of the daily email digest: for notifications
    whose app sends an email of its own (a weekly digest), which the daily one would repeat."""

    key: str
    label: Promise
    title: Promise
    mandatory: bool = False
    daily_digest: bool = True


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` known; registering the same key again replaces it (module reloads)."""
    _kinds[kind.key] = kind
    return kind


def kind_get(key: str) -> Kind | None:
    _discover()
    return _kinds.get(key)


def kinds_all() -> list[Kind]:
    _discover()
    return sorted(_kinds.values(), key=lambda k: k.key)


@functools.cache
def _discover() -> None:
    """Import every app's ``notifications`` module, once."""
    autodiscover_modules("notifications")


def mandatory_keys() -> list[str]:
    """The keys of the kinds nobody can mute."""
    return [kind.key for kind in kinds_all() if kind.mandatory]


def daily_digest_excluded_keys() -> list[str]:
    """The keys of the kinds the daily email digest leaves out (their app emails them)."""
    return [kind.key for kind in kinds_all() if not kind.daily_digest]
