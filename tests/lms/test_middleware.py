"""The security middleware of ``lms.core.middleware``: request bodies over the cap are refused
unread, and answers to signed-in people and every API answer are private and never stored."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.test import TestCase, override_settings
from django.urls import include, path, reverse
from django.utils.cache import get_max_age
from django.views.decorators.cache import cache_control

from wagtail.models import Site

from lms.core.middleware import ERROR_LENGTH_REQUIRED, ERROR_TOO_BIG
from quizzes.services import attempt_start
from tests.api.helpers import API, bearer, token_for
from tests.courses.factories import DocumentFactory
from tests.factories import JobRoleFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    PracticeSkillFactory,
    mentor_create,
    pairing_make,
    session_make,
)
from tests.quizzes.factories import attempt_take, quiz_create, true_false_create

FIFTY_MB = 50 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anyone reads a byte of it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body of a refused request was read")

    readline = read


@cache_control(public=True, max_age=600)
def public_view(request):
    return HttpResponse("Для всех")


# For the tests below that need a view which asks for public caching.
urlpatterns = [path("public/", public_view), path("", include("lms.urls"))]


class RequestBodyLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.mentor = mentor_create()
        cls.skill = PracticeSkillFactory(job_role=JobRoleFactory())
        cls.mentee = staff_user(job_role=cls.skill.job_role)
        pairing_make(mentee=cls.mentee, mentor=cls.mentor)

    def setUp(self):
        self.session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        self.client.force_login(self.mentee)

    def send(self, url, **environ):
        return self.client.generic(
            "POST",
            url,
            CONTENT_TYPE="application/json",
            **{"wsgi.input": UnreadableBody()},
            **environ,
        )

    def test_defaults(self):
        # Sizes in bytes: the largest upload fits under the cap, a JSON body stays in memory.
        self.assertGreater(settings.REQUEST_MAX_BODY_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
        self.assertLess(settings.REQUEST_MAX_BODY_SIZE, FIFTY_MB)
        self.assertLessEqual(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 10 * 1024 * 1024)
        self.assertLessEqual(settings.FILE_UPLOAD_MAX_MEMORY_SIZE, 5 * 1024 * 1024)

    def test_a_declared_50_mb_api_body_is_413_unread(self):
        url = f"{API}/mentoring/sessions/{self.session.pk}/acknowledge"
        response = self.send(url, CONTENT_LENGTH=str(FIFTY_MB))
        self.assertEqual(response.status_code, 413)
        size = filesizeformat(settings.REQUEST_MAX_BODY_SIZE)
        self.assertEqual(response.json(), {"detail": str(ERROR_TOO_BIG % {"size": size})})
        self.assertIn("no-store", response["Cache-Control"])
        self.session.refresh_from_db()
        self.assertIsNone(self.session.acknowledged_at)

    def test_a_declared_50_mb_form_is_413_unread(self):
        url = reverse("mentoring:session_acknowledge", args=[self.session.pk])
        response = self.send(url, CONTENT_LENGTH=str(FIFTY_MB))
        self.assertEqual(response.status_code, 413)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        size = filesizeformat(settings.REQUEST_MAX_BODY_SIZE)
        self.assertEqual(response.content.decode(), str(ERROR_TOO_BIG % {"size": size}))
        self.session.refresh_from_db()
        self.assertIsNone(self.session.acknowledged_at)

    def test_just_over_the_cap_is_refused(self):
        url = f"{API}/mentoring/sessions/{self.session.pk}/acknowledge"
        response = self.send(url, CONTENT_LENGTH=str(settings.REQUEST_MAX_BODY_SIZE + 1))
        self.assertEqual(response.status_code, 413)

    def test_a_chunked_body_without_a_length_is_411_unread(self):
        for url in (
            f"{API}/mentoring/sessions/{self.session.pk}/acknowledge",
            reverse("mentoring:session_acknowledge", args=[self.session.pk]),
        ):
            with self.subTest(url=url):
                response = self.send(url, headers={"Transfer-Encoding": "chunked"})
                self.assertEqual(response.status_code, 411)
                if url.startswith(API):
                    self.assertEqual(response.json(), {"detail": str(ERROR_LENGTH_REQUIRED)})
                else:
                    self.assertEqual(response.content.decode(), str(ERROR_LENGTH_REQUIRED))
        self.session.refresh_from_db()
        self.assertIsNone(self.session.acknowledged_at)


def _directives(response) -> set[str]:
    return {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",") if d}


@override_settings(ROOT_URLCONF=__name__)
class PrivateResponsesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        quiz = quiz_create(questions=[true_false_create()])
        cls.open_attempt, _ = attempt_start(user=cls.learner, quiz=quiz)
        cls.done_attempt = attempt_take(staff_user(), quiz)
        cls.taker = cls.done_attempt.user
        skill = PracticeSkillFactory(job_role=JobRoleFactory())
        cls.mentee = staff_user(job_role=skill.job_role)
        pairing_make(mentee=cls.mentee, mentor=mentor_create())
        session_make(mentee=cls.mentee, ratings=[(skill, INDEPENDENT)])
        cls.document = DocumentFactory()

    def assert_private(self, response):
        self.assertLess(response.status_code, 400)
        self.assertLessEqual({"private", "no-store"}, _directives(response))
        self.assertNotIn("public", _directives(response))
        self.assertEqual(get_max_age(response), 0)

    def test_every_area_for_a_signed_in_person(self):
        home = Site.objects.get(is_default_site=True).root_page
        for user, url in (
            (self.learner, reverse("quizzes:attempt", args=[self.open_attempt.pk])),
            (self.taker, reverse("quizzes:attempt_result", args=[self.done_attempt.pk])),
            (self.learner, reverse("quizzes:review")),
            (self.mentee, reverse("mentoring:practice")),
            (self.learner, reverse("notifications:inbox")),
            (self.learner, reverse("profile")),
            (self.learner, f"{API}/me/notifications"),
            (self.learner, self.document.url),
            (self.learner, home.url),
        ):
            with self.subTest(url=url):
                self.client.force_login(user)
                self.assert_private(self.client.get(url))

    def test_token_requests_and_bad_tokens(self):
        url = f"{API}/me/notifications"
        self.assert_private(self.client.get(url, headers=bearer(token_for(self.learner))))
        refused = self.client.get(url, headers=bearer("nonsense"))
        self.assertEqual(refused.status_code, 401)
        self.assertLessEqual({"private", "no-store"}, _directives(refused))

    def test_a_view_asking_for_public_caching_is_private_for_a_signed_in_person(self):
        self.client.force_login(self.learner)
        self.assert_private(self.client.get("/public/"))

    def test_anonymous_answers_keep_what_their_view_chose(self):
        public = self.client.get("/public/")
        self.assertEqual(_directives(public), {"public", "max-age"})
        self.assertEqual(get_max_age(public), 600)
        redirect = self.client.get(reverse("notifications:inbox"))
        self.assertEqual(redirect.status_code, 302)
        self.assertNotIn("Cache-Control", redirect)
