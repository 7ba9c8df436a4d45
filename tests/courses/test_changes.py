"""Change-driven refreshers (``courses.services.changes``): publishing with "staff must re-learn this"
reaches exactly the people who learned the old version, once; the flag clears itself; a CRM
release flags its tutorials for review and their next publish reaches the job roles using them.
"""

import datetime
from io import StringIO
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from django_q.brokers import get_broker
from django_q.conf import Conf
from django_q.signing import SignedPackage

from courses import tasks as content_change_tasks
from courses.hooks import change_quiz
from courses.models import (
    Assignment,
    ContentChange,
    CrmTutorialPage,
    CrmTutorialReview,
    ProductCardPage,
)
from courses.notifications import assignment_notifications_send
from courses.services import (
    change_acknowledge,
    changes_assign_pending,
    content_change_assign,
    content_change_record,
    crm_release_flag,
    lesson_complete,
)
from lms.core.models import ERROR_CHANGE_NOTE_MISSING
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.models import StaffProfile
from quizzes.models import Question
from tests.courses.factories import (
    CrmFeatureFactory,
    CrmReleaseFactory,
    CrmTutorialPageFactory,
    LessonPageFactory,
    ProductCardPageFactory,
    course_create,
)
from tests.factories import JobRoleFactory, staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.factories import attempt_take, quiz_create, single_choice_create

DAY = datetime.timedelta(days=1)


def publish(page_or_term, *, relearn: bool, note: str = "Цена выросла на 50 ₽.", test=None):
    """Publish a new revision, with or without "staff must re-learn this", running what the
    publish hands to the worker (the test settings run tasks in-process)."""
    page_or_term.relearn_required = relearn
    page_or_term.change_note = note if relearn else ""
    revision = page_or_term.save_revision()
    with test.captureOnCommitCallbacks(execute=True):
        revision.publish()
    return revision


def change_users(change: ContentChange) -> set:
    return set(
        Assignment.objects.filter(content_change=change).values_list("user__username", flat=True)
    )


class ProductCardChangeTests(TestCase):
    """A product card shown in one lesson and checked by one question.

    learned: completed the lesson; answered: answered the question; other_lesson: completed a
    lesson without the card; left: completed the lesson but has left; later: completed the
    lesson only after the change; outsider: nothing."""

    @classmethod
    def setUpTestData(cls):
        past = timezone.now() - 10 * DAY
        cls.card = ProductCardPageFactory(title="Домашний интернет 500")
        course = course_create(lessons=0, title="Продукты")
        cls.lesson = LessonPageFactory(
            parent=course, title="Тарифы", body=[("product_card", {"card": cls.card, "note": ""})]
        )
        cls.plain = LessonPageFactory(parent=course_create(lessons=0), title="Приветствие")
        cls.question = single_choice_create(text="Сколько стоит?", knowledge_page=cls.card)
        cls.quiz = quiz_create(questions=[cls.question], title="Проверка тарифов")
        cls.learned = staff_user(username="learned")
        lesson_complete(user=cls.learned, lesson=cls.lesson, at=past)
        cls.answered = staff_user(username="answered")
        attempt_take(cls.answered, cls.quiz, now=past)
        cls.other_lesson = staff_user(username="other_lesson")
        lesson_complete(user=cls.other_lesson, lesson=cls.plain, at=past)
        cls.left = staff_user(username="left", status=StaffProfile.Status.LEFT)
        lesson_complete(user=cls.left, lesson=cls.lesson, at=past)
        cls.later = staff_user(username="later")
        cls.outsider = staff_user(username="outsider")

    def test_reaches_exactly_who_learned_the_old_version(self):
        publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        self.assertEqual(change_users(change), {"learned", "answered"})
        self.assertEqual(change.title, "Домашний интернет 500")
        self.assertEqual(change.change_note, "Цена выросла на 50 ₽.")
        self.assertIsNotNone(change.assigned_at)
        self.assertEqual(change.assigned_count, 2)
        assignment = Assignment.objects.get(user=self.learned)
        self.assertEqual(assignment.source, Assignment.Source.CONTENT_CHANGE)
        self.assertEqual(assignment.status, Assignment.Status.ASSIGNED)
        self.assertIsNone(assignment.course_id)
        self.assertGreater(assignment.due_at, timezone.now() + 6 * DAY)

    def test_someone_who_learned_it_after_the_change_is_left_out(self):
        lesson_complete(user=self.later, lesson=self.lesson, at=timezone.now() + DAY)
        publish(self.card, relearn=True, test=self)
        self.assertNotIn("later", change_users(ContentChange.objects.get()))

    def test_the_flag_clears_itself(self):
        revision = publish(self.card, relearn=True, test=self)
        self.card.refresh_from_db()
        self.assertFalse(self.card.relearn_required)
        self.assertEqual(self.card.change_note, "")
        revision.refresh_from_db()
        self.assertFalse(revision.content["relearn_required"])
        self.assertEqual(revision.content["change_note"], "")
        # The editor opens the latest revision: it starts clean.
        editing = self.card.get_latest_revision_as_object()
        self.assertFalse(editing.relearn_required)
        self.assertEqual(editing.change_note, "")

    def test_publishing_the_same_change_twice_assigns_nothing_twice(self):
        revision = publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            revision.publish()
        self.assertEqual(ContentChange.objects.count(), 1)
        self.assertEqual(content_change_assign(change_id=change.pk), 0)
        self.assertEqual(content_change_assign(change_id=change.pk), 0)
        # Recording the same revision again (a retried signal) finds the same change.
        self.card.relearn_required, self.card.change_note = True, "Ещё раз"
        self.assertEqual(content_change_record(instance=self.card, revision=revision), change)
        self.assertEqual(Assignment.objects.filter(content_change=change).count(), 2)

    def test_a_new_change_later_is_a_new_refresher(self):
        publish(self.card, relearn=True, test=self)
        publish(self.card, relearn=True, note="И ещё скорость.", test=self)
        self.assertEqual(ContentChange.objects.count(), 2)
        self.assertEqual(Assignment.objects.filter(user=self.learned).count(), 2)

    def test_publishing_without_the_flag_records_nothing(self):
        publish(self.card, relearn=False, test=self)
        self.assertFalse(ContentChange.objects.exists())
        self.assertFalse(Assignment.objects.filter(source="content_change").exists())

    def test_the_flag_needs_a_change_note(self):
        self.card.relearn_required, self.card.change_note = True, "  "
        with self.assertRaises(ValidationError) as raised:
            self.card.full_clean()
        self.assertEqual(raised.exception.message_dict["change_note"], [ERROR_CHANGE_NOTE_MISSING])

    def test_the_questions_become_the_refreshers_quiz(self):
        publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        quiz = change_quiz(change=change)
        self.assertTrue(quiz.live)
        self.assertEqual(
            list(quiz.quiz_questions.values_list("question_id", flat=True)),
            [self.question.pk],
        )

    def test_a_pass_of_the_changes_quiz_completes_the_refresher(self):
        publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        attempt_take(self.learned, change_quiz(change=change))
        assignment = Assignment.objects.get(user=self.learned, content_change=change)
        self.assertEqual(assignment.status, Assignment.Status.COMPLETED)
        self.assertIsNotNone(assignment.completed_at)
        self.assertEqual(
            Assignment.objects.get(user=self.answered, content_change=change).status,
            Assignment.Status.ASSIGNED,
        )

    def test_the_assignment_is_announced_with_a_link_to_the_refresher(self):
        publish(self.card, relearn=True, test=self)
        assignment_notifications_send()
        notification = Notification.objects.get(recipient=self.learned)
        assignment = Assignment.objects.get(user=self.learned)
        self.assertEqual(notification.kind, "courses.content_changed")
        self.assertEqual(notification.url, reverse("courses:change", args=[assignment.pk]))
        self.assertIn("Домашний интернет 500", notification.title)


class ThroughTheWorkerTests(TestCase):
    """Without the test settings' in-process mode, publishing only queues the task: the web
    request assigns nothing itself, and the queued task names the change by id."""

    @classmethod
    def setUpTestData(cls):
        cls.card = ProductCardPageFactory(title="Тариф")
        course = course_create(lessons=0)
        lesson = LessonPageFactory(
            parent=course, body=[("product_card", {"card": cls.card, "note": ""})]
        )
        cls.learned = staff_user()
        lesson_complete(user=cls.learned, lesson=lesson, at=timezone.now() - DAY)

    def test_publishing_queues_one_task_and_the_worker_assigns(self):
        broker = get_broker()
        with mock.patch.object(Conf, "SYNC", False):
            publish(self.card, relearn=True, test=self)
        change = ContentChange.objects.get()
        self.assertFalse(Assignment.objects.exists())
        received = broker.dequeue()
        self.assertEqual(len(received), 1)
        task_id, payload = received[0]
        broker.acknowledge(task_id)
        task = SignedPackage.loads(payload)
        self.assertEqual(task["func"], "courses.tasks.content_change_assign")
        self.assertEqual(task["args"], (change.pk,))
        # What the worker then runs, twice (a redelivery): one assignment.
        self.assertEqual(content_change_tasks.content_change_assign(*task["args"]), 1)
        self.assertEqual(content_change_tasks.content_change_assign(*task["args"]), 0)
        self.assertEqual(Assignment.objects.get().user, self.learned)


class GlossaryAndLessonChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        past = timezone.now() - 5 * DAY
        cls.term = GlossaryTermFactory(term_ru="Роутер")
        cls.term.save_revision().publish()
        course = course_create(lessons=0)
        cls.with_term = LessonPageFactory(
            parent=course, body=[("glossary_callout", {"term": cls.term, "note": ""})]
        )
        cls.reader = staff_user(username="reader")
        lesson_complete(user=cls.reader, lesson=cls.with_term, at=past)
        question = single_choice_create(text="Что такое роутер?", glossary_term=cls.term)
        cls.answered = staff_user(username="answered")
        attempt_take(cls.answered, quiz_create(questions=[question]), now=past)
        cls.nobody = staff_user(username="nobody")

    def test_a_glossary_term(self):
        self.term.refresh_from_db()
        publish(self.term, relearn=True, note="Теперь роутер **в аренду**.", test=self)
        change = ContentChange.objects.get()
        self.assertEqual(change_users(change), {"reader", "answered"})
        self.assertEqual(change.title, "Роутер")
        self.term.refresh_from_db()
        self.assertFalse(self.term.relearn_required)
        self.assertTrue(Question.objects.filter(glossary_term=self.term).exists())

    def test_a_lesson_itself(self):
        self.with_term.refresh_from_db()
        publish(self.with_term, relearn=True, note="Новый раздел.", test=self)
        self.assertEqual(change_users(ContentChange.objects.get()), {"reader"})


class CrmReleaseTests(TestCase):
    """A release changes the "search" feature: its tutorial, used by operators, is flagged."""

    @classmethod
    def setUpTestData(cls):
        cls.operator = JobRoleFactory(name="Оператор")
        cls.seller = JobRoleFactory(name="Продавец")
        cls.search = CrmFeatureFactory(name="Поиск клиента")
        cls.other_feature = CrmFeatureFactory(name="Отчёты")
        cls.tutorial = CrmTutorialPageFactory(title="Найти клиента", feature=cls.search)
        cls.tutorial.job_roles.set([cls.operator])
        cls.tutorial.save_revision().publish()
        cls.untouched = CrmTutorialPageFactory(title="Отчёт за день", feature=cls.other_feature)
        cls.release = CrmReleaseFactory(version="6.0", changed_features=[cls.search])
        cls.operator_user = staff_user(username="operator", job_role=cls.operator)
        cls.seller_user = staff_user(username="seller", job_role=cls.seller)
        cls.left_operator = staff_user(
            username="left_operator", job_role=cls.operator, status=StaffProfile.Status.LEFT
        )

    def fresh_tutorial(self):
        return CrmTutorialPage.objects.get(pk=self.tutorial.pk)

    def test_a_release_flags_the_tutorials_of_the_features_it_changed_once(self):
        self.assertEqual(crm_release_flag(release=self.release), 1)
        self.assertEqual(crm_release_flag(release=self.release), 0)
        self.assertEqual(
            list(CrmTutorialReview.objects.values_list("tutorial_id", flat=True)),
            [self.tutorial.pk],
        )

    def test_the_next_publish_with_relearn_reaches_the_job_roles_using_it(self):
        crm_release_flag(release=self.release)
        publish(self.fresh_tutorial(), relearn=True, note="Поиск теперь по ИНН.", test=self)
        change = ContentChange.objects.get()
        self.assertEqual(change_users(change), {"operator"})
        review = CrmTutorialReview.objects.get()
        self.assertIsNotNone(review.resolved_at)
        self.assertEqual(review.resolved_by_change, change)

    def test_a_publish_without_relearn_resolves_the_review_and_assigns_nothing(self):
        crm_release_flag(release=self.release)
        publish(self.fresh_tutorial(), relearn=False, test=self)
        self.assertIsNotNone(CrmTutorialReview.objects.get().resolved_at)
        self.assertFalse(Assignment.objects.exists())

    def test_without_a_release_a_relearn_reaches_only_learners(self):
        publish(self.fresh_tutorial(), relearn=True, test=self)
        self.assertEqual(change_users(ContentChange.objects.get()), set())

    def test_saving_a_release_in_the_admin_flags_and_says_so(self):
        admin = staff_user(roles=[roles.ADMINISTRATORS])
        self.client.force_login(admin)
        response = self.client.post(
            reverse("wagtailsnippets_courses_crmrelease:add"),
            {
                "version": "6.1",
                "released_on": "2026-11-20",
                "summary": "Поиск по ИНН.",
                "changed_features": [self.search.pk],
            },
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            CrmTutorialReview.objects.filter(
                release__version="6.1", tutorial=self.tutorial
            ).exists()
        )
        self.assertEqual(
            [str(m) for m in response.context["messages"] if "1" in str(m)][:1] != [], True
        )

    def test_the_editor_shows_what_to_review(self):
        crm_release_flag(release=self.release)
        admin = staff_user(roles=[roles.ADMINISTRATORS])
        self.client.force_login(admin)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.tutorial.pk]))
        self.assertContains(response, "data-crm-review")
        self.assertContains(response, "6.0")
        untouched = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.untouched.pk]))
        self.assertEqual(untouched.status_code, 200)
        self.assertNotContains(untouched, "data-crm-review")


class PublishPathTests(TestCase):
    """Scheduled publishing, drafts saved after a flagged one, a withdrawn quiz, a lost task."""

    @classmethod
    def setUpTestData(cls):
        cls.card = ProductCardPageFactory(title="Тариф «Старт»")
        course = course_create(lessons=0)
        lesson = LessonPageFactory(
            parent=course, body=[("product_card", {"card": cls.card, "note": ""})]
        )
        cls.learned = staff_user(username="learned")
        lesson_complete(user=cls.learned, lesson=lesson, at=timezone.now() - 3 * DAY)

    def fresh_card(self):
        return ProductCardPage.objects.get(pk=self.card.pk)

    def test_a_scheduled_change_counts_at_go_live_and_a_later_draft_does_not_repeat_it(self):
        go_live = timezone.now() + DAY
        page = self.fresh_card()
        page.relearn_required, page.change_note = True, "Цена с понедельника."
        page.go_live_at = go_live  # as the editor's "go live" setting does
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        self.assertFalse(ContentChange.objects.exists())  # only scheduled
        # The author fixes a typo in a draft made from the scheduled revision.
        draft = self.fresh_card().get_latest_revision_as_object()
        self.assertTrue(draft.relearn_required)
        draft.title = "Тариф «Старт»!"
        draft.save_revision()
        with (
            mock.patch("django.utils.timezone.now", return_value=go_live + DAY),
            self.captureOnCommitCallbacks(execute=True),
        ):
            call_command("publish_scheduled", stdout=StringIO())
        change = ContentChange.objects.get()
        self.assertEqual(change_users(change), {"learned"})
        # The draft the editor opens next starts clean, and publishing it repeats nothing.
        editing = self.fresh_card().get_latest_revision_as_object()
        self.assertFalse(editing.relearn_required)
        with self.captureOnCommitCallbacks(execute=True):
            self.fresh_card().get_latest_revision().publish()
        self.assertEqual(ContentChange.objects.count(), 1)
        self.assertEqual(Assignment.objects.count(), 1)

    def test_an_older_flagged_revision_published_again_is_the_same_change(self):
        page = self.fresh_card()
        page.relearn_required, page.change_note = True, "Новая цена."
        older = page.save_revision()
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        self.assertTrue(older.content["relearn_required"])
        with self.captureOnCommitCallbacks(execute=True):
            older.publish()
        self.assertEqual(ContentChange.objects.count(), 1)
        self.assertEqual(Assignment.objects.count(), 1)

    def test_a_page_that_is_not_live_yet_records_nothing_when_scheduled(self):
        from courses.apps import _content_published

        page = self.fresh_card()
        page.live = False
        page.relearn_required, page.change_note = True, "Скоро."
        _content_published(sender=ProductCardPage, instance=page, revision=None)
        self.assertFalse(ContentChange.objects.exists())

    def test_a_withdrawn_quiz_leaves_reading_the_note_to_complete_it(self):
        question = single_choice_create(knowledge_page=self.card)
        publish(self.fresh_card(), relearn=True, test=self)
        change = ContentChange.objects.get()
        quiz = change_quiz(change=change)
        self.assertEqual(
            list(quiz.quiz_questions.values_list("question", flat=True)), [question.pk]
        )
        assignment = Assignment.objects.get()
        self.assertFalse(change_acknowledge(assignment=assignment))
        quiz.live = False
        quiz.save(update_fields=["live"])
        assignment = Assignment.objects.select_related("content_change").get()
        self.assertTrue(change_acknowledge(assignment=assignment))

    def test_a_lost_task_is_assigned_by_the_sweep(self):
        with mock.patch("courses.services.changes._assign_later"):
            publish(self.fresh_card(), relearn=True, test=self)
        change = ContentChange.objects.get()
        self.assertIsNone(change.assigned_at)
        self.assertEqual(changes_assign_pending(), 0)  # too recent: its task may still run
        ContentChange.objects.filter(pk=change.pk).update(
            published_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        self.assertEqual(changes_assign_pending(), 1)
        self.assertEqual(changes_assign_pending(), 0)
        self.assertEqual(change_users(change), {"learned"})
