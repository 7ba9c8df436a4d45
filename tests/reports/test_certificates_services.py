"""Issuing certificates (``reports.services.certificates``): on completion of a marked course or
a whole marked onboarding plan, once; with the score of the gates and the expiry of the
refresher policy; and revoking them (who may, with what reason)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from courses.models import Assignment, CoursePage, OnboardingPlan, RefresherPolicy
from courses.services import assignment_create, lesson_complete
from lms.notifications.models import Notification
from lms.people import roles
from quizzes.models import AttemptQuestion
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from reports.models import CODE_LENGTH, Certificate
from reports.notifications import CERTIFICATE_ISSUED, CERTIFICATE_REVOKED
from reports.services.certificates import (
    ERROR_ALREADY_REVOKED,
    ERROR_NOT_IN_SCOPE,
    ERROR_REASON_REQUIRED,
    certificate_issue,
    certificate_revoke,
)
from tests.courses.factories import course_create, course_lessons, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.quizzes.factories import quiz_create, right_answer, true_false_create, wrong_answer

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
MANUAL = Assignment.Source.MANUAL


def course_finish(user, course, *, at=T0):
    """Assign ``course`` to ``user`` (if not open already) and complete every lesson."""
    assignment_create(user=user, course=course, source=MANUAL)
    for lesson in course_lessons(course):
        lesson_complete(user=user, lesson=lesson, at=at)


def marked_course(**kwargs) -> CoursePage:
    course = course_create(lessons=2, **kwargs)
    CoursePage.objects.filter(pk=course.pk).update(issues_certificate=True)
    return CoursePage.objects.get(pk=course.pk)


class CertificateIssueOnCompletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(first_name="Екатерина", last_name="Морозова")
        cls.course = marked_course(title="Стандарты обслуживания")
        cls.unmarked = course_create(lessons=1, title="Без сертификата")

    def test_completing_a_marked_course_issues_one_certificate(self):
        course_finish(self.user, self.course)

        certificate = Certificate.objects.get(user=self.user)
        self.assertEqual(certificate.kind, Certificate.Kind.COURSE)
        self.assertEqual(certificate.course_id, self.course.pk)
        self.assertEqual(certificate.title, "Стандарты обслуживания")
        self.assertEqual(certificate.issued_on, timezone.localdate(T0))
        self.assertIsNone(certificate.score)
        self.assertIsNone(certificate.expires_on)
        self.assertEqual(certificate.status, Certificate.Status.VALID)
        assignment = Assignment.objects.get(user=self.user, course=self.course)
        self.assertEqual(certificate.assignment_id, assignment.pk)

    def test_the_person_is_notified_with_a_link_to_the_pdf(self):
        course_finish(self.user, self.course)

        certificate = Certificate.objects.get(user=self.user)
        notification = Notification.objects.get(recipient=self.user, kind=CERTIFICATE_ISSUED.key)
        self.assertEqual(notification.url, f"/certificates/{certificate.code}/pdf/")
        self.assertIn("Стандарты обслуживания", str(notification.title))

    def test_issuing_again_changes_nothing(self):
        course_finish(self.user, self.course)
        first = Certificate.objects.get(user=self.user)

        again = certificate_issue(user=self.user, course=self.course)
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[-1])

        self.assertEqual(again.pk, first.pk)
        self.assertEqual(Certificate.objects.count(), 1)
        self.assertEqual(Notification.objects.filter(kind=CERTIFICATE_ISSUED.key).count(), 1)

    def test_an_unmarked_course_issues_none(self):
        course_finish(self.user, self.unmarked)

        self.assertFalse(Certificate.objects.exists())
        self.assertIsNone(certificate_issue(user=self.user, course=self.unmarked))

    def test_an_unfinished_course_issues_none(self):
        assignment_create(user=self.user, course=self.course, source=MANUAL)
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[0])

        self.assertFalse(Certificate.objects.exists())
        self.assertIsNone(certificate_issue(user=self.user, course=self.course))

    def test_a_refresher_completion_gives_a_new_certificate(self):
        course_finish(self.user, self.course, at=T0)
        later = T0 + datetime.timedelta(days=200)
        # A refresher is a fresh pass through the course (its progress cleared).
        self.user.lesson_progress.all().delete()
        assignment_create(user=self.user, course=self.course, source=Assignment.Source.REFRESHER)
        for lesson in course_lessons(self.course):
            lesson_complete(user=self.user, lesson=lesson, at=later)

        certificates = list(Certificate.objects.filter(user=self.user).order_by("issued_on"))
        self.assertEqual(len(certificates), 2)
        self.assertEqual(certificates[1].issued_on, timezone.localdate(later))
        self.assertNotEqual(certificates[0].code, certificates[1].code)

    def test_codes_are_random_url_safe_and_distinct(self):
        people = [staff_user() for _ in range(5)]
        for person in people:
            course_finish(person, self.course)

        codes = list(Certificate.objects.values_list("code", flat=True))
        self.assertEqual(len(set(codes)), 5)
        for code in codes:
            self.assertEqual(len(code), CODE_LENGTH)
            self.assertRegex(code, r"^[A-Za-z0-9_-]+$")

    def test_give_a_course_or_a_plan(self):
        with self.assertRaises(ValueError):
            certificate_issue(user=self.user)


class CertificateExpiryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.other_team = TeamFactory()
        cls.user = staff_user(team=cls.team)
        cls.course = marked_course()

    def policy(self, every_days, **kwargs):
        policy = RefresherPolicy.objects.create(
            title=f"Каждые {every_days}",
            course=self.course,
            every_days=every_days,
            due_days=1,
            **{k: v for k, v in kwargs.items() if k != "teams"},
        )
        if "teams" in kwargs:
            policy.teams.set(kwargs["teams"])
        return policy

    def test_the_refresher_policy_sets_the_expiry(self):
        self.policy(90)

        course_finish(self.user, self.course)

        certificate = Certificate.objects.get()
        self.assertEqual(
            certificate.expires_on, timezone.localdate(T0) + datetime.timedelta(days=90)
        )
        # Long after T0: expired by now.
        self.assertEqual(certificate.status, Certificate.Status.EXPIRED)
        self.assertEqual(certificate.status_on(timezone.localdate(T0)), Certificate.Status.VALID)

    def test_the_shortest_policy_reaching_the_person_wins(self):
        self.policy(180)
        self.policy(60)
        self.policy(
            30, audience=RefresherPolicy.Audience.SELECTED, teams=[self.other_team]
        )  # not theirs
        self.policy(20, active=False)

        course_finish(self.user, self.course)

        self.assertEqual(
            Certificate.objects.get().expires_on,
            timezone.localdate(T0) + datetime.timedelta(days=60),
        )


class CertificateScoreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        cls.quiz = quiz_create(
            questions=[true_false_create(), true_false_create()], pass_mark=50, title="Гейт"
        )
        cls.course = marked_course(gates={0: cls.quiz})

    def take(self, answers, *, at=None):
        attempt, _ = attempt_start(user=self.user, quiz=self.quiz, now=at)
        rows = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")
        for row, answer in zip(rows, answers, strict=True):
            attempt_answer_save(
                attempt=attempt, question_id=row.question_id, data=answer(row.snapshot)
            )
        return attempt_submit(attempt=attempt, now=at)

    def test_the_score_is_the_best_at_the_gates(self):
        assignment_create(user=self.user, course=self.course, source=MANUAL)
        self.take([right_answer, wrong_answer])  # 50 %: passes the gate
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[1])

        self.assertEqual(Certificate.objects.get().score, Decimal("50.00"))

    def test_a_refresher_certificate_counts_only_the_refresher_attempts(self):
        assignment_create(user=self.user, course=self.course, source=MANUAL, assigned_at=T0)
        self.take([right_answer, right_answer], at=T0)  # 100 % on the first pass
        lesson_complete(user=self.user, lesson=course_lessons(self.course)[1], at=T0)
        later = T0 + datetime.timedelta(days=200)
        # The refresher: a fresh pass through the course, passed with 50 % this time.
        self.user.lesson_progress.all().delete()
        assignment_create(
            user=self.user,
            course=self.course,
            source=Assignment.Source.REFRESHER,
            assigned_at=later,
        )
        self.take([right_answer, wrong_answer], at=later + datetime.timedelta(hours=1))
        lesson_complete(
            user=self.user,
            lesson=course_lessons(self.course)[1],
            at=later + datetime.timedelta(hours=2),
        )

        first, refresher = Certificate.objects.filter(user=self.user).order_by("issued_on")
        self.assertEqual(first.score, Decimal("100.00"))
        self.assertEqual(refresher.score, Decimal("50.00"))


class PlanCertificateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.role = JobRoleFactory(name="Оператор")
        cls.user = staff_user(job_role=cls.role)
        cls.first = course_create(lessons=1, title="Продукты")
        cls.second = marked_course(title="Стандарты")
        cls.plan = onboarding_plan_create(cls.role, [(cls.first, 5), (cls.second, 10)])
        OnboardingPlan.objects.filter(pk=cls.plan.pk).update(issues_certificate=True)
        cls.plan.refresh_from_db()

    def test_completing_the_whole_plan_issues_its_certificate_once(self):
        course_finish(self.user, self.first)
        self.assertFalse(Certificate.objects.filter(kind=Certificate.Kind.PLAN).exists())

        course_finish(self.user, self.second, at=T0 + datetime.timedelta(days=3))

        plan_certificate = Certificate.objects.get(kind=Certificate.Kind.PLAN)
        self.assertEqual(plan_certificate.plan_id, self.plan.pk)
        self.assertEqual(plan_certificate.title, "Оператор")
        self.assertEqual(plan_certificate.issued_on, timezone.localdate(T0) + datetime.timedelta(3))
        # The marked course gives its own as well; the unmarked one none.
        self.assertEqual(
            set(Certificate.objects.values_list("kind", "course_id")),
            {(Certificate.Kind.PLAN, None), (Certificate.Kind.COURSE, self.second.pk)},
        )
        self.assertEqual(certificate_issue(user=self.user, plan=self.plan), plan_certificate)
        self.assertEqual(Certificate.objects.filter(kind=Certificate.Kind.PLAN).count(), 1)

    def test_an_unmarked_plan_issues_none(self):
        OnboardingPlan.objects.filter(pk=self.plan.pk).update(issues_certificate=False)
        course_finish(self.user, self.first)
        course_finish(self.user, self.second)

        self.assertFalse(Certificate.objects.filter(kind=Certificate.Kind.PLAN).exists())

    def test_someone_of_another_job_role_gets_no_plan_certificate(self):
        other = staff_user(job_role=JobRoleFactory())
        course_finish(other, self.first)
        course_finish(other, self.second)

        self.assertIsNone(certificate_issue(user=other, plan=self.plan))
        self.assertFalse(Certificate.objects.filter(kind=Certificate.Kind.PLAN).exists())


class CertificateRevokeTests(TestCase):
    """Who may revoke: the holder's managers (team or line), HR, administrators; not the
    holder, not a manager of another team, not a colleague."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.other_team = TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS], team=cls.team)
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS], team=cls.other_team)
        cls.other_team.managers.add(cls.other_manager)
        cls.holder = staff_user(team=cls.team)
        cls.colleague = staff_user(team=cls.team)
        cls.line_manager = staff_user(roles=[roles.MANAGERS])
        cls.reporting = staff_user(line_manager=cls.line_manager)
        cls.hr = staff_user(roles=[roles.HR])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        course = marked_course()
        course_finish(cls.holder, course)
        course_finish(cls.reporting, course)

    def certificate(self, user=None):
        return Certificate.objects.get(user=user or self.holder)

    def test_allowed(self):
        for who, holder in (
            (self.manager, self.holder),
            (self.line_manager, self.reporting),
            (self.hr, self.holder),
            (self.admin, self.holder),
        ):
            with self.subTest(who=who.username):
                certificate = self.certificate(holder)
                revoked = certificate_revoke(
                    certificate=certificate, revoked_by=who, reason="Ошибка в зачёте"
                )
                self.assertIsNotNone(revoked.revoked_at)
                self.assertEqual(revoked.revoked_by, who)
                self.assertEqual(revoked.revoke_reason, "Ошибка в зачёте")
                self.assertEqual(revoked.status, Certificate.Status.REVOKED)
                Certificate.objects.filter(pk=certificate.pk).update(
                    revoked_at=None, revoked_by=None, revoke_reason=""
                )

    def test_refused(self):
        for who in (self.holder, self.colleague, self.other_manager, self.line_manager):
            with self.subTest(who=who.username):
                with self.assertRaises(PermissionDenied) as caught:
                    certificate_revoke(certificate=self.certificate(), revoked_by=who, reason="x")
                self.assertEqual(str(caught.exception), str(ERROR_NOT_IN_SCOPE))
        self.assertIsNone(self.certificate().revoked_at)

    def test_a_reason_is_required_and_a_revoked_one_stays_revoked(self):
        with self.assertRaises(ValidationError) as caught:
            certificate_revoke(certificate=self.certificate(), revoked_by=self.manager, reason=" ")
        self.assertEqual(caught.exception.message_dict["reason"], [str(ERROR_REASON_REQUIRED)])

        certificate_revoke(certificate=self.certificate(), revoked_by=self.manager, reason="Да")
        with self.assertRaises(ValidationError) as caught:
            certificate_revoke(certificate=self.certificate(), revoked_by=self.hr, reason="Ещё")
        self.assertEqual(caught.exception.messages, [str(ERROR_ALREADY_REVOKED)])
        self.assertEqual(self.certificate().revoked_by, self.manager)

    def test_the_holder_is_told_why(self):
        certificate_revoke(
            certificate=self.certificate(), revoked_by=self.manager, reason="Сдавал не сам"
        )

        notification = Notification.objects.get(recipient=self.holder, kind=CERTIFICATE_REVOKED.key)
        self.assertIn("Сдавал не сам", str(notification.title))
