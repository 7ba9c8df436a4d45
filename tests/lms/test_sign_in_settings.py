"""Local passwords switched by LOCAL_LOGIN, and the checks of the sign-in settings."""

import json
import tempfile
from pathlib import Path

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from lms.people import roles
from lms.people.checks import sign_in_settings_check
from lms.settings.sign_in import (
    DIRECTORY_BACKEND,
    LOCAL_LOGIN_OFF_BACKEND,
    MODEL_BACKEND,
    env_switch,
    sign_in_backends,
)
from tests.factories import PASSWORD, staff_user
from tests.lms.test_settings import _settings_in_subprocess

LOCKOUT_BACKEND = "axes.backends.AxesStandaloneBackend"


class LocalLoginSettingTests(SimpleTestCase):
    def test_local_passwords_are_on_by_default(self):
        result = _settings_in_subprocess(
            "lms.settings.base", {}, "[s.LOCAL_LOGIN, s.AUTHENTICATION_BACKENDS]"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout), [True, [LOCKOUT_BACKEND, MODEL_BACKEND]])

    def test_local_login_off_replaces_the_model_backend(self):
        result = _settings_in_subprocess(
            "lms.settings.base",
            {"LOCAL_LOGIN": "off"},
            "[s.LOCAL_LOGIN, s.AUTHENTICATION_BACKENDS]",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            json.loads(result.stdout), [False, [LOCKOUT_BACKEND, LOCAL_LOGIN_OFF_BACKEND]]
        )

    def test_an_unclear_value_stops_the_start(self):
        result = _settings_in_subprocess("lms.settings.base", {"LOCAL_LOGIN": "maybe"}, "1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LOCAL_LOGIN must be on or off", result.stderr)

    def test_switch_words(self):
        for word, expected in [("off", False), ("No", False), ("0", False), ("on", True),
                               ("TRUE", True), ("", True)]:  # fmt: skip
            self.assertIs(env_switch({"X": word}, "X", default=True), expected, word)
        with self.assertRaises(ImproperlyConfigured):
            env_switch({"X": "of"}, "X", default=True)

    def test_other_backends_keep_their_places_and_the_directory_goes_before_passwords(self):
        self.assertEqual(
            sign_in_backends([LOCKOUT_BACKEND, MODEL_BACKEND], local_login=False, directory=True),
            [LOCKOUT_BACKEND, DIRECTORY_BACKEND, LOCAL_LOGIN_OFF_BACKEND],
        )
        self.assertEqual(
            sign_in_backends([LOCKOUT_BACKEND, MODEL_BACKEND], local_login=True, directory=False),
            [LOCKOUT_BACKEND, MODEL_BACKEND],
        )


@override_settings(AUTHENTICATION_BACKENDS=[LOCAL_LOGIN_OFF_BACKEND], LOCAL_LOGIN=False)
class LocalLoginOffTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(username="manager", roles=[roles.MANAGERS])

    def test_a_local_password_is_refused(self):
        self.assertIsNone(authenticate(username="manager", password=PASSWORD))
        response = self.client.post(reverse("login"), {"username": "manager", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_permissions_of_people_signed_in_another_way_still_work(self):
        self.assertTrue(self.manager.has_perm("people.change_staffprofile"))
        self.manager.groups.remove(Group.objects.get(name=roles.MANAGERS))
        self.manager = type(self.manager).objects.get(pk=self.manager.pk)
        self.assertFalse(self.manager.has_perm("people.change_staffprofile"))

    def test_a_session_opened_with_a_local_password_ends(self):
        with override_settings(AUTHENTICATION_BACKENDS=[MODEL_BACKEND]):
            self.assertTrue(self.client.login(username="manager", password=PASSWORD))
        response = self.client.get(reverse("password_change"))
        self.assertEqual(response.status_code, 302)


class DirectoryWithoutItsLibraryTests(SimpleTestCase):
    def test_the_settings_refuse_to_load_and_say_what_to_install(self):
        with tempfile.TemporaryDirectory() as folder:
            # A python-ldap that cannot be imported, as on a machine where it did not build.
            (Path(folder) / "ldap").mkdir()
            (Path(folder) / "ldap" / "__init__.py").write_text("raise ImportError('no libldap')")
            result = _settings_in_subprocess(
                "lms.settings.base",
                {"PYTHONPATH": folder, "AUTH_LDAP_SERVER_URI": "ldap://dc1",
                 "AUTH_LDAP_USER_SEARCH_BASE": "dc=example,dc=com"},
                "1",
            )  # fmt: skip
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("django-auth-ldap is not installed", result.stderr)
        self.assertIn("requirements-ldap.lock", result.stderr)


class SignInSettingsCheckTests(SimpleTestCase):
    def test_default_settings_pass(self):
        self.assertEqual(sign_in_settings_check(None), [])

    @override_settings(AUTHENTICATION_BACKENDS=[LOCKOUT_BACKEND, LOCAL_LOGIN_OFF_BACKEND])
    def test_local_login_off_with_no_other_way_in_is_an_error(self):
        self.assertEqual([e.id for e in sign_in_settings_check(None)], ["people.E002"])

    @override_settings(
        AUTH_LDAP_GROUP_ROLE_MAP={
            "cn=a,dc=x": "Mentors",
            "cn=b,dc=x": "Learners",
            "cn=c,dc=x": "Boss",
        }
    )
    def test_only_roles_of_the_product_other_than_learners_may_be_mapped(self):
        errors = sign_in_settings_check(None)
        self.assertEqual([e.id for e in errors], ["people.E001", "people.E001"])
        self.assertIn("'Learners'", errors[0].msg)
        self.assertIn("'Boss'", errors[1].msg)
