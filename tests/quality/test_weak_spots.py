"""The weak-spot rule: a criterion a person keeps failing assigns the training that teaches it,
once while it is open, adds its questions to their review, tells their mentor and managers,
and shows the criterion before and after the training."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, LessonProgress
from courses.notifications import assignment_notifications_send
from courses.services import due_after
from lms.notifications.models import Notification
from lms.people import roles
from quality.models import Criterion, WeakSpot
from quality.selectors_weak_spots import weak_spot_results, weak_spots_visible_to
from quality.services.calibration import calibration_create, calibration_score
from quality.services.reviews import evaluation_dispute, evaluation_dispute_change
from quality.services.scoring import AnswerIn
from quality.services.weak_spots import weak_spots_scan
from quality.tasks import weak_spots_check
from quizzes.models import ReviewCard
from quizzes.review import card_new
from tests.courses.factories import ProductCardPageFactory, course_create, course_lessons
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quality.factories import criterion_ids, evaluation_make, scorecard_make
from tests.quizzes.factories import single_choice_create


def day(n: int) -> datetime.date:
    return datetime.date(2026, 11, n)


class WeakSpotData:
    """A person with a mentor, a team manager and a line manager; a scorecard whose greeting
    links a lesson (the second of a course) and two questions, whose product links a whole
    course and a product card, and whose politeness is critical and links a lesson."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.line_manager = staff_user(roles=[roles.MANAGERS])
        cls.person = staff_user(
            team=cls.team, line_manager=cls.line_manager, first_name="Иван", last_name="Новиков"
        )
        cls.colleague = staff_user(team=cls.team)
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.person, mentor=cls.mentor)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.scorecard = scorecard_make()
        cls.greeting_course = course_create(title="Приветствие клиента", lessons=3)
        cls.greeting_lesson = course_lessons(cls.greeting_course)[1]
        cls.product_course = course_create(title="Тарифы", lessons=2)
        cls.card = ProductCardPageFactory(title="Тариф «Бизнес»")
        cls.polite_course = course_create(title="Вежливость", lessons=1)
        cls.q1 = single_choice_create(text="Как представиться?")
        cls.q2 = single_choice_create(text="Что сказать первым?")
        criteria = {c.code: c for c in cls.scorecard.criteria.all()}
        criteria["greeting"].pages.set([cls.greeting_lesson])
        criteria["greeting"].questions.set([cls.q1, cls.q2])
        criteria["product"].pages.set([cls.product_course, cls.card])
        criteria["polite"].pages.set([course_lessons(cls.polite_course)[0]])
        for criterion in criteria.values():
            criterion.save()

    def evaluate(self, n, **values):
        return evaluation_make(
            evaluator=self.qa,
            person=self.person,
            scorecard=self.scorecard,
            values=values,
            contact_date=day(n),
        )

    def quality_assignments(self, course=None):
        assignments = Assignment.objects.filter(user=self.person, source=Assignment.Source.QUALITY)
        return assignments.filter(course=course) if course else assignments


class RuleTests(WeakSpotData, TestCase):
    def test_two_of_the_last_three_below_assigns_the_lessons_course_once(self):
        evaluations = [
            self.evaluate(1, greeting="no"),
            self.evaluate(2),
            self.evaluate(3, greeting="no"),
        ]
        now = timezone.now()
        result = weak_spots_scan(now=now)
        self.assertEqual(result.found, 1)
        spot = WeakSpot.objects.get()
        self.assertEqual(
            (spot.person, spot.criterion_code, spot.criterion_text, spot.critical_failed),
            (self.person, "greeting", "Назвал своё имя и компанию", False),
        )
        self.assertEqual(set(spot.evidence.all()), set(evaluations))
        assignment = self.quality_assignments().get()
        self.assertEqual(assignment.course_id, self.greeting_course.pk)
        self.assertEqual(assignment.due_at, due_after(now, 14))
        self.assertEqual(list(spot.assignments.all()), [assignment])
        self.assertTrue(spot.is_open)

        again = weak_spots_scan()
        self.assertEqual((again.found, again.assigned, again.notified), (0, 0, 0))
        self.assertEqual(WeakSpot.objects.count(), 1)
        self.assertEqual(self.quality_assignments().count(), 1)

    def test_calibration_scorings_never_make_a_weak_spot(self):
        self.evaluate(1, greeting="no")
        qa2 = staff_user(roles=[roles.QA_EVALUATORS])
        session = calibration_create(
            user=self.qa,
            scorecard=self.scorecard,
            person=self.person,
            channel="phone",
            contact_date=day(2),
            evaluators=[self.qa, qa2],
        )
        ids = criterion_ids(self.scorecard)
        values = {"greeting": "no", "need": "yes", "product": 4, "polite": "no"}
        for evaluator in (self.qa, qa2):
            calibration_score(
                session=session,
                user=evaluator,
                answers=[AnswerIn(ids[code], value) for code, value in values.items()],
            )
        result = weak_spots_scan()
        self.assertEqual(result.found, 0)
        self.assertFalse(self.quality_assignments().exists())

    def test_one_of_the_last_three_below_is_not_weak(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        self.evaluate(3)
        self.evaluate(4)
        self.evaluate(5, greeting="no")
        # The last three: no, yes, yes — the two older failures are out of the window.
        self.assertEqual(weak_spots_scan().found, 0)
        self.assertFalse(Assignment.objects.filter(user=self.person).exists())

    def test_points_below_the_threshold_count_and_a_linked_course_is_assigned_whole(self):
        self.evaluate(1, product=3)  # 75 % < 80 %
        self.evaluate(2, product=2)
        self.assertEqual(weak_spots_scan().found, 1)
        self.assertEqual(self.quality_assignments().get().course_id, self.product_course.pk)

    def test_at_the_threshold_is_not_below(self):
        self.scorecard.weak_threshold_percent = 75
        self.scorecard.save()
        self.evaluate(1, product=3)
        self.evaluate(2, product=3)
        self.assertEqual(weak_spots_scan().found, 0)

    def test_not_again_while_open(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        self.evaluate(3, greeting="no")
        self.evaluate(4, greeting="no")
        result = weak_spots_scan()
        self.assertEqual((result.found, result.assigned), (0, 0))
        self.assertEqual(WeakSpot.objects.count(), 1)
        self.assertEqual(self.quality_assignments().count(), 1)

    def test_again_after_closed_if_still_weak(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        done_at = timezone.make_aware(datetime.datetime(2026, 11, 10, 12))
        self.quality_assignments().update(status=Assignment.Status.COMPLETED, completed_at=done_at)
        closing = weak_spots_scan()
        self.assertEqual((closing.closed, closing.found), (1, 0))
        first = WeakSpot.objects.get()
        self.assertEqual((first.closed_at, first.closed_on), (done_at, day(10)))

        # One weak contact after the training is not enough; the evaluations before it no
        # longer count.
        self.evaluate(12, greeting="no")
        self.assertEqual(weak_spots_scan().found, 0)
        self.evaluate(14, greeting="no")
        self.assertEqual(weak_spots_scan().found, 1)
        second = WeakSpot.objects.latest("pk")
        self.assertEqual({e.contact_date for e in second.evidence.all()}, {day(12), day(14)})
        self.assertEqual(self.quality_assignments().count(), 2)
        self.assertEqual(self.quality_assignments().filter(status="assigned").count(), 1)

    def test_a_course_already_open_is_not_assigned_twice(self):
        onboarding = Assignment.objects.create(
            user=self.person, course=self.greeting_course, source=Assignment.Source.ONBOARDING
        )
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        result = weak_spots_scan()
        self.assertEqual((result.found, result.assigned), (1, 0))
        self.assertFalse(self.quality_assignments().exists())
        self.assertEqual(list(WeakSpot.objects.get().assignments.all()), [onboarding])

    def test_the_linked_lesson_is_relearned(self):
        lessons = course_lessons(self.greeting_course)
        at = timezone.now() - datetime.timedelta(days=60)
        for lesson in lessons:
            LessonProgress.objects.create(user=self.person, lesson=lesson, completed_at=at)
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        # Only the linked lesson is to be learned again; the assignment stays open until then.
        self.assertEqual(
            set(LessonProgress.objects.filter(user=self.person).values_list("lesson", flat=True)),
            {lessons[0].pk, lessons[2].pk},
        )
        assignment = self.quality_assignments().get()
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)
        from courses.services import lesson_complete

        lesson_complete(user=self.person, lesson=lessons[1])
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertEqual(weak_spots_scan().closed, 1)

    def test_a_critical_fail_is_weak_at_once(self):
        self.evaluate(1, polite="no")
        result = weak_spots_scan()
        self.assertEqual(result.found, 1)
        spot = WeakSpot.objects.get()
        self.assertEqual((spot.criterion_code, spot.critical_failed), ("polite", True))
        self.assertEqual(self.quality_assignments().get().course_id, self.polite_course.pk)
        self.assertTrue(
            Notification.objects.filter(
                recipient=self.manager, kind="quality.weak_spot_critical"
            ).exists()
        )

    def test_not_applicable_is_not_an_evaluation_of_the_criterion(self):
        self.evaluate(1, need="no")
        self.evaluate(2, need="no")
        self.evaluate(3, need="na")
        self.evaluate(4, need="na")
        self.evaluate(5, need="yes")
        # The last three evaluations of "need" are yes, no, no: the N/A contacts are skipped.
        self.assertEqual(weak_spots_scan().found, 1)
        self.assertEqual(WeakSpot.objects.get().criterion_code, "need")
        self.assertEqual(WeakSpot.objects.get().evidence.count(), 3)

    def test_not_applicable_never_counts_as_below(self):
        self.evaluate(1, need="na")
        self.evaluate(2, need="na")
        self.evaluate(3, need="na")
        self.assertEqual(weak_spots_scan().found, 0)

    def test_a_new_version_keeps_matching_the_criterion_by_code(self):
        self.evaluate(1, greeting="no")
        # The criterion is removed and added again (a new id) with other wording.
        old = Criterion.objects.get(scorecard=self.scorecard, code="greeting")
        old.delete()
        new = Criterion.objects.create(
            scorecard=self.scorecard, sort_order=0, code="greeting", text="Поздоровался"
        )
        new.pages.set([self.greeting_lesson])
        new.save()
        second = self.evaluate(2, greeting="no")
        self.assertEqual(second.scorecard_version.number, 2)
        self.assertEqual(weak_spots_scan().found, 1)
        spot = WeakSpot.objects.get()
        self.assertEqual((spot.criterion_code, spot.criterion_text), ("greeting", "Поздоровался"))
        self.assertEqual(spot.evidence.count(), 2)

    def test_a_criterion_removed_from_the_scorecard_is_not_weak_any_more(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        Criterion.objects.filter(scorecard=self.scorecard, code="greeting").delete()
        self.assertEqual(weak_spots_scan().found, 0)

    def test_an_evaluation_changed_after_a_dispute_counts_as_changed(self):
        self.evaluate(1, greeting="no")
        disputed = self.evaluate(2, greeting="no")
        evaluation_dispute(evaluation=disputed, user=self.person, reason="Я представился")
        ids = criterion_ids(self.scorecard)
        answers = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}
        evaluation_dispute_change(
            evaluation=disputed,
            user=self.manager,
            reason="На записи слышно",
            answers=[AnswerIn(ids[code], value) for code, value in answers.items()],
        )
        self.assertEqual(weak_spots_scan().found, 0)

    def test_an_inactive_scorecard_assigns_nothing(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        self.scorecard.is_active = False
        self.scorecard.save()
        self.assertEqual(weak_spots_scan().found, 0)

    def test_a_knowledge_page_alone_is_named_not_assigned(self):
        criterion = Criterion.objects.get(scorecard=self.scorecard, code="product")
        criterion.pages.set([self.card])
        criterion.save()
        self.evaluate(1, product=0)
        self.evaluate(2, product=1)
        self.assertEqual(weak_spots_scan().found, 1)
        spot = WeakSpot.objects.get()
        self.assertFalse(self.quality_assignments().exists())
        self.assertIsNotNone(spot.closed_at)  # nothing to complete: done as it is given
        note = Notification.objects.get(recipient=self.manager)
        self.assertEqual(note.params["training"], "«Тариф «Бизнес»»")

    def test_only_the_people_named_are_scanned(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        self.assertEqual(weak_spots_scan(person_ids=[self.colleague.pk]).found, 0)
        self.assertEqual(weak_spots_scan(person_ids=[self.person.pk]).found, 1)

    def test_the_scan_costs_the_same_queries_for_more_people(self):
        def weak_person():
            person = staff_user(team=self.team)
            for n in (1, 2):
                evaluation_make(
                    evaluator=self.qa,
                    person=person,
                    scorecard=self.scorecard,
                    values={"greeting": "no", "polite": "no"},
                    contact_date=day(n),
                )
            return person

        one = [weak_person()]
        with self.assertNumQueriesCapture() as first:
            weak_spots_scan(person_ids=[p.pk for p in one])
        three = [weak_person() for _ in range(3)]
        with self.assertNumQueriesCapture() as second:
            weak_spots_scan(person_ids=[p.pk for p in three])
        self.assertEqual(len(first), len(second))
        self.assertEqual(WeakSpot.objects.count(), 8)

    def assertNumQueriesCapture(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        return CaptureQueriesContext(connection)


class NotificationTests(WeakSpotData, TestCase):
    def test_mentor_and_managers_are_told_with_the_evidence(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        spot = WeakSpot.objects.get()
        notes = Notification.objects.filter(kind="quality.weak_spot")
        self.assertEqual(
            set(notes.values_list("recipient", flat=True)),
            {self.mentor.pk, self.manager.pk, self.line_manager.pk},
        )
        note = notes.get(recipient=self.mentor)
        self.assertEqual(note.event, f"weak_spot:{spot.pk}")
        self.assertEqual(note.params["evidence"], "02.11.2026 — 0 %; 01.11.2026 — 0 %")
        self.assertEqual(note.params["training"], "«Приветствие клиента»")
        self.assertIn("Новиков", str(note.title))
        self.assertIn("Назвал своё имя и компанию", str(note.title))
        latest = spot.evidence.latest("contact_date")
        self.assertEqual(note.url, reverse("quality:evaluation_detail", args=[latest.pk]))

    def test_the_person_hears_of_the_course_from_their_plan(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        assignment_notifications_send()
        note = Notification.objects.get(recipient=self.person, kind="courses.quality_assigned")
        self.assertIn("Приветствие клиента", str(note.title))
        self.assertFalse(
            Notification.objects.filter(recipient=self.person, kind="quality.weak_spot").exists()
        )
        self.assertFalse(Notification.objects.filter(recipient=self.colleague).exists())

    def test_an_ended_pairing_tells_no_mentor(self):
        self.person.pairings_as_mentee.update(status="ended")
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        self.assertFalse(Notification.objects.filter(recipient=self.mentor).exists())


class ReviewCardTests(WeakSpotData, TestCase):
    def test_the_questions_join_the_review_without_duplicates(self):
        later = timezone.now() + datetime.timedelta(days=20)
        existing = card_new(
            ReviewCard(user=self.person, question=self.q1), at=timezone.now(), due=later
        )
        existing.save()
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        now = timezone.now()
        result = weak_spots_scan(now=now)
        self.assertEqual(result.cards, 1)
        cards = ReviewCard.objects.filter(user=self.person)
        self.assertEqual(set(cards.values_list("question", flat=True)), {self.q1.pk, self.q2.pk})
        self.assertEqual(cards.get(question=self.q2).due, now)
        existing.refresh_from_db()
        self.assertEqual(existing.due, now)  # brought forward, its memory kept
        self.assertEqual(WeakSpot.objects.get().cards_added, 1)

        # Weak again after the training: still one card per question.
        self.quality_assignments().update(
            status=Assignment.Status.COMPLETED,
            completed_at=timezone.make_aware(datetime.datetime(2026, 11, 5)),
        )
        self.evaluate(6, greeting="no")
        self.evaluate(7, greeting="no")
        self.assertEqual(weak_spots_scan().found, 1)
        self.assertEqual(ReviewCard.objects.filter(user=self.person).count(), 2)


class TaskTests(WeakSpotData, TestCase):
    def test_a_new_evaluation_runs_the_rule_after_commit(self):
        self.evaluate(1, greeting="no")
        with self.captureOnCommitCallbacks(execute=True):
            self.evaluate(2, greeting="no")
        self.assertEqual(WeakSpot.objects.count(), 1)
        self.assertEqual(self.quality_assignments().count(), 1)

    def test_a_retried_task_duplicates_nothing(self):
        self.evaluate(1, greeting="no")
        second = self.evaluate(2, greeting="no")
        self.assertEqual(weak_spots_check(second.pk), 1)
        counts = (
            WeakSpot.objects.count(),
            Assignment.objects.count(),
            Notification.objects.count(),
            ReviewCard.objects.count(),
        )
        self.assertEqual(weak_spots_check(second.pk), 0)
        self.assertEqual(
            (
                WeakSpot.objects.count(),
                Assignment.objects.count(),
                Notification.objects.count(),
                ReviewCard.objects.count(),
            ),
            counts,
        )

    def test_a_task_for_a_deleted_evaluation_does_nothing(self):
        self.assertEqual(weak_spots_check(987654), 0)

    def test_the_command_scans_everyone(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        out = StringIO()
        call_command("scan_weak_spots", stdout=out)
        self.assertIn("1 weak spots found, 1 assignments", out.getvalue())

    def test_the_daily_job_is_declared(self):
        from lms.core.scheduling import declared_jobs

        jobs = {job.name: job for job in declared_jobs()}
        self.assertEqual(jobs["quality-weak-spots-scan"].func, "quality.tasks.weak_spots_scan_all")


class BeforeAfterTests(WeakSpotData, TestCase):
    def test_before_and_after_the_training_and_the_recovery(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="yes")
        self.evaluate(3, greeting="no")
        weak_spots_scan()
        [result] = weak_spot_results(spots=list(weak_spots_visible_to(user=self.qa)))
        self.assertEqual((str(result.before), result.after), ("33.33", None))

        self.quality_assignments().update(
            status=Assignment.Status.COMPLETED,
            completed_at=timezone.make_aware(datetime.datetime(2026, 11, 10, 9)),
        )
        self.evaluate(10, greeting="no")  # the day the training was done: not after it
        self.evaluate(12, greeting="no")
        recovery = weak_spots_scan()
        self.assertEqual((recovery.closed, recovery.recovered), (1, 0))
        good = self.evaluate(15, greeting="yes")
        self.assertEqual(weak_spots_scan().recovered, 1)
        spot = WeakSpot.objects.get()
        self.assertEqual(spot.recovered_by, good)
        self.assertIsNotNone(spot.recovered_at)
        [result] = weak_spot_results(spots=list(weak_spots_visible_to(user=self.qa)))
        self.assertEqual(
            (str(result.before), str(result.after), result.after_count, str(result.change)),
            ("33.33", "50.00", 2, "16.67"),
        )
        # Recovered once is recovered: nothing changes on a later scan.
        self.assertEqual(weak_spots_scan().recovered, 0)

    def test_weak_again_after_the_training_is_not_a_recovery(self):
        self.evaluate(1, greeting="no")
        self.evaluate(2, greeting="no")
        weak_spots_scan()
        self.quality_assignments().update(
            status=Assignment.Status.COMPLETED,
            completed_at=timezone.make_aware(datetime.datetime(2026, 11, 5)),
        )
        self.evaluate(6, greeting="no")
        self.evaluate(7, greeting="no")
        result = weak_spots_scan()
        self.assertEqual((result.found, result.recovered), (1, 0))
        self.assertFalse(WeakSpot.objects.filter(recovered_at__isnull=False).exists())


class ViewTests(WeakSpotData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        other_team = TeamFactory()
        other_team.managers.add(cls.other_manager)
        staff_user(team=other_team)
        cls.evaluation = evaluation_make(
            evaluator=cls.qa, person=cls.person, scorecard=cls.scorecard,
            values={"polite": "no"}, contact_date=day(1),
        )  # fmt: skip
        weak_spots_scan()
        cls.url = reverse("quality:weak_spots")

    def test_the_persons_trend_marks_the_training_with_before_and_after(self):
        trends = reverse("quality:trends")
        for reader in (self.person, self.manager, self.mentor):
            self.client.force_login(reader)
            response = self.client.get(trends, {"person": self.person.pk})
            self.assertContains(response, 'id="weak-spots-title"')
            self.assertContains(response, "Вежливость")
        self.client.force_login(self.manager)
        response = self.client.get(trends, {"person": self.colleague.pk})
        self.assertNotContains(response, 'id="weak-spots-title"')
        self.client.force_login(self.other_manager)
        self.assertEqual(self.client.get(trends, {"person": self.person.pk}).status_code, 404)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_learners_and_the_person_are_refused(self):
        for user in (self.colleague, self.person):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_who_sees_the_weak_spot(self):
        for user, sees in (
            (self.qa, True),
            (self.manager, True),
            (self.line_manager, True),
            (self.mentor, True),
            (self.other_manager, False),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual("Новиков" in response.content.decode(), sees)

    def test_the_list_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.qa)
        self.client.get(self.url)
        with self.assertNumQueries(12):
            response = self.client.get(self.url)
        self.assertContains(response, "Вежливость")
        for n in range(3):
            person = staff_user(team=self.team)
            evaluation_make(
                evaluator=self.qa, person=person, scorecard=self.scorecard,
                values={"polite": "no"}, contact_date=day(2 + n),
            )  # fmt: skip
        weak_spots_scan()
        with self.assertNumQueries(12):
            self.client.get(self.url)

    def test_the_evaluation_shows_the_training_it_brought(self):
        self.client.force_login(self.person)
        response = self.client.get(reverse("quality:evaluation_detail", args=[self.evaluation.pk]))
        self.assertContains(response, "Вежливость")
        self.assertContains(response, 'id="weak-spots-title"')
