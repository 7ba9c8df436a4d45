from decimal import Decimal

from django.test import SimpleTestCase

from courses.bonus import ComponentRule, achievement_percent, bonus_calculate

D = Decimal

FCR = ComponentRule(key="fcr", metric="FCR", weight=50, target=D("80"))
CSAT = ComponentRule(key="csat", metric="CSAT", weight=30, target=D("4.5"))
AHT = ComponentRule(key="aht", metric="AHT", weight=20, target=D("300"), higher_is_better=False)
RULES = [FCR, CSAT, AHT]
ON_TARGET = {"fcr": D("80"), "csat": D("4.5"), "aht": D("300")}


TARGET_BONUS = D("10000")


def calculate(actuals, *, rules=RULES, target_bonus=TARGET_BONUS, floor=70, cap=120):
    return bonus_calculate(
        rules=rules,
        actuals=actuals,
        target_bonus=target_bonus,
        floor_percent=floor,
        cap_percent=cap,
    )


def line(result, key):
    return next(line for line in result.lines if line.rule.key == key)


class AchievementPercentTests(SimpleTestCase):
    def test_higher_is_better_is_actual_over_target(self):
        self.assertEqual(
            achievement_percent(actual=D("90"), target=D("80"), higher_is_better=True),
            D("112.5"),
        )

    def test_lower_is_better_is_target_over_actual(self):
        self.assertEqual(
            achievement_percent(actual=D("240"), target=D("300"), higher_is_better=False),
            D("125"),
        )

    def test_zero_actual_where_lower_is_better_is_infinite(self):
        result = achievement_percent(actual=D("0"), target=D("300"), higher_is_better=False)

        self.assertFalse(result.is_finite())


class BonusCalculateTests(SimpleTestCase):
    def test_on_target_pays_exactly_the_target_bonus(self):
        result = calculate(ON_TARGET)

        self.assertEqual(result.total, D("10000.00"))
        self.assertEqual(result.total_percent, D("100.0"))
        self.assertEqual(
            [c.amount for c in result.lines], [D("5000.00"), D("3000.00"), D("2000.00")]
        )
        for component in result.lines:
            with self.subTest(metric=component.rule.metric):
                self.assertEqual(component.achievement_percent, D("100.0"))
                self.assertEqual(component.counted_percent, D("100.0"))
                self.assertFalse(component.below_floor)
                self.assertFalse(component.capped)

    def test_lines_follow_the_order_of_the_rules(self):
        result = calculate(ON_TARGET)

        self.assertEqual([c.rule for c in result.lines], RULES)

    def test_below_floor_pays_nothing_for_that_component(self):
        # FCR 55 of 80 = 68.75 % < 70 % floor.
        result = calculate({**ON_TARGET, "fcr": D("55")})

        fcr = line(result, "fcr")
        self.assertTrue(fcr.below_floor)
        self.assertEqual(fcr.amount, D("0.00"))
        self.assertEqual(fcr.counted_percent, D("0.0"))
        self.assertEqual(fcr.achievement_percent, D("68.8"))
        self.assertEqual(result.total, D("5000.00"))
        self.assertEqual(result.total_percent, D("50.0"))

    def test_exactly_at_floor_pays(self):
        # FCR 56 of 80 = exactly 70 %.
        result = calculate({**ON_TARGET, "fcr": D("56")})

        fcr = line(result, "fcr")
        self.assertFalse(fcr.below_floor)
        self.assertEqual(fcr.amount, D("3500.00"))

    def test_between_floor_and_target_pays_in_proportion(self):
        # CSAT 4.05 of 4.5 = 90 %: 3000 × 0.9.
        result = calculate({**ON_TARGET, "csat": D("4.05")})

        self.assertEqual(line(result, "csat").amount, D("2700.00"))
        self.assertEqual(result.total, D("9700.00"))

    def test_above_cap_is_capped(self):
        # FCR 120 of 80 = 150 %, capped at 120 %: 5000 × 1.2.
        result = calculate({**ON_TARGET, "fcr": D("120")})

        fcr = line(result, "fcr")
        self.assertTrue(fcr.capped)
        self.assertEqual(fcr.achievement_percent, D("150.0"))
        self.assertEqual(fcr.counted_percent, D("120.0"))
        self.assertEqual(fcr.amount, D("6000.00"))
        self.assertEqual(result.total, D("11000.00"))

    def test_exactly_at_cap_is_not_marked_capped(self):
        result = calculate({**ON_TARGET, "fcr": D("96")})

        fcr = line(result, "fcr")
        self.assertFalse(fcr.capped)
        self.assertEqual(fcr.amount, D("6000.00"))

    def test_everything_above_cap_pays_cap_times_target_bonus(self):
        result = calculate({"fcr": D("1000"), "csat": D("100"), "aht": D("1")})

        self.assertEqual(result.total, D("12000.00"))
        self.assertEqual(result.total_percent, D("120.0"))

    def test_lower_is_better_pays_more_for_less(self):
        # AHT 250 s against 300 s: 120 %, 2000 × 1.2.
        result = calculate({**ON_TARGET, "aht": D("250")})

        aht = line(result, "aht")
        self.assertEqual(aht.achievement_percent, D("120.0"))
        self.assertEqual(aht.amount, D("2400.00"))

    def test_lower_is_better_pays_less_for_more(self):
        # AHT 375 s against 300 s: 80 %, 2000 × 0.8.
        result = calculate({**ON_TARGET, "aht": D("375")})

        self.assertEqual(line(result, "aht").amount, D("1600.00"))

    def test_lower_is_better_below_floor_pays_nothing(self):
        # AHT 450 s against 300 s: 66.7 % < 70 %.
        result = calculate({**ON_TARGET, "aht": D("450")})

        aht = line(result, "aht")
        self.assertTrue(aht.below_floor)
        self.assertEqual(aht.amount, D("0.00"))

    def test_zero_actual_where_lower_is_better_counts_as_cap(self):
        result = calculate({**ON_TARGET, "aht": D("0")})

        aht = line(result, "aht")
        self.assertTrue(aht.capped)
        self.assertFalse(aht.below_floor)
        self.assertEqual(aht.achievement_percent, D("120.0"))
        self.assertEqual(aht.counted_percent, D("120.0"))
        self.assertEqual(aht.amount, D("2400.00"))
        self.assertEqual(result.total, D("10400.00"))

    def test_zero_actual_where_higher_is_better_pays_nothing(self):
        result = calculate({**ON_TARGET, "fcr": D("0")})

        fcr = line(result, "fcr")
        self.assertTrue(fcr.below_floor)
        self.assertEqual(fcr.amount, D("0.00"))

    def test_missing_result_pays_nothing_and_is_not_marked_below_floor(self):
        result = calculate({"fcr": D("80"), "csat": D("4.5")})

        aht = line(result, "aht")
        self.assertIsNone(aht.actual)
        self.assertEqual(aht.amount, D("0.00"))
        self.assertEqual(aht.achievement_percent, D("0.0"))
        self.assertFalse(aht.below_floor)
        self.assertFalse(aht.capped)
        self.assertEqual(result.total, D("8000.00"))

    def test_no_results_at_all_pay_nothing(self):
        result = calculate({})

        self.assertEqual(result.total, D("0"))
        self.assertEqual(result.total_percent, D("0.0"))

    def test_unknown_keys_are_ignored(self):
        result = calculate({**ON_TARGET, "nps": D("99")})

        self.assertEqual(result.total, D("10000.00"))
        self.assertEqual(len(result.lines), 3)

    def test_actuals_given_as_int_or_str_are_accepted(self):
        result = calculate({"fcr": 80, "csat": "4.5", "aht": 300})

        self.assertEqual(result.total, D("10000.00"))
        self.assertEqual(line(result, "fcr").actual, D("80"))

    def test_amounts_are_rounded_to_kopecks_half_up(self):
        rule = ComponentRule(key="x", metric="X", weight=100, target=D("3"))

        result = calculate({"x": D("2.5")}, rules=[rule], target_bonus=D("1000.01"))

        # 1000.01 × 1 × 83.333…% = 833.341666… → 833.34
        self.assertEqual(result.lines[0].amount, D("833.34"))
        self.assertEqual(result.lines[0].amount.as_tuple().exponent, -2)
        self.assertEqual(result.total, D("833.34"))

    def test_half_kopeck_rounds_up(self):
        # 0.25 × 50 % × 100 % = 0.125 → 0.13 (half up, not banker's 0.12).
        rule = ComponentRule(key="x", metric="X", weight=50, target=D("1"))

        result = calculate({"x": D("1")}, rules=[rule], target_bonus=D("0.25"))

        self.assertEqual(result.lines[0].amount, D("0.13"))

    def test_total_is_the_sum_of_rounded_amounts(self):
        rules = [
            ComponentRule(key=k, metric=k, weight=w, target=D("3"))
            for k, w in (("a", 33), ("b", 33), ("c", 34))
        ]

        result = calculate({"a": D("2.9"), "b": D("3.1"), "c": D("3")}, rules=rules)

        self.assertEqual(result.total, sum((c.amount for c in result.lines), D(0)))
        # a: 10000 × .33 × 96.666…% = 3190.00; b: 10000 × .33 × 103.333…% = 3410.00; c: 3400.
        self.assertEqual(
            [c.amount for c in result.lines], [D("3190.00"), D("3410.00"), D("3400.00")]
        )
        self.assertEqual(result.total, D("10000.00"))

    def test_weights_split_the_target_bonus(self):
        rules = [
            ComponentRule(key="a", metric="A", weight=70, target=D("10")),
            ComponentRule(key="b", metric="B", weight=30, target=D("10")),
        ]

        only_a = calculate({"a": D("10")}, rules=rules, target_bonus=D("20000"))
        only_b = calculate({"b": D("10")}, rules=rules, target_bonus=D("20000"))

        self.assertEqual(only_a.total, D("14000.00"))
        self.assertEqual(only_b.total, D("6000.00"))
        self.assertEqual(only_a.total_percent, D("70.0"))

    def test_floor_and_cap_come_from_the_scheme(self):
        result = calculate({**ON_TARGET, "fcr": D("60")}, floor=50, cap=200)
        self.assertEqual(line(result, "fcr").amount, D("3750.00"))

        result = calculate({**ON_TARGET, "fcr": D("160")}, floor=50, cap=200)
        self.assertEqual(line(result, "fcr").amount, D("10000.00"))

    def test_zero_target_bonus_gives_zero_percent(self):
        result = calculate(ON_TARGET, target_bonus=D("0"))

        self.assertEqual(result.total, D("0.00"))
        self.assertEqual(result.total_percent, D("0"))
