"""What other apps add to hiring a person, without this app naming them.

The mentoring app fills in the mentor pairing (at start-up, from its app config): whom a new
person may be paired with, and how to pair them. Without it, hiring offers no mentor.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class MentorPairing:
    """``candidates()``: the users a new person may be paired with. ``pair(mentee=, mentor=,
    paired_by=)``: pair them inside the hiring transaction; raises ``ValidationError`` (a rule
    refused, with the reason) or ``PermissionDenied`` (``paired_by`` may not pair them)."""

    candidates: Callable[[], QuerySet]
    pair: Callable[..., object]


_mentor_pairing: MentorPairing | None = None


def mentor_pairing_register(pairing: MentorPairing) -> None:
    global _mentor_pairing
    _mentor_pairing = pairing


def mentor_pairing() -> MentorPairing | None:
    """The registered mentor pairing, or None when no app offers one."""
    return _mentor_pairing
