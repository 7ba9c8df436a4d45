"""The employee's side of an evaluation in the API (``quality/api_reviews.py``): their own
list, acknowledging and disputing, with the permission matrix of each endpoint."""

from django.test import TestCase

from lms.api.errors import ERROR_UNAUTHORIZED
from quality.models import EvaluationEvent
from quality.services.reviews import ERROR_NOT_OPEN, ERROR_REASON_REQUIRED
from tests.api.helpers import API, bearer, count_queries, token_for
from tests.quality.factories import EvaluationPeople, evaluation_make

Q = f"{API}/quality/evaluations"
Kind = EvaluationEvent.Kind


class ApiCalls:
    def call(self, user, url, data=None, **extra):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        if data is None and extra.get("method") != "post":
            return self.client.get(url)
        extra.pop("method", None)
        if data is None:
            return self.client.post(url)
        return self.client.post(url, data, content_type="application/json")


class MyEvaluationsTests(EvaluationPeople, ApiCalls, TestCase):
    def test_anonymous_gets_401(self):
        response = self.client.get(f"{API}/me/evaluations")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": ERROR_UNAUTHORIZED})

    def test_each_sees_only_their_own(self):
        mine = self.call(self.person, f"{API}/me/evaluations").json()["evaluations"]
        self.assertEqual(len(mine), 1)
        row = mine[0]
        self.assertEqual(row["id"], self.evaluation.pk)
        self.assertEqual(row["score"], str(self.evaluation.score))
        self.assertEqual(row["status"], "new")
        self.assertEqual((row["channel"], row["contact_date"]), ("phone", "2026-11-02"))
        self.assertEqual(row["scorecard_title"], self.scorecard.title)
        self.assertIs(row["critical_failed"], False)
        for user in (self.learner, self.manager, self.mentor, self.qa, self.admin):
            with self.subTest(user=user.username):
                response = self.call(user, f"{API}/me/evaluations")
                self.assertEqual(response.json(), {"evaluations": []})

    def test_a_token_works_and_the_queries_do_not_grow(self):
        headers = bearer(token_for(self.person))
        # The first call of a token also records when it was last used.
        self.client.get(f"{API}/me/evaluations", headers=headers)
        first = count_queries(lambda: self.client.get(f"{API}/me/evaluations", headers=headers))
        for _ in range(4):
            evaluation_make(evaluator=self.qa2, person=self.person, scorecard=self.scorecard)
        more = count_queries(lambda: self.client.get(f"{API}/me/evaluations", headers=headers))
        self.assertEqual(first, more)

    def test_a_changed_evaluation_names_its_successor(self):
        from quality.services.reviews import evaluation_dispute, evaluation_dispute_change
        from tests.quality.test_reviews import _answers

        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Нет")
        new = evaluation_dispute_change(
            evaluation=self.evaluation, user=self.manager, reason="Да", answers=_answers(self.ids)
        )
        rows = {r["id"]: r for r in self.call(self.person, f"{API}/me/evaluations").json()["evaluations"]}  # fmt: skip
        self.assertEqual(rows[self.evaluation.pk]["status"], "changed")
        self.assertEqual(rows[self.evaluation.pk]["superseded_by"], new.pk)
        self.assertEqual(rows[new.pk]["status"], "new")


class AcknowledgeApiTests(EvaluationPeople, ApiCalls, TestCase):
    def url(self):
        return f"{Q}/{self.evaluation.pk}/acknowledge"

    def test_anonymous_gets_401(self):
        self.assertEqual(self.client.post(self.url()).status_code, 401)

    def test_the_matrix(self):
        # Readers who are not the person: 403; those who may not read it: 404.
        expected = {
            self.learner: 404,
            self.other_manager: 404,
            self.mentor: 403,
            self.manager: 403,
            self.qa: 403,
            self.qa2: 403,
            self.admin: 403,
        }
        for user, status in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(self.call(user, self.url(), method="post").status_code, status)
        self.assertFalse(EvaluationEvent.objects.exists())

    def test_the_person_acknowledges_without_a_body_or_with_an_empty_one(self):
        response = self.call(self.person, self.url(), method="post")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "acknowledged")
        again = self.call(self.person, self.url(), {})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(EvaluationEvent.objects.filter(kind=Kind.ACKNOWLEDGED).count(), 1)

    def test_unknown_id_is_404(self):
        response = self.call(self.person, f"{Q}/999999/acknowledge", method="post")
        self.assertEqual(response.status_code, 404)


class DisputeApiTests(EvaluationPeople, ApiCalls, TestCase):
    def url(self):
        return f"{Q}/{self.evaluation.pk}/dispute"

    def test_anonymous_gets_401(self):
        response = self.client.post(self.url(), {"reason": "x"}, content_type="application/json")
        self.assertEqual(response.status_code, 401)

    def test_the_matrix(self):
        expected = {
            self.learner: 404,
            self.other_manager: 404,
            self.mentor: 403,
            self.manager: 403,
            self.qa: 403,
            self.qa2: 403,
            self.admin: 403,
        }
        for user, status in expected.items():
            with self.subTest(user=user.username):
                response = self.call(user, self.url(), {"reason": "Не согласен"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(EvaluationEvent.objects.exists())

    def test_a_reason_is_required(self):
        for body in ({}, {"reason": ""}, {"reason": "   "}):
            with self.subTest(body=body):
                response = self.call(self.person, self.url(), body)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["detail"][0]["loc"][-1], "reason")
        response = self.call(self.person, self.url(), {"reason": " "})
        self.assertEqual(response.json()["detail"][0]["msg"], ERROR_REASON_REQUIRED)
        response = self.call(self.person, self.url(), method="post")
        self.assertEqual(response.status_code, 422)
        self.assertFalse(EvaluationEvent.objects.exists())

    def test_the_person_disputes_once(self):
        response = self.call(self.person, self.url(), {"reason": "Я назвал имя"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "disputed")
        event = EvaluationEvent.objects.get()
        self.assertEqual((event.kind, event.reason), (Kind.DISPUTED, "Я назвал имя"))
        again = self.call(self.person, self.url(), {"reason": "Ещё"})
        self.assertEqual(again.status_code, 422)
        self.assertEqual(again.json()["detail"][0]["msg"], ERROR_NOT_OPEN)


class TokenTests(EvaluationPeople, TestCase):
    """A personal token stands for its owner on every quality endpoint (ninja's ``request.auth``
    is then the token itself, so the endpoints read ``request.user``)."""

    def test_the_person_reads_and_acknowledges_with_a_token(self):
        headers = bearer(token_for(self.person))
        read = self.client.get(f"{Q}/{self.evaluation.pk}", headers=headers)
        self.assertEqual(read.status_code, 200, read.content)
        done = self.client.post(f"{Q}/{self.evaluation.pk}/acknowledge", headers=headers)
        self.assertEqual(done.status_code, 200, done.content)

    def test_an_evaluator_lists_scorecards_with_a_token(self):
        response = self.client.get(f"{API}/quality/scorecards", headers=bearer(token_for(self.qa)))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["scorecards"][0]["id"], self.scorecard.pk)
