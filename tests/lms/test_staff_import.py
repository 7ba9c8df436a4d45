"""Staff import (``lms.people.importing``): formats, every rule of a row with its line and column,
all or nothing, idempotency and history, leavers and returners, plans and pairings, and the
``import_staff`` command."""

import datetime
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Assignment
from lms.people import roles
from lms.people.importing import staff_import
from lms.people.models import JobRole, StaffImport, StaffImportChange, StaffProfile, Team
from lms.people.services import staff_member_create
from mentoring.models import MentorProfile, Pairing
from tests.courses.factories import course_create, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, UserFactory, staff_user
from tests.lms.staff_files import EXAMPLES, HEADER, csv_file, example_rows, person, xlsx_file

User = get_user_model()


def run(rows, **options):
    """Import ``rows`` (header included) as a semicolon CSV in UTF-8 with BOM."""
    return staff_import(content=csv_file(rows), filename="staff.csv", **options)


def errors_of(result) -> list[tuple]:
    return [(e.line, e.column, str(e.message)) for e in result.errors]


class StaffImportCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.operator = JobRoleFactory(name="Оператор")
        cls.seller = JobRoleFactory(name="Продавец")

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def profile(self, employee_id) -> StaffProfile:
        return StaffProfile.objects.select_related("user", "team", "job_role").get(
            employee_id=employee_id
        )


class FormatTests(StaffImportCase):
    rows = [HEADER, person("A1", manager=""), person("A2", last_name="Ковалёв", manager="A1")]

    def assert_imported(self, result):
        self.assertEqual(result.errors, [])
        self.assertEqual(result.created, 2)
        self.assertEqual(self.profile("A2").user.last_name, "Ковалёв")
        self.assertEqual(self.profile("A2").line_manager, self.profile("A1").user)

    def test_utf8_without_bom_and_commas(self):
        content = csv_file(self.rows, delimiter=",", encoding="utf-8")
        self.assert_imported(staff_import(content=content, filename="staff.csv"))

    def test_utf8_with_bom_and_semicolons(self):
        content = csv_file(self.rows, delimiter=";", encoding="utf-8-sig")
        self.assert_imported(staff_import(content=content, filename="staff.csv"))

    def test_windows_1251_as_excel_saves_it_in_russian_windows(self):
        content = csv_file(self.rows, delimiter=";", encoding="cp1251")
        self.assert_imported(staff_import(content=content, filename="staff.csv"))

    def test_xlsx_first_sheet(self):
        self.assert_imported(staff_import(content=xlsx_file(self.rows), filename="staff.xlsx"))

    def test_xlsx_date_cells(self):
        rows = [HEADER, person("A1")]
        rows[1][HEADER.index("дата приёма")] = datetime.datetime(2025, 5, 4)
        result = staff_import(content=xlsx_file(rows), filename="staff.xlsx")

        self.assertEqual(result.errors, [])
        self.assertEqual(self.profile("A1").hire_date, datetime.date(2025, 5, 4))

    def test_english_headers_in_any_case_and_yo_spelled_e(self):
        rows = [
            ["Employee_ID", "LAST NAME", "first name", "Email", "Job Role", "Дата приема"],
            ["A1", "Петров", "Пётр", "p@example.ru", "оператор", "2026-02-03"],
        ]
        result = run(rows)

        self.assertEqual(result.errors, [])
        profile = self.profile("A1")
        self.assertEqual((profile.user.first_name, profile.job_role), ("Пётр", self.operator))
        self.assertEqual(profile.hire_date, datetime.date(2026, 2, 3))

    def test_unknown_columns_are_reported_and_ignored(self):
        rows = [[*HEADER, "Зарплата"], [*person("A1"), "100000"]]
        result = run(rows)

        self.assertEqual(result.errors, [])
        self.assertEqual(result.created, 1)
        self.assertEqual([(w.line, w.column) for w in result.warnings], [(1, "Зарплата")])

    def test_a_file_without_an_employee_id_column_imports_nothing(self):
        result = run([["фамилия", "имя"], ["Иванов", "Иван"]])

        self.assertEqual(len(result.errors), 1)
        self.assertEqual((result.errors[0].line, result.errors[0].column), (1, "employee_id"))
        self.assertFalse(StaffProfile.objects.exists())

    def import_example(self, name):
        content = (EXAMPLES / name).read_bytes()
        result = staff_import(content=content, filename=name, create_roles=True)

        self.assertEqual(errors_of(result), [])
        self.assertEqual(result.created, 8)
        self.assertEqual(self.profile("1002").user.last_name, "Ковалёв")

    def test_the_utf8_sample_imports(self):
        self.import_example("staff.csv")

    def test_the_windows_1251_sample_imports(self):
        self.import_example("staff-cp1251.csv")

    def test_sample_as_xlsx_imports(self):
        rows = example_rows("staff.csv")
        result = staff_import(content=xlsx_file(rows), filename="staff.xlsx", create_roles=True)

        self.assertEqual(errors_of(result), [])
        self.assertEqual(result.created, 8)
        newcomer = self.profile("1004")
        self.assertEqual(newcomer.line_manager, self.profile("1001").user)
        self.assertEqual(
            Pairing.objects.get(mentee=newcomer.user).mentor, self.profile("1002").user
        )
        self.assertFalse(self.profile("1007").user.is_active)
        self.assertEqual(
            set(self.profile("1008").user.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.AUTHORS, roles.CONTENT_LEADS},
        )


class RuleTests(StaffImportCase):
    """Every rule names the line and the column; nothing is written."""

    def assert_refused(self, rows, expected, **options):
        users_before, imports_before = User.objects.count(), StaffImport.objects.count()
        result = run(rows, **options)

        self.assertEqual([(line, column) for line, column, _m in errors_of(result)], expected)
        self.assertEqual(User.objects.count(), users_before)
        self.assertEqual(StaffImport.objects.count(), imports_before)
        return result

    def test_a_bad_date(self):
        result = self.assert_refused(
            [HEADER, person("A1"), person("A2", hired="31.02.2026")], [(3, "дата приёма")]
        )
        self.assertIn("31.02.2026", result.errors[0].message)

    def test_an_unknown_job_role(self):
        self.assert_refused([HEADER, person("A1", job_role="Космонавт")], [(2, "должность")])

    def test_an_unknown_job_role_is_created_with_create_roles(self):
        result = run([HEADER, person("A1", job_role="Космонавт")], create_roles=True)

        self.assertEqual(result.errors, [])
        self.assertEqual(self.profile("A1").job_role.name, "Космонавт")

    def test_a_duplicate_employee_id_in_the_file(self):
        result = self.assert_refused(
            [HEADER, person("A1"), person("a1", email="x@example.ru")], [(3, "табельный номер")]
        )
        self.assertIn("line 2", result.errors[0].message)

    def test_a_duplicate_email_in_the_file(self):
        self.assert_refused(
            [HEADER, person("A1", email="same@example.ru"), person("A2", email="Same@example.ru")],
            [(3, "почта")],
        )

    def test_an_email_of_another_person_in_the_system(self):
        staff_member_create(username="other", email="taken@example.ru").__class__.objects.filter(
            user__username="other"
        ).update(employee_id="B9")

        self.assert_refused([HEADER, person("A1", email="taken@example.ru")], [(2, "почта")])

    def test_a_new_email_of_a_known_person_that_someone_else_has(self):
        run([HEADER, person("A1"), person("A2")])

        self.assert_refused(
            [HEADER, person("A1", email="a2@example.ru"), person("A2", email="new@example.ru")],
            [(2, "почта")],
        )

    def test_a_line_manager_nobody_has(self):
        self.assert_refused([HEADER, person("A1", manager="Z9")], [(2, "руководитель")])

    def test_a_mentor_nobody_has(self):
        self.assert_refused([HEADER, person("A1", mentor="nobody@example.ru")], [(2, "наставник")])

    def test_a_manager_cycle_of_two(self):
        result = self.assert_refused(
            [HEADER, person("A1", manager="A2"), person("A2", manager="A1")],
            [(2, "руководитель"), (3, "руководитель")],
        )
        self.assertIn("A1 → A2 → A1", result.errors[0].message)

    def test_a_longer_manager_cycle(self):
        self.assert_refused(
            [
                HEADER,
                person("A1", manager="A2"),
                person("A2", manager="a3@example.ru"),
                person("A3", manager="A1"),
                person("A4", manager="A1"),
            ],
            [(2, "руководитель"), (3, "руководитель"), (4, "руководитель")],
        )

    def test_a_manager_cycle_through_someone_only_in_the_system(self):
        run([HEADER, person("A1"), person("A2", manager="A1")])

        # A2 (not in the file) reports to A1; A1 would now report to A2.
        self.assert_refused([HEADER, person("A1", manager="A2")], [(2, "руководитель")])

    def test_own_line_manager(self):
        self.assert_refused([HEADER, person("A1", manager="a1@example.ru")], [(2, "руководитель")])

    def test_own_mentor(self):
        self.assert_refused([HEADER, person("A1", mentor="A1")], [(2, "наставник")])

    def test_a_mentor_who_leaves_in_the_file(self):
        self.assert_refused(
            [HEADER, person("M1", status="уволен"), person("A1", mentor="M1")], [(3, "наставник")]
        )

    def test_a_mentor_who_has_left(self):
        run([HEADER, person("M1", status="left", left_on="2026-01-31", hired="2020-01-01")])

        self.assert_refused([HEADER, person("A1", mentor="M1")], [(2, "наставник")])

    def test_a_date_of_leaving_with_another_status(self):
        self.assert_refused(
            [HEADER, person("A1", status="solo", left_on="2026-05-01")], [(2, "дата увольнения")]
        )

    def test_leaving_before_being_hired(self):
        self.assert_refused(
            [HEADER, person("A1", status="left", hired="2026-05-01", left_on="2026-04-01")],
            [(2, "дата увольнения")],
        )

    def test_an_unknown_status_and_role(self):
        self.assert_refused(
            [HEADER, person("A1", status="в отпуске", roles="наставник, космонавт")],
            [(2, "статус"), (2, "роли")],
        )

    def test_a_username_someone_else_has(self):
        UserFactory(username="ivan")
        rows = [[*HEADER, "логин"], [*person("A1"), "ivan"], [*person("A2"), "bad name!"]]

        self.assert_refused(rows, [(2, "логин"), (3, "логин")])

    def test_a_bad_last_row_writes_nothing(self):
        rows = [HEADER, *[person(f"A{n}") for n in range(1, 50)], person("A50", hired="вчера")]

        self.assert_refused(rows, [(51, "дата приёма")])
        self.assertFalse(Team.objects.exists())

    def test_every_bad_row_is_named_in_the_order_of_the_file(self):
        self.assert_refused(
            [
                HEADER,
                person("A1", hired="2026-13-01"),
                person("A2", job_role="Нет такой"),
                person("A3", manager="A404"),
            ],
            [(2, "дата приёма"), (3, "должность"), (4, "руководитель")],
        )

    def test_messages_are_russian_in_russian(self):
        translation.activate("ru")
        result = run([HEADER, person("A1", hired="31.02.2026")])

        self.assertIn("строка 2", str(result.errors[0]))


class SyncTests(StaffImportCase):
    def test_creates_people_with_teams_roles_managers_and_learner_group(self):
        result = run(
            [
                HEADER,
                person("A1", team="Продажи", job_role="продавец", roles="руководитель"),
                person("A2", manager="a1@example.ru", status="solo", hired="2025-12-01"),
            ]
        )

        self.assertEqual((result.created, result.changed, result.deactivated), (2, 0, 0))
        boss, worker = self.profile("A1"), self.profile("A2")
        self.assertEqual((boss.team.name, boss.job_role), ("Продажи", self.seller))
        self.assertEqual(boss.user.username, "a1")
        self.assertFalse(boss.user.has_usable_password())
        self.assertEqual(
            set(boss.user.groups.values_list("name", flat=True)), {roles.LEARNERS, roles.MANAGERS}
        )
        self.assertEqual(worker.line_manager, boss.user)
        self.assertEqual(worker.status, StaffProfile.Status.SOLO)
        self.assertEqual(worker.hire_date, datetime.date(2025, 12, 1))
        self.assertEqual(list(worker.user.groups.values_list("name", flat=True)), [roles.LEARNERS])

    def test_usernames_made_from_emails_are_unique(self):
        UserFactory(username="ivan")
        run([HEADER, person("A1", email="ivan@a.ru"), person("A2", email="ivan@b.ru")])

        self.assertEqual(self.profile("A1").user.username, "ivan2")
        self.assertEqual(self.profile("A2").user.username, "ivan3")

    def test_importing_the_same_file_twice_changes_nothing(self):
        rows = [HEADER, person("A1", roles="наставник"), person("A2", manager="A1", mentor="A1")]
        run(rows)

        second = run(rows)

        self.assertEqual((second.created, second.changed, second.deactivated), (0, 0, 0))
        self.assertEqual(second.unchanged, 2)
        self.assertEqual(second.summary(), "0 created, 0 changed, 2 unchanged, 0 deactivated")
        self.assertFalse(StaffImportChange.objects.filter(staff_import=second.plan.record).exists())
        self.assertEqual(Pairing.objects.count(), 1)

    def test_one_changed_cell_changes_that_person_only_and_is_recorded(self):
        administrator = staff_user(roles=[roles.ADMINISTRATORS])
        rows = [HEADER, person("A1"), person("A2"), person("A3")]
        run(rows)
        rows[2] = person("A2", team="Продажи")

        result = run(rows, imported_by=administrator)

        self.assertEqual((result.created, result.changed, result.unchanged), (0, 1, 2))
        self.assertEqual(self.profile("A2").team.name, "Продажи")
        record = StaffImport.objects.get(pk=result.plan.record.pk)
        self.assertEqual(record.imported_by, administrator)
        self.assertEqual(record.file_name, "staff.csv")
        self.assertEqual(
            list(record.changes.values_list("employee_id", "field", "old_value", "new_value")),
            [("A2", "team", "Контакт-центр", "Продажи")],
        )
        self.assertEqual(record.changes.get().profile, self.profile("A2"))

    def test_a_column_the_file_lacks_is_left_alone(self):
        run([HEADER, person("A1", team="Продажи")])

        result = run([["табельный номер", "фамилия"], ["A1", "Петров"]])

        self.assertEqual(result.changed, 1)
        profile = self.profile("A1")
        self.assertEqual((profile.user.last_name, profile.team.name), ("Петров", "Продажи"))

    def test_an_account_typed_in_by_hand_is_taken_over_by_its_email(self):
        profile = staff_member_create(username="ivanov", email="ivanov@example.ru")

        result = run([HEADER, person("A1", email="IVANOV@example.ru", job_role="Оператор")])

        self.assertEqual((result.created, result.changed), (0, 1))
        profile.refresh_from_db()
        self.assertEqual((profile.employee_id, profile.job_role), ("A1", self.operator))
        self.assertEqual(User.objects.count(), 1)

    def test_status_left_locks_the_person_out_and_a_later_import_brings_them_back(self):
        run([HEADER, person("A1", status="solo")])

        left = run([HEADER, person("A1", status="уволен")])

        self.assertEqual((left.changed, left.deactivated), (0, 1))
        profile = self.profile("A1")
        self.assertEqual(profile.status, StaffProfile.Status.LEFT)
        self.assertEqual(profile.left_on, timezone.localdate())
        self.assertFalse(profile.user.is_active)

        back = run([HEADER, person("A1", status="самостоятельно")])

        self.assertEqual((back.changed, back.deactivated), (1, 0))
        profile = self.profile("A1")
        self.assertEqual((profile.status, profile.left_on), (StaffProfile.Status.SOLO, None))
        self.assertTrue(profile.user.is_active)

    def test_deactivate_missing(self):
        hand_made = staff_member_create(username="no-id")
        run([HEADER, person("A1"), person("A2")])

        result = run([HEADER, person("A1")], deactivate_missing=True)

        self.assertEqual((result.unchanged, result.deactivated), (1, 1))
        self.assertFalse(self.profile("A2").user.is_active)
        self.assertEqual(self.profile("A2").status, StaffProfile.Status.LEFT)
        # People without an employee ID are not HR's: they stay.
        hand_made.user.refresh_from_db()
        self.assertTrue(hand_made.user.is_active)
        self.assertEqual(run([HEADER, person("A1")], deactivate_missing=True).deactivated, 0)

    def test_new_staff_get_their_plan_and_a_new_job_role_its_plan(self):
        basics, sales = course_create(lessons=1), course_create(lessons=1)
        onboarding_plan_create(self.operator, [(basics, 3)])
        onboarding_plan_create(self.seller, [(sales, 10)])

        run([HEADER, person("A1", hired="2026-03-02")])
        run([HEADER, person("A1", hired="2026-03-02", job_role="Продавец")])

        user = self.profile("A1").user
        assignments = Assignment.objects.filter(user=user, source=Assignment.Source.ONBOARDING)
        self.assertEqual(
            {(a.course_id, timezone.localtime(a.due_at).date()) for a in assignments},
            {(basics.pk, datetime.date(2026, 3, 5)), (sales.pk, datetime.date(2026, 3, 12))},
        )

    def test_a_leaver_in_the_file_gets_no_plan(self):
        course = course_create(lessons=1)
        onboarding_plan_create(self.operator, [(course, 3)])

        run([HEADER, person("A1", status="left", hired="2020-01-01")])

        self.assertFalse(Assignment.objects.exists())

    def test_a_mentor_is_paired_with_a_newcomer_and_a_new_mentor_replaces_them(self):
        run([HEADER, person("M1", status="solo"), person("M2", status="solo")])

        run([HEADER, person("A1", mentor="M1")])
        first = Pairing.objects.get(mentee=self.profile("A1").user)
        run([HEADER, person("A1", mentor="m2@example.ru")])

        first.refresh_from_db()
        self.assertEqual(first.status, Pairing.Status.ENDED)
        active = Pairing.objects.get(status=Pairing.Status.ACTIVE)
        self.assertEqual(
            (active.mentee, active.mentor), (self.profile("A1").user, self.profile("M2").user)
        )
        self.assertTrue(MentorProfile.objects.filter(user=self.profile("M2").user).exists())

    def test_a_mentor_of_someone_not_onboarding_is_a_warning(self):
        run([HEADER, person("M1", status="solo")])

        result = run([HEADER, person("A1", status="solo", mentor="M1")])

        self.assertEqual(result.errors, [])
        self.assertEqual([(w.line, w.column) for w in result.warnings], [(2, "наставник")])
        self.assertFalse(Pairing.objects.exists())

    def test_a_dry_run_writes_nothing(self):
        result = run([HEADER, person("A1")], dry_run=True)

        self.assertEqual(result.created, 1)
        self.assertFalse(result.applied)
        self.assertFalse(User.objects.exists())
        self.assertEqual(
            [(c.field, c.new) for c in result.rows[0].changes if c.field in ("team", "status")],
            [("team", "Контакт-центр"), ("status", "onboarding")],
        )

    def test_invitations_for_new_people_with_an_email(self):
        with self.captureOnCommitCallbacks(execute=True):
            result = run([HEADER, person("A1"), person("A2", email="")], invite=True)

        self.assertEqual(result.plan.invited, [self.profile("A1").user_id])
        self.assertEqual([m.to for m in mail.outbox], [["a1@example.ru"]])


class PermissionTests(StaffImportCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.team = TeamFactory(name="Контакт-центр")
        cls.manager = staff_user(roles=[roles.MANAGERS], team=cls.team)
        cls.administrator = staff_user(roles=[roles.ADMINISTRATORS])
        StaffProfile.objects.filter(user=cls.administrator).update(employee_id="ADM")
        StaffProfile.objects.filter(user=cls.manager).update(employee_id="MGR")

    def test_a_manager_may_not_import(self):
        # A manager keeps the records of their own teams only; an import reaches everyone.
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            run([HEADER, person("A1")], imported_by=self.manager)
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())

    def test_nobody_locks_themselves_out(self):
        result = run(
            [HEADER, person("A1")], imported_by=self.administrator, deactivate_missing=True
        )

        self.assertEqual(len(result.errors), 1)  # the administrator themselves
        self.assertTrue(StaffProfile.objects.get(employee_id="ADM").user.is_active)
        self.assertTrue(StaffProfile.objects.get(employee_id="MGR").user.is_active)

    def test_a_learner_may_not_import(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            run([HEADER, person("A1")], imported_by=staff_user())


class CommandTests(StaffImportCase):
    """The command speaks the site's language (``LANGUAGE_CODE``, Russian)."""

    def setUp(self):
        translation.activate("ru")
        self.addCleanup(translation.deactivate)

    def write(self, rows) -> str:
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = Path(folder) / "staff.csv"
        path.write_bytes(csv_file(rows))
        return str(path)

    def call(self, *args):
        out, err = StringIO(), StringIO()
        call_command("import_staff", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_a_good_file(self):
        path = self.write([HEADER, person("A1"), person("A2")])

        out, _err = self.call(path)

        self.assertIn(
            "Импортировано: создано 2, изменено 0, без изменений 0, деактивировано 0.", out
        )

    def test_a_second_run_says_nothing_changed(self):
        path = self.write([HEADER, person("A1")])
        self.call(path)

        out, _err = self.call(path)

        self.assertIn("создано 0, изменено 0, без изменений 1, деактивировано 0", out)

    def test_a_dry_run(self):
        out, _err = self.call(self.write([HEADER, person("A1")]), "--dry-run")

        self.assertIn("создано 1", out)
        self.assertFalse(StaffProfile.objects.exists())

    def test_a_bad_file_exits_with_status_1_and_names_every_bad_row(self):
        path = self.write([HEADER, person("A1", hired="нет"), person("A2", manager="A9")])
        err = StringIO()

        with self.assertRaises(CommandError) as raised:
            call_command("import_staff", path, stdout=StringIO(), stderr=err)

        self.assertEqual(raised.exception.returncode, 1)
        lines = err.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("строка 2, столбец «дата приёма»"), lines)
        self.assertTrue(lines[1].startswith("строка 3, столбец «руководитель»"), lines)
        self.assertIn("ничего не импортировано", str(raised.exception))
        self.assertFalse(StaffProfile.objects.exists())

    def test_options(self):
        run([HEADER, person("A1"), person("A2")])
        path = self.write([HEADER, person("A1", job_role="Новая")])

        out, _err = self.call(path, "--create-roles", "--deactivate-missing", "--invite")

        self.assertIn("изменено 1", out)
        self.assertIn("деактивировано 1", out)
        self.assertTrue(JobRole.objects.filter(name="Новая").exists())


class FieldWordsTests(TestCase):
    def test_the_imports_field_words_leave_djangos_own_words_alone(self):
        # "username" is also the login form's label: the import's «логин» is in its own context.
        page = self.client.get(reverse("login"))

        self.assertContains(page, "Имя пользователя")
        self.assertNotContains(page, ">Логин")
