"""Error answers of the API root (``lms.api.errors``) not covered by the endpoints' own tests."""

import json

from django.template.defaultfilters import filesizeformat
from django.test import TestCase, override_settings

from lms.core.middleware import ERROR_TOO_BIG
from quizzes.models import AttemptQuestion
from tests.api.helpers import API
from tests.api.test_mentoring import MentoringData
from tests.factories import staff_user
from tests.mentoring.factories import INDEPENDENT, session_make
from tests.quizzes.factories import quiz_create, short_text_create

LIMIT = 1000


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
class BodyOverTheUploadLimitTests(MentoringData, TestCase):
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (but under the middleware's cap) is 413 JSON
    in the API's shape, whether DEBUG is on (development) or off (production)."""

    def assert_too_big(self, response):
        self.assertEqual(response.status_code, 413, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(
            response.json(), {"detail": str(ERROR_TOO_BIG % {"size": filesizeformat(LIMIT)})}
        )

    def test_optional_body(self):
        session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        body = json.dumps({"reflection": "x" * 2 * LIMIT})
        for debug in (True, False):
            with self.subTest(debug=debug), override_settings(DEBUG=debug):
                response = self.post(
                    self.mentee, f"{API}/mentoring/sessions/{session.pk}/acknowledge", body
                )
                self.assert_too_big(response)
        session.refresh_from_db()
        self.assertIsNone(session.acknowledged_at)

    def test_required_body(self):
        learner = staff_user()
        self.client.force_login(learner)
        quiz = quiz_create(questions=[short_text_create()])
        attempt_id = self.client.post(f"{API}/quizzes/{quiz.pk}/attempts").json()["id"]
        row = AttemptQuestion.objects.get(attempt_id=attempt_id)
        for debug in (True, False):
            with self.subTest(debug=debug), override_settings(DEBUG=debug):
                response = self.client.put(
                    f"{API}/attempts/{attempt_id}/answers/{row.question_id}",
                    {"text": "x" * 2 * LIMIT},
                    content_type="application/json",
                )
                self.assert_too_big(response)
        row.refresh_from_db()
        self.assertIsNone(row.response)
