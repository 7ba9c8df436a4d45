"""Who may call the API: personal bearer tokens, the session with CSRF, and nobody else."""

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, TestCase

from wagtail.models import APIToken

from courses.models import LessonProgress
from courses.services import assignment_create
from lms.api.auth import ERROR_CSRF
from lms.api.errors import ERROR_UNAUTHORIZED
from lms.api.services import api_token_revoke
from lms.people.services import staff_member_leave
from quizzes.models import Attempt
from tests.api.helpers import API, bearer, token_for
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, true_false_create


class AnonymousTests(TestCase):
    """Every endpoint answers an anonymous request with 401 and a JSON ``detail``."""

    @classmethod
    def setUpTestData(cls):
        cls.course = course_create(lessons=1)
        cls.lesson = course_lessons(cls.course)[0]
        cls.quiz = quiz_create(questions=[true_false_create()])
        cls.attempt = Attempt.objects.create(
            user=staff_user(), quiz=cls.quiz, number=1, max_score=1
        )

    def endpoints(self):
        attempt, quiz = self.attempt.pk, self.quiz.pk
        return [
            ("get", f"{API}/me/plan"),
            ("get", f"{API}/courses/{self.course.pk}"),
            ("post", f"{API}/lessons/{self.lesson.pk}/complete"),
            ("post", f"{API}/quizzes/{quiz}/attempts"),
            ("get", f"{API}/quizzes/{quiz}/attempts"),
            ("put", f"{API}/attempts/{attempt}/answers/1"),
            ("post", f"{API}/attempts/{attempt}/submit"),
            ("get", f"{API}/attempts/{attempt}"),
            ("get", f"{API}/quizzes/{quiz}/export.gift"),
            ("get", f"{API}/quizzes/{quiz}/export.xml"),
        ]

    def test_every_endpoint_is_401(self):
        for method, url in self.endpoints():
            with self.subTest(method=method, url=url):
                response = getattr(self.client, method)(
                    url, {"value": True}, content_type="application/json"
                )
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json(), {"detail": str(ERROR_UNAUTHORIZED)})
                self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_anonymous_post_is_401_even_with_csrf_enforced(self):
        # Not 403: there is nobody whose session a forged request could use.
        client = Client(enforce_csrf_checks=True)
        response = client.post(f"{API}/lessons/{self.lesson.pk}/complete")
        self.assertEqual(response.status_code, 401)

    def test_nothing_was_done(self):
        for method, url in self.endpoints():
            getattr(self.client, method)(url, {"value": True}, content_type="application/json")
        self.assertFalse(LessonProgress.objects.exists())
        self.assertEqual(Attempt.objects.count(), 1)


class BearerTokenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.course = course_create(lessons=2, title="Курс по токену")
        assignment_create(user=cls.user, course=cls.course, source="manual")

    def setUp(self):
        self.token = token_for(self.user)

    def plan(self, headers, client=None):
        return (client or self.client).get(f"{API}/me/plan", headers=headers)

    def test_valid_token_acts_as_its_owner(self):
        response = self.plan(bearer(self.token))
        self.assertEqual(response.status_code, 200)
        [assignment] = response.json()["assignments"]
        self.assertEqual(assignment["course"]["title"], "Курс по токену")

    def test_use_is_recorded(self):
        self.plan(bearer(self.token))
        self.assertIsNotNone(APIToken.objects.get(user=self.user).last_used_at)

    def test_revoked_token_is_401(self):
        api_token_revoke(user=self.user, token_id=APIToken.objects.get(user=self.user).pk)
        self.assertEqual(self.plan(bearer(self.token)).status_code, 401)

    def test_token_of_a_person_who_left_is_401(self):
        staff_member_leave(profile=self.user.staff_profile)
        self.assertEqual(self.plan(bearer(self.token)).status_code, 401)

    def test_unknown_well_formed_token_is_401(self):
        self.assertEqual(self.plan(bearer(APIToken.generate_token())).status_code, 401)

    def test_malformed_headers_are_401(self):
        for value in [
            "Bearer",
            "Bearer ",
            "Bearer not-a-token",
            f"Bearer {self.token}x",
            f"Bearer {self.token[:-1]}",
            f"Token {self.token}",
            f"Basic {self.token}",
            self.token,
        ]:
            with self.subTest(header=value):
                self.assertEqual(self.plan({"Authorization": value}).status_code, 401)

    def test_bad_token_is_401_even_with_a_session(self):
        # A broken script must not quietly act as whoever is signed in in the same browser.
        self.client.force_login(staff_user())
        self.assertEqual(self.plan(bearer("wagtail_nonsense")).status_code, 401)
        self.assertEqual(self.plan(bearer(APIToken.generate_token())).status_code, 401)

    def test_token_needs_no_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        lesson = course_lessons(self.course)[0]
        response = client.post(f"{API}/lessons/{lesson.pk}/complete", headers=bearer(self.token))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["state"], "completed")


class SessionCsrfTests(TestCase):
    """The site's session works, and unsafe methods need the CSRF token as forms do."""

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.course = course_create(lessons=1)
        cls.lesson = course_lessons(cls.course)[0]

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(self.user)
        self.url = f"{API}/lessons/{self.lesson.pk}/complete"

    def csrf(self) -> dict:
        secret = _get_new_csrf_string()
        self.client.cookies[settings.CSRF_COOKIE_NAME] = secret
        return {"X-CSRFToken": secret}

    def test_get_needs_no_csrf_token(self):
        self.assertEqual(self.client.get(f"{API}/me/plan").status_code, 200)

    def test_post_without_csrf_token_is_403_and_does_nothing(self):
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": str(ERROR_CSRF)})
        self.assertFalse(LessonProgress.objects.exists())

    def test_post_with_a_wrong_csrf_token_is_403(self):
        self.csrf()
        response = self.client.post(self.url, headers={"X-CSRFToken": _get_new_csrf_string()})
        self.assertEqual(response.status_code, 403)

    def test_put_without_csrf_token_is_403(self):
        quiz = quiz_create(questions=[true_false_create()])
        attempt_id = self.client.post(
            f"{API}/quizzes/{quiz.pk}/attempts", headers=self.csrf()
        ).json()["id"]
        self.client.cookies.pop(settings.CSRF_COOKIE_NAME)
        question_id = Attempt.objects.get(pk=attempt_id).questions.get().question_id
        response = self.client.put(
            f"{API}/attempts/{attempt_id}/answers/{question_id}",
            {"value": True},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Attempt.objects.get(pk=attempt_id).questions.get().response)

    def test_post_with_csrf_token_works(self):
        response = self.client.post(self.url, headers=self.csrf())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(LessonProgress.objects.filter(user=self.user).exists())

    def test_session_of_a_person_who_left_is_401(self):
        staff_member_leave(profile=self.user.staff_profile)
        self.assertEqual(self.client.get(f"{API}/me/plan").status_code, 401)
