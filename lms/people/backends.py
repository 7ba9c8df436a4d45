"""Authentication backends of the people app that need no optional library."""

from django.contrib.auth.backends import ModelBackend


class LocalLoginOffBackend(ModelBackend):
    """Django's ModelBackend with local passwords switched off (``LOCAL_LOGIN=off``).

    It takes ModelBackend's place, so group and user permissions still work for people who
    signed in through the directory or single sign-on; it only refuses every password, and a
    session opened with a local password before the switch ends at its next request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_user(self, user_id):
        return None
