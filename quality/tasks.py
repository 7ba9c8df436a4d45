"""django-q2 entry points of quality control: ids in, one service call, no rules."""

from quality.models import Evaluation
from quality.services.weak_spots import weak_spots_scan


def weak_spots_check(evaluation_id: int) -> int:
    """Apply the weak-spot rule to the person of a new evaluation; returns how many weak spots
    it found. Idempotent, so a retried task assigns nothing twice."""
    person_id = (
        Evaluation.objects.filter(pk=evaluation_id).values_list("person_id", flat=True).first()
    )
    if person_id is None:
        return 0
    return weak_spots_scan(person_ids=[person_id]).found


def weak_spots_scan_all() -> dict:
    """The daily scan of everyone (catches evaluations imported in bulk, and recoveries)."""
    result = weak_spots_scan()
    return {"found": result.found, "closed": result.closed, "recovered": result.recovered}
