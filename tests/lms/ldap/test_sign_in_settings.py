"""The directory settings made from the environment (lms.settings.sign_in)."""

import json

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from tests.lms.ldap.server import require_directory_tools
from tests.lms.test_settings import _settings_in_subprocess

require_directory_tools()

import ldap  # noqa: E402
from django_auth_ldap.config import GroupOfNamesType  # noqa: E402

from lms.settings.sign_in import (  # noqa: E402
    DIRECTORY_BACKEND,
    MODEL_BACKEND,
    directory_settings,
    group_role_map,
)
from tests.lms.test_sign_in_settings import LOCKOUT_BACKEND  # noqa: E402

MINIMAL = {
    "AUTH_LDAP_SERVER_URI": "ldap://dc1.corp.example.com",
    "AUTH_LDAP_USER_SEARCH_BASE": "OU=Staff,DC=corp,DC=example,DC=com",
}


class DirectorySettingsTests(SimpleTestCase):
    def test_the_server_uri_switches_the_directory_on_with_active_directory_defaults(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            MINIMAL,
            "[s.AUTHENTICATION_BACKENDS, s.AUTH_LDAP_USER_SEARCH.filterstr, "
            "s.AUTH_LDAP_USER_SEARCH.base_dn, s.AUTH_LDAP_PERSON_ATTRS, "
            "s.AUTH_LDAP_DISABLED_FILTER, s.AUTH_LDAP_START_TLS, s.AUTH_LDAP_TIMEOUT]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            json.loads(result.stdout),
            [
                [LOCKOUT_BACKEND, DIRECTORY_BACKEND, MODEL_BACKEND],
                "(sAMAccountName=%(user)s)",
                "OU=Staff,DC=corp,DC=example,DC=com",
                {
                    "first_name": "givenName",
                    "last_name": "sn",
                    "email": "mail",
                    "employee_id": "employeeID",
                },  # fmt: skip
                "(userAccountControl:1.2.840.113556.1.4.803:=2)",
                False,
                5.0,
            ],
        )

    def test_without_the_server_uri_nothing_of_the_directory_is_set(self):
        result = _settings_in_subprocess(
            "lms.settings.base", {}, "hasattr(s, 'AUTH_LDAP_USER_SEARCH')"
        )
        self.assertEqual(json.loads(result.stdout), False)

    def test_a_missing_search_base_stops_the_start(self):
        result = _settings_in_subprocess(
            "lms.settings.base", {"AUTH_LDAP_SERVER_URI": "ldap://dc1"}, "1"
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("AUTH_LDAP_USER_SEARCH_BASE is required", result.stderr)

    def test_timeouts_bound_every_network_step(self):
        made = directory_settings({**MINIMAL, "AUTH_LDAP_TIMEOUT": "3"})
        options = made["AUTH_LDAP_CONNECTION_OPTIONS"]
        self.assertEqual(options[ldap.OPT_NETWORK_TIMEOUT], 3.0)
        self.assertEqual(options[ldap.OPT_TIMEOUT], 3.0)
        with self.assertRaisesMessage(ImproperlyConfigured, "AUTH_LDAP_TIMEOUT"):
            directory_settings({**MINIMAL, "AUTH_LDAP_TIMEOUT": "soon"})

    def test_openldap_variables(self):
        made = directory_settings({
            **MINIMAL,
            "AUTH_LDAP_USER_FILTER": "(uid=%(user)s)",
            "AUTH_LDAP_EMPLOYEE_ID_ATTR": "employeeNumber",
            "AUTH_LDAP_DISABLED_FILTER": "",
            "AUTH_LDAP_GROUP_TYPE": "group_of_names",
            "AUTH_LDAP_GROUP_SEARCH_BASE": "ou=groups,dc=example,dc=org",
            "AUTH_LDAP_START_TLS": "on",
        })  # fmt: skip
        self.assertEqual(made["AUTH_LDAP_USER_SEARCH"].filterstr, "(uid=%(user)s)")
        self.assertEqual(made["AUTH_LDAP_PERSON_ATTRS"]["employee_id"], "employeeNumber")
        self.assertEqual(made["AUTH_LDAP_DISABLED_FILTER"], "")
        self.assertIsInstance(made["AUTH_LDAP_GROUP_TYPE"], GroupOfNamesType)
        self.assertEqual(made["AUTH_LDAP_GROUP_SEARCH"].base_dn, "ou=groups,dc=example,dc=org")
        self.assertEqual(made["AUTH_LDAP_GROUP_SEARCH"].filterstr, "(objectClass=groupOfNames)")
        self.assertIs(made["AUTH_LDAP_START_TLS"], True)
        with self.assertRaisesMessage(ImproperlyConfigured, "AUTH_LDAP_GROUP_TYPE"):
            directory_settings({**MINIMAL, "AUTH_LDAP_GROUP_TYPE": "posix"})


class GroupRoleMapTests(SimpleTestCase):
    def test_json_and_pairs_say_the_same_and_dns_are_normalised(self):
        expected = {
            "cn=nastavnik mentors,ou=groups,dc=corp,dc=example,dc=com": "Mentors",
            "cn=team leads,ou=groups,dc=corp,dc=example,dc=com": "Managers",
        }
        as_json = json.dumps({
            "CN=Nastavnik Mentors, OU=Groups, DC=corp, DC=example, DC=com": "Mentors",
            "CN=Team Leads,OU=Groups,DC=corp,DC=example,DC=com": "Managers",
        })  # fmt: skip
        as_pairs = (
            "CN=Nastavnik Mentors, OU=Groups, DC=corp, DC=example, DC=com=Mentors; "
            "CN=Team Leads,OU=Groups,DC=corp,DC=example,DC=com=Managers;"
        )
        self.assertEqual(group_role_map(as_json), expected)
        self.assertEqual(group_role_map(as_pairs), expected)
        self.assertEqual(group_role_map(""), {})

    def test_malformed_maps_stop_the_start(self):
        for value in ['{"cn=a,dc=x": ["Mentors"]}', "{not json", "Mentors", "cn=a,dc=x=",
                      "not a dn=Mentors"]:  # fmt: skip
            with self.subTest(value=value), self.assertRaises(ImproperlyConfigured):
                group_role_map(value)
