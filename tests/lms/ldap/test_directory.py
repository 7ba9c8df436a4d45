"""Signing in through the company directory, against a real OpenLDAP slapd (see server.py)."""

import socket
import time

from django.contrib.auth.models import Group
from django.test import TestCase, override_settings
from django.urls import reverse

import pytest

from tests.factories import PASSWORD as LOCAL_PASSWORD
from tests.factories import staff_user
from tests.lms.ldap.server import (
    BASE_DN,
    MANAGERS_GROUP,
    MENTORS_GROUP,
    PASSWORD,
    SERVICE_DN,
    SERVICE_PASSWORD,
    TEAM_LEADS_GROUP,
    ad_dn,
    require_directory_tools,
)

require_directory_tools()

import ldap  # noqa: E402

from lms.people import roles  # noqa: E402
from lms.people.directory import (  # noqa: E402
    ERROR_ACCOUNT_CLOSED,
    ERROR_AMBIGUOUS_STAFF_RECORD,
    ERROR_DIRECTORY_ACCOUNT_DISABLED,
    ERROR_DIRECTORY_UNAVAILABLE,
    ERROR_NO_STAFF_RECORD,
)
from lms.people.models import StaffProfile  # noqa: E402
from lms.people.services import staff_member_leave, staff_profile_update  # noqa: E402
from lms.settings.sign_in import (  # noqa: E402
    MODEL_BACKEND,
    directory_settings,
    sign_in_backends,
)


def active_directory_env(uri: str, **overrides: str) -> dict[str, str]:
    """What an administrator of an Active Directory site would set: the defaults otherwise."""
    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": SERVICE_DN,
        "AUTH_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "AUTH_LDAP_USER_SEARCH_BASE": f"ou=people,{BASE_DN}",
        "AUTH_LDAP_GROUP_SEARCH_BASE": f"ou=groups,{BASE_DN}",
        "AUTH_LDAP_GROUP_ROLE_MAP": f"{MENTORS_GROUP}=Mentors;{MANAGERS_GROUP}=Managers",
        "AUTH_LDAP_TIMEOUT": "2",
        **overrides,
    }


def openldap_env(uri: str) -> dict[str, str]:
    """The OpenLDAP example of the README."""
    return {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": SERVICE_DN,
        "AUTH_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "AUTH_LDAP_USER_SEARCH_BASE": f"ou=staff,{BASE_DN}",
        "AUTH_LDAP_USER_FILTER": "(uid=%(user)s)",
        "AUTH_LDAP_EMPLOYEE_ID_ATTR": "employeeNumber",
        "AUTH_LDAP_DISABLED_FILTER": "(pwdAccountLockedTime=*)",
        "AUTH_LDAP_GROUP_TYPE": "group_of_names",
        "AUTH_LDAP_GROUP_SEARCH_BASE": f"ou=teams,{BASE_DN}",
        "AUTH_LDAP_GROUP_ROLE_MAP": f'{{"{TEAM_LEADS_GROUP}": "Managers"}}',
        "AUTH_LDAP_TIMEOUT": "2",
    }


class SignInMixin:
    """Signs in through the real sign-in page and reports what happened."""

    def sign_in(self, username: str, password: str):
        """Post the login form; return (signed-in user id or None, the form's errors)."""
        response = self.client.post(reverse("login"), {"username": username, "password": password})
        user_id = self.client.session.get("_auth_user_id")
        if response.status_code == 302:
            return int(user_id), []
        return None, list(response.context["form"].non_field_errors())

    def assert_signed_in_as(self, username: str, password: str, user) -> None:
        user_id, errors = self.sign_in(username, password)
        self.assertEqual(errors, [])
        self.assertEqual(user_id, user.pk)

    def assert_refused(self, username: str, password: str, message) -> None:
        user_id, errors = self.sign_in(username, password)
        self.assertIsNone(user_id)
        self.assertEqual(errors, [str(message)])


def directory_on(env: dict[str, str], *, local_login: bool = True) -> override_settings:
    """The settings a deployment with exactly ``env`` (and LOCAL_LOGIN) gets."""
    return override_settings(
        AUTHENTICATION_BACKENDS=sign_in_backends(
            [MODEL_BACKEND], local_login=local_login, directory=True
        ),
        LOCAL_LOGIN=local_login,
        **directory_settings(env),
    )


@pytest.mark.usefixtures("_directory_for_class")
class ActiveDirectorySignInTests(SignInMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        # People as the staff import leaves them: username, email and employee ID from HR.
        cls.ivanova = staff_user(username="a.ivanova", email="anna.ivanova@example.com")
        cls.petrov = staff_user(username="petr", first_name="", last_name="Петров-Водкин",
                                email="petrov@example.com")  # fmt: skip
        StaffProfile.objects.filter(user=cls.petrov).update(employee_id="E-200")
        cls.sidorov = staff_user(username="sidorov", email="sidorov@example.com",
                                 roles=[roles.AUTHORS])  # fmt: skip
        cls.kuznetsova = staff_user(username="kuznetsova", email="kuznetsova@example.com",
                                    roles=[roles.MENTORS])  # fmt: skip
        cls.blocked = staff_user(username="blocked", email="blocked@example.com")
        cls.leaver = staff_user(username="leaver", email="leaver@example.com")
        staff_member_leave(profile=cls.leaver.staff_profile)
        cls.local = staff_user(username="local.only", email="local@example.com")

    def setUp(self):
        self.enterContext(directory_on(active_directory_env(self.directory.uri)))

    def test_first_sign_in_is_matched_to_the_imported_person_by_email(self):
        self.assert_signed_in_as("ivanova", PASSWORD, self.ivanova)

    def test_first_sign_in_is_matched_by_employee_id_whatever_the_email(self):
        self.assert_signed_in_as("petrov", PASSWORD, self.petrov)

    def test_no_new_account_is_created_and_hr_data_wins_over_the_directory(self):
        from django.contrib.auth import get_user_model

        users_before = get_user_model().objects.count()
        self.sign_in("petrov", PASSWORD)
        self.sign_in("ivanova", PASSWORD)
        self.assertEqual(get_user_model().objects.count(), users_before)
        self.petrov.refresh_from_db()
        # The empty first name is filled from the directory; HR's surname and email stay.
        self.assertEqual(self.petrov.first_name, "Пётр")
        self.assertEqual(self.petrov.last_name, "Петров-Водкин")
        self.assertEqual(self.petrov.email, "petrov@example.com")

    def test_a_wrong_password_is_refused_with_the_usual_message(self):
        user_id, errors = self.sign_in("ivanova", "not-the-password")
        self.assertIsNone(user_id)
        self.assertEqual(len(errors), 1)
        self.assertNotIn(str(ERROR_NO_STAFF_RECORD), errors)
        self.assertNotIn(str(ERROR_DIRECTORY_UNAVAILABLE), errors)

    def test_a_directory_account_linked_to_nobody_is_refused_with_a_reason(self):
        self.assert_refused("stranger", PASSWORD, ERROR_NO_STAFF_RECORD)

    def test_a_local_account_with_the_same_login_is_not_taken_over(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser("stranger", "root@example.com", "local-pw")
        self.assert_refused("stranger", PASSWORD, ERROR_NO_STAFF_RECORD)

    def test_the_reason_is_shown_on_the_page_in_russian(self):
        response = self.client.post(
            reverse("login"), {"username": "stranger", "password": PASSWORD}
        )
        self.assertContains(response, "не связана ни с кем")

    def test_an_email_match_with_another_employee_id_is_not_that_person(self):
        # The directory's "namesake" has Anna Ivanova's address but employee ID E-777, while
        # HR gave her E-100: another person, refused. (Were her employee ID empty, the email
        # would decide: records imported before employee IDs existed still match.)
        StaffProfile.objects.filter(user=self.ivanova).update(employee_id="E-100")
        self.assert_refused("namesake", PASSWORD, ERROR_NO_STAFF_RECORD)

    def test_an_email_shared_by_two_staff_members_is_refused_as_ambiguous(self):
        staff_user(username="a.ivanova2", email="ANNA.IVANOVA@example.com")
        self.assert_refused("ivanova", PASSWORD, ERROR_AMBIGUOUS_STAFF_RECORD)

    def test_a_disabled_directory_account_is_refused(self):
        self.assert_refused("blocked", PASSWORD, ERROR_DIRECTORY_ACCOUNT_DISABLED)

    def test_a_disabled_account_is_refused_even_if_the_directory_lets_it_bind(self):
        # Disabling happens in the directory after the person's first sign-in.
        self.assert_signed_in_as("ivanova", PASSWORD, self.ivanova)
        self.client.logout()
        admin = self.directory.admin()
        admin.modify_s(ad_dn("ivanova"), [(ldap.MOD_REPLACE, "userAccountControl", [b"514"])])
        self.addCleanup(
            admin.modify_s, ad_dn("ivanova"), [(ldap.MOD_REPLACE, "userAccountControl", [b"512"])]
        )
        self.assert_refused("ivanova", PASSWORD, ERROR_DIRECTORY_ACCOUNT_DISABLED)

    def test_a_person_who_has_left_is_refused(self):
        self.assert_refused("leaver", PASSWORD, ERROR_ACCOUNT_CLOSED)

    def test_leaving_ends_the_session_opened_through_the_directory(self):
        self.assert_signed_in_as("ivanova", PASSWORD, self.ivanova)
        staff_member_leave(profile=self.ivanova.staff_profile)
        response = self.client.get(reverse("password_change"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))

    def test_a_person_who_comes_back_can_sign_in_again(self):
        profile = self.leaver.staff_profile
        staff_profile_update(profile=profile, status=StaffProfile.Status.SOLO)
        self.assert_signed_in_as("leaver", PASSWORD, self.leaver)

    def test_mapped_directory_groups_give_roles_and_other_roles_are_kept(self):
        self.assert_signed_in_as("sidorov", PASSWORD, self.sidorov)
        self.assertEqual(
            set(self.sidorov.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.AUTHORS, roles.MENTORS},
        )

    def test_a_role_goes_when_the_directory_group_membership_goes(self):
        # Kuznetsova was made a mentor by hand and is in the directory's managers group.
        self.assert_signed_in_as("kuznetsova", PASSWORD, self.kuznetsova)
        self.assertEqual(
            set(self.kuznetsova.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.MANAGERS},
        )
        self.client.logout()
        admin = self.directory.admin()
        member = [ad_dn("kuznetsova").encode()]
        admin.modify_s(MANAGERS_GROUP, [(ldap.MOD_DELETE, "member", member)])
        self.addCleanup(admin.modify_s, MANAGERS_GROUP, [(ldap.MOD_ADD, "member", member)])
        self.assert_signed_in_as("kuznetsova", PASSWORD, self.kuznetsova)
        self.assertEqual(
            set(self.kuznetsova.groups.values_list("name", flat=True)), {roles.LEARNERS}
        )

    def test_roles_are_left_alone_without_a_group_map(self):
        with override_settings(AUTH_LDAP_GROUP_ROLE_MAP={}):
            self.assert_signed_in_as("kuznetsova", PASSWORD, self.kuznetsova)
        self.assertEqual(
            set(self.kuznetsova.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.MENTORS},
        )

    def test_a_local_password_still_works_for_a_local_only_account(self):
        self.assert_signed_in_as("local.only", LOCAL_PASSWORD, self.local)


@pytest.mark.usefixtures("_directory_for_class")
class LocalLoginOffTests(SignInMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ivanova = staff_user(username="a.ivanova", email="anna.ivanova@example.com")
        cls.local = staff_user(username="local.only", email="local@example.com")
        cls.local.groups.add(Group.objects.get(name=roles.MANAGERS))

    def setUp(self):
        self.enterContext(directory_on(active_directory_env(self.directory.uri), local_login=False))

    def test_local_passwords_are_refused(self):
        user_id, errors = self.sign_in("local.only", LOCAL_PASSWORD)
        self.assertIsNone(user_id)
        self.assertEqual(len(errors), 1)

    def test_the_directory_still_signs_people_in_and_permissions_still_work(self):
        self.assert_signed_in_as("ivanova", PASSWORD, self.ivanova)
        self.assertEqual(self.client.get(reverse("password_change")).status_code, 200)
        self.local.refresh_from_db()
        self.assertTrue(self.local.has_perm("people.change_staffprofile"))


class UnreachableDirectoryTests(SignInMixin, TestCase):
    """A directory that is down, or accepts connections and never answers."""

    @classmethod
    def setUpTestData(cls):
        cls.ivanova = staff_user(username="ivanova", email="anna.ivanova@example.com")

    def _closed_port_uri(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return f"ldap://127.0.0.1:{port}"

    def _silent_server_uri(self) -> str:
        # The kernel completes the connection (backlog) but nothing ever reads or answers.
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        self.addCleanup(silent.close)
        return f"ldap://127.0.0.1:{silent.getsockname()[1]}"

    def _assert_fails_fast(self, uri: str) -> None:
        with directory_on(active_directory_env(uri, AUTH_LDAP_TIMEOUT="1")):
            started = time.monotonic()
            self.assert_refused("ivanova", PASSWORD, ERROR_DIRECTORY_UNAVAILABLE)
            self.assertLess(time.monotonic() - started, 5)
            # The same person's local password still works.
            self.assert_signed_in_as("ivanova", LOCAL_PASSWORD, self.ivanova)

    def test_a_directory_that_is_down_fails_fast_with_a_clear_message(self):
        self._assert_fails_fast(self._closed_port_uri())

    def test_a_directory_that_never_answers_times_out(self):
        self._assert_fails_fast(self._silent_server_uri())


@pytest.mark.usefixtures("_directory_for_class")
class OpenLdapSignInTests(SignInMixin, TestCase):
    """The README's OpenLDAP example: uid, employeeNumber, groupOfNames, password policy."""

    @classmethod
    def setUpTestData(cls):
        cls.orlov = staff_user(username="orlov", email="o.orlov@example.com")
        StaffProfile.objects.filter(user=cls.orlov).update(employee_id="7001")
        cls.locked = staff_user(username="locked", email="locked@example.org")

    def setUp(self):
        self.enterContext(directory_on(openldap_env(self.directory.uri)))

    def test_matched_by_employee_number_and_given_the_mapped_role(self):
        self.assert_signed_in_as("orlov", PASSWORD, self.orlov)
        self.assertEqual(
            set(self.orlov.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.MANAGERS},
        )

    def test_a_locked_account_cannot_sign_in(self):
        user_id, errors = self.sign_in("locked", PASSWORD)
        self.assertIsNone(user_id)
        self.assertEqual(len(errors), 1)
