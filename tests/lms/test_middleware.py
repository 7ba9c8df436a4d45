"""The security middleware of ``lms.core.middleware``: request bodies over the cap are refused
unread."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.test import TestCase
from django.urls import reverse

from lms.core.middleware import ERROR_LENGTH_REQUIRED, ERROR_TOO_BIG
from tests.api.helpers import API
from tests.factories import JobRoleFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    PracticeSkillFactory,
    mentor_create,
    pairing_make,
    session_make,
)

FIFTY_MB = 50 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anyone reads a byte of it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body of a refused request was read")

    readline = read


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
