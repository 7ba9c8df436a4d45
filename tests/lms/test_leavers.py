"""Leavers are locked out at once (``staff_accounts_lock``): every session ended, every API token
revoked, open pairings closed, nothing more sent or assigned; a returner gets none of it back."""

import datetime

from django.contrib.sessions.models import Session
from django.test import TestCase, override_settings
from django.utils import timezone

from courses.models import Assignment
from courses.services import course_assign, refreshers_run
from lms.api.services import api_token_create
from lms.notifications.models import Digest, Notification
from lms.notifications.services import digests_prepare, notification_send
from lms.people import roles
from lms.people.importing import staff_import
from lms.people.models import LoginSession, StaffProfile
from lms.people.services import staff_member_leave, staff_member_return
from mentoring.models import Pairing
from tests.courses.factories import course_create
from tests.factories import TeamFactory, staff_user
from tests.lms.staff_files import HEADER, csv_file, person

PROFILE_URL = "/accounts/profile/"
API_URL = "/api/v1/me/plan"


def load(rows, **options):
    """Import ``rows``, creating the job roles they name; the import must succeed."""
    result = staff_import(content=csv_file(rows), filename="s.csv", create_roles=True, **options)
    assert not result.errors, result.errors
    return result


def profile_of(user) -> StaffProfile:
    return StaffProfile.objects.get(user=user)


class SessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.colleague = staff_user()

    def sign_in(self, client, user):
        client.force_login(user)
        self.assertEqual(client.get(PROFILE_URL).status_code, 200)
        return client.session.session_key

    def test_the_leavers_open_browser_gets_the_login_page_on_its_next_request(self):
        key = self.sign_in(self.client, self.user)
        self.assertTrue(LoginSession.objects.filter(user=self.user, session_key=key).exists())

        staff_member_leave(profile=profile_of(self.user))

        response = self.client.get(PROFILE_URL)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        self.assertFalse(Session.objects.filter(session_key=key).exists())

    def test_every_session_of_theirs_ends_and_nobody_elses(self):
        first = self.sign_in(self.client, self.user)
        other_browser = self.client_class()
        second = self.sign_in(other_browser, self.user)
        colleague = self.client_class()
        colleagues = self.sign_in(colleague, self.colleague)

        staff_member_leave(profile=profile_of(self.user))

        self.assertFalse(Session.objects.filter(session_key__in=[first, second]).exists())
        self.assertEqual(other_browser.get(PROFILE_URL).status_code, 302)
        self.assertEqual(colleague.get(PROFILE_URL).status_code, 200)
        self.assertTrue(Session.objects.filter(session_key=colleagues).exists())

    def test_a_returner_does_not_get_their_old_sessions_back(self):
        self.sign_in(self.client, self.user)
        staff_member_leave(profile=profile_of(self.user))

        staff_member_return(profile=profile_of(self.user))

        self.assertEqual(self.client.get(PROFILE_URL).status_code, 302)

    @override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache")
    def test_sessions_in_the_cache_end_too(self):
        self.sign_in(self.client, self.user)

        staff_member_leave(profile=profile_of(self.user))
        staff_member_return(profile=profile_of(self.user))

        self.assertEqual(self.client.get(PROFILE_URL).status_code, 302)

    def test_signing_out_forgets_the_session(self):
        key = self.sign_in(self.client, self.user)

        self.client.post("/accounts/logout/")

        self.assertFalse(LoginSession.objects.filter(session_key=key).exists())


class TokenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()

    def get(self, token):
        return self.client.get(API_URL, HTTP_AUTHORIZATION=f"Bearer {token}")

    def test_a_bearer_request_answers_401_at_once_and_after_returning(self):
        token, plaintext = api_token_create(user=self.user, name="script")
        self.assertEqual(self.get(plaintext).status_code, 200)

        staff_member_leave(profile=profile_of(self.user))

        self.assertEqual(self.get(plaintext).status_code, 401)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        staff_member_return(profile=profile_of(self.user))
        self.assertEqual(self.get(plaintext).status_code, 401)


class ImportedLeaverTests(TestCase):
    """The same through a staff import: status "left", and people missing from the file."""

    def setUp(self):
        load([HEADER, person("A1"), person("A2")])
        self.user = StaffProfile.objects.get(employee_id="A1").user
        self.client.force_login(self.user)
        _token, self.plaintext = api_token_create(user=self.user, name="script")

    def assert_locked_out(self):
        self.assertEqual(self.client.get(PROFILE_URL).status_code, 302)
        response = self.client.get(API_URL, HTTP_AUTHORIZATION=f"Bearer {self.plaintext}")
        self.assertEqual(response.status_code, 401)

    def test_status_left(self):
        load([HEADER, person("A1", status="уволен"), person("A2")])

        self.assert_locked_out()

    def test_missing_from_the_file(self):
        load([HEADER, person("A2")], deactivate_missing=True)

        self.assert_locked_out()

    def test_a_returner_listed_as_active_signs_in_again_but_gets_no_old_session_or_token(self):
        load([HEADER, person("A1", status="уволен")])

        load([HEADER, person("A1", status="solo")])

        self.user.refresh_from_db()
        self.assertTrue(self.user.is_active)
        self.assert_locked_out()
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(PROFILE_URL).status_code, 200)


class PairingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mentor = staff_user(status=StaffProfile.Status.SOLO)
        cls.newcomer, cls.other = staff_user(), staff_user()
        for mentee in (cls.newcomer, cls.other):
            Pairing.objects.create(mentee=mentee, mentor=cls.mentor)

    def test_a_newcomer_who_leaves_ends_their_pairing(self):
        staff_member_leave(profile=profile_of(self.newcomer))

        pairing = Pairing.objects.get(mentee=self.newcomer)
        self.assertEqual(pairing.status, Pairing.Status.ENDED)
        self.assertIsNotNone(pairing.ended_at)
        self.assertEqual(Pairing.objects.filter(status=Pairing.Status.ACTIVE).count(), 1)

    def test_a_mentor_who_leaves_ends_all_their_pairings_and_history_is_kept(self):
        staff_member_leave(profile=profile_of(self.mentor))

        self.assertFalse(Pairing.objects.filter(status=Pairing.Status.ACTIVE).exists())
        self.assertEqual(Pairing.objects.filter(mentor=self.mentor).count(), 2)


class QuietTests(TestCase):
    """Nothing more reaches a leaver: no notification, digest, assignment or refresher."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.leaver = staff_user(team=cls.team, email="leaver@example.ru")
        cls.stayer = staff_user(team=cls.team, email="stayer@example.ru")

    def test_no_notification(self):
        staff_member_leave(profile=profile_of(self.leaver))
        self.leaver.refresh_from_db()

        self.assertIsNone(
            notification_send(recipient=self.leaver, kind="courses.assigned", event="x")
        )
        self.assertFalse(Notification.objects.filter(recipient=self.leaver).exists())

    def test_no_digest_of_what_came_before_leaving(self):
        notification_send(recipient=self.leaver, kind="courses.assigned", event="x")
        notification_send(recipient=self.stayer, kind="courses.assigned", event="x")

        staff_member_leave(profile=profile_of(self.leaver))
        today_noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12))
        # Past the digest hour, and after the notifications were made.
        noon = max(timezone.make_aware(today_noon), timezone.now() + datetime.timedelta(minutes=1))
        digests_prepare(now=noon)

        self.assertEqual(list(Digest.objects.values_list("user", flat=True)), [self.stayer.pk])

    def test_no_assignment_of_a_course_to_their_team(self):
        staff_member_leave(profile=profile_of(self.leaver))

        course_assign(
            course=course_create(lessons=1),
            assigned_by=self.manager,
            due_at=None,
            teams=[self.team],
        )

        self.assertFalse(Assignment.objects.filter(user=self.leaver).exists())
        self.assertTrue(Assignment.objects.filter(user=self.stayer).exists())

    def test_no_refresher(self):
        from courses.models import RefresherPolicy

        course = course_create(lessons=1)
        RefresherPolicy.objects.create(
            title="Again", course=course, every_days=30, due_days=7, include_never_completed=True
        )
        staff_member_leave(profile=profile_of(self.leaver))

        refreshers_run()

        self.assertFalse(Assignment.objects.filter(user=self.leaver).exists())
        self.assertTrue(Assignment.objects.filter(user=self.stayer, course=course).exists())
