"""Importing customer feedback from a CSV or XLSX file through ``lms.core.importing``: one row
per complaint, thanks or score, keyed on the sending system's ``external_id``.

All or nothing: a file with any error (line and column named) records nothing. Idempotent: a
row whose external id was recorded before (by an import or the API) is left as it is and
counted unchanged; when its content differs, a warning says the first record is kept.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lms.core import importing
from lms.core.importing import (
    CREATE,
    UNCHANGED,
    Column,
    ImportPlan,
    ImportResult,
    RowChange,
    Table,
    TableSpec,
)
from lms.people.models import StaffProfile
from quality.models import Channel, Feedback, FeedbackCategory
from quality.services.feedback import (
    ERROR_NO_CATEGORY,
    feedback_differs,
    feedback_errors,
)
from quality.services.scoring import user_may_evaluate_anyone

ERROR_MAY_NOT_IMPORT = _("Only QA evaluators and administrators import customer feedback.")
ERROR_NO_PERSON_COLUMN = _("the file needs a column “employee_id” or “email” to find the person")
ERROR_NO_PERSON_VALUE = _("give the person's employee ID or email")
ERROR_NO_EMPLOYEE = _("nobody has the employee ID “%(value)s”")
ERROR_NO_EMAIL = _("nobody has the email “%(value)s”")
ERROR_OWN_FEEDBACK = _("nobody records customer feedback on their own contacts")
ERROR_NOT_A_NUMBER = _("“%(value)s” is not a whole number")
WARNING_KEPT_FIRST = _(
    "“%(id)s” was recorded before with other content; the first record is kept unchanged"
)

KIND_WORDS = {
    "complaint": Feedback.Kind.COMPLAINT, "жалоба": Feedback.Kind.COMPLAINT,
    "thanks": Feedback.Kind.THANKS, "благодарность": Feedback.Kind.THANKS,
    "спасибо": Feedback.Kind.THANKS, "csat": Feedback.Kind.CSAT, "nps": Feedback.Kind.NPS,
}  # fmt: skip
KIND_SHOWN = ("complaint (жалоба)", "thanks (благодарность)", "csat", "nps")
CHANNEL_WORDS = {
    "phone": Channel.PHONE, "телефон": Channel.PHONE, "звонок": Channel.PHONE,
    "chat": Channel.CHAT, "чат": Channel.CHAT,
    "email": Channel.EMAIL, "e-mail": Channel.EMAIL, "почта": Channel.EMAIL,
    "visit": Channel.VISIT, "визит": Channel.VISIT, "в магазине": Channel.VISIT,
    "офис": Channel.VISIT,
}  # fmt: skip
CHANNEL_SHOWN = ("phone (телефон)", "chat (чат)", "email (почта)", "visit (визит)")
SEVERITY_WORDS = {
    "low": Feedback.Severity.LOW, "низкая": Feedback.Severity.LOW,
    "низкий": Feedback.Severity.LOW, "незначительная": Feedback.Severity.LOW,
    "medium": Feedback.Severity.MEDIUM, "средняя": Feedback.Severity.MEDIUM,
    "средний": Feedback.Severity.MEDIUM,
    "high": Feedback.Severity.HIGH, "высокая": Feedback.Severity.HIGH,
    "высокий": Feedback.Severity.HIGH, "серьёзная": Feedback.Severity.HIGH,
    "critical": Feedback.Severity.CRITICAL, "критическая": Feedback.Severity.CRITICAL,
    "критичная": Feedback.Severity.CRITICAL, "критический": Feedback.Severity.CRITICAL,
}  # fmt: skip
SEVERITY_SHOWN = ("low (низкая)", "medium (средняя)", "high (высокая)",
                  "critical (критическая)")  # fmt: skip
YES_NO = {"yes": True, "да": True, "1": True, "no": False, "нет": False, "0": False}


def _whole_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise importing.CellError(ERROR_NOT_A_NUMBER % {"value": value}) from None


SPEC = TableSpec(
    columns=(
        Column(
            "external_id",
            ("внешний id", "id обращения", "номер обращения", "id", "external id"),
            importing.text(max_length=200),
            required=True,
            unique=True,
        ),
        Column(
            "employee_id",
            ("табельный номер", "табельный", "таб. номер", "employee id", "personnel number"),
            importing.text(max_length=64),
        ),
        Column(
            "email",
            ("почта", "электронная почта", "эл. почта", "e-mail", "e mail"),
            importing.email,
        ),
        Column("date", ("дата", "дата обращения"), importing.date, required=True),
        Column(
            "kind",
            ("тип", "вид"),
            importing.choice(KIND_WORDS, shown=KIND_SHOWN),
            required=True,
        ),
        Column("channel", ("канал",), importing.choice(CHANNEL_WORDS, shown=CHANNEL_SHOWN)),
        Column("text", ("текст", "отзыв", "комментарий"), importing.text(max_length=10000)),
        Column("score", ("оценка", "балл"), _whole_number),
        Column(
            "severity",
            ("серьёзность", "важность", "критичность", "степень"),
            importing.choice(SEVERITY_WORDS, shown=SEVERITY_SHOWN),
        ),
        Column("category", ("категория",), importing.text(max_length=120)),
        Column(
            "repeat_contact",
            ("повторное обращение", "повторное", "repeat"),
            importing.choice(YES_NO, shown=("да", "нет")),
        ),
    )
)


@dataclass
class FeedbackImportPlan(ImportPlan):
    records: list[Feedback] = field(default_factory=list)


class FeedbackImporter:
    """The feedback import's columns, plan and apply (see the module docstring)."""

    spec = SPEC

    def __init__(self, *, imported_by: AbstractBaseUser | None = None):
        self.imported_by = imported_by

    def plan(self, table: Table) -> FeedbackImportPlan:
        plan = FeedbackImportPlan()
        if not table.has("employee_id") and not table.has("email"):
            plan.errors.append(importing.RowError(1, "", str(ERROR_NO_PERSON_COLUMN)))
            return plan
        rows = table.rows
        # Everything the rows name is read in a few set-based queries.
        by_employee = dict(
            StaffProfile.objects.filter(
                employee_id__in={r.get("employee_id") for r in rows if r.get("employee_id")}
            ).values_list("employee_id", "user_id")
        )
        emails = {r.get("email").lower() for r in rows if r.get("email")}
        by_email = dict(
            get_user_model()
            .objects.annotate(address=Lower("email"))
            .filter(address__in=emails)
            .values_list("address", "pk")
        )
        categories = {c.name.casefold(): c for c in FeedbackCategory.objects.all()}
        known = ", ".join(c.name for c in categories.values()) or "—"
        stored = Feedback.objects.in_bulk(
            [r.get("external_id") for r in rows if r.get("external_id")], field_name="external_id"
        )

        for row in rows:
            if any(row.get(n) is None for n in ("external_id", "date", "kind")):
                continue  # an empty or unreadable required cell is already an error
            if table.has("score") and not row.has("score"):
                continue
            person_id = self._person(table, plan, row, by_employee, by_email)
            external_id = row.get("external_id")
            for name, messages in feedback_errors(
                external_id=external_id,
                kind=row.get("kind"),
                date=row.get("date"),
                channel=row.get("channel", ""),
                score=row.get("score"),
                severity=row.get("severity", ""),
            ).items():
                for message in messages:
                    plan.errors.append(_located(table, row.line, name, message))
            category = None
            if row.get("category"):
                category = categories.get(row.get("category").casefold())
                if category is None:
                    message = ERROR_NO_CATEGORY % {"name": row.get("category"), "known": known}
                    plan.errors.append(_located(table, row.line, "category", message))
            if person_id is None:
                continue
            if self.imported_by is not None and person_id == self.imported_by.pk:
                name = "employee_id" if row.get("employee_id") else "email"
                plan.errors.append(_located(table, row.line, name, ERROR_OWN_FEEDBACK))
                continue
            record = Feedback(
                external_id=external_id,
                kind=row.get("kind"),
                person_id=person_id,
                date=row.get("date"),
                channel=row.get("channel", ""),
                text=row.get("text", ""),
                score=row.get("score"),
                severity=row.get("severity", ""),
                category=category,
                repeat_contact=row.get("repeat_contact", False),
                created_by=self.imported_by,
            )
            first = stored.get(external_id)
            action = CREATE if first is None else UNCHANGED
            plan.rows.append(RowChange(row.line, external_id, external_id, action))
            if first is None:
                plan.records.append(record)
            elif feedback_differs(first, record):
                warning = WARNING_KEPT_FIRST % {"id": external_id}
                plan.warnings.append(importing.RowError(row.line, "", str(warning)))
        return plan

    def _person(self, table, plan, row, by_employee, by_email) -> int | None:
        employee_id, email = row.get("employee_id"), row.get("email")
        if employee_id:
            if employee_id in by_employee:
                return by_employee[employee_id]
            message = ERROR_NO_EMPLOYEE % {"value": employee_id}
            plan.errors.append(_located(table, row.line, "employee_id", message))
            return None
        if email:
            if email.lower() in by_email:
                return by_email[email.lower()]
            message = ERROR_NO_EMAIL % {"value": email}
            plan.errors.append(_located(table, row.line, "email", message))
            return None
        if row.has("email") or row.has("employee_id"):
            name = "employee_id" if table.has("employee_id") else "email"
            plan.errors.append(_located(table, row.line, name, ERROR_NO_PERSON_VALUE))
        return None

    def apply(self, plan: FeedbackImportPlan) -> None:
        Feedback.objects.bulk_create(plan.records, batch_size=1000)


def _located(table: Table, line: int, name: str, message) -> importing.RowError:
    return importing.RowError(line, table.header(name), str(message))


def feedback_import_allowed(*, user: AbstractBaseUser) -> bool:
    """Who imports feedback files (the command line aside): QA evaluators and administrators,
    since a file may name anyone (managers post their own people's through the API)."""
    return user_may_evaluate_anyone(user=user)


def feedback_import(
    *,
    content: bytes,
    filename: str = "",
    imported_by: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Preview (``dry_run``) or import a feedback file (see the module docstring); nothing is
    written when the result has errors. ``imported_by`` is stored as who recorded the new rows
    (None: the command line); when given it must be allowed (``feedback_import_allowed``), else
    ``PermissionDenied``."""
    if imported_by is not None and not feedback_import_allowed(user=imported_by):
        raise PermissionDenied(ERROR_MAY_NOT_IMPORT)
    return importing.table_import(
        importer=FeedbackImporter(imported_by=imported_by),
        content=content,
        filename=filename,
        dry_run=dry_run,
    )
