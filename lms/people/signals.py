"""Signals the people app sends, so apps that build on it can react without this app naming
them (the courses app assigns the onboarding plan of a new job role)."""

from django.dispatch import Signal

# Sent inside the transaction that gives a staff profile a job role (at creation or by a
# change), with ``profile`` and ``changed_by`` (a user, or None for the system).
job_role_set = Signal()
