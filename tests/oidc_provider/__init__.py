"""A real OpenID Connect provider for the tests, run as a separate process (see ``server``)."""
