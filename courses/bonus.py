"""The bonus arithmetic, in one place: the explainer's examples and the what-if calculator
both call ``bonus_calculate``, so what the page says and what it computes cannot drift apart.

For each component, achievement is result ÷ target (target ÷ result where less is better).
Below the scheme's floor the component pays nothing; above its cap it pays no more than the cap.
The component pays ``target bonus × weight × achievement``; the bonus is the sum.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ComponentRule:
    key: object
    metric: str
    weight: int
    target: Decimal
    higher_is_better: bool = True


@dataclass(frozen=True)
class ComponentResult:
    rule: ComponentRule
    actual: Decimal | None
    achievement_percent: Decimal
    counted_percent: Decimal
    amount: Decimal
    below_floor: bool
    capped: bool


@dataclass(frozen=True)
class BonusResult:
    lines: list[ComponentResult]
    total: Decimal
    total_percent: Decimal


def achievement_percent(*, actual: Decimal, target: Decimal, higher_is_better: bool) -> Decimal:
    """How far ``actual`` reaches ``target``, in per cent (100 = exactly on target)."""
    if higher_is_better:
        return actual / target * HUNDRED
    if actual <= 0:
        # Zero waiting time or zero complaints: as good as it gets.
        return Decimal("Infinity")
    return target / actual * HUNDRED


def bonus_calculate(
    *,
    rules: list[ComponentRule],
    actuals: dict[object, Decimal],
    target_bonus: Decimal,
    floor_percent: int,
    cap_percent: int,
) -> BonusResult:
    """The bonus for ``actuals`` (by rule key); a component without a result pays nothing."""
    lines = []
    for rule in rules:
        actual = actuals.get(rule.key)
        if actual is None:
            achieved = Decimal(0)
        else:
            achieved = achievement_percent(
                actual=Decimal(actual), target=rule.target, higher_is_better=rule.higher_is_better
            )
        below_floor = achieved < floor_percent
        capped = achieved > cap_percent
        counted = Decimal(0) if below_floor else min(achieved, Decimal(cap_percent))
        amount = (target_bonus * rule.weight / HUNDRED * counted / HUNDRED).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        shown = achieved if achieved.is_finite() else Decimal(cap_percent)
        lines.append(
            ComponentResult(
                rule=rule,
                actual=None if actual is None else Decimal(actual),
                achievement_percent=shown.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                counted_percent=counted.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                amount=amount,
                below_floor=below_floor and actual is not None,
                capped=capped,
            )
        )
    total = sum((line.amount for line in lines), Decimal(0))
    total_percent = (
        (total / target_bonus * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if target_bonus
        else Decimal(0)
    )
    return BonusResult(lines=lines, total=total, total_percent=total_percent)
