"""``POST /api/v1/quality/feedback`` (``quality/api_feedback.py``): who may post, once per
external id, and the located 422 errors."""

from django.test import TestCase

from lms.api.errors import ERROR_UNAUTHORIZED
from quality.models import Feedback
from quality.services.feedback import ALREADY_RECORDED, ERROR_MAY_NOT_POST, KEPT_FIRST
from tests.api.helpers import API, bearer, token_for
from tests.quality.test_feedback import FeedbackData

URL = f"{API}/quality/feedback"


class FeedbackPostTests(FeedbackData, TestCase):
    def body(self, **overrides):
        return {
            "external_id": "crm-77",
            "kind": "complaint",
            "person_id": self.person.pk,
            "date": "2026-11-02",
            "channel": "phone",
            "text": "Не знал тариф",
            "category": "Не знал тариф",
            **overrides,
        }

    def post(self, user, data):
        headers = bearer(token_for(user)) if user is not None else {}
        return self.client.post(URL, data, content_type="application/json", headers=headers)

    def test_anonymous_gets_401(self):
        response = self.post(None, self.body())
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": str(ERROR_UNAUTHORIZED)})
        self.assertFalse(Feedback.objects.exists())

    def test_learners_and_managers_of_others_get_403(self):
        for name, user in (
            ("learner", self.learner),
            ("the person", self.person),
            ("other manager", self.other_manager),
        ):
            with self.subTest(name):
                response = self.post(user, self.body())
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_MAY_NOT_POST)})
        self.assertFalse(Feedback.objects.exists())

    def test_a_learner_learns_nothing_of_who_exists(self):
        response = self.post(self.learner, self.body(person_id=999999))
        self.assertEqual(response.status_code, 403)

    def test_qa_managers_and_administrators_post(self):
        for n, (name, user) in enumerate(
            (("qa", self.qa), ("manager", self.manager), ("admin", self.admin))
        ):
            with self.subTest(name):
                response = self.post(user, self.body(external_id=f"crm-{n}"))
                self.assertEqual(response.status_code, 201)
                stored = Feedback.objects.get(external_id=f"crm-{n}")
                self.assertEqual(
                    response.json(),
                    {"id": stored.pk, "created": True, "differs": False, "detail": ""},
                )
                self.assertEqual((stored.created_by, stored.category), (user, self.tariff))

    def test_posting_an_external_id_again_answers_200_with_the_same_id(self):
        first = self.post(self.qa, self.body()).json()["id"]
        again = self.post(self.manager, self.body())
        self.assertEqual(again.status_code, 200)
        self.assertEqual(
            again.json(),
            {"id": first, "created": False, "differs": False, "detail": str(ALREADY_RECORDED)},
        )
        other = self.post(self.qa, self.body(kind="csat", score=2, text="", category=""))
        self.assertEqual(other.status_code, 200)
        self.assertEqual(
            other.json(),
            {"id": first, "created": False, "differs": True, "detail": str(KEPT_FIRST)},
        )
        self.assertEqual(Feedback.objects.get().kind, "complaint")

    def test_scores_are_posted_for_csat_and_nps(self):
        response = self.post(self.qa, self.body(kind="nps", score=0, category=""))
        self.assertEqual(response.status_code, 201)
        self.assertEqual(Feedback.objects.get().score, 0)

    def test_422_errors_are_located(self):
        cases = [
            ({"kind": "csat"}, ["body", "payload", "score"]),
            ({"kind": "thanks", "score": 5}, ["body", "payload", "score"]),
            ({"kind": "praise"}, ["body", "payload", "kind"]),
            ({"channel": "fax"}, ["body", "payload", "channel"]),
            ({"category": "Опоздал"}, ["body", "payload", "category"]),
            ({"date": "2026-13-01"}, ["body", "payload", "date"]),
            ({"date": "2999-01-01"}, ["body", "payload", "date"]),
            ({"external_id": ""}, ["body", "payload", "external_id"]),
            ({"person_id": 999999}, ["body", "payload", "person_id"]),
            ({"score": "5", "kind": "csat"}, ["body", "payload", "score"]),
        ]
        for overrides, loc in cases:
            with self.subTest(overrides):
                response = self.post(self.qa, self.body(**overrides))
                self.assertEqual(response.status_code, 422)
                self.assertIn(loc, [e["loc"][:3] for e in response.json()["detail"]])
        body = self.body()
        del body["external_id"]
        response = self.post(self.qa, body)
        self.assertEqual(response.status_code, 422)
        self.assertIn(
            ["body", "payload", "external_id"], [e["loc"][:3] for e in response.json()["detail"]]
        )
        self.assertFalse(Feedback.objects.exists())
