"""Signals the people app sends, and the one question it asks, so apps that build on it can act
without this app naming them (the courses app assigns onboarding plans, the mentoring app keeps
pairings).

Every signal is sent inside the transaction that made the change, by the single-person services
and by the staff import alike; the import sends each once for all the people of a file, so a
receiver does its work set-based.
"""

from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.dispatch import Signal

# A staff profile got a job role (at creation or by a change), with ``profile`` and
# ``changed_by`` (a user, or None for the system).
job_role_set = Signal()

# Many staff profiles got a job role at once (a staff import), with ``profile_ids`` and
# ``changed_by``. Receivers handle them together; ``job_role_set`` is not sent for these.
job_roles_set = Signal()

# People left: their accounts are closed, sessions ended, tokens revoked. With ``user_ids``.
staff_left = Signal()

# A staff import names mentors, with ``pairs``: (mentee's user id, mentor's user id) for
# newcomers still onboarding, and ``assigned_by`` (the importing person, or None for the system).
mentors_assigned = Signal()


# --- Who mentors whom ----------------------------------------------------------------------------
# The staff import compares a file's mentors with the current ones; the app that keeps pairings
# registers how to read them (``{mentee user id: mentor user id}`` for the given mentees).

_mentor_readers: list[Callable[[list[int]], dict[int, int]]] = []


def active_mentors_reader_register(reader: Callable[[list[int]], dict[int, int]]) -> None:
    """Register a function returning the active mentor of each of the given mentees."""
    if reader not in _mentor_readers:
        _mentor_readers.append(reader)


def active_mentors(mentee_ids: Iterable[int]) -> dict[int, int]:
    """The active mentor of each mentee that has one (none when no app keeps pairings)."""
    ids = list(mentee_ids)
    found: dict[int, int] = {}
    for reader in _mentor_readers:
        found.update(reader(ids))
    return found


# --- Active mentorships as a query -------------------------------------------------------------
# Apps that only need to know whether someone mentors someone (the quizzes' grading queue) ask
# here; the app that keeps pairings registers a function returning a queryset of its active
# pairings filtered by ``mentee`` and/or ``mentor`` (each a user, a user id or an expression
# such as ``OuterRef``), so that callers can put it in ``Exists`` and stay one query.

_mentorship_providers: list[Callable[..., QuerySet]] = []


def active_mentorships_register(provider: Callable[..., QuerySet]) -> None:
    """Register ``provider(mentee=…, mentor=…)`` (either may be left out): a queryset of the
    active mentorships matching them."""
    if provider not in _mentorship_providers:
        _mentorship_providers.append(provider)


def active_mentorships(**filters) -> list[QuerySet]:
    """A queryset per registered provider of the active mentorships matching ``mentee`` and
    ``mentor``; an empty list when no app keeps pairings (then nobody is anyone's mentor)."""
    unknown = set(filters) - {"mentee", "mentor"}
    if unknown:
        raise TypeError(f"active_mentorships() takes mentee and mentor, not {sorted(unknown)}")
    return [provider(**filters) for provider in _mentorship_providers]
