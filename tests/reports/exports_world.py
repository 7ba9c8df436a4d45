"""A small company for the export tests: two teams, their managers, HR, an administrator, a
learner and a mentor with nobody in scope, and records of every kind for one person of each
team.

- Team A ("Линия 1", managed by ``manager``): ``alice`` (employee id A-001, last name that
  starts like a formula), with a course assignment (the course's lesson gated by ``quiz``), an
  overdue quiz refresher, two submitted attempts at ``quiz`` (60 % then 90 %) and one
  supervised session by ``mentor`` rating two skills.
- Team B ("Линия 2", managed by ``other_manager``): ``bob`` (B-001) with one assignment, one
  attempt and one session.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from courses.models import Assignment
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import SkillRating
from quizzes.models import Attempt
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    PracticeSkillFactory,
    mentor_create,
    pairing_make,
    session_make,
)
from tests.quizzes.factories import quiz_create

INJECTED_NAME = '=HYPERLINK("http://evil.example","x")'
INJECTED_QUIZ = "+Тест по тарифам"
INJECTED_COURSE = "@Продажи"
NOW = timezone.now()


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _attempt(user, quiz, number, percent, *, started):
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=number,
        status=Attempt.Status.SUBMITTED,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=10),
        score=Decimal(percent) / 10,
        max_score=Decimal(10),
        percent=Decimal(percent),
        passed=percent >= 80,
    )


def export_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.team_a, w.team_b = TeamFactory(name="Линия 1"), TeamFactory(name="Линия 2")
    w.operator = JobRoleFactory(name="Оператор")
    w.manager = staff_user(roles=(roles.MANAGERS,), first_name="Мария", last_name="Петрова")
    w.team_a.managers.add(w.manager)
    w.other_manager = staff_user(roles=(roles.MANAGERS,))
    w.team_b.managers.add(w.other_manager)
    w.hr = staff_user(roles=(roles.HR,))
    w.admin = staff_user(roles=(roles.ADMINISTRATORS,))
    w.learner = staff_user(team=w.team_a, job_role=w.operator)
    w.mentor = mentor_create(team=w.team_a, first_name="Олег", last_name="Сидоров")

    w.alice = staff_user(
        team=w.team_a,
        job_role=w.operator,
        first_name="Алиса",
        last_name=INJECTED_NAME,
        line_manager=w.manager,
        hire_date=datetime.date(2026, 9, 1),
    )
    StaffProfile.objects.filter(user=w.alice).update(employee_id="A-001", middle_name="Ивановна")
    w.bob = staff_user(team=w.team_b, job_role=w.operator, first_name="Борис", last_name="Борисов")
    StaffProfile.objects.filter(user=w.bob).update(employee_id="B-001")

    w.quiz = quiz_create(title=INJECTED_QUIZ, pass_mark=80)
    w.course = course_create(title=INJECTED_COURSE, lessons=1, gates={0: w.quiz})
    w.course_assignment = Assignment.objects.create(
        user=w.alice,
        course=w.course,
        source=Assignment.Source.ONBOARDING,
        assigned_at=days_ago(40),
        due_at=days_ago(10),
        status=Assignment.Status.COMPLETED,
        completed_at=days_ago(20),
    )
    # Still "assigned" in the table: the export shows it overdue, as the clock does.
    w.quiz_assignment = Assignment.objects.create(
        user=w.alice,
        quiz_id=w.quiz.pk,
        source=Assignment.Source.REFRESHER,
        assigned_at=days_ago(5),
        due_at=days_ago(1),
    )
    w.bob_assignment = Assignment.objects.create(
        user=w.bob, course=w.course, source=Assignment.Source.MANUAL, assigned_at=days_ago(3)
    )
    w.attempt_1 = _attempt(w.alice, w.quiz, 1, 60, started=days_ago(30))
    w.attempt_2 = _attempt(w.alice, w.quiz, 2, 90, started=days_ago(25))
    w.bob_attempt = _attempt(w.bob, w.quiz, 1, 50, started=days_ago(2))

    w.greet = PracticeSkillFactory(job_role=w.operator, title="Поприветствовать", sort_order=1)
    w.complaint = PracticeSkillFactory(job_role=w.operator, title="-Разобрать жалобу", sort_order=2)
    pairing_make(mentee=w.alice, mentor=w.mentor)
    w.session = session_make(
        mentee=w.alice,
        ratings=[
            (w.complaint, SkillRating.Rating.WITH_SUPPORT),
            (w.greet, SkillRating.Rating.INDEPENDENT),
        ],
        stepped_in=True,
        occurred_at=days_ago(15),
        acknowledged=True,
    )
    other_mentor = mentor_create(team=w.team_b)
    pairing_make(mentee=w.bob, mentor=other_mentor)
    w.bob_session = session_make(mentee=w.bob, occurred_at=days_ago(2))
    return w
