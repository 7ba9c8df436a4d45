"""django-q2 entry points of the people app: ids in, one service call."""

from lms.people import invitations


def invitation_send(user_id: int) -> None:
    invitations.invitation_send_by_id(user_id=user_id)


def invitations_send(user_ids: list[int]) -> None:
    # Tasks queued before invitations went one a person still run.
    invitations.invitations_send(user_ids=user_ids)
