"""Resolving a dispute through the API (``POST /api/v1/quality/evaluations/{id}/resolve``): the
permission matrix (as the site's resolve screen), uphold and change, and the located errors."""

from django.test import TestCase

from lms.api.errors import ERROR_UNAUTHORIZED
from quality.models import Evaluation, EvaluationEvent
from quality.services.reviews import (
    ERROR_MAY_NOT_RESOLVE,
    ERROR_NOT_DISPUTED,
    ERROR_REASON_REQUIRED,
    evaluation_dispute,
)
from tests.api.helpers import API, bearer, token_for
from tests.quality.factories import EvaluationPeople

Q = f"{API}/quality/evaluations"
Kind = EvaluationEvent.Kind


class ResolveTests(EvaluationPeople, TestCase):
    def setUp(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Не согласен")
        self.url = f"{Q}/{self.evaluation.pk}/resolve"

    def post(self, user, data, **headers):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.post(self.url, data, content_type="application/json", **headers)

    def answers(self, **values):
        given = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}
        given.update(values)
        return [{"criterion_id": self.ids[c], "value": v} for c, v in given.items()]

    def test_matrix(self):
        body = {"decision": "uphold", "reason": "Оценка верна"}
        response = self.post(None, body)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": ERROR_UNAUTHORIZED})
        # Those who may not read the evaluation do not learn it exists.
        for user in (self.learner, self.other_manager):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, body).status_code, 404)
        # Readers who may not resolve it: the person, their mentor, the original evaluator.
        for user in (self.person, self.mentor, self.qa):
            with self.subTest(user=user.username):
                response = self.post(user, body)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_MAY_NOT_RESOLVE)})
        self.assertEqual(self.evaluation.events.count(), 1)
        response = self.post(self.manager, body)
        self.assertEqual(response.status_code, 200)

    def test_the_qa_evaluator_and_the_administrator_may_resolve_too(self):
        for user in (self.qa2, self.admin):
            with self.subTest(user=user.username):
                response = self.post(user, {"decision": "uphold", "reason": ""})
                # Allowed: only the missing reason stops them.
                self.assertEqual(response.status_code, 422)

    def test_uphold(self):
        response = self.post(self.manager, {"decision": "uphold", "reason": "Оценка верна"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["id"], data["status"]), (self.evaluation.pk, "upheld"))
        self.assertIsNone(data["superseded_by"])
        event = self.evaluation.events.last()
        self.assertEqual((event.kind, event.actor, event.reason), (Kind.UPHELD, self.manager, "Оценка верна"))  # fmt: skip
        # Nothing waits any more.
        again = self.post(self.manager, {"decision": "uphold", "reason": "Ещё раз"})
        self.assertEqual(again.status_code, 422)
        self.assertEqual(again.json()["detail"][0]["msg"], str(ERROR_NOT_DISPUTED))

    def test_change_with_a_token(self):
        body = {
            "decision": "change",
            "reason": "Тариф назван верно",
            "answers": self.answers(),
            "comment": "Пересмотрено",
        }
        response = self.post(None, body, headers=bearer(token_for(self.qa2)))
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["id"], data["status"]), (self.evaluation.pk, "changed"))
        new = Evaluation.objects.get(pk=data["superseded_by"])
        self.assertEqual((new.evaluator, new.person, str(new.score)), (self.qa2, self.person, "100.00"))  # fmt: skip
        self.assertEqual(new.comment, "Пересмотрено")
        self.evaluation.refresh_from_db()
        self.assertEqual(str(self.evaluation.score), "90.00")
        self.assertEqual(self.evaluation.events.last().new_evaluation, new)

    def test_errors_are_located_and_nothing_is_saved(self):
        cases = [
            ({"decision": "uphold"}, ["body", "reason"], str(ERROR_REASON_REQUIRED)),
            ({"decision": "change", "reason": "Да", "answers": self.answers(product=9)},
             ["body", "answers", 2, "value"], None),
            ({"decision": "change", "reason": "Да"}, ["body", "answers"], None),
            ({"decision": "maybe", "reason": "Да"}, ["body", "body", "decision"], None),
        ]  # fmt: skip
        for body, loc, message in cases:
            with self.subTest(body=body):
                response = self.post(self.manager, body)
                self.assertEqual(response.status_code, 422)
                errors = response.json()["detail"]
                self.assertIn(loc, [e["loc"] for e in errors])
                if message:
                    self.assertEqual(errors[0]["msg"], message)
        self.assertEqual(self.evaluation.events.count(), 1)
        self.assertEqual(Evaluation.objects.count(), 1)
