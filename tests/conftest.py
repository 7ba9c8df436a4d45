"""Shared fixtures pytest needs."""

import pytest

# The test OpenID Connect provider, run as a separate process (tests/oidc_provider/).
pytest_plugins = ["tests.oidc_provider.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_glossary_state():
    """Each test starts with no remembered glossary version, matcher or rendered HTML: they
    live in process memory and the cache, which a test's database rollback does not reach."""
    from django.core.cache import cache

    from glossary import linking

    linking.reset_process_state()
    cache.clear()
    yield
    linking.reset_process_state()
