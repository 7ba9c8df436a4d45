"""The team dashboard's figures (``reports/selectors/dashboard.py``) on a small known company:
team A (the manager's: a1…a4) and team B (b1, whom the manager must never count)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import timezone

from fsrs import Card, Scheduler, State

from courses.models import Assignment, ContentChange, RefresherPolicy
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import SoloClearance
from quizzes.models import ReviewCard, ReviewLog
from quizzes.review import DESIRED_RETENTION
from reports.selectors.dashboard import dashboard_read, percentile
from reports.selectors.filters import ReportFilters
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
)
from tests.quizzes.factories import (
    attempt_take,
    category_create,
    quiz_create,
    right_answer,
    single_choice_create,
    wrong_answer,
)

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def assign(user, course, *, source=Assignment.Source.ONBOARDING, done=False, due_in=None, **kw):
    return Assignment.objects.create(
        user=user,
        course=course,
        source=source,
        status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
        completed_at=NOW - DAY if done else None,
        due_at=NOW + due_in * DAY if due_in is not None else None,
        **kw,
    )


def clear(user, *, days, by):
    return SoloClearance.objects.create(
        mentee=user,
        requested_by=by,
        status=SoloClearance.Status.CONFIRMED,
        decided_by=by,
        decided_at=NOW - DAY,
        days_to_solo=days,
    )


class DashboardFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team_a, cls.team_b = TeamFactory(name="Линия A"), TeamFactory(name="Линия B")
        cls.role = JobRoleFactory(name="Оператор")
        cls.manager = staff_user(roles=(roles.MANAGERS,))
        cls.team_a.managers.add(cls.manager)
        cls.hr = staff_user(roles=(roles.HR,))
        hired = {
            "a1": datetime.date(2026, 1, 5),
            "a2": datetime.date(2026, 1, 12),
            "a3": datetime.date(2026, 1, 20),
            "a4": datetime.date(2026, 2, 3),
        }
        for name, day in hired.items():
            setattr(
                cls,
                name,
                staff_user(username=name, team=cls.team_a, job_role=cls.role, hire_date=day),
            )
        cls.b1 = staff_user(username="b1", team=cls.team_b, job_role=cls.role)
        cls.left = staff_user(
            username="left", team=cls.team_a, job_role=cls.role, status=StaffProfile.Status.LEFT
        )

        # Onboarding: a1 done, a2 overdue, a3 on time, a4 no plan; b1 overdue (team B).
        c1, c2, c3 = (course_create(lessons=1, title=f"Курс {n}") for n in (1, 2, 3))
        assign(cls.a1, c1, done=True)
        assign(cls.a1, c2, done=True)
        assign(cls.a2, c1, done=True)
        assign(cls.a2, c2, due_in=-3)
        assign(cls.a3, c1, due_in=5)
        assign(cls.b1, c1, due_in=-1)

        # Time to solo: a1 10 days, a3 20, a4 40; b1 100 (team B).
        clear(cls.a1, days=10, by=cls.manager)
        clear(cls.a3, days=20, by=cls.manager)
        clear(cls.a4, days=40, by=cls.manager)
        clear(cls.b1, days=100, by=cls.manager)

        # Refreshers: a policy of course 3 and one content change.
        cls.policy = RefresherPolicy.objects.create(
            title="Ежегодная переаттестация", course=c3, every_days=365, due_days=30
        )
        refresher = Assignment.Source.REFRESHER
        assign(cls.a1, c3, source=refresher, done=True)
        assign(cls.a2, c3, source=refresher, due_in=-2)
        assign(cls.a3, c3, source=refresher, due_in=10)
        assign(cls.b1, c3, source=refresher, due_in=-2)
        change = ContentChange.objects.create(
            content_type=ContentType.objects.get_for_model(RefresherPolicy),
            object_id="1",
            title="Новый тариф",
            change_note="Цена изменилась",
        )
        for user, done in ((cls.a1, True), (cls.a2, False), (cls.b1, False)):
            Assignment.objects.create(
                user=user,
                content_change=change,
                source=Assignment.Source.CONTENT_CHANGE,
                status=Assignment.Status.COMPLETED if done else Assignment.Status.ASSIGNED,
            )

        # Quiz: a1 fails then passes, a2 passes at once, a3 fails (half right); b1 fails.
        products, crm = category_create("Продукты"), category_create("CRM")
        cls.qx = single_choice_create(text="Сколько стоит тариф?", category=products)
        cls.qy = single_choice_create(text="Где карточка клиента?", category=crm)
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.qx, cls.qy], pass_mark=80)
        attempt_take(cls.a1, cls.quiz, wrong_answer)
        attempt_take(cls.a1, cls.quiz, right_answer)
        attempt_take(cls.a2, cls.quiz, right_answer)
        first = iter([True, False])

        def half(snapshot):
            # qx wrong, qy right (questions keep the quiz's order).
            return wrong_answer(snapshot) if next(first) else right_answer(snapshot)

        attempt_take(cls.a3, cls.quiz, half)
        attempt_take(cls.b1, cls.quiz, wrong_answer)

        # Review: known memory states instead of those the attempts left.
        ReviewCard.objects.all().delete()
        cls.cards = {
            (cls.a1, cls.qx): (5.0, 10),
            (cls.a2, cls.qx): (20.0, 3),
            (cls.a1, cls.qy): (2.0, 8),
            (cls.b1, cls.qy): (1.0, 100),
        }
        for (user, question), (stability, days_ago) in cls.cards.items():
            card = ReviewCard.objects.create(
                user=user,
                question=question,
                state=ReviewCard.State.REVIEW,
                stability=stability,
                difficulty=5.0,
                due=NOW + DAY,
                last_review=NOW - days_ago * DAY,
                reps=1,
            )
            # a1 reviewed this week; a2 ten days ago; b1 yesterday (team B).
            reviewed = {cls.a1: 2, cls.a2: 10, cls.b1: 1}[user]
            ReviewLog.objects.create(
                card=card,
                user=user,
                source=ReviewLog.Source.REVIEW,
                rating=ReviewLog.Rating.GOOD,
                correct=True,
                reviewed_at=NOW - reviewed * DAY,
            )

        # Mentoring: one mentor (capacity 2) with a3, a4 and b1; a3 and b1 have the evidence
        # for a sign-off the mentor has not given.
        cls.mentor = mentor_create(capacity=2, username="mentor")
        skill = PracticeSkillFactory(job_role=cls.role, sessions_required=1)
        for mentee in (cls.a3, cls.a4, cls.b1):
            pairing_make(mentee=mentee, mentor=cls.mentor)
        evidence_make(cls.a3, skill, 1)
        evidence_make(cls.b1, skill, 1)

    def read(self, user, **filters):
        return dashboard_read(user=user, filters=ReportFilters(**filters), now=NOW)

    def test_funnel_counts_the_managers_people_only(self):
        funnel = self.read(self.manager).funnel
        self.assertEqual(funnel.hired, 4)  # a1–a4; the leaver and team B are not counted
        self.assertEqual(funnel.in_plan, 3)
        self.assertEqual(funnel.overdue, 1)
        self.assertEqual(funnel.on_time, 2)
        self.assertEqual(funnel.all_done, 1)
        self.assertEqual(funnel.cleared, 3)

    def test_time_to_solo_median_p75_and_trend_by_hire_month(self):
        solo = self.read(self.manager).time_to_solo
        self.assertEqual(solo.count, 3)
        self.assertEqual(solo.median, 20)
        self.assertEqual(solo.p75, 30)  # 20 + (40 - 20) × 0.5, between the 2nd and 3rd
        self.assertEqual(
            [(m.month, m.count, m.median) for m in solo.trend],
            [(datetime.date(2026, 1, 1), 2, 15.0), (datetime.date(2026, 2, 1), 1, 40.0)],
        )

    def test_overdue_by_person(self):
        overdue = self.read(self.manager).overdue
        self.assertEqual([(p.user_id, p.overdue) for p in overdue.people], [(self.a2.pk, 2)])
        self.assertEqual((overdue.total_people, overdue.total_assignments), (1, 2))
        hr_overdue = self.read(self.hr).overdue
        self.assertEqual({p.user_id for p in hr_overdue.people}, {self.a2.pk, self.b1.pk})

    def test_pass_and_first_try_rates(self):
        [quiz] = self.read(self.manager).quizzes.quizzes
        self.assertEqual((quiz.people, quiz.passed), (3, 2))
        self.assertEqual((quiz.first_tries, quiz.first_try_passed), (3, 1))
        self.assertAlmostEqual(quiz.pass_rate, 200 / 3)
        self.assertAlmostEqual(quiz.first_try_rate, 100 / 3)
        [everyone] = self.read(self.hr).quizzes.quizzes
        self.assertEqual((everyone.people, everyone.passed), (4, 2))

    def test_questions_failed_most(self):
        failed = self.read(self.manager).quizzes.failed
        self.assertEqual(
            [(q.question_id, q.asked, q.wrong) for q in failed],
            [(self.qx.pk, 4, 2), (self.qy.pk, 4, 1)],
        )
        self.assertEqual(failed[0].quiz_id, self.quiz.pk)
        self.assertEqual(failed[0].category, "Продукты")

    def test_failed_questions_carry_no_answer(self):
        failed = self.read(self.manager).quizzes.failed[0]
        text = " ".join(str(value) for value in vars(failed).values())
        for choice in self.qx.choices.all():
            self.assertNotIn(choice.text, text)

    def test_refresher_compliance_per_policy_and_change(self):
        refreshers = self.read(self.manager).refreshers
        [policy] = refreshers.policies
        self.assertEqual(
            (policy.key, policy.assigned, policy.done, policy.overdue), (self.policy.pk, 3, 1, 1)
        )
        [change] = refreshers.changes
        self.assertEqual((change.title, change.assigned, change.done), ("Новый тариф", 2, 1))

    def test_review_share_and_recall_by_topic(self):
        review = self.read(self.manager).review
        self.assertEqual((review.reviewing, review.people), (1, 4))
        self.assertEqual(review.share, 25)
        scheduler = Scheduler(desired_retention=DESIRED_RETENTION)

        def recall(stability, days_ago):
            card = Card(
                card_id=1,
                state=State.Review,
                stability=stability,
                difficulty=5.0,
                last_review=NOW - days_ago * DAY,
            )
            return scheduler.get_card_retrievability(card, NOW)

        expected = {
            "Продукты": (recall(5.0, 10) + recall(20.0, 3)) / 2,
            "CRM": recall(2.0, 8),  # b1's card (team B) is not counted
        }
        topics = {t.category: t for t in review.topics}
        self.assertEqual(set(topics), set(expected))
        for name, value in expected.items():
            self.assertAlmostEqual(topics[name].recall, value, places=6)
        self.assertEqual(review.topics[0].category, "CRM")  # weakest first
        self.assertEqual(topics["Продукты"].cards, 2)

    def test_mentor_load_and_signoffs_scoped(self):
        mentoring = self.read(self.manager).mentoring
        [load] = mentoring.mentors
        self.assertEqual((load.mentor_id, load.load, load.capacity), (self.mentor.pk, 3, 2))
        self.assertTrue(load.over_capacity)
        self.assertEqual(load.load_here, 2)
        # b1 is another team's newcomer: their sign-off is not the manager's to chase.
        self.assertEqual(load.pending_signoffs, 1)
        self.assertEqual(mentoring.signoffs_waiting, 1)
        self.assertEqual(mentoring.weeks[-1].count, 1)
        self.assertEqual(self.read(self.hr).mentoring.signoffs_waiting, 2)

    def test_team_filter_narrows_every_figure(self):
        hr_b = self.read(self.hr, team_id=self.team_b.pk)
        self.assertEqual(hr_b.people, 1)
        self.assertEqual(hr_b.funnel.overdue, 1)
        self.assertEqual(hr_b.time_to_solo.median, 100)
        self.assertEqual(hr_b.quizzes.quizzes[0].people, 1)
        self.assertEqual([t.category for t in hr_b.review.topics], ["CRM"])

    def test_cohort_filter(self):
        january = self.read(self.manager, cohort=datetime.date(2026, 1, 1))
        self.assertEqual(january.people, 3)
        self.assertEqual(january.time_to_solo.count, 2)

    def test_period_limits_events(self):
        tomorrow = timezone.localdate(NOW) + DAY
        later = self.read(self.manager, date_from=tomorrow)
        self.assertEqual(later.quizzes.quizzes, [])
        self.assertEqual(later.time_to_solo.count, 0)
        self.assertEqual(later.people, 4)


class PercentileTests(TestCase):
    def test_linear_between_ranks(self):
        self.assertEqual(percentile([10, 20, 30, 40], 0.5), 25)
        self.assertEqual(percentile([10, 20, 30, 40], 0.75), 32.5)
        self.assertEqual(percentile([7], 0.75), 7)
        self.assertIsNone(percentile([], 0.5))
