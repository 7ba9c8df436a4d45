"""The quality endpoints (``quality/api.py``): who may call each, the shapes, the located 422
errors, and a fixed number of queries for the scorecards list."""

import datetime

from django.test import TestCase

from lms.api.errors import ERROR_UNAUTHORIZED
from lms.people import roles
from quality.api import ERROR_NOT_EVALUATOR
from quality.models import Evaluation
from quality.services.scoring import (
    ERROR_FUTURE_DATE,
    ERROR_MAY_NOT_EVALUATE,
    ERROR_NA_NOT_ALLOWED,
    AnswerIn,
    evaluation_create,
)
from quality.services.versions import scorecard_version_current
from tests.api.helpers import API, count_queries
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import criterion_ids, scorecard_make

Q = f"{API}/quality"


class QualityData:
    """A team with a person and their manager, a manager of another team, a colleague (a
    learner), a QA evaluator and an administrator; one active scorecard."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = staff_user(team=cls.team, first_name="Иван", last_name="Новиков")
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        TeamFactory().managers.add(cls.other_manager)
        cls.learner = staff_user(team=cls.team)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make(channels=["phone", "chat"])
        cls.ids = criterion_ids(cls.scorecard)

    def body(self, **overrides):
        values = {"greeting": "yes", "need": "na", "product": 3, "polite": "yes"}
        values.update(overrides.pop("values", {}))
        return {
            "person_id": self.person.pk,
            "scorecard_id": self.scorecard.pk,
            "channel": "phone",
            "contact_date": "2026-11-02",
            "reference": "https://crm.example.com/calls/77",
            "answers": [
                {"criterion_id": self.ids[code], "value": value, "comment": ""}
                for code, value in values.items()
            ],
            "comment": "Хороший звонок",
            **overrides,
        }

    def post(self, user, data):
        if user is not None:
            self.client.force_login(user)
        return self.client.post(f"{Q}/evaluations", data, content_type="application/json")

    def get(self, user, url):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url)


class ScorecardListTests(QualityData, TestCase):
    def test_anonymous_gets_401(self):
        response = self.client.get(f"{Q}/scorecards")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": ERROR_UNAUTHORIZED})

    def test_a_learner_gets_403(self):
        response = self.get(self.learner, f"{Q}/scorecards")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": str(ERROR_NOT_EVALUATOR)})

    def test_evaluators_get_the_active_scorecards_with_their_criteria(self):
        scorecard_make(title="Старая", is_active=False)
        for name, user in (("qa", self.qa), ("manager", self.manager),
                           ("other manager", self.other_manager), ("admin", self.admin)):  # fmt: skip
            with self.subTest(name):
                response = self.get(user, f"{Q}/scorecards")
                self.assertEqual(response.status_code, 200)
                (card,) = response.json()["scorecards"]
                self.assertEqual(
                    {k: card[k] for k in ("id", "title", "channels", "version")},
                    {"id": self.scorecard.pk, "title": "Разговор с клиентом по телефону",
                     "channels": ["phone", "chat"], "version": 1},
                )  # fmt: skip
                self.assertEqual(
                    card["criteria"][2],
                    {"id": self.ids["product"], "code": "product", "text": "Знает тариф",
                     "section": "Продукт", "weight": "1.00", "critical": False,
                     "scale": "points", "max_points": 4, "na_allowed": False},
                )  # fmt: skip
                self.assertEqual([c["code"] for c in card["criteria"]],
                                 ["greeting", "need", "product", "polite"])  # fmt: skip

    def test_the_version_follows_edits(self):
        scorecard_version_current(scorecard=self.scorecard)
        greeting = self.scorecard.criteria.get(code="greeting")
        greeting.weight = 3
        greeting.save()
        (card,) = self.get(self.qa, f"{Q}/scorecards").json()["scorecards"]
        self.assertEqual(card["version"], 2)
        self.assertEqual(card["criteria"][0]["weight"], "3.00")

    def test_query_count_does_not_grow_with_the_scorecards(self):
        self.client.force_login(self.qa)
        scorecard_version_current(scorecard=self.scorecard)
        one = count_queries(lambda: self.client.get(f"{Q}/scorecards"))
        for n in range(4):
            scorecard_version_current(scorecard=scorecard_make(title=f"Карта {n}"))
        five = count_queries(lambda: self.client.get(f"{Q}/scorecards"))
        self.assertEqual(len(self.client.get(f"{Q}/scorecards").json()["scorecards"]), 5)
        # session, user, the caller's groups, scorecards with their latest version, criteria
        self.assertEqual((one, five), (5, 5))

    def test_hr_see_the_scorecards(self):
        response = self.get(staff_user(roles=[roles.HR]), f"{Q}/scorecards")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()["scorecards"]), 1)


class EvaluationPostTests(QualityData, TestCase):
    def test_anonymous_gets_401(self):
        self.assertEqual(self.post(None, self.body()).status_code, 401)
        self.assertFalse(Evaluation.objects.exists())

    def test_those_who_may_not_evaluate_the_person_get_403(self):
        for name, user in (("learner", self.learner), ("other manager", self.other_manager)):
            with self.subTest(name):
                response = self.post(user, self.body())
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_MAY_NOT_EVALUATE)})
        self.assertFalse(Evaluation.objects.exists())

    def test_manager_qa_and_admin_evaluate_and_get_the_score(self):
        for name, user in (("manager", self.manager), ("qa", self.qa), ("admin", self.admin)):
            with self.subTest(name):
                response = self.post(user, self.body())
                self.assertEqual(response.status_code, 201, response.content)
                data = response.json()
                # need is N/A: greeting 1 + product 3/4 + polite 1 over 3
                self.assertEqual((data["score"], data["critical_failed"]), ("91.67", False))
                evaluation = Evaluation.objects.get(pk=data["id"])
                self.assertEqual(evaluation.evaluator, user)
                self.assertEqual(evaluation.reference, "https://crm.example.com/calls/77")

    def test_critical_fail_answers_zero(self):
        response = self.post(self.qa, self.body(values={"polite": "no"}))
        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            {k: response.json()[k] for k in ("score", "critical_failed")},
            {"score": "0.00", "critical_failed": True},
        )

    def test_all_not_applicable_has_a_null_score(self):
        scorecard = scorecard_make(title="Визит", criteria=[
            {"code": "a", "text": "А", "na_allowed": True},
            {"code": "b", "text": "Б", "na_allowed": True, "critical": True}])  # fmt: skip
        ids = criterion_ids(scorecard)
        body = self.body(scorecard_id=scorecard.pk, answers=[
            {"criterion_id": ids["a"], "value": "na"}, {"criterion_id": ids["b"], "value": "na"}])  # fmt: skip
        response = self.post(self.qa, body)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(
            {k: response.json()[k] for k in ("score", "critical_failed")},
            {"score": None, "critical_failed": False},
        )
        self.assertIsNone(Evaluation.objects.get().score)

    def test_points_must_be_a_number_and_the_date_not_in_the_future(self):
        response = self.post(self.qa, self.body(values={"product": True}))
        self.assertEqual(response.status_code, 422)
        tomorrow = datetime.date.today() + datetime.timedelta(days=2)
        response = self.post(self.qa, self.body(contact_date=tomorrow.isoformat()))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [{"type": "invalid", "loc": ["body", "contact_date"], "msg": str(ERROR_FUTURE_DATE)}],
        )
        self.assertFalse(Evaluation.objects.exists())

    def test_bad_answers_are_422_with_their_location(self):
        body = self.body(values={"greeting": "na", "product": 7})
        response = self.post(self.qa, body)
        self.assertEqual(response.status_code, 422)
        located = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
        self.assertEqual(
            located,
            {("body", "answers", 0, "value"): str(ERROR_NA_NOT_ALLOWED),
             ("body", "answers", 2, "value"): "Дайте от 0 до 4 баллов."},
        )  # fmt: skip
        self.assertFalse(Evaluation.objects.exists())

    def test_a_missing_answer_and_a_wrong_shape_are_422(self):
        body = self.body()
        body["answers"] = body["answers"][:3]
        response = self.post(self.qa, body)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "answers"])
        response = self.post(self.qa, self.body(channel="fax"))
        self.assertEqual(response.status_code, 422)
        response = self.post(self.qa, self.body(scorecard_id=999999))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "scorecard_id"])
        self.assertFalse(Evaluation.objects.exists())


class EvaluationGetTests(QualityData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.evaluator = staff_user(roles=[roles.QA_EVALUATORS])
        cls.evaluation = evaluation_create(
            evaluator=cls.evaluator,
            person=cls.person,
            scorecard=cls.scorecard,
            channel="chat",
            contact_date=datetime.date(2026, 11, 3),
            reference="CHAT-5",
            answers=[
                AnswerIn(cls.ids["greeting"], "yes", "Представился"),
                AnswerIn(cls.ids["need"], "no"),
                AnswerIn(cls.ids["product"], 2),
                AnswerIn(cls.ids["polite"], "yes"),
            ],
        )
        cls.url = f"{Q}/evaluations/{cls.evaluation.pk}"

    def test_anonymous_gets_401(self):
        self.assertEqual(self.client.get(self.url).status_code, 401)

    def test_outsiders_get_404(self):
        for name, user in (("learner colleague", self.learner),
                           ("other manager", self.other_manager)):  # fmt: skip
            with self.subTest(name):
                self.assertEqual(self.get(user, self.url).status_code, 404)
        self.assertEqual(self.get(self.qa, f"{Q}/evaluations/999999").status_code, 404)

    def test_readers_get_the_evaluation_with_its_answers(self):
        readers = (("person", self.person), ("evaluator", self.evaluator),
                   ("manager of the team", self.manager), ("another qa", self.qa),
                   ("admin", self.admin))  # fmt: skip
        for name, user in readers:
            with self.subTest(name):
                response = self.get(user, self.url)
                self.assertEqual(response.status_code, 200)
                data = response.json()
                self.assertEqual(data["person"]["id"], self.person.pk)
                self.assertEqual(data["evaluator"]["id"], self.evaluator.pk)
                self.assertEqual((data["version"], data["channel"]), (1, "chat"))
                # greeting 1 + need 0×2 + product 1/2 + polite 1 over 5
                self.assertEqual((data["score"], data["critical_failed"]), ("50.00", False))
                self.assertEqual(
                    [(a["code"], a["value"], a["points"]) for a in data["answers"]],
                    [("greeting", "yes", None), ("need", "no", None), ("product", "points", 2),
                     ("polite", "yes", None)],
                )  # fmt: skip
                self.assertEqual(data["answers"][0]["comment"], "Представился")
                self.assertEqual(data["answers"][0]["text"], "Назвал своё имя и компанию")


class PersonalTokenTests(QualityData, TestCase):
    """Integrations call with a personal token, not a session: the endpoints read the person
    from the request, not from the token object."""

    def test_a_qa_evaluators_token_lists_scorecards_posts_and_reads_an_evaluation(self):
        from tests.api.helpers import bearer, token_for

        headers = bearer(token_for(self.qa))
        self.assertEqual(self.client.get(f"{Q}/scorecards", headers=headers).status_code, 200)
        response = self.client.post(
            f"{Q}/evaluations", self.body(), content_type="application/json", headers=headers
        )
        self.assertEqual(response.status_code, 201, response.content)
        evaluation_id = response.json()["id"]
        self.assertEqual(Evaluation.objects.get(pk=evaluation_id).evaluator, self.qa)
        read = self.client.get(f"{Q}/evaluations/{evaluation_id}", headers=headers)
        self.assertEqual(read.status_code, 200)

    def test_a_learners_token_is_refused(self):
        from tests.api.helpers import bearer, token_for

        headers = bearer(token_for(self.learner))
        self.assertEqual(self.client.get(f"{Q}/scorecards", headers=headers).status_code, 403)
