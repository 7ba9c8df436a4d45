"""A disputed mystery-shopping visit changed by a resolver (``quality/services/reviews.py``): the
replacement stays the same visit of the same wave, the wave comparison reads the replacement and
not the superseded visit, and importing the wave's file again re-creates nothing."""

import importlib
from decimal import Decimal

from django.apps import apps
from django.test import TestCase
from django.urls import reverse

from quality.models import Criterion, Evaluation, EvaluationEvent
from quality.selectors_mystery import SAME, UP
from quality.selectors_trends import WAVE, trend_read, trend_subject_for
from quality.services.mystery_shopping import mystery_shopping_import
from quality.services.reviews import (
    change_criteria,
    evaluation_dispute,
    evaluation_dispute_change,
)
from quality.services.scoring import AnswerIn
from tests.api.helpers import API
from tests.quality.factories import MYSTERY_HEADER, criterion_ids, csv_bytes
from tests.quality.test_selectors_mystery import WavesData

SUMMER_ROWS = [
    ["E1", "2026-07-10", "ТЦ", "да", "да", "4", "да", ""],
    ["E1", "2026-07-11", "Вокзал", "да", "н/п", "3", "да", ""],
    ["E2", "2026-07-10", "ТЦ", "нет", "да", "4", "да", ""],
    ["E3", "2026-07-10", "ТЦ", "да", "да", "4", "да", ""],
    ["E4", "2026-07-10", "ТЦ", "да", "да", "4", "нет", ""],
]


class ChangedVisitTests(WavesData, TestCase):
    def visit(self, person, wave=None):
        return Evaluation.objects.get(wave=wave or self.summer, person=person, revision=0)

    def change(self, visit, *, greeting="yes", resolver=None):
        """The person disputes ``visit``; the resolver passes it with ``greeting`` changed."""
        evaluation_dispute(evaluation=visit, user=visit.person, reason="Я поздоровался")
        ids = criterion_ids(self.scorecard)
        answers = [
            AnswerIn(ids["greeting"], greeting),
            AnswerIn(ids["need"], "yes"),
            AnswerIn(ids["product"], 4),
            AnswerIn(ids["polite"], "yes"),
        ]
        return evaluation_dispute_change(
            evaluation=visit,
            user=resolver or self.manager,
            reason="На записи приветствие есть",
            answers=answers,
            comment="Исправлено",
        )

    def test_the_replacement_is_the_same_visit_one_revision_up(self):
        old = self.visit(self.b)
        new = self.change(old)
        self.assertEqual(
            (new.wave, new.location, new.source, new.person, new.contact_date, new.channel),
            (self.summer, "ТЦ", Evaluation.Source.MYSTERY_SHOPPING, self.b, old.contact_date,
             old.channel),
        )  # fmt: skip
        self.assertEqual((old.revision, new.revision), (0, 1))
        self.assertEqual(new.scorecard_version, self.summer.scorecard_version)
        self.assertEqual(new.score, Decimal("100.00"))
        self.assertEqual(
            EvaluationEvent.objects.get(evaluation=old, kind="changed").new_evaluation, new
        )
        # The replacement may be disputed and changed in its turn: two revisions up.
        newer = self.change(new, greeting="no", resolver=self.qa)
        self.assertEqual((newer.wave, newer.location, newer.revision), (self.summer, "ТЦ", 2))

    def test_the_wave_comparison_reads_the_replacement_only(self):
        _comparison, rows = self.rows(self.qa)
        self.assertEqual(rows[self.b.pk].score, Decimal("80.00"))
        self.change(self.visit(self.b))
        comparison, rows = self.rows(self.qa)
        b = rows[self.b.pk]
        self.assertEqual((b.visits, b.score, b.previous), (1, Decimal("100.00"), Decimal("100.00")))
        self.assertEqual((b.change, b.direction), (Decimal("0.00"), SAME))
        self.assertEqual({c.code: c.score for c in b.criteria}["greeting"], Decimal("100.00"))
        self.assertNotIn(self.b, [r.person for r in comparison.movers_down])

    def test_the_previous_wave_is_read_through_its_replacement_too(self):
        # Anna's winter visit (90 %) changed to 100 %: summer (95.84 %) is now down on it.
        self.change(self.visit(self.a, wave=self.winter))
        _comparison, rows = self.rows(self.qa)
        a = rows[self.a.pk]
        self.assertEqual((a.previous, a.direction), (Decimal("100.00"), "down"))
        _comparison, rows = self.rows(self.qa, wave=self.winter)
        self.assertEqual(
            (rows[self.a.pk].score, rows[self.a.pk].direction), (Decimal("100.00"), UP)
        )

    def test_the_trend_by_wave_counts_the_replacement(self):
        subject = trend_subject_for(viewer=self.qa, person_id=self.b.pk)
        self.change(self.visit(self.b))
        points = {p.period: p for p in trend_read(subject=subject, by=WAVE).points}
        self.assertEqual((points["Лето 2026"].score, points["Лето 2026"].count),
                         (Decimal("100.00"), 1))  # fmt: skip

    def test_the_same_file_again_re_creates_nothing(self):
        self.change(self.visit(self.b))
        count = Evaluation.objects.filter(wave=self.summer).count()
        result = mystery_shopping_import(
            content=csv_bytes([MYSTERY_HEADER, *SUMMER_ROWS]),
            wave_name="Лето 2026",
            scorecard=self.scorecard,
        )
        self.assertEqual([str(e) for e in result.errors], [])
        self.assertEqual((result.created, result.unchanged), (0, len(SUMMER_ROWS)))
        self.assertEqual(Evaluation.objects.filter(wave=self.summer).count(), count)
        self.assertEqual(self.rows(self.qa)[1][self.b.pk].score, Decimal("100.00"))

    def test_a_line_matching_no_revision_is_still_refused(self):
        self.change(self.visit(self.b))
        rows = [list(row) for row in SUMMER_ROWS]
        rows[2][5] = "3"  # neither the visit as imported nor as changed
        result = mystery_shopping_import(
            content=csv_bytes([MYSTERY_HEADER, *rows]),
            wave_name="Лето 2026",
            scorecard=self.scorecard,
        )
        self.assertFalse(result.applied)
        self.assertEqual([e.line for e in result.errors], [4])

    def test_a_visit_is_changed_against_its_waves_version(self):
        visit = self.visit(self.b)
        # The scorecard gains a criterion after the wave: the change answers the wave's four.
        Criterion.objects.create(
            scorecard=self.scorecard, sort_order=9, code="crm", text="Занёс в CRM"
        )
        codes = [c["code"] for c in change_criteria(evaluation=visit)]
        self.assertEqual(codes, ["greeting", "need", "product", "polite"])
        new = self.change(visit)
        self.assertEqual(new.scorecard_version, self.summer.scorecard_version)
        self.client.force_login(self.qa)
        evaluation_dispute(evaluation=new, user=self.b, reason="Ещё раз")
        response = self.client.get(reverse("quality:evaluation_resolve", args=[new.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Занёс в CRM")

    def test_the_api_change_keeps_the_visit_in_its_wave(self):
        visit = self.visit(self.b)
        evaluation_dispute(evaluation=visit, user=self.b, reason="Я поздоровался")
        ids = criterion_ids(self.scorecard)
        answers = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}
        body = {
            "decision": "change",
            "reason": "На записи приветствие есть",
            "answers": [{"criterion_id": ids[c], "value": v} for c, v in answers.items()],
        }
        self.client.force_login(self.manager)
        response = self.client.post(
            f"{API}/quality/evaluations/{visit.pk}/resolve", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        new = Evaluation.objects.get(pk=response.json()["superseded_by"])
        self.assertEqual((new.wave, new.location, new.revision), (self.summer, "ТЦ", 1))

    def test_replacements_made_before_the_fix_join_their_wave(self):
        old = self.visit(self.b)
        new = self.change(old)
        # As the change used to make it: no wave, no location, an ordinary evaluation.
        Evaluation.objects.filter(pk=new.pk).update(
            wave=None, location="", source=Evaluation.Source.EVALUATION, revision=0
        )
        migration = importlib.import_module("quality.migrations.0008_visit_revision")
        migration.replacements_join_their_wave(apps, None)
        new.refresh_from_db()
        self.assertEqual(
            (new.wave, new.location, new.source, new.revision),
            (self.summer, "ТЦ", Evaluation.Source.MYSTERY_SHOPPING, 1),
        )
