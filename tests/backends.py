"""Authentication backends for the test settings only."""

from axes.backends import AxesStandaloneBackend


class AxesTestBackend(AxesStandaloneBackend):
    """django-axes as in production, except for ``authenticate()`` called without a request.

    That happens only in tests (the test client's ``login()``, direct calls): there is no client
    address to count failures against, and axes would refuse the call outright. Every sign-in
    through a page passes its request and goes through axes exactly as in production."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
