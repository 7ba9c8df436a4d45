"""A quiz goes through review like a page: an author submits, a content lead approves and it is
published; the list marks drafts and quizzes waiting for review; the content leads get an inbox
item; learners only ever get the published version."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.notifications.models import Notification
from lms.people import roles
from quizzes.models import Quiz
from quizzes.selectors import quiz_live_or_404
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create, single_choice_create

LIST_URL = reverse("wagtailsnippets_quizzes_quiz:list")


def edit_url(quiz: Quiz) -> str:
    return reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk])


def quiz_form(quiz: Quiz, **changes) -> dict:
    action = {k: changes.pop(k) for k in list(changes) if k.startswith(("action-", "workflow-"))}
    rows = [
        {"id": qq.pk, "question": qq.question_id, "ORDER": index}
        for index, qq in enumerate(quiz.quiz_questions.all())
    ]
    data = {
        "title": quiz.title,
        "description": quiz.description,
        "quiz_questions": inline_formset(rows, initial=len(rows)),
        "draws": inline_formset([]),
        "pass_mark": quiz.pass_mark,
        "attempt_limit": quiz.attempt_limit,
        "cooldown_minutes": quiz.cooldown_minutes,
        "time_limit_minutes": quiz.time_limit_minutes,
        "shuffle_choices": "on",
        "show_answers": quiz.show_answers,
    }
    data.update(changes)
    return {**nested_form_data(data), **action}


class QuizWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = staff_user(roles=[roles.AUTHORS], first_name="Анна")
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS], first_name="Лидия")
        cls.other_lead = staff_user(roles=[roles.CONTENT_LEADS], first_name="Лев")
        cls.learner = staff_user()
        cls.question = single_choice_create(text="Что такое тариф?")
        cls.quiz = quiz_create(title="Тарифы", questions=[cls.question])
        cls.quiz.save_revision().publish()

    def submit(self, title="Тарифы 2026"):
        self.client.force_login(self.author)
        return self.client.post(
            edit_url(self.quiz), quiz_form(self.quiz, title=title, **{"action-submit": "1"})
        )

    def test_quizzes_go_through_the_content_lead_review(self):
        workflow = Quiz().get_workflow()
        self.assertIsNotNone(workflow)
        self.assertEqual(workflow.name, roles.REVIEW_WORKFLOW_NAME)
        self.assertEqual(
            [(t.name, [g.name for g in t.specific.groups.all()]) for t in workflow.tasks],
            [(roles.REVIEW_TASK_NAME, [roles.CONTENT_LEADS])],
        )

    def test_the_workflow_and_its_task_read_in_russian(self):
        workflow = Quiz().get_workflow()
        self.assertRegex(workflow.name, "[а-я]")
        self.assertRegex(workflow.tasks[0].name, "[а-я]")

    def test_author_submits_and_learners_keep_the_published_quiz(self):
        response = self.submit()
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.get(
            base_content_type__model="quiz", object_id=str(self.quiz.pk)
        )
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(quiz_live_or_404(quiz_id=self.quiz.pk).title, "Тарифы")

    def test_content_leads_get_an_inbox_item_when_a_quiz_waits(self):
        self.submit()
        items = Notification.objects.filter(kind="people.review_waiting")
        self.assertEqual(
            sorted(n.recipient_id for n in items), sorted([self.lead.pk, self.other_lead.pk])
        )
        item = items.get(recipient=self.lead)
        self.assertEqual(item.url, edit_url(self.quiz))
        with translation.override("ru"):
            self.assertIn("Тарифы", item.title)
            self.assertIn("ждёт вашей проверки", item.title)

    def test_lead_approves_and_the_quiz_is_published(self):
        self.submit()
        self.client.force_login(self.lead)
        self.client.post(
            edit_url(self.quiz),
            quiz_form(
                self.quiz,
                title="Тарифы 2026",
                **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            ),
        )
        self.assertEqual(quiz_live_or_404(quiz_id=self.quiz.pk).title, "Тарифы 2026")

    def test_the_list_marks_quizzes_in_review_and_with_pending_changes(self):
        draft = quiz_create(title="Черновик", live=True)
        draft.title = "Черновик 2"
        draft.save_revision()
        self.submit()
        self.client.force_login(self.lead)
        with translation.override("ru"):
            response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "на проверке")
        self.assertContains(response, "опубликовано + черновик")
        self.assertNotContains(response, ">True<")

    def test_the_list_costs_the_same_queries_for_more_quizzes(self):
        self.client.force_login(self.lead)
        self.client.get(LIST_URL)
        with self.assertNumQueries(self._count()):
            self.client.get(LIST_URL)
        for index in range(5):
            quiz = quiz_create(title=f"Квиз {index}")
            quiz.save_revision()
        with self.assertNumQueries(self._count()):
            self.client.get(LIST_URL)

    def _count(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.client.get(LIST_URL)
        return len(ctx)

    def test_who_may_open_the_quiz_list(self):
        self.assertEqual(self.client.get(LIST_URL).status_code, 302)  # to the sign-in
        self.client.force_login(self.learner)
        self.assertIn(self.client.get(LIST_URL).status_code, (302, 403))
        self.client.force_login(self.author)
        self.assertEqual(self.client.get(LIST_URL).status_code, 200)


class PageReviewInboxTests(TestCase):
    """Pages use the same review: a page sent for review puts an inbox item in front of the
    content leads too (not only Wagtail's email)."""

    def test_a_page_waiting_for_review_reaches_the_content_leads_inbox(self):
        from tests.courses.factories import DocumentsGuidePageFactory

        author = staff_user(roles=[roles.AUTHORS])
        lead = staff_user(roles=[roles.CONTENT_LEADS])
        learner = staff_user()
        guide = DocumentsGuidePageFactory(title="Документы", intro="Старое")
        self.client.force_login(author)
        self.client.post(
            reverse("wagtailadmin_pages:edit", args=[guide.pk]),
            nested_form_data(
                {
                    "title": guide.title,
                    "slug": guide.slug,
                    "intro": "Новое",
                    "entries": inline_formset([]),
                    "action-submit": "1",
                }
            ),
        )
        items = Notification.objects.filter(kind="people.review_waiting")
        self.assertEqual([n.recipient_id for n in items], [lead.pk])
        self.assertNotIn(learner.pk, [n.recipient_id for n in items])
        self.assertEqual(items[0].url, reverse("wagtailadmin_pages:edit", args=[guide.pk]))
