"""Signals the people app sends, so apps that build on it can act without this app naming them
(the courses app assigns onboarding plans, the mentoring app keeps pairings).

Every signal is sent inside the transaction that made the change, by the single-person services
and by the staff import alike; the import sends each once for all the people of a file, so a
receiver does its work set-based.
"""

from django.dispatch import Signal

# A staff profile got a job role (at creation or by a change), with ``profile`` and
# ``changed_by`` (a user, or None for the system).
job_role_set = Signal()

# People left: their accounts are closed, sessions ended, tokens revoked. With ``user_ids``.
staff_left = Signal()
