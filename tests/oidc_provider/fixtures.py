"""pytest fixtures that run the test OpenID Connect provider (``server``) as a separate process.

``oidc_provider`` (session-scoped) starts it on a free port of 127.0.0.1 and stops it after the
last test; ``oidc_provider_for_class`` hands it to a TestCase class as ``self.provider``.
"""

import selectors
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "nastavnik"
CLIENT_SECRET = "test-client-secret"
START_TIMEOUT = 30


@dataclass
class RunningProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def sign_in_as(self, **claims) -> None:
        """The provider approves this person from now on; no claims approve nobody."""
        requests.post(f"{self.issuer}/_test/sign-in", json=claims, timeout=10).raise_for_status()

    def register_redirect_uris(self, *uris: str) -> None:
        requests.post(
            f"{self.issuer}/_test/client", json={"redirect_uris": list(uris)}, timeout=10
        ).raise_for_status()

    def requests_served(self) -> dict[str, int]:
        """How many requests each path has answered since the provider started."""
        return requests.get(f"{self.issuer}/_test/requests", timeout=10).json()

    def django_settings(self, **overrides) -> dict:
        """Settings that switch our OpenID Connect sign-in on against this provider, as the
        "Single sign-on (OpenID Connect)" block of the settings makes them from the environment."""
        from django.conf import settings

        backend = "lms.people.oidc.backends.OIDCBackend"
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SCOPES": "openid email profile",
            "OIDC_PROVIDER_NAME": "",
            "OIDC_EMPLOYEE_ID_CLAIM": "",
            "OIDC_REQUIRE_VERIFIED_EMAIL": True,
            "OIDC_TIMEOUT": 10,
            "OIDC_DISCOVERY_CACHE_SECONDS": 3600,
            "OIDC_CREATE_USER": False,
            "AUTHENTICATION_BACKENDS": [
                *[b for b in settings.AUTHENTICATION_BACKENDS if b != backend],
                backend,
            ],
            **overrides,
        }


@pytest.fixture(scope="session")
def oidc_provider():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.server",
         "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout=START_TIMEOUT):
                raise RuntimeError("The test OpenID Connect provider did not start in time.")
        issuer = process.stdout.readline().strip()
        if not issuer.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"The test OpenID Connect provider failed to start: {issuer!r}")
        yield RunningProvider(issuer=issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="class")
def oidc_provider_for_class(request, oidc_provider):
    request.cls.provider = oidc_provider
