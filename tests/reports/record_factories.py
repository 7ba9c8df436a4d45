"""Data for the person-record tests: one newcomer with something in every section, and the
people around them (each reader of the permission matrix).

``RecordData.setUpTestData`` makes:

- ``person``: an onboarding operator of ``team`` (employee ID "E-100", line manager
  ``manager``), paired with ``mentor``;
- ``plan_assignment`` (an onboarding course, completed), ``quiz_assignment`` (a manual quiz,
  completed by its pass), ``overdue_assignment`` (a manual course past its due date),
  ``refresher_assignment`` (a refresher of ``refresher_quiz``, open);
- two attempts at ``quiz`` (one failed, one passed at 100 %), which give review cards;
- a supervised session with notes and a reflection, a sign-off, a confirmed clearance;
- a refresher policy for ``refresher_quiz``; one daily review of a card two days ago;
- ``colleague`` (a learner of the same team), ``other_mentor`` (mentoring someone else),
  ``other_manager`` (of ``other_team``), ``hr``, ``admin``.
"""

import datetime

from django.utils import timezone

from courses.models import Assignment, RefresherPolicy
from lms.people import roles
from mentoring.models import SignOff, SoloClearance
from quizzes.models import ReviewCard, ReviewLog
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    PracticeSkillFactory,
    mentor_create,
    pairing_make,
    session_make,
)
from tests.quizzes.factories import (
    attempt_take,
    category_create,
    quiz_create,
    single_choice_create,
    wrong_answer,
)

REFLECTION = "Я поняла, что надо слушать клиента до конца."
STRENGTHS = "Спокойно выслушала претензию."
TO_IMPROVE = "Предлагать решение раньше."
RIGHT_CHOICE = "Правильный вариант про тариф"
WRONG_CHOICE = "Неправильный вариант про тариф"


def person_make(*, team, job_role, line_manager=None, **fields):
    """An onboarding staff member of ``team`` with an employee ID."""
    user = staff_user(team=team, job_role=job_role, line_manager=line_manager, **fields)
    return user


class RecordData:
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.role = JobRoleFactory(name="Оператор")
        cls.skill = PracticeSkillFactory(job_role=cls.role, title="Принять жалобу")
        cls.team = TeamFactory(name="Контакт-центр")
        cls.other_team = TeamFactory(name="Продажи")
        cls.manager = staff_user(roles=[roles.MANAGERS], first_name="Мария", last_name="Главная")
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS], team=cls.other_team)
        cls.other_team.managers.add(cls.other_manager)
        cls.hr = staff_user(roles=[roles.HR])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.mentor = mentor_create(first_name="Анна", last_name="Наставница", team=cls.team)
        cls.other_mentor = mentor_create(team=cls.team)
        cls.person = person_make(
            team=cls.team,
            job_role=cls.role,
            line_manager=cls.manager,
            first_name="Ирина",
            last_name="Новикова",
        )
        cls.person.staff_profile.employee_id = "E-100"
        cls.person.staff_profile.save()
        cls.colleague = staff_user(team=cls.team, job_role=cls.role)
        cls.other_newcomer = staff_user(team=cls.team, job_role=cls.role)
        pairing_make(mentee=cls.person, mentor=cls.mentor)
        pairing_make(mentee=cls.other_newcomer, mentor=cls.other_mentor)

        # The plan.
        cls.category = category_create("Тарифы")
        question = single_choice_create(
            text="Какой тариф?", right=RIGHT_CHOICE, wrong=[WRONG_CHOICE], category=cls.category
        )
        cls.quiz = quiz_create(title="Проверка по тарифам", questions=[question], pass_mark=80)
        cls.gate_quiz = quiz_create(
            title="Итог урока",
            questions=[single_choice_create(text="Итог?", right="Да", wrong=["Нет"])],
        )
        # The first lesson is open from the start, so its quiz can be taken.
        cls.course = course_create(
            title="Знакомство с продуктами", lessons=2, gates={0: cls.gate_quiz}
        )
        cls.refresher_quiz = quiz_create(
            title="Повторение правил",
            questions=[single_choice_create(text="Правило?", right="Да", wrong=["Нет"])],
        )
        week_ago = now - datetime.timedelta(days=7)
        cls.plan_assignment = Assignment.objects.create(
            user=cls.person,
            course=cls.course,
            source=Assignment.Source.ONBOARDING,
            assigned_at=week_ago,
            due_at=now + datetime.timedelta(days=7),
            status=Assignment.Status.COMPLETED,
            completed_at=now - datetime.timedelta(days=1),
        )
        cls.quiz_assignment = Assignment.objects.create(
            user=cls.person,
            quiz_id=cls.quiz.pk,
            source=Assignment.Source.MANUAL,
            assigned_by=cls.manager,
            assigned_at=week_ago,
            due_at=now + datetime.timedelta(days=1),
        )
        cls.overdue_course = course_create(title="Работа с CRM", lessons=1)
        cls.overdue_assignment = Assignment.objects.create(
            user=cls.person,
            course=cls.overdue_course,
            source=Assignment.Source.MANUAL,
            assigned_by=cls.manager,
            assigned_at=week_ago,
            due_at=now - datetime.timedelta(days=1),
        )
        cls.refresher_assignment = Assignment.objects.create(
            user=cls.person,
            quiz_id=cls.refresher_quiz.pk,
            source=Assignment.Source.REFRESHER,
            assigned_at=week_ago,
            due_at=now + datetime.timedelta(days=3),
        )
        cls.policy = RefresherPolicy.objects.create(
            title="Правила раз в полгода", quiz_id=cls.refresher_quiz.pk
        )

        # Attempts: a fail, then a pass; and the course's gate quiz passed.
        cls.failed = attempt_take(cls.person, cls.quiz, wrong_answer)
        cls.passed = attempt_take(cls.person, cls.quiz)
        cls.gate_attempt = attempt_take(cls.person, cls.gate_quiz)

        # Spaced review: one daily review of a card two days ago.
        card = ReviewCard.objects.filter(user=cls.person).first()
        ReviewLog.objects.create(
            card=card,
            user=cls.person,
            source=ReviewLog.Source.REVIEW,
            rating=ReviewLog.Rating.GOOD,
            correct=True,
            reviewed_at=now - datetime.timedelta(days=2),
        )

        # Mentoring.
        cls.session = session_make(
            mentee=cls.person,
            ratings=[(cls.skill, INDEPENDENT)],
            strengths=STRENGTHS,
            to_improve=TO_IMPROVE,
            mentee_reflection=REFLECTION,
            acknowledged=True,
        )
        cls.sign_off = SignOff.objects.create(
            mentee=cls.person, skill=cls.skill, signed_by=cls.mentor
        )
        cls.clearance = SoloClearance.objects.create(
            mentee=cls.person,
            requested_by=cls.mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_by=cls.manager,
            decided_at=now,
            days_to_solo=12,
        )
