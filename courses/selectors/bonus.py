"""Reads: the bonus scheme page, its components and worked examples."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from courses.bonus import BonusResult, ComponentRule, bonus_calculate
from courses.models import BonusComponent, BonusSchemePage
from lms.people.models import JobRole


@dataclass(frozen=True)
class BonusExample:
    title: str
    job_role: JobRole | None
    story: str
    result: BonusResult


def _bonus_rules(components: list[BonusComponent]) -> list[ComponentRule]:
    return [
        ComponentRule(
            key=c.pk,
            metric=c.metric,
            weight=c.weight,
            target=c.target,
            higher_is_better=c.higher_is_better,
        )
        for c in components
    ]


def bonus_components(*, scheme: BonusSchemePage) -> list[BonusComponent]:
    """The scheme's components in the editors' order."""
    return list(BonusComponent.objects.filter(page=scheme).order_by("sort_order"))


def bonus_scheme_detail(
    *,
    scheme: BonusSchemePage,
    components: list[BonusComponent],
    actuals: Mapping[int, Decimal] | None = None,
) -> dict:
    """The worked examples computed from ``components``, and the what-if result for
    ``actuals`` (results by component id) when given."""
    rules = _bonus_rules(components)
    by_metric = {c.metric.strip().casefold(): c.pk for c in components}

    def calculate(actuals):
        return bonus_calculate(
            rules=rules,
            actuals=actuals,
            target_bonus=scheme.target_bonus,
            floor_percent=scheme.payout_floor,
            cap_percent=scheme.payout_cap,
        )

    examples = []
    for block in scheme.examples:
        example_actuals = {
            by_metric[a["metric"].strip().casefold()]: Decimal(a["value"])
            for a in block.value["actuals"]
            if a["metric"].strip().casefold() in by_metric
        }
        examples.append(
            BonusExample(
                title=block.value["title"],
                job_role=block.value["job_role"],
                story=block.value["story"],
                result=calculate(example_actuals),
            )
        )

    return {
        "components": components,
        "examples": examples,
        "calculation": calculate(actuals) if actuals is not None else None,
    }
