"""Each person's result in a mystery-shopping wave against their previous wave
(``quality/selectors_mystery.py``): the figures, the directions, the movers and the scope."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.test import TestCase

from lms.people import roles
from quality.selectors_mystery import DOWN, SAME, UP, wave_comparison
from quality.services.mystery_shopping import mystery_shopping_import
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import MYSTERY_HEADER, csv_bytes, scorecard_make, staff_with_id


def wave_import(name, scorecard, rows):
    result = mystery_shopping_import(
        content=csv_bytes([MYSTERY_HEADER, *rows]), wave_name=name, scorecard=scorecard
    )
    assert result.applied, [str(e) for e in result.errors]
    return result.plan.wave


class WavesData:
    """Three waves of one scorecard: autumn 2025 and winter for the baseline, summer to compare;
    a, b and c in a team with its manager, d in another team with another manager."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Продажи")
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_team = TeamFactory(name="Сервис")
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        cls.other_team.managers.add(cls.other_manager)
        cls.a = staff_with_id("E1", team=cls.team, first_name="Анна", last_name="Алексеева")
        cls.b = staff_with_id("E2", team=cls.team, first_name="Борис", last_name="Борисов")
        cls.c = staff_with_id("E3", team=cls.team, first_name="Вера", last_name="Васина")
        cls.d = staff_with_id("E4", team=cls.other_team, first_name="Глеб", last_name="Глебов")
        cls.learner = staff_user(team=cls.team)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make()
        wave_import("Осень 2025", cls.scorecard, [
            ["E1", "2025-10-01", "ТЦ", "нет", "нет", "0", "да", ""],
        ])  # fmt: skip
        cls.winter = wave_import("Зима 2026", cls.scorecard, [
            # (1 + 2 + 0.5 + 1) / 5 = 90 %
            ["E1", "2026-01-10", "ТЦ", "да", "да", "2", "да", ""],
            ["E2", "2026-01-11", "ТЦ", "да", "да", "4", "да", ""],
            ["E4", "2026-01-12", "ТЦ", "да", "да", "4", "да", ""],
        ])  # fmt: skip
        cls.summer = wave_import("Лето 2026", cls.scorecard, [
            ["E1", "2026-07-10", "ТЦ", "да", "да", "4", "да", ""],  # 100 %
            ["E1", "2026-07-11", "Вокзал", "да", "н/п", "3", "да", ""],  # 2.75 / 3 = 91.67 %
            ["E2", "2026-07-10", "ТЦ", "нет", "да", "4", "да", ""],  # 4 / 5 = 80 %
            ["E3", "2026-07-10", "ТЦ", "да", "да", "4", "да", ""],  # 100 %, no earlier wave
            ["E4", "2026-07-10", "ТЦ", "да", "да", "4", "нет", ""],  # critical: 0 %
        ])  # fmt: skip

    def rows(self, user, wave=None):
        comparison = wave_comparison(wave=wave or self.summer, user=user)
        return comparison, {row.person.pk: row for row in comparison.rows}


class WaveComparisonTests(WavesData, TestCase):
    def test_figures_against_the_previous_wave(self):
        comparison, rows = self.rows(self.qa)
        a = rows[self.a.pk]
        self.assertEqual(a.visits, 2)
        self.assertEqual(a.team, "Продажи")
        # The mean of 100 and 91.67, against winter (not autumn, which is older).
        self.assertEqual((a.score, a.previous), (Decimal("95.84"), Decimal("90.00")))
        self.assertEqual((a.change, a.direction), (Decimal("5.84"), UP))
        self.assertEqual(a.previous_wave, self.winter)
        criteria = {c.code: c for c in a.criteria}
        self.assertEqual(
            (criteria["product"].score, criteria["product"].previous, criteria["product"].change),
            (Decimal("87.50"), Decimal("50.00"), Decimal("37.50")),
        )
        self.assertEqual(criteria["product"].direction, UP)
        # "Not applicable" on the second visit leaves "need" at its one answer.
        self.assertEqual(
            (criteria["need"].score, criteria["need"].direction), (Decimal("100.00"), SAME)
        )
        b = rows[self.b.pk]
        self.assertEqual((b.score, b.previous, b.change, b.direction),
                         (Decimal("80.00"), Decimal("100.00"), Decimal("-20.00"), DOWN))  # fmt: skip
        self.assertEqual({c.code: c.direction for c in b.criteria}["greeting"], DOWN)
        c = rows[self.c.pk]
        self.assertEqual(
            (c.score, c.previous, c.direction, c.previous_wave),
            (Decimal("100.00"), None, None, None),
        )
        d = rows[self.d.pk]
        self.assertEqual(
            (d.score, d.change, d.direction), (Decimal("0.00"), Decimal("-100.00"), DOWN)
        )
        self.assertEqual([r.person for r in comparison.rows], [self.a, self.b, self.c, self.d])
        self.assertEqual([r.person for r in comparison.movers_up], [self.a])
        self.assertEqual([r.person for r in comparison.movers_down], [self.d, self.b])

    def test_winter_against_autumn_and_nothing_before_it(self):
        _comparison, rows = self.rows(self.qa, wave=self.winter)
        a = rows[self.a.pk]
        self.assertEqual(
            (a.score, a.previous, a.direction), (Decimal("90.00"), Decimal("20.00"), UP)
        )
        self.assertIsNone(rows[self.b.pk].previous)

    def test_scope(self):
        self.assertEqual(
            set(self.rows(self.admin)[1]), {self.a.pk, self.b.pk, self.c.pk, self.d.pk}
        )
        comparison, rows = self.rows(self.manager)
        self.assertEqual(set(rows), {self.a.pk, self.b.pk, self.c.pk})
        self.assertEqual([r.person for r in comparison.movers_down], [self.b])
        self.assertEqual(set(self.rows(self.other_manager)[1]), {self.d.pk})
        for user in (self.learner, self.a):
            with self.assertRaises(PermissionDenied):
                self.rows(user)

    def test_queries_do_not_grow_with_people(self):
        with self.assertNumQueries(6):
            wave_comparison(wave=self.summer, user=self.qa)
        more = [staff_with_id(f"X{n}", team=self.team) for n in range(5)]
        rows = [[f"X{n}", "2026-07-12", "ТЦ", "да", "да", "1", "да", ""] for n in range(5)]
        wave_import("Лето 2026", self.scorecard, rows)
        qa = type(self.qa).objects.get(pk=self.qa.pk)  # its roles not yet read
        with self.assertNumQueries(6):
            comparison = wave_comparison(wave=self.summer, user=qa)
        self.assertEqual(len(comparison.rows), 4 + len(more))
