"""Scorecard versions: the frozen criteria evaluations are scored against."""

from decimal import Decimal

from django.db import transaction

from quality.models import Scorecard, ScorecardVersion


def weight_text(weight: Decimal) -> str:
    """A weight as the snapshot keeps it: exact decimal text with two places."""
    return str(Decimal(weight).quantize(Decimal("0.01")))


def scorecard_snapshot(*, scorecard: Scorecard) -> dict:
    """The scorecard's criteria as they are now, in its order, as plain JSON values. Reads
    ``scorecard.criteria.all()``, so a prefetched scorecard costs no query."""
    return {
        "criteria": [
            {
                "id": criterion.pk,
                "code": criterion.code,
                "text": criterion.text,
                "section": criterion.section,
                "weight": weight_text(criterion.weight),
                "scale": criterion.scale,
                "max_points": criterion.max_points if criterion.scale == "points" else None,
                "na_allowed": criterion.na_allowed,
                "critical": criterion.critical,
            }
            for criterion in sorted(
                scorecard.criteria.all(), key=lambda c: (c.sort_order or 0, c.pk)
            )
        ]
    }


@transaction.atomic
def scorecard_version_current(*, scorecard: Scorecard) -> ScorecardVersion:
    """The scorecard's latest version when it still matches the scorecard's criteria, or a new
    version (numbered one above the latest) frozen from them. Idempotent."""
    # Lock the scorecard so that two evaluations saved at once make one version, not two.
    Scorecard.objects.select_for_update().filter(pk=scorecard.pk).first()
    snapshot = scorecard_snapshot(scorecard=scorecard)
    latest = ScorecardVersion.objects.filter(scorecard=scorecard).order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        return latest
    return ScorecardVersion.objects.create(
        scorecard=scorecard, number=(latest.number + 1) if latest else 1, snapshot=snapshot
    )
