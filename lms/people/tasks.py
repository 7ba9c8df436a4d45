"""django-q2 entry points of the people app: ids in, one service call."""

from lms.people import invitations


def invitations_send(user_ids: list[int]) -> None:
    invitations.invitations_send(user_ids=user_ids)
