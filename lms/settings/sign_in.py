"""How people sign in, read from the environment: local passwords and the company directory.

Helpers of ``base.py``, not a settings module of their own. They take the environment as a
mapping, so the tests build exactly the settings a deployment gets from the same variables.
"""

import json
from collections.abc import Mapping
from typing import Any

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


def group_role_map(value: str) -> dict[str, str]:
    """Parse ``AUTH_LDAP_GROUP_ROLE_MAP``: directory group DN → role identifier.

    Either a JSON object, ``{"cn=Mentors,ou=Groups,dc=example,dc=com": "Mentors"}``, or pairs
    separated by ``;`` whose role follows the last ``=``:
    ``cn=Mentors,ou=Groups,dc=example,dc=com=Mentors;cn=Leads,ou=Groups,dc=example,dc=com=Managers``.
    DNs are normalised (case and spaces) so they compare with what the directory returns. The
    role identifiers are checked against ``lms.people.roles`` by a system check.
    """
    import ldap.dn

    value = value.strip()
    if not value:
        return {}
    if value.startswith("{"):
        try:
            pairs = json.loads(value)
        except json.JSONDecodeError as error:
            raise ImproperlyConfigured(
                f"AUTH_LDAP_GROUP_ROLE_MAP is not valid JSON: {error}"
            ) from None
        if not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
            raise ImproperlyConfigured("AUTH_LDAP_GROUP_ROLE_MAP must map group DNs to role names.")
        items = list(pairs.items())
    else:
        items = []
        for entry in filter(None, (part.strip() for part in value.split(";"))):
            group_dn, _, role = entry.rpartition("=")
            if not group_dn or not role.strip():
                raise ImproperlyConfigured(
                    f"AUTH_LDAP_GROUP_ROLE_MAP: {entry!r} is not GROUP_DN=Role."
                )
            items.append((group_dn, role))
    result = {}
    for group_dn, role in items:
        try:
            normal_dn = ldap.dn.dn2str(ldap.dn.str2dn(group_dn.strip())).lower()
        except ldap.DECODING_ERROR:
            raise ImproperlyConfigured(
                f"AUTH_LDAP_GROUP_ROLE_MAP: {group_dn!r} is not a distinguished name."
            ) from None
        result[normal_dn] = role.strip()
    return result


# AUTH_LDAP_GROUP_TYPE → the django-auth-ldap group type and the filter that finds such groups.
GROUP_TYPES = {
    "active_directory": ("ActiveDirectoryGroupType", "(objectClass=group)"),
    "nested_active_directory": ("NestedActiveDirectoryGroupType", "(objectClass=group)"),
    "group_of_names": ("GroupOfNamesType", "(objectClass=groupOfNames)"),
    "nested_group_of_names": ("NestedGroupOfNamesType", "(objectClass=groupOfNames)"),
    "group_of_unique_names": ("GroupOfUniqueNamesType", "(objectClass=groupOfUniqueNames)"),
}

# Active Directory's "account disabled" bit (ACCOUNTDISABLE, 2) of userAccountControl, tested
# with the bitwise-AND matching rule. A directory without that attribute never matches it.
AD_DISABLED_FILTER = "(userAccountControl:1.2.840.113556.1.4.803:=2)"


def directory_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The ``AUTH_LDAP_*`` settings for ``env``, which must hold ``AUTH_LDAP_SERVER_URI``.

    Raises ``ImproperlyConfigured`` when a required variable is missing or malformed, or when
    django-auth-ldap is not installed.
    """
    try:
        import ldap
        from django_auth_ldap import config as ldap_config
    except ImportError:
        raise ImproperlyConfigured(
            "AUTH_LDAP_SERVER_URI is set but django-auth-ldap is not installed: "
            "pip install -r requirements-ldap.lock (it compiles python-ldap, which needs "
            "gcc and the libldap2-dev and libsasl2-dev packages)."
        ) from None

    def required(name: str) -> str:
        value = env.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"{name} is required when AUTH_LDAP_SERVER_URI is set.")
        return value

    try:
        timeout = float(env.get("AUTH_LDAP_TIMEOUT", "5"))
    except ValueError:
        raise ImproperlyConfigured("AUTH_LDAP_TIMEOUT must be a number of seconds.") from None
    group_type_name = env.get("AUTH_LDAP_GROUP_TYPE", "active_directory").strip()
    if group_type_name not in GROUP_TYPES:
        raise ImproperlyConfigured(
            f"AUTH_LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}, "
            f"not {group_type_name!r}."
        )
    group_type_class, group_filter = GROUP_TYPES[group_type_name]
    user_search_base = required("AUTH_LDAP_USER_SEARCH_BASE")
    return {
        "AUTH_LDAP_SERVER_URI": required("AUTH_LDAP_SERVER_URI"),
        "AUTH_LDAP_BIND_DN": env.get("AUTH_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("AUTH_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": env_switch(env, "AUTH_LDAP_START_TLS", default=False),
        "AUTH_LDAP_USER_SEARCH": ldap_config.LDAPSearch(
            user_search_base,
            ldap.SCOPE_SUBTREE,
            env.get("AUTH_LDAP_USER_FILTER", "").strip() or "(sAMAccountName=%(user)s)",
        ),
        # A dead or hung directory must not hang the login page: every network step and every
        # operation gives up after the timeout. Referrals off, as Active Directory needs.
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            ldap.OPT_NETWORK_TIMEOUT: timeout,
            ldap.OPT_TIMEOUT: timeout,
            ldap.OPT_REFERRALS: 0,
        },
        "AUTH_LDAP_TIMEOUT": timeout,
        # The record of a person belongs to HR: the directory only fills what it lacks (see
        # lms.people.directory), so django-auth-ldap itself copies no attribute.
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_PERSON_ATTRS": {
            "first_name": env.get("AUTH_LDAP_FIRST_NAME_ATTR", "givenName"),
            "last_name": env.get("AUTH_LDAP_LAST_NAME_ATTR", "sn"),
            "email": env.get("AUTH_LDAP_EMAIL_ATTR", "mail"),
            "employee_id": env.get("AUTH_LDAP_EMPLOYEE_ID_ATTR", "employeeID"),
        },
        "AUTH_LDAP_DISABLED_FILTER": env.get("AUTH_LDAP_DISABLED_FILTER", AD_DISABLED_FILTER),
        "AUTH_LDAP_GROUP_ROLE_MAP": group_role_map(env.get("AUTH_LDAP_GROUP_ROLE_MAP", "")),
        "AUTH_LDAP_GROUP_TYPE": getattr(ldap_config, group_type_class)(),
        "AUTH_LDAP_GROUP_SEARCH": ldap_config.LDAPSearch(
            env.get("AUTH_LDAP_GROUP_SEARCH_BASE", "").strip() or user_search_base,
            ldap.SCOPE_SUBTREE,
            group_filter,
        ),
    }
