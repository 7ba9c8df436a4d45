"""A small company for the weekly digest's tests (see ``DigestWorld``)."""

import datetime

from django.test import TestCase
from django.utils import timezone

from courses.models import Assignment
from courses.services import assignment_create
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.services import clearance_request, signoff_create
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
)
from tests.quizzes.factories import attempt_take, quiz_create, right_answer, single_choice_create

# A Wednesday noon in the company's time zone: the digest's clock in these tests.
NOW = timezone.make_aware(datetime.datetime(2026, 11, 25, 12, 0))
DAY = datetime.timedelta(days=1)
SITE = "https://nastavnik.example.com"


def answer_wrong_to(hard_ids):
    """An answer function: wrong (the first wrong choice) for ``hard_ids``, right otherwise."""

    def answer(snapshot):
        if snapshot["question_id"] in hard_ids:
            return {"choices": [next(c["id"] for c in snapshot["choices"] if not c["correct"])]}
        return right_answer(snapshot)

    return answer


class DigestWorld(TestCase):
    """Team A (``manager_a``): ``late`` has an overdue course, ``done`` finished one yesterday
    (and one ten days ago), ``ready`` has every skill signed off, ``waiting`` has a sign-off
    waiting, ``asked`` has a clearance waiting; together they fail ``hard`` three times.
    Team B (``manager_b``): ``stranger`` is overdue, has a sign-off waiting and fails ``other``.
    ``hr`` (HR role) is the line manager of ``done`` only; ``idle`` manages team C, where
    nothing happened; ``admin`` manages nobody."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Контакт-центр")
        cls.team_b = TeamFactory(name="Офис продаж")
        cls.team_c = TeamFactory(name="Склад")
        cls.role = JobRoleFactory(name="Оператор")
        cls.manager_a = staff_user(
            roles=[roles.MANAGERS], username="manager_a", email="a@example.com",
            first_name="Алла", last_name="Главная",
        )  # fmt: skip
        cls.manager_b = staff_user(
            roles=[roles.MANAGERS], username="manager_b", email="b@example.com"
        )
        cls.idle = staff_user(roles=[roles.MANAGERS], username="idle", email="c@example.com")
        cls.hr = staff_user(roles=[roles.HR], username="hr", email="hr@example.com")
        cls.admin = staff_user(
            roles=[roles.ADMINISTRATORS], username="admin", email="x@example.com"
        )
        cls.team_a.managers.add(cls.manager_a)
        cls.team_b.managers.add(cls.manager_b)
        cls.team_c.managers.add(cls.idle)
        staff_user(team=cls.team_c, job_role=cls.role, status=StaffProfile.Status.SOLO)
        cls.mentor = mentor_create(
            capacity=10, first_name="Мария", last_name="Наставникова",
            status=StaffProfile.Status.SOLO,
        )  # fmt: skip
        cls.greet = PracticeSkillFactory(
            job_role=cls.role, title="Поприветствовать", sessions_required=1
        )

        def person(first, last, team=None, **fields):
            return staff_user(
                first_name=first, last_name=last, team=team or cls.team_a, job_role=cls.role,
                hire_date=(NOW - 20 * DAY).date(), **fields,
            )  # fmt: skip

        cls.late = person("Лена", "Опоздалова")
        cls.done = person("Дима", "Сделалов", line_manager=cls.hr)
        cls.ready = person("Рита", "Готова")
        cls.waiting = person("Вова", "Ждущий")
        cls.asked = person("Ася", "Просилова")
        cls.stranger = person("Боря", "Чужой", team=cls.team_b)
        cls.leaver = person("Лёва", "Ушедший", status=StaffProfile.Status.LEFT)

        cls.course = course_create(lessons=1, title="Тарифы 2027")
        cls.old_course = course_create(lessons=1, title="Старый курс")
        for user in (cls.late, cls.stranger, cls.leaver):
            assignment_create(
                user=user, course=cls.course, source=Assignment.Source.MANUAL,
                due_at=NOW - 2 * DAY, assigned_at=NOW - 10 * DAY,
            )  # fmt: skip
        for course, completed in ((cls.course, NOW - DAY), (cls.old_course, NOW - 10 * DAY)):
            assignment, _ = assignment_create(
                user=cls.done, course=course, source=Assignment.Source.MANUAL,
                due_at=NOW + 5 * DAY, assigned_at=NOW - 20 * DAY,
            )  # fmt: skip
            Assignment.objects.filter(pk=assignment.pk).update(
                status=Assignment.Status.COMPLETED, completed_at=completed
            )

        for user in (cls.ready, cls.waiting, cls.asked, cls.stranger):
            pairing_make(mentee=user, mentor=cls.mentor)
            evidence_make(user, cls.greet, 1, occurred_at=NOW - 3 * DAY)
        for user in (cls.ready, cls.asked):
            signoff_create(mentee=user, skill=cls.greet, signed_by=cls.mentor)
        clearance_request(mentee=cls.asked, requested_by=cls.mentor)

        cls.hard = single_choice_create(
            title="Срок действия тарифа", right="Тридцать дней", wrong=["Год"]
        )
        cls.easy = single_choice_create(title="Как поздороваться")
        cls.other = single_choice_create(title="Вопрос команды Б")
        quiz = quiz_create(questions=[cls.hard, cls.easy, cls.other])
        for user in (cls.late, cls.waiting, cls.ready):
            attempt_take(user, quiz, answer_wrong_to({cls.hard.pk}), now=NOW - 2 * DAY)
        for _ in range(3):
            attempt_take(cls.stranger, quiz, answer_wrong_to({cls.other.pk}), now=NOW - 2 * DAY)
