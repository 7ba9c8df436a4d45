"""The score of an evaluation (``quality.services.scoring.score_compute``): weights, "not
applicable", critical criteria, points scales and rounding."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import SimpleTestCase, TestCase

from lms.people import roles
from quality.models import Evaluation, EvaluationAnswer
from quality.services.scoring import (
    ERROR_ANSWERED_TWICE,
    ERROR_CHANNEL,
    ERROR_MAY_NOT_EVALUATE,
    ERROR_NA_NOT_ALLOWED,
    ERROR_NOT_ANSWERED,
    ERROR_OWN_CONTACT,
    ERROR_POINTS,
    ERROR_SCORECARD_INACTIVE,
    ERROR_UNKNOWN_CRITERION,
    ERROR_YES_NO,
    AnswerIn,
    answer_check,
    evaluation_create,
    score_compute,
)
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import criterion_ids, scorecard_make


def yes_no(id_, weight="1.00", *, critical=False, na_allowed=False):
    return {"id": id_, "code": f"c{id_}", "weight": weight, "scale": "yes_no",
            "max_points": None, "critical": critical, "na_allowed": na_allowed}  # fmt: skip


def points(id_, maximum, weight="1.00", *, critical=False):
    return {"id": id_, "code": f"c{id_}", "weight": weight, "scale": "points",
            "max_points": maximum, "critical": critical, "na_allowed": True}  # fmt: skip


class ScoreComputeTests(SimpleTestCase):
    def test_weighted_mean_of_yes_and_no(self):
        criteria = [yes_no(1, "1.00"), yes_no(2, "3.00")]
        self.assertEqual(score_compute(criteria=criteria, answers={1: "yes", 2: "no"}).score,
                         Decimal("25.00"))  # fmt: skip
        self.assertEqual(score_compute(criteria=criteria, answers={1: "no", 2: "yes"}).score,
                         Decimal("75.00"))  # fmt: skip

    def test_all_yes_is_100_and_all_no_is_0(self):
        criteria = [yes_no(1), yes_no(2, "2.50")]
        self.assertEqual(score_compute(criteria=criteria, answers={1: "yes", 2: "yes"}).score,
                         Decimal("100.00"))  # fmt: skip
        result = score_compute(criteria=criteria, answers={1: "no", 2: "no"})
        self.assertEqual(result.score, Decimal("0.00"))
        self.assertFalse(result.critical_failed)

    def test_not_applicable_takes_the_weight_out(self):
        criteria = [yes_no(1, "1.00"), yes_no(2, "3.00", na_allowed=True), yes_no(3, "1.00")]
        result = score_compute(criteria=criteria, answers={1: "yes", 2: "na", 3: "no"})
        self.assertEqual(result.score, Decimal("50.00"))

    def test_points_scale_counts_as_points_over_n(self):
        criteria = [points(1, 4, "2.00"), yes_no(2, "2.00")]
        result = score_compute(criteria=criteria, answers={1: 3, 2: "yes"})
        # (2 × 3/4 + 2 × 1) / 4
        self.assertEqual(result.score, Decimal("87.50"))

    def test_critical_no_makes_the_whole_score_zero(self):
        criteria = [yes_no(1, "10.00"), yes_no(2, "0.10", critical=True)]
        result = score_compute(criteria=criteria, answers={1: "yes", 2: "no"})
        self.assertEqual(result.score, Decimal("0.00"))
        self.assertTrue(result.critical_failed)

    def test_critical_zero_points_fails_but_partial_points_do_not(self):
        criteria = [yes_no(1), points(2, 5, critical=True)]
        failed = score_compute(criteria=criteria, answers={1: "yes", 2: 0})
        self.assertEqual((failed.score, failed.critical_failed), (Decimal("0.00"), True))
        partial = score_compute(criteria=criteria, answers={1: "yes", 2: 1})
        self.assertEqual((partial.score, partial.critical_failed), (Decimal("60.00"), False))

    def test_critical_passed_or_not_applicable_scores_normally(self):
        criteria = [yes_no(1), yes_no(2, critical=True, na_allowed=True)]
        self.assertEqual(score_compute(criteria=criteria, answers={1: "no", 2: "yes"}).score,
                         Decimal("50.00"))  # fmt: skip
        result = score_compute(criteria=criteria, answers={1: "no", 2: "na"})
        self.assertEqual((result.score, result.critical_failed), (Decimal("0.00"), False))

    def test_everything_not_applicable_has_no_score(self):
        criteria = [yes_no(1, na_allowed=True), points(2, 3)]
        result = score_compute(criteria=criteria, answers={1: "na", 2: "na"})
        self.assertIsNone(result.score)
        self.assertFalse(result.critical_failed)

    def test_rounds_half_up_to_two_places(self):
        # 1/3 → 33.333… → 33.33; 2/3 → 66.666… → 66.67
        criteria = [yes_no(1), yes_no(2), yes_no(3)]
        self.assertEqual(score_compute(criteria=criteria, answers={1: "yes", 2: "no", 3: "no"})
                         .score, Decimal("33.33"))  # fmt: skip
        self.assertEqual(score_compute(criteria=criteria, answers={1: "yes", 2: "yes", 3: "no"})
                         .score, Decimal("66.67"))  # fmt: skip
        # 1/800 = 0.125 %: a half, rounded up to 0.13 (not to the even 0.12)
        criteria = [yes_no(1, "1.00"), yes_no(2, "799.00")]
        self.assertEqual(score_compute(criteria=criteria, answers={1: "yes", 2: "no"}).score,
                         Decimal("0.13"))  # fmt: skip


class AnswerCheckTests(SimpleTestCase):
    def test_yes_no_accepts_yes_and_no_only(self):
        self.assertIsNone(answer_check(yes_no(1), "yes"))
        self.assertIsNone(answer_check(yes_no(1), "no"))
        self.assertIsNotNone(answer_check(yes_no(1), 1))
        self.assertIsNotNone(answer_check(yes_no(1), "na"))

    def test_points_within_zero_and_n(self):
        self.assertIsNone(answer_check(points(1, 4), 0))
        self.assertIsNone(answer_check(points(1, 4), 4))
        self.assertIsNotNone(answer_check(points(1, 4), 5))
        self.assertIsNotNone(answer_check(points(1, 4), -1))
        self.assertIsNotNone(answer_check(points(1, 4), "yes"))
        self.assertIsNotNone(answer_check(points(1, 4), True))


class EvaluationCreateTests(TestCase):
    """``evaluation_create``: who may evaluate whom, the checks of the answers, what is
    stored."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = staff_user(team=cls.team)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        TeamFactory().managers.add(cls.other_manager)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.learner = staff_user(team=cls.team)
        cls.scorecard = scorecard_make()
        cls.ids = criterion_ids(cls.scorecard)

    def answers(self, **values):
        given = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes", **values}
        return [AnswerIn(self.ids[code], value) for code, value in given.items()]

    def create(self, evaluator=None, **kwargs):
        return evaluation_create(
            evaluator=evaluator or self.qa,
            person=kwargs.pop("person", self.person),
            scorecard=kwargs.pop("scorecard", self.scorecard),
            channel=kwargs.pop("channel", "phone"),
            contact_date=datetime.date(2026, 11, 2),
            answers=kwargs.pop("answers", None) or self.answers(),
            **kwargs,
        )

    def test_stores_the_score_the_answers_and_the_version(self):
        evaluation = self.create(
            answers=self.answers(need="no", product=2), reference="CRM-1", comment="Хорошо"
        )
        evaluation.refresh_from_db()
        # weights 1, 2, 1, 1: (1 + 0 + 0.5 + 1) / 5
        self.assertEqual(evaluation.score, Decimal("50.00"))
        self.assertFalse(evaluation.critical_failed)
        self.assertEqual(evaluation.scorecard_version.number, 1)
        self.assertEqual((evaluation.reference, evaluation.comment), ("CRM-1", "Хорошо"))
        stored = {a.criterion_code: (a.value, a.points) for a in evaluation.answers.all()}
        self.assertEqual(stored, {"greeting": ("yes", None), "need": ("no", None),
                                  "product": ("points", 2), "polite": ("yes", None)})  # fmt: skip

    def test_critical_fail_is_stored_as_zero(self):
        evaluation = self.create(answers=self.answers(polite="no"))
        evaluation.refresh_from_db()
        self.assertEqual((evaluation.score, evaluation.critical_failed), (Decimal("0.00"), True))

    def test_who_may_evaluate(self):
        for name, evaluator in (("qa", self.qa), ("admin", self.admin), ("manager", self.manager)):
            with self.subTest(name):
                self.assertEqual(self.create(evaluator).evaluator, evaluator)
        for name, evaluator in (("other manager", self.other_manager), ("learner", self.learner)):
            with (
                self.subTest(name),
                self.assertRaisesMessage(PermissionDenied, str(ERROR_MAY_NOT_EVALUATE)),
            ):
                self.create(evaluator)
        with self.assertRaisesMessage(PermissionDenied, str(ERROR_OWN_CONTACT)):
            self.create(self.qa, person=self.qa)
        self.assertEqual(Evaluation.objects.count(), 3)

    def assert_invalid(self, answers, expected: dict, **kwargs):
        with self.assertRaises(ValidationError) as caught:
            self.create(answers=answers, **kwargs)
        self.assertEqual(
            {key: [str(m) for m in messages] for key, messages in caught.exception.message_dict.items()},
            expected,
        )  # fmt: skip
        self.assertFalse(Evaluation.objects.exists())
        self.assertFalse(EvaluationAnswer.objects.exists())

    def test_every_criterion_must_be_answered(self):
        answers = [a for a in self.answers() if a.criterion_id != self.ids["polite"]]
        self.assert_invalid(answers, {"answers": [ERROR_NOT_ANSWERED % {"code": "polite"}]})

    def test_a_criterion_answered_twice_is_refused(self):
        answers = [*self.answers(), AnswerIn(self.ids["greeting"], "no")]
        self.assert_invalid(answers, {"answers.4.criterion_id": [str(ERROR_ANSWERED_TWICE)]})

    def test_unknown_criterion_is_refused(self):
        other = criterion_ids(scorecard_make(title="Чат"))["greeting"]
        answers = [*self.answers(), AnswerIn(other, "yes")]
        self.assert_invalid(answers, {"answers.4.criterion_id": [str(ERROR_UNKNOWN_CRITERION)]})

    def test_not_applicable_only_where_allowed(self):
        self.assert_invalid(
            self.answers(greeting="na"), {"answers.0.value": [str(ERROR_NA_NOT_ALLOWED)]}
        )
        self.assertEqual(self.create(answers=self.answers(need="na")).score, Decimal("100.00"))

    def test_points_beyond_n_and_points_on_a_yes_no_criterion_are_refused(self):
        self.assert_invalid(
            self.answers(product=5, greeting=1),
            {"answers.0.value": [str(ERROR_YES_NO)], "answers.2.value": [ERROR_POINTS % {"max": 4}]},
        )  # fmt: skip

    def test_inactive_scorecard_and_foreign_channel_are_refused(self):
        self.scorecard.is_active = False
        self.scorecard.channels = ["chat"]
        self.scorecard.save()
        self.assert_invalid(
            self.answers(),
            {"scorecard_id": [str(ERROR_SCORECARD_INACTIVE)], "channel": [str(ERROR_CHANNEL)]},
        )
