"""Signals the courses app sends, so apps that build on it can react without this app naming
them."""

from django.dispatch import Signal

# A person completed a course (their open assignments of it were just completed).
# Arguments: ``user``, ``course``.
course_completed = Signal()
