"""Scorecard versions (``quality.services.versions``): editing a scorecard never changes an
evaluation already made, and an unchanged scorecard makes no new version."""

import datetime
from decimal import Decimal

from django.test import TestCase

from lms.people import roles
from quality.models import Criterion, ScorecardVersion
from quality.services.scoring import AnswerIn, evaluation_create
from quality.services.versions import scorecard_version_current
from tests.factories import staff_user
from tests.quality.factories import criterion_ids, scorecard_make


class ScorecardVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.person = staff_user()
        cls.scorecard = scorecard_make()

    def evaluate(self, **values):
        ids = criterion_ids(self.scorecard)
        given = {"greeting": "yes", "need": "no", "product": 4, "polite": "yes", **values}
        return evaluation_create(
            evaluator=self.qa,
            person=self.person,
            scorecard=self.scorecard,
            channel="phone",
            contact_date=datetime.date(2026, 11, 2),
            answers=[AnswerIn(ids[code], value) for code, value in given.items()],
        )

    def test_first_version_freezes_the_criteria_in_order(self):
        version = scorecard_version_current(scorecard=self.scorecard)
        self.assertEqual(version.number, 1)
        criteria = version.snapshot["criteria"]
        self.assertEqual([c["code"] for c in criteria], ["greeting", "need", "product", "polite"])
        product = criteria[2]
        self.assertEqual(
            {k: product[k] for k in ("weight", "scale", "max_points", "na_allowed", "critical")},
            {"weight": "1.00", "scale": "points", "max_points": 4, "na_allowed": False,
             "critical": False},
        )  # fmt: skip
        self.assertEqual(criteria[3]["critical"], True)
        self.assertEqual(criteria[1]["weight"], "2.00")

    def test_no_new_version_when_nothing_changed(self):
        first = scorecard_version_current(scorecard=self.scorecard)
        self.scorecard.title = "Новое название"
        self.scorecard.description = "Не меняет критерии"
        self.scorecard.save()
        again = scorecard_version_current(scorecard=self.scorecard)
        self.assertEqual(again.pk, first.pk)
        self.assertEqual(ScorecardVersion.objects.filter(scorecard=self.scorecard).count(), 1)

    def test_editing_after_an_evaluation_leaves_its_score_and_version_unchanged(self):
        evaluation = self.evaluate()
        # greeting 1 + need 0 (weight 2) + product 1 + polite 1 → 3 / 5
        self.assertEqual(evaluation.score, Decimal("60.00"))
        frozen = ScorecardVersion.objects.get(pk=evaluation.scorecard_version_id).snapshot

        need = self.scorecard.criteria.get(code="need")
        need.weight = Decimal("10")
        need.critical = True
        need.save()
        Criterion.objects.create(
            scorecard=self.scorecard, sort_order=9, code="crm", text="Записал в CRM"
        )

        evaluation.refresh_from_db()
        self.assertEqual(evaluation.score, Decimal("60.00"))
        self.assertFalse(evaluation.critical_failed)
        self.assertEqual(evaluation.scorecard_version.number, 1)
        self.assertEqual(evaluation.scorecard_version.snapshot, frozen)

        later = self.evaluate(crm="yes")
        self.assertEqual(later.scorecard_version.number, 2)
        self.assertEqual(later.score, Decimal("0.00"))
        self.assertTrue(later.critical_failed)
        self.assertEqual(
            [c["code"] for c in later.scorecard_version.snapshot["criteria"]],
            ["greeting", "need", "product", "polite", "crm"],
        )

    def test_rewording_makes_a_new_version_and_keeps_the_old(self):
        first = scorecard_version_current(scorecard=self.scorecard)
        greeting = self.scorecard.criteria.get(code="greeting")
        greeting.text = "Поздоровался и представился"
        greeting.save()
        second = scorecard_version_current(scorecard=self.scorecard)
        self.assertEqual((first.number, second.number), (1, 2))
        self.assertEqual(second.snapshot["criteria"][0]["text"], "Поздоровался и представился")
        self.assertEqual(first.snapshot["criteria"][0]["text"], "Назвал своё имя и компанию")
