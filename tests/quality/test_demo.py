"""The quality demo (``quality.demo``), loaded through ``manage.py load_demo``: the QA evaluator,
the phone scorecard and its links to what teaches it, three months of evaluations, two
mystery-shopping waves, feedback, exactly one weak spot (``newbie``'s) and a second run that
writes nothing."""

import datetime
from collections import defaultdict
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, LessonPage
from lms.core.landing import landing_url_for
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.selectors import user_role_names
from quality.demo import NEWBIE_WEAK_CODE, SCORECARD_TITLE
from quality.models import (
    Criterion,
    Evaluation,
    EvaluationAnswer,
    EvaluationEvent,
    Feedback,
    FeedbackCategory,
    FeedbackCategoryCriterion,
    MysteryShoppingWave,
    Scorecard,
    ScorecardVersion,
    WeakSpot,
)
from quality.selectors_reviews import disputes_waiting_for

User = get_user_model()

COUNTED = [
    User, Scorecard, Criterion, Criterion.pages.through, Criterion.practice_skills.through,
    Criterion.questions.through, ScorecardVersion, Evaluation, EvaluationAnswer, EvaluationEvent,
    MysteryShoppingWave, FeedbackCategory, FeedbackCategoryCriterion, Feedback, Notification,
]  # fmt: skip
OPERATORS = ("newbie", "newbie2", "cleared", "staff")
THRESHOLD = 0.8  # the scorecard's default weak-spot rule: 2 of the last 3 below 80 %


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def _load_demo() -> None:
    call_command("load_demo", allow_production=True, stdout=StringIO())


def _fraction(answer: EvaluationAnswer, criterion: Criterion) -> float | None:
    if answer.value == EvaluationAnswer.Value.NA:
        return None
    if answer.value == EvaluationAnswer.Value.POINTS:
        return answer.points / criterion.max_points
    return 1.0 if answer.value == EvaluationAnswer.Value.YES else 0.0


class QualityDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _load_demo()
        cls.after_first_run = _counts()
        cls.qa = User.objects.get(username="qa")
        cls.scorecard = Scorecard.objects.get(title=SCORECARD_TITLE)
        cls.criteria = {c.pk: c for c in cls.scorecard.criteria.all()}

    def test_a_second_run_creates_nothing(self):
        _load_demo()
        self.assertEqual(_counts(), self.after_first_run)

    def test_the_qa_evaluator_signs_in_with_the_demo_password_and_lands_on_quality(self):
        self.assertIn(roles.QA_EVALUATORS, user_role_names(user=self.qa))
        self.assertEqual(self.qa.first_name, "Галина")
        self.assertTrue(self.client.login(username="qa", password="demo"))
        self.assertEqual(landing_url_for(self.qa), reverse("quality:home"))
        self.assertEqual(self.client.get(reverse("quality:home")).status_code, 200)

    def test_demo_logins_lists_qa(self):
        out = StringIO()
        call_command("demo_logins", stdout=out)
        self.assertRegex(out.getvalue(), r"\n  qa +— ")

    def test_the_scorecard_follows_the_service_standards(self):
        criteria = list(self.criteria.values())
        self.assertTrue(12 <= len(criteria) <= 15)
        self.assertEqual(len({c.section for c in criteria}), 6)
        self.assertEqual(len([c for c in criteria if c.critical]), 2)
        self.assertEqual(self.scorecard.channels, ["phone"])
        self.assertEqual(ScorecardVersion.objects.filter(scorecard=self.scorecard).count(), 1)

    def test_every_criterion_links_to_a_lesson_most_to_skills_and_questions(self):
        lessons = set(LessonPage.objects.values_list("pk", flat=True))
        with_skills = with_questions = 0
        for criterion in self.criteria.values():
            with self.subTest(code=criterion.code):
                pages = {page.pk for page in criterion.pages.all()}
                self.assertTrue(pages & lessons)
            with_skills += criterion.practice_skills.exists()
            with_questions += criterion.questions.exists()
        self.assertGreater(with_skills, len(self.criteria) * 2 / 3)
        self.assertGreater(with_questions, len(self.criteria) * 2 / 3)
        # The weak spot's criterion is taught by exactly one lesson: the one the rule assigns.
        usp = next(c for c in self.criteria.values() if c.code == NEWBIE_WEAK_CODE)
        self.assertEqual(len({p.pk for p in usp.pages.all()} & lessons), 1)

    def test_the_operators_were_evaluated_over_the_last_three_months(self):
        today = timezone.localdate()
        evaluations = Evaluation.objects.filter(source=Evaluation.Source.EVALUATION)
        for username in OPERATORS:
            with self.subTest(username=username):
                self.assertTrue(evaluations.filter(person__username=username).exists())
        dates = list(evaluations.values_list("contact_date", flat=True))
        self.assertGreaterEqual(min(dates), today - datetime.timedelta(days=92))
        self.assertLessEqual(max(dates), today)
        self.assertGreaterEqual(evaluations.filter(person__username="staff").count(), 6)

    def test_two_waves_half_a_year_apart_with_staff_and_cleared(self):
        first, second = MysteryShoppingWave.objects.order_by("period_start")
        gap = (second.period_start - first.period_start).days
        self.assertTrue(170 <= gap <= 200, gap)
        people = {
            wave.pk: set(wave.visits.values_list("person__username", flat=True))
            for wave in (first, second)
        }
        self.assertIn("staff", people[first.pk])
        self.assertTrue({"staff", "cleared"} <= people[second.pk])

    def test_complaints_and_thanks_with_categories_mapped_to_criteria(self):
        kinds = set(Feedback.objects.values_list("kind", flat=True))
        self.assertTrue({"complaint", "thanks", "csat", "nps"} <= kinds)
        codes = set(self.scorecard.criteria.values_list("code", flat=True))
        for category in FeedbackCategory.objects.prefetch_related("criteria"):
            with self.subTest(category=category.name):
                mapped = {m.criterion_code for m in category.criteria.all()}
                self.assertTrue(mapped and mapped <= codes)

    def test_only_newbie_is_weak_and_on_one_criterion(self):
        answered = defaultdict(list)  # (username, code) → fractions, oldest contact first
        evaluations = Evaluation.objects.select_related("person").order_by(
            "contact_date", "created_at", "pk"
        )
        answers = EvaluationAnswer.objects.filter(evaluation__in=evaluations)
        by_evaluation = defaultdict(list)
        for answer in answers:
            by_evaluation[answer.evaluation_id].append(answer)
        for evaluation in evaluations:
            self.assertFalse(evaluation.critical_failed)
            for answer in by_evaluation[evaluation.pk]:
                criterion = self.criteria[answer.criterion_id]
                fraction = _fraction(answer, criterion)
                if fraction is not None:
                    answered[evaluation.person.username, criterion.code].append(fraction)
        weak = set()
        for key, fractions in answered.items():
            # Any three answers in a row, not only the last three: the rule may count either.
            for start in range(max(len(fractions) - 2, 1)):
                if sum(f < THRESHOLD for f in fractions[start : start + 3]) >= 2:
                    weak.add(key)
        self.assertEqual(weak, {("newbie", NEWBIE_WEAK_CODE)})

    def test_the_rule_assigned_newbie_one_lesson_and_nobody_else_anything(self):
        open_quality = Assignment.objects.filter(source=Assignment.Source.QUALITY).exclude(
            status=Assignment.Status.COMPLETED
        )
        assignment = open_quality.select_related("user", "course").get()
        self.assertEqual(assignment.user.username, "newbie")
        spot = WeakSpot.objects.get()
        self.assertEqual((spot.person.username, spot.criterion_code), ("newbie", NEWBIE_WEAK_CODE))
        self.assertEqual(list(spot.assignments.all()), [assignment])
        # The lesson the criterion links is in the course assigned, and newbie sees it.
        lesson = spot.scorecard.criteria.get(code=NEWBIE_WEAK_CODE).pages.get().specific
        self.assertEqual(lesson.get_parent().pk, assignment.course_id)
        self.client.force_login(assignment.user)
        self.assertContains(self.client.get("/"), assignment.course.title)

    def test_a_dispute_waits_for_the_qa_evaluator(self):
        waiting = list(disputes_waiting_for(user=self.qa))
        self.assertEqual([e.person.username for e in waiting], ["staff"])
