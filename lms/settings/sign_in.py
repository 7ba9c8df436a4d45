"""How people sign in, read from the environment: local passwords and the company directory.

Helpers of ``base.py``, not a settings module of their own. They take the environment as a
mapping, so the tests build exactly the settings a deployment gets from the same variables.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Keeps what ModelBackend does for signed-in people (group permissions) but accepts no password.
LOCAL_LOGIN_OFF_BACKEND = "lms.people.backends.LocalLoginOffBackend"
DIRECTORY_BACKEND = "lms.people.directory.DirectoryBackend"

_OFF = {"off", "false", "no", "0"}
_ON = {"on", "true", "yes", "1"}


def env_switch(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    """``on``/``off`` (also true/false, yes/no, 1/0) from ``env``; anything else is an error."""
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in _ON | _OFF:
        return value in _ON
    raise ImproperlyConfigured(f"{name} must be on or off, not {env[name]!r}.")


def sign_in_backends(backends: list[str], *, local_login: bool, directory: bool) -> list[str]:
    """``backends`` with local passwords switched on or off and the directory put before them.

    Other backends in the list (a lockout guard, single sign-on) are kept in their places.
    """
    local = MODEL_BACKEND if local_login else LOCAL_LOGIN_OFF_BACKEND
    result = [local if backend == MODEL_BACKEND else backend for backend in backends]
    if local not in result:
        result.append(local)
    if directory and DIRECTORY_BACKEND not in result:
        result.insert(result.index(local), DIRECTORY_BACKEND)
    return result
