"""Mystery shopping: a wave's visits or calls imported from an agency's file (CSV in UTF-8 or
Windows-1251, comma or semicolon, or XLSX) through the shared pipeline in
``lms.core.importing``.

One row per visit: ``employee_id`` (or ``email``), ``date``, ``location``, one column per
criterion of the scorecard (the header is the criterion's code; yes/no/да/нет/1/0, points, or
N/A / н/п where the criterion allows it) and ``comment``. Each visit is stored as an
``Evaluation`` with ``wave`` set and ``source`` "mystery shopping", scored by
``quality.services.scoring.score_compute`` against the wave's scorecard version, so a visit
scores exactly as an evaluation of a real contact does.

All or nothing: any error (unknown employee, unknown or missing criterion column, a value off
the scale, N/A where not allowed, a row twice) imports nothing and names its line and column.
Idempotent: a visit is keyed by wave + employee + date + location; re-importing the same file
into the same wave finds every visit unchanged and writes nothing — also a visit changed after
a dispute, whose replacement keeps the key one revision up: its line matches the visit as
imported, and nothing is re-created. A visit already in the wave with other answers (than any of
its revisions) is an error (visits are never edited in place).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core import importing
from lms.core.importing import (
    CREATE,
    UNCHANGED,
    CellError,
    Column,
    ImportPlan,
    ImportResult,
    RowChange,
    RowError,
    Table,
    TableSpec,
    normalise,
)
from lms.people.models import StaffProfile
from quality.models import (
    Channel,
    Evaluation,
    EvaluationAnswer,
    MysteryShoppingWave,
    Scorecard,
)
from quality.services.scoring import (
    NA,
    NO,
    YES,
    AnswerValue,
    answer_check,
    score_compute,
    user_may_evaluate_anyone,
)
from quality.services.versions import scorecard_snapshot, scorecard_version_current

ERROR_MAY_NOT_IMPORT = _("Only QA evaluators and administrators import mystery shopping.")
ERROR_WAVE_SCORECARD = _(
    "the wave “%(wave)s” was imported with the scorecard “%(scorecard)s”; "
    "import into it with the same scorecard"
)
ERROR_NO_PERSON_COLUMN = _("the file needs a column “employee_id” or “email”")
ERROR_UNKNOWN_EMPLOYEE = _("no employee “%(value)s”")
ERROR_UNKNOWN_CRITERION = _(
    "“%(column)s” is not a criterion of this scorecard; its criteria: %(codes)s"
)
ERROR_ANSWER = _("“%(value)s” is not an answer; write yes/no/да/нет/1/0, points or N/A")
ERROR_FUTURE = _("the visit cannot be in the future")
ERROR_TWICE = _("the same employee, date and location as line %(line)s")
ERROR_DIFFERS = _(
    "this visit is already in the wave with other answers; visits are not changed by an import"
)
ERROR_SCORECARD_NOT_FOUND = _("No scorecard “%(value)s”.")
ERROR_SCORECARD_AMBIGUOUS = _("Several scorecards are titled “%(value)s”; give its id.")

PERSON_COLUMNS = ("employee_id", "email")
YES_WORDS = ("yes", "да", "y", "д", "+", "true")
NO_WORDS = ("no", "нет", "n", "н", "-", "false")
NA_WORDS = ("n/a", "na", "н/п", "нп", "н/a", "не применимо", "not applicable")


def answer_parse(criterion: dict):
    """The parser of one criterion's column: a cell's text → "yes", "no", "na" or points,
    checked against the criterion (``answer_check``: the scale, N/A only where allowed)."""

    def parse(value: str) -> AnswerValue:
        word = normalise(value)
        answer: AnswerValue
        if word in NA_WORDS:
            answer = NA
        elif criterion["scale"] == "points":
            try:
                answer = int(word.replace(",", ".").removesuffix(".0"))
            except ValueError:
                raise CellError(ERROR_ANSWER % {"value": value}) from None
        elif word in YES_WORDS or word == "1":
            answer = YES
        elif word in NO_WORDS or word == "0":
            answer = NO
        else:
            raise CellError(ERROR_ANSWER % {"value": value})
        message = answer_check(criterion, answer)
        if message:
            raise CellError(message)
        return answer

    return parse


def mystery_shopping_import_allowed(*, user: AbstractBaseUser) -> bool:
    """Who imports waves (the command line aside): QA evaluators and administrators."""
    return user_may_evaluate_anyone(user=user)


def scorecard_find(*, value: str) -> Scorecard:
    """The scorecard with the id or the exact title ``value``; ``LookupError`` with a message
    otherwise."""
    if value.isdigit() and (found := Scorecard.objects.filter(pk=int(value)).first()):
        return found
    matches = list(Scorecard.objects.filter(title=value)[:2])
    if not matches:
        raise LookupError(str(ERROR_SCORECARD_NOT_FOUND % {"value": value}))
    if len(matches) > 1:
        raise LookupError(str(ERROR_SCORECARD_AMBIGUOUS % {"value": value}))
    return matches[0]


@dataclass
class VisitIn:
    line: int
    person_id: int
    contact_date: datetime.date
    location: str
    comment: str
    answers: dict[int, AnswerValue]


@dataclass
class MysteryPlan(ImportPlan):
    visits: list[VisitIn] = field(default_factory=list)
    wave: MysteryShoppingWave | None = None


class MysteryShoppingImporter:
    """The importer of one wave's file (see the module docstring). Reading the wave and the
    scorecard's criteria happens here; nothing is written before ``apply``."""

    def __init__(
        self,
        *,
        wave_name: str,
        scorecard: Scorecard,
        imported_by: AbstractBaseUser | None = None,
        provider: str = "",
        channel: str = Channel.VISIT,
        period: tuple[datetime.date, datetime.date] | None = None,
    ):
        self.wave_name = wave_name
        self.scorecard = scorecard
        self.imported_by = imported_by
        self.provider = provider
        self.channel = channel
        self.period = period
        self.wave = MysteryShoppingWave.objects.filter(name=wave_name).first()
        if self.wave is not None and self.wave.scorecard_id == scorecard.pk:
            self.criteria = self.wave.scorecard_version.snapshot["criteria"]
        else:
            self.criteria = scorecard_snapshot(scorecard=scorecard)["criteria"]
        self.spec = TableSpec(
            columns=(
                Column("employee_id", ("табельный номер", "employee id", "табельный")),
                Column("email", ("e-mail", "почта"), parse=importing.email),
                Column("date", ("дата",), parse=importing.date, required=True),
                Column("location", ("точка", "адрес", "место")),
                Column("comment", ("комментарий",)),
                *(Column(c["code"], (), answer_parse(c), required=True) for c in self.criteria),
            )
        )

    def plan(self, table: Table) -> MysteryPlan:
        plan = MysteryPlan()
        if self.wave is not None and self.wave.scorecard_id != self.scorecard.pk:
            message = ERROR_WAVE_SCORECARD % {
                "wave": self.wave.name,
                "scorecard": self.wave.scorecard.title,
            }
            plan.errors.append(RowError(None, "", message))
            return plan
        plan.wave = self.wave
        self._unknown_columns_refuse(table, plan)
        if not any(table.has(name) for name in PERSON_COLUMNS):
            plan.errors.append(RowError(1, "", ERROR_NO_PERSON_COLUMN))
            return plan
        people = self._people(table)
        existing = self._existing()
        today = timezone.localdate()
        seen: dict[tuple, int] = {}
        for row in table.rows:
            person_id, column = None, ""
            for name in PERSON_COLUMNS:
                if table.has(name) and row.get(name):
                    column = name
                    person_id = people[name].get(str(row.get(name)).casefold())
                    break
            if person_id is None:
                value = row.cells.get(column, "") if column else ""
                message = (
                    ERROR_UNKNOWN_EMPLOYEE % {"value": value} if value else importing.ERROR_REQUIRED
                )
                header = table.header(column or next(n for n in PERSON_COLUMNS if table.has(n)))
                plan.errors.append(RowError(row.line, header, message))
                continue
            contact_date = row.get("date")
            if contact_date is None:
                continue  # the pipeline reported it
            if contact_date > today:
                plan.errors.append(RowError(row.line, table.header("date"), ERROR_FUTURE))
            location = row.get("location", "")
            key = (person_id, contact_date, location)
            if key in seen:
                plan.errors.append(RowError(row.line, "", ERROR_TWICE % {"line": seen[key]}))
                continue
            seen[key] = row.line
            answers = {}
            for criterion in self.criteria:
                value = row.values.get(criterion["code"])
                if value is not None:
                    answers[criterion["id"]] = value
            if len(answers) < len(self.criteria):
                continue  # a cell was refused or empty; the pipeline reported it
            visit = VisitIn(
                line=row.line,
                person_id=person_id,
                contact_date=contact_date,
                location=location,
                comment=row.get("comment", ""),
                answers=answers,
            )
            label = f"{row.cells.get(column)} {contact_date.isoformat()} {location}".strip()
            before = existing.get(key)
            if before is None:
                plan.visits.append(visit)
                plan.rows.append(RowChange(row.line, label, label, CREATE))
            elif (visit.comment, self._stored(answers)) in before:
                plan.rows.append(RowChange(row.line, label, label, UNCHANGED))
            else:
                plan.errors.append(RowError(row.line, "", ERROR_DIFFERS))
        return plan

    def _unknown_columns_refuse(self, table: Table, plan: MysteryPlan) -> None:
        plan.errors.extend(self.unknown_columns(table.warnings))

    def unknown_columns(self, warnings: list[RowError]) -> list[RowError]:
        """A column the scorecard does not know is an error here, not a warning: an agency's
        misspelt criterion would otherwise be dropped without a word. Takes those warnings out
        of ``warnings`` and returns them as errors."""
        codes = ", ".join(c["code"] for c in self.criteria)
        errors, kept = [], []
        for warning in warnings:
            if warning.line == 1 and warning.column:
                message = ERROR_UNKNOWN_CRITERION % {"column": warning.column, "codes": codes}
                errors.append(RowError(1, warning.column, message))
            else:
                kept.append(warning)
        warnings[:] = kept
        return errors

    def _people(self, table: Table) -> dict[str, dict[str, int]]:
        """Employee ids and emails of the file (case-insensitive) → user ids, in two queries."""
        ids = {str(r.get("employee_id")) for r in table.rows if r.get("employee_id")}
        emails = {str(r.get("email")).casefold() for r in table.rows if r.get("email")}
        by_id = dict(
            StaffProfile.objects.filter(employee_id__in=ids).values_list("employee_id", "user_id")
        )
        users = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "pk")
        )
        return {
            "employee_id": {key.casefold(): value for key, value in by_id.items()},
            "email": dict(users),
        }

    def _existing(self) -> dict[tuple, list[tuple]]:
        """The wave's visits: (person, date, location) → (comment, answers as stored) of each
        of its revisions. A visit changed after a dispute keeps its key, so its file's line,
        imported again, matches the revision as imported and is left as it is."""
        if self.wave is None:
            return {}
        visits = Evaluation.objects.filter(wave=self.wave).prefetch_related("answers")
        existing: dict[tuple, list[tuple]] = {}
        for v in visits:
            existing.setdefault((v.person_id, v.contact_date, v.location), []).append(
                (v.comment, {a.criterion_id: (a.value, a.points) for a in v.answers.all()})
            )
        return existing

    def _stored(self, answers: dict[int, AnswerValue]) -> dict[int, tuple]:
        return {
            criterion_id: (
                (EvaluationAnswer.Value.POINTS, value) if isinstance(value, int) else (value, None)
            )
            for criterion_id, value in answers.items()
        }

    def apply(self, plan: MysteryPlan) -> None:
        """Create the wave when new, then the new visits with their answers, set-based."""
        wave = plan.wave
        if wave is None:
            dates = [visit.contact_date for visit in plan.visits] or [timezone.localdate()]
            start, end = self.period or (min(dates), max(dates))
            wave = MysteryShoppingWave(
                name=self.wave_name,
                period_start=start,
                period_end=end,
                scorecard=self.scorecard,
                scorecard_version=scorecard_version_current(scorecard=self.scorecard),
                provider=self.provider,
                created_by=self.imported_by,
            )
            wave.full_clean()
            wave.save()
        criteria = wave.scorecard_version.snapshot["criteria"]
        by_id = {c["id"]: c for c in criteria}
        evaluations = []
        for visit in plan.visits:
            result = score_compute(criteria=criteria, answers=visit.answers)
            evaluations.append(
                Evaluation(
                    person_id=visit.person_id,
                    evaluator=self.imported_by,
                    source=Evaluation.Source.MYSTERY_SHOPPING,
                    wave=wave,
                    scorecard_version=wave.scorecard_version,
                    channel=self.channel,
                    contact_date=visit.contact_date,
                    location=visit.location,
                    comment=visit.comment,
                    score=result.score,
                    critical_failed=result.critical_failed,
                )
            )
        Evaluation.objects.bulk_create(evaluations)
        answers = []
        for evaluation, visit in zip(evaluations, plan.visits, strict=True):
            for criterion_id, value in visit.answers.items():
                is_points = isinstance(value, int)
                answers.append(
                    EvaluationAnswer(
                        evaluation=evaluation,
                        criterion_id=criterion_id,
                        criterion_code=by_id[criterion_id]["code"],
                        value=EvaluationAnswer.Value.POINTS if is_points else value,
                        points=value if is_points else None,
                    )
                )
        EvaluationAnswer.objects.bulk_create(answers)
        plan.wave = wave


def mystery_shopping_import(
    *,
    content: bytes,
    wave_name: str,
    scorecard: Scorecard,
    filename: str = "",
    imported_by: AbstractBaseUser | None = None,
    dry_run: bool = False,
    provider: str = "",
    channel: str = Channel.VISIT,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> ImportResult:
    """Preview (``dry_run``) or import a wave's file; see the module docstring. The wave is
    created by the first import that names it (its period from ``period`` or the file's first
    and last dates). ``imported_by`` (None: the command line) must be a QA evaluator or an
    administrator, else ``PermissionDenied``; they become the visits' evaluator. Nothing is
    written when the result has errors; ``result.plan.wave`` is the wave after an import."""
    if imported_by is not None and not mystery_shopping_import_allowed(user=imported_by):
        raise PermissionDenied(ERROR_MAY_NOT_IMPORT)
    importer = MysteryShoppingImporter(
        wave_name=wave_name,
        scorecard=scorecard,
        imported_by=imported_by,
        provider=provider,
        channel=channel,
        period=period,
    )
    result = importing.table_import(
        importer=importer, content=content, filename=filename, dry_run=dry_run
    )
    if result.plan is None:
        # The header was refused, so no plan was made: report its unknown columns all the same.
        result.errors = [*importer.unknown_columns(result.warnings), *result.errors]
    return result
