"""A quiz refresher policy (and an assignment of a quiz) names its quiz by a plain ``quiz_id``
column: the quizzes app deletes them with the quiz (``quizzes.signals``) and tells the courses
app the quiz's title and liveness (``courses.hooks``)."""

from django.test import TestCase
from django.urls import reverse

from courses import hooks
from courses.models import RefresherPolicy
from courses.selectors import policies_active
from lms.people import roles
from quizzes.models import Quiz
from tests.courses.factories import course_create
from tests.courses.test_refreshers import policy_create
from tests.factories import staff_user
from tests.quizzes.factories import quiz_create

EDIT = "wagtailsnippets_courses_refresherpolicy:edit"


def quiz_policy_create(quiz, title="Раз в квартал") -> RefresherPolicy:
    return RefresherPolicy.objects.create(title=title, quiz_id=quiz.pk, every_days=90, due_days=14)


class QuizDeleteTests(TestCase):
    """Deleting a quiz deletes its refresher policies, as the foreign key's CASCADE did."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы")
        cls.other = quiz_create(title="Стандарты")
        cls.course_policy = policy_create(course_create(lessons=1))

    def test_deleting_a_quiz_deletes_its_policies_only(self):
        quiz_policy_create(self.quiz)
        kept = quiz_policy_create(self.other, title="Другая")

        self.quiz.delete()

        self.assertEqual(
            set(RefresherPolicy.objects.values_list("pk", flat=True)),
            {kept.pk, self.course_policy.pk},
        )

    def test_a_queryset_delete_deletes_them_too(self):
        quiz_policy_create(self.quiz)
        quiz_policy_create(self.other, title="Другая")

        Quiz.objects.filter(pk__in=[self.quiz.pk, self.other.pk]).delete()

        self.assertEqual(
            list(RefresherPolicy.objects.values_list("pk", flat=True)), [self.course_policy.pk]
        )


class QuizHooksTests(TestCase):
    """What the courses app learns of a policy's quiz: its title and whether it is live."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы: проверка")
        cls.draft = quiz_create(title="Черновик", live=False)
        cls.policy = quiz_policy_create(cls.quiz)
        cls.draft_policy = quiz_policy_create(cls.draft, title="Черновая")

    def test_the_title_is_annotated_in_the_query_that_reads_the_policies(self):
        with self.assertNumQueries(1):
            titles = {p.pk: p.target_title for p in RefresherPolicy.objects.with_targets()}
        self.assertEqual(
            titles, {self.policy.pk: "Тарифы: проверка", self.draft_policy.pk: "Черновик"}
        )

    def test_without_the_annotation_the_title_costs_one_query(self):
        policy = RefresherPolicy.objects.get(pk=self.policy.pk)
        with self.assertNumQueries(1):
            self.assertEqual(policy.target_title, "Тарифы: проверка")
            self.assertEqual(policy.target_title, "Тарифы: проверка")  # kept

    def test_a_policy_of_a_quiz_that_is_not_live_is_not_active(self):
        self.assertEqual([p.pk for p in policies_active()], [self.policy.pk])

    def test_the_hooks_answer_from_the_quizzes_app(self):
        self.assertEqual(list(hooks.quiz_ids_live()), [{"pk": self.quiz.pk}])
        self.assertEqual(
            list(hooks.quiz_list().values_list("title", flat=True)),
            ["Тарифы: проверка", "Черновик"],
        )


class QuizPolicyEditTests(TestCase):
    """The policy form stores the chosen quiz's id and shows it again when edited."""

    @classmethod
    def setUpTestData(cls):
        cls.quiz = quiz_create(title="Тарифы: проверка")
        cls.other = quiz_create(title="Стандарты: проверка")
        cls.policy = quiz_policy_create(cls.quiz)
        cls.manager = staff_user(roles=[roles.MANAGERS])

    def test_the_edit_form_shows_the_quiz_and_saves_another(self):
        self.client.force_login(self.manager)
        url = reverse(EDIT, args=[self.policy.pk])

        form = self.client.get(url).context["form"]
        self.assertEqual(form["quiz"].value(), self.quiz.pk)
        self.assertEqual(
            [label for _value, label in form.fields["quiz"].choices][1:],
            ["Стандарты: проверка", "Тарифы: проверка"],
        )

        data = {
            "title": "Раз в квартал",
            "quiz": self.other.pk,
            "audience": "everyone",
            "every_days": 90,
            "due_days": 14,
            "expiring_soon_days": 14,
            "active": "on",
        }
        response = self.client.post(url, data)

        self.assertEqual(response.status_code, 302)
        self.policy.refresh_from_db()
        self.assertEqual((self.policy.quiz_id, self.policy.course_id), (self.other.pk, None))
