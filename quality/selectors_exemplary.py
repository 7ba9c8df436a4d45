"""Reads for the best-practice page: the exemplary evaluations whose people consented."""

from django.db.models import Prefetch, QuerySet

from quality.models import EvaluationAnswer, EvaluationEvent, ExemplaryMark


def examples_published() -> QuerySet[ExemplaryMark]:
    """The exemplary marks any signed-in staff member may read: those whose person consented
    (without or with their name), newest first, with the evaluation, its person, scorecard
    version and answers loaded. Consent is read at query time, so a withdrawal hides the
    example at once. Calibration scorings never appear: they cannot be marked; nor does an
    evaluation changed after a dispute (it no longer counts; the new one may be marked)."""
    return (
        ExemplaryMark.objects.exclude(consent=ExemplaryMark.Consent.NONE)
        .filter(evaluation__calibration__isnull=True)
        .exclude(evaluation__events__kind=EvaluationEvent.Kind.CHANGED)
        .select_related("evaluation__person", "evaluation__scorecard_version__scorecard")
        .prefetch_related(
            Prefetch("evaluation__answers", queryset=EvaluationAnswer.objects.order_by("id"))
        )
        .order_by("-marked_at", "-pk")
    )
