"""Recording customer feedback (complaints, thanks, CSAT and NPS scores), once per the sending
system's ``external_id``: posted through the API or imported from a file."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.people.selectors import staff_profiles_managed_by
from quality.models import Channel, Feedback, FeedbackCategory
from quality.services.scoring import user_may_evaluate_anyone

ERROR_MAY_NOT_POST = _(
    "Only QA evaluators, administrators and the person's managers may record their feedback."
)
ERROR_EXTERNAL_ID = _("Give the id the feedback has in the system it comes from.")
ERROR_KIND = _("Give one of: complaint, thanks, csat, nps.")
ERROR_CHANNEL = _("Give one of: phone, chat, email, visit.")
ERROR_FUTURE_DATE = _("The contact cannot be in the future.")
ERROR_SCORE_REQUIRED = _("A %(kind)s needs a score from %(low)s to %(high)s.")
ERROR_SCORE_RANGE = _("A %(kind)s score is from %(low)s to %(high)s.")
ERROR_SCORE_FORBIDDEN = _("A complaint or thanks has no score; leave it empty.")
ERROR_NO_CATEGORY = _("No category “%(name)s”; known: %(known)s.")
ERROR_SEVERITY = _("Give one of: low, medium, high, critical (or leave it empty).")
ERROR_SEVERITY_FORBIDDEN = _(
    "Only a complaint has a severity; leave it empty for thanks, CSAT and NPS."
)
KEPT_FIRST = _(
    "Feedback with this external id was recorded before with other content; the first record "
    "is kept unchanged."
)
ALREADY_RECORDED = _("Feedback with this external id was recorded before; nothing changed.")

SCALES = {Feedback.Kind.CSAT: (1, 5), Feedback.Kind.NPS: (0, 10)}
# The fields compared when the same external id comes again.
COMPARED = ("kind", "person_id", "date", "channel", "text", "score", "severity",
            "category_id", "repeat_contact")  # fmt: skip


@dataclass(frozen=True)
class FeedbackRecorded:
    """``feedback`` as stored; ``created`` False when its external id was recorded before, and
    then ``differs`` says whether this post's content was other than the stored one's."""

    feedback: Feedback
    created: bool
    differs: bool = False

    @property
    def message(self) -> str:
        if self.created:
            return ""
        return str(KEPT_FIRST if self.differs else ALREADY_RECORDED)


def user_may_post_feedback(*, user: AbstractBaseUser, person: AbstractBaseUser) -> bool:
    """QA evaluators and administrators record anyone's feedback; managers (and HR) only of
    the people they manage (``staff_profiles_managed_by``). Nobody records their own, as nobody
    evaluates their own contacts."""
    if not user.is_authenticated or not user.is_active or user.pk == person.pk:
        return False
    if user_may_evaluate_anyone(user=user):
        return True
    return staff_profiles_managed_by(user=user).filter(user_id=person.pk).exists()


def feedback_category_find(name: str) -> FeedbackCategory | None:
    """The category named ``name``, ignoring case (Cyrillic too, which SQLite's ``iexact``
    does not fold) and the ends' spaces; None when none is. Categories are few: all are read."""
    wanted = name.strip().casefold()
    return next((c for c in FeedbackCategory.objects.all() if c.name.casefold() == wanted), None)


def feedback_errors(
    *,
    external_id: str,
    kind: str,
    date: datetime.date,
    channel: str,
    score: int | None,
    severity: str = "",
) -> dict[str, list[str]]:
    """What is wrong with these values, by field (empty when nothing): the rules shared by the
    API and the import."""
    errors: dict[str, list[str]] = {}
    if not external_id.strip():
        errors["external_id"] = [str(ERROR_EXTERNAL_ID)]
    if channel and channel not in Channel.values:
        errors["channel"] = [str(ERROR_CHANNEL)]
    if date > timezone.localdate():
        errors["date"] = [str(ERROR_FUTURE_DATE)]
    if kind not in Feedback.Kind.values:
        errors["kind"] = [str(ERROR_KIND)]
    elif kind in SCALES:
        low, high = SCALES[kind]
        values = {"kind": Feedback.Kind(kind).name, "low": low, "high": high}
        if score is None:
            errors["score"] = [str(ERROR_SCORE_REQUIRED % values)]
        elif not low <= score <= high:
            errors["score"] = [str(ERROR_SCORE_RANGE % values)]
    elif score is not None:
        errors["score"] = [str(ERROR_SCORE_FORBIDDEN)]
    if severity and severity not in Feedback.Severity.values:
        errors["severity"] = [str(ERROR_SEVERITY)]
    elif severity and kind in Feedback.Kind.values and kind != Feedback.Kind.COMPLAINT:
        errors["severity"] = [str(ERROR_SEVERITY_FORBIDDEN)]
    return errors


def _unknown_category(name: str) -> str:
    known = ", ".join(FeedbackCategory.objects.values_list("name", flat=True)) or "—"
    return str(ERROR_NO_CATEGORY % {"name": name, "known": known})


def feedback_record(
    *,
    external_id: str,
    kind: str,
    person: AbstractBaseUser,
    date: datetime.date,
    channel: str = "",
    text: str = "",
    score: int | None = None,
    severity: str = "",
    category: str = "",
    repeat_contact: bool = False,
    by: AbstractBaseUser | None = None,
) -> FeedbackRecorded:
    """Record feedback on ``person``'s contact, once per ``external_id``.

    When ``external_id`` was recorded before, nothing is written and the first record is
    returned (``created`` False, ``differs`` True when this content is other than the stored
    one). ``severity`` is one of ``Feedback.Severity`` for a complaint, empty for the other
    kinds. ``category`` is a category's name (any case). ``by`` is who posts it; when given it
    must be allowed (``user_may_post_feedback``), else ``PermissionDenied``. Raises
    ``ValidationError`` keyed by field (``score``, ``category``…) with every problem found."""
    if by is not None and not user_may_post_feedback(user=by, person=person):
        raise PermissionDenied(ERROR_MAY_NOT_POST)
    external_id = external_id.strip()
    errors = feedback_errors(
        external_id=external_id,
        kind=kind,
        date=date,
        channel=channel,
        score=score,
        severity=severity,
    )
    found = None
    if category.strip():
        found = feedback_category_find(category)
        if found is None:
            errors["category"] = [_unknown_category(category.strip())]
    if errors:
        raise ValidationError(errors)
    candidate = Feedback(
        external_id=external_id,
        kind=kind,
        person=person,
        date=date,
        channel=channel,
        text=text,
        score=score,
        severity=severity,
        category=found,
        repeat_contact=repeat_contact,
        created_by=by,
    )
    existing = Feedback.objects.filter(external_id=external_id).first()
    if existing is None:
        try:
            # A savepoint: two posts of one id at once, the second finds the first's record.
            with transaction.atomic():
                candidate.save()
            return FeedbackRecorded(candidate, created=True)
        except IntegrityError:
            existing = Feedback.objects.get(external_id=external_id)
    return FeedbackRecorded(existing, created=False, differs=feedback_differs(existing, candidate))


def feedback_differs(stored: Feedback, new: Feedback) -> bool:
    """Whether ``new`` says something other than ``stored`` (the recorder and time aside)."""
    return any(getattr(stored, name) != getattr(new, name) for name in COMPARED)
