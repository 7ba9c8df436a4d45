"""What a manager's weekly digest says (``reports.selectors.digest``): scoped to the people they
manage themselves, silent when there is nothing to say, never an answer to a question."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.selectors.digest import digest_content_for, digest_managers, digest_week
from tests.factories import staff_user
from tests.reports.digest_world import DAY, NOW, DigestWorld


def names(section) -> list[str]:
    return [row["person"] for row in section.rows]


class DigestContentTests(DigestWorld):
    def test_the_manager_s_week(self):
        content = digest_content_for(manager=self.manager_a, now=NOW)

        self.assertEqual(
            [(r["person"], r["team"], r["title"], r["due"]) for r in content.overdue.rows],
            [
                (
                    "Лена Опоздалова",
                    "Контакт-центр",
                    "Тарифы 2027",
                    (NOW - 2 * DAY).date().isoformat(),
                )
            ],
        )
        self.assertEqual(
            [(r["person"], r["title"]) for r in content.finished.rows],
            [("Дима Сделалов", "Тарифы 2027")],
        )
        self.assertEqual(
            [(r["person"], r["mentor"]) for r in content.ready.rows],
            [("Рита Готова", "Мария Наставникова")],
        )
        self.assertEqual(
            [(r["person"], r["skill"]) for r in content.signoffs.rows],
            [("Вова Ждущий", "Поприветствовать")],
        )
        self.assertEqual(names(content.clearances), ["Ася Просилова"])
        self.assertEqual(
            content.questions, [{"label": "Срок действия тарифа", "asked": 3, "facility": 0}]
        )
        self.assertEqual(content.waiting, 2)
        self.assertFalse(content.empty)

    def test_a_manager_never_sees_another_team_s_people_or_questions(self):
        mine = digest_content_for(manager=self.manager_a, now=NOW).as_dict()
        theirs = digest_content_for(manager=self.manager_b, now=NOW)

        self.assertNotIn("Боря Чужой", str(mine))
        self.assertNotIn("Вопрос команды Б", str(mine))
        self.assertEqual(names(theirs.overdue), ["Боря Чужой"])
        self.assertEqual(names(theirs.signoffs), ["Боря Чужой"])
        self.assertEqual([q["label"] for q in theirs.questions], ["Вопрос команды Б"])
        self.assertEqual(theirs.finished.total + theirs.ready.total, 0)

    def test_leavers_are_left_out(self):
        content = digest_content_for(manager=self.manager_a, now=NOW)

        self.assertNotIn("Лёва Ушедший", str(content.as_dict()))

    def test_hr_get_a_digest_only_of_the_people_they_manage(self):
        content = digest_content_for(manager=self.hr, now=NOW)

        self.assertEqual(names(content.finished), ["Дима Сделалов"])
        self.assertEqual(content.overdue.total + content.signoffs.total + content.ready.total, 0)
        self.assertEqual(content.questions, [])

    def test_an_administrator_who_manages_nobody_has_nothing(self):
        self.assertTrue(digest_content_for(manager=self.admin, now=NOW).empty)

    def test_nothing_to_say(self):
        self.assertTrue(digest_content_for(manager=self.idle, now=NOW).empty)

    def test_finished_and_failed_are_of_the_last_seven_days(self):
        week_later = digest_content_for(manager=self.manager_a, now=NOW + 7 * DAY)

        self.assertEqual(week_later.finished.total, 0)
        self.assertEqual(week_later.questions, [])
        # Still overdue, still waiting: those do not age out.
        self.assertEqual(names(week_later.overdue), ["Лена Опоздалова"])
        self.assertEqual(week_later.signoffs.total, 1)

    def test_the_lists_are_cut_and_say_how_many_more(self):
        from reports.selectors import digest

        original = digest.LIST_LIMIT
        digest.LIST_LIMIT = 1
        try:
            content = digest_content_for(manager=self.manager_b, now=NOW + 30 * DAY)
            self.assertEqual((content.overdue.total, content.overdue.more), (1, 0))
            for user in (self.late, self.ready):
                user.staff_profile.team = self.team_b
                user.staff_profile.save()
            content = digest_content_for(manager=self.manager_b, now=NOW)
        finally:
            digest.LIST_LIMIT = original
        self.assertEqual(len(content.overdue.rows), 1)
        self.assertEqual((content.overdue.total, content.overdue.more), (2, 1))

    def test_round_trip_through_the_stored_json(self):
        content = digest_content_for(manager=self.manager_a, now=NOW)

        self.assertEqual(type(content).from_dict(content.as_dict()), content)


class DigestManagersTests(DigestWorld):
    def test_who_gets_a_digest(self):
        managers = set(digest_managers())

        self.assertEqual(managers, {self.manager_a, self.manager_b, self.idle, self.hr})

    def test_a_manager_without_an_email_address_or_an_open_account_gets_none(self):
        type(self.manager_b).objects.filter(pk=self.manager_b.pk).update(email="")
        type(self.idle).objects.filter(pk=self.idle.pk).update(is_active=False)

        self.assertEqual(set(digest_managers()), {self.manager_a, self.hr})

    def test_a_manager_of_leavers_only_gets_none(self):
        boss = staff_user(email="boss@example.com")
        self.leaver.staff_profile.line_manager = boss
        self.leaver.staff_profile.save()

        self.assertNotIn(boss, set(digest_managers()))


class DigestWeekTests(DigestWorld):
    def test_the_week_is_keyed_by_its_monday(self):
        monday = digest_week(now=NOW)

        self.assertEqual((monday.isoformat(), monday.weekday()), ("2026-11-23", 0))
        self.assertEqual(digest_week(now=NOW + 4 * DAY), monday)
        self.assertEqual(digest_week(now=NOW + 5 * DAY).isoformat(), "2026-11-30")


class DigestQueryCountTests(DigestWorld):
    def test_the_same_queries_for_a_few_or_many_people(self):
        def count() -> int:
            manager = type(self.manager_a).objects.get(pk=self.manager_a.pk)
            with CaptureQueriesContext(connection) as queries:
                digest_content_for(manager=manager, now=NOW)
            return len(queries)

        few = count()
        for _ in range(15):
            staff_user(team=self.team_a, job_role=self.role)

        self.assertEqual(count(), few)
