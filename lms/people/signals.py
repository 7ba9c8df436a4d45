"""Signals the people app sends, and the one question it asks, so apps that build on it can act
without this app naming them (the courses app assigns onboarding plans, the mentoring app keeps
pairings).

Every signal is sent inside the transaction that made the change, by the single-person services
and by the staff import alike; the import sends each once for all the people of a file, so a
receiver does its work set-based.
"""

from collections.abc import Callable, Iterable

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
