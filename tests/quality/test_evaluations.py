"""The evaluation screens (``quality/views/evaluations.py``): the permission matrix of each
view, the form keeping what was typed on an error, the history after a dispute, and a fixed
number of queries on the lists."""

from django.test import TestCase
from django.urls import reverse

from quality.forms import person_label
from quality.models import Evaluation, EvaluationEvent
from quality.services.reviews import evaluation_dispute
from quality.services.scoring import ERROR_FUTURE_DATE
from tests.quality.factories import EvaluationPeople, evaluation_make

Kind = EvaluationEvent.Kind


class Views(EvaluationPeople):
    def as_user(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)

    def get(self, user, url):
        self.as_user(user)
        return self.client.get(url)

    def post(self, user, url, data):
        self.as_user(user)
        return self.client.post(url, data)

    def form_data(self, **overrides):
        data = {
            "scorecard": self.scorecard.pk,
            "person": person_label(self.person),
            "channel": "phone",
            "contact_date": "2026-11-05",
            "reference": "CRM-4711",
            f"c{self.ids['greeting']}": "yes",
            f"c{self.ids['need']}": "na",
            f"c{self.ids['product']}": "3",
            f"c{self.ids['polite']}": "yes",
            f"c{self.ids['product']}_comment": "Перепутал тариф",
            "comment": "Неплохо",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class EvaluationNewTests(Views, TestCase):
    url = reverse("quality:evaluation_new")

    def test_matrix_of_the_form(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user in (self.person, self.learner, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 403)
        for user in (self.manager, self.qa, self.admin, self.other_manager):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 200)

    def test_the_people_offered_are_those_the_evaluator_may_evaluate(self):
        option = f'<option value="{person_label(self.person)}"'
        self.assertContains(self.get(self.manager, self.url), option)
        self.assertContains(self.get(self.qa, self.url), option)
        self.assertNotContains(self.get(self.other_manager, self.url), option)
        # Nobody evaluates their own contacts.
        self.assertNotContains(
            self.get(self.qa, self.url), f'<option value="{person_label(self.qa)}"'
        )

    def test_a_manager_of_another_team_cannot_post_for_the_person(self):
        response = self.post(self.other_manager, self.url, self.form_data())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Evaluation.objects.count(), 1)

    def test_the_team_manager_saves_an_evaluation(self):
        response = self.post(self.manager, self.url, self.form_data())
        new = Evaluation.objects.exclude(pk=self.evaluation.pk).get()
        self.assertRedirects(response, reverse("quality:evaluation_detail", args=[new.pk]))
        self.assertEqual((new.evaluator, new.person, new.reference), (self.manager, self.person, "CRM-4711"))  # fmt: skip
        # Weights 1 + 4 × 3/4 … need N/A: (1 + 0.75 + 1) / 3 of weight → 91.67 %.
        self.assertEqual(str(new.score), "91.67")
        answer = new.answers.get(criterion_code="product")
        self.assertEqual((answer.points, answer.comment), (3, "Перепутал тариф"))

    def test_an_error_keeps_what_was_typed_and_sits_beside_its_criterion(self):
        data = self.form_data(**{f"c{self.ids['polite']}": None})
        data[f"c{self.ids['need']}"] = "na"
        response = self.post(self.qa, self.url, data)
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('value="CRM-4711"', html)
        self.assertIn("Перепутал тариф", html)
        self.assertIn("Неплохо", html)
        self.assertRegex(html, rf'value="3"[^>]*id="id_c{self.ids["product"]}_3"[^>]*checked|name="c{self.ids["product"]}" value="3"[^>]*checked')  # fmt: skip
        polite_errors = html.split(f'id="id_c{self.ids["polite"]}_errors"')[1].split("</div>")[0]
        self.assertIn("field__error", polite_errors)
        product_errors = html.split(f'id="id_c{self.ids["product"]}_errors"')[1].split("</div>")[0]
        self.assertNotIn("field__error", product_errors)
        self.assertEqual(Evaluation.objects.count(), 1)

    def test_the_service_errors_come_back_beside_their_field(self):
        response = self.post(self.qa, self.url, self.form_data(contact_date="2099-01-01"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, str(ERROR_FUTURE_DATE), status_code=400)
        self.assertContains(response, 'value="2099-01-01"', status_code=400)


class ListTests(Views, TestCase):
    url = reverse("quality:evaluations")

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user in (self.person, self.learner, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 403)
        link = reverse("quality:evaluation_detail", args=[self.evaluation.pk])
        for user in (self.manager, self.qa, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertContains(self.get(user, self.url), link)
        self.assertNotContains(self.get(self.other_manager, self.url), link)

    def test_disputes_wait_for_resolvers_but_not_the_original_evaluator(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Нет")
        self.assertContains(self.get(self.manager, self.url), "disputes-title")
        self.assertContains(self.get(self.qa2, self.url), "disputes-title")
        self.assertNotContains(self.get(self.qa, self.url), "disputes-title")

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.as_user(self.manager)
        self.client.get(self.url)
        with self.assertNumQueries(9) as first:
            self.client.get(self.url)
        for _ in range(5):
            evaluation = evaluation_make(evaluator=self.qa2, person=self.person, scorecard=self.scorecard)  # fmt: skip
            evaluation_dispute(evaluation=evaluation, user=self.person, reason="Нет")
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(self.url)


class MyEvaluationsTests(Views, TestCase):
    url = reverse("quality:my_evaluations")

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        link = reverse("quality:evaluation_detail", args=[self.evaluation.pk])
        self.assertContains(self.get(self.person, self.url), link)
        for user in (self.learner, self.mentor, self.manager, self.other_manager, self.qa, self.admin):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertNotContains(self.get(user, self.url), link)

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.as_user(self.person)
        self.client.get(self.url)
        with self.assertNumQueries(7) as first:
            self.client.get(self.url)
        for _ in range(5):
            evaluation_make(evaluator=self.qa2, person=self.person, scorecard=self.scorecard, values={"polite": "no"})  # fmt: skip
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(self.url)
        self.assertContains(response, "badge--bad", count=5)


class DetailTests(Views, TestCase):
    def url(self, name="evaluation_detail", evaluation=None):
        return reverse(f"quality:{name}", args=[(evaluation or self.evaluation).pk])

    def test_matrix_of_reading(self):
        self.assert_login_redirect(self.get(None, self.url()))
        for user in (self.learner, self.other_manager):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url()).status_code, 404)
        for user in (self.person, self.mentor, self.manager, self.qa, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertContains(self.get(user, self.url()), "Знает тариф")

    def test_only_the_person_sees_acknowledge_and_dispute(self):
        ack = self.url("evaluation_acknowledge")
        self.assertContains(self.get(self.person, self.url()), ack)
        for user in (self.mentor, self.manager, self.qa, self.admin):
            with self.subTest(user=user.username):
                self.assertNotContains(self.get(user, self.url()), ack)

    def test_matrix_of_acknowledging(self):
        url = self.url("evaluation_acknowledge")
        self.assert_login_redirect(self.post(None, url, {}))
        for user, status in ((self.learner, 404), (self.other_manager, 404), (self.mentor, 403), (self.manager, 403), (self.qa, 403), (self.admin, 403)):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, url, {}).status_code, status)
        self.assertFalse(EvaluationEvent.objects.exists())
        self.assertRedirects(self.post(self.person, url, {}), self.url())
        self.assertEqual(EvaluationEvent.objects.get().kind, Kind.ACKNOWLEDGED)

    def test_matrix_of_disputing_and_the_reason_required(self):
        url = self.url("evaluation_dispute")
        self.assert_login_redirect(self.post(None, url, {"reason": "x"}))
        for user, status in ((self.learner, 404), (self.other_manager, 404), (self.mentor, 403), (self.manager, 403), (self.qa, 403)):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, url, {"reason": "x"}).status_code, status)
        response = self.post(self.person, url, {"reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "field__error", status_code=400)
        self.assertFalse(EvaluationEvent.objects.exists())
        self.assertRedirects(self.post(self.person, url, {"reason": "Я назвал имя"}), self.url())
        self.assertEqual(EvaluationEvent.objects.get().reason, "Я назвал имя")


class ResolveTests(Views, TestCase):
    def setUp(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Я назвал тариф")
        self.url = reverse("quality:evaluation_resolve", args=[self.evaluation.pk])
        self.detail = reverse("quality:evaluation_detail", args=[self.evaluation.pk])

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user, status in ((self.learner, 404), (self.other_manager, 404), (self.person, 403), (self.mentor, 403), (self.qa, 403)):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, status)
                response = self.post(user, self.url, {"action": "uphold", "uphold-reason": "x"})
                self.assertEqual(response.status_code, status)
        for user in (self.manager, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertContains(self.get(user, self.url), "Я назвал тариф")
        self.assertEqual(EvaluationEvent.objects.count(), 1)

    def test_uphold_with_a_reason(self):
        response = self.post(self.manager, self.url, {"action": "uphold", "uphold-reason": ""})
        self.assertEqual(response.status_code, 400)
        response = self.post(self.manager, self.url, {"action": "uphold", "uphold-reason": "Не назвал"})  # fmt: skip
        self.assertRedirects(response, self.detail)
        self.assertEqual(EvaluationEvent.objects.last().kind, Kind.UPHELD)

    def test_a_change_keeps_input_on_error_then_makes_a_new_evaluation_with_history(self):
        data = {
            "action": "change",
            f"c{self.ids['greeting']}": "yes",
            f"c{self.ids['need']}": "yes",
            f"c{self.ids['product']}": "4",
            f"c{self.ids['polite']}": "yes",
            "comment": "Пересмотрено по записи",
            "reason": "",
        }
        response = self.post(self.qa2, self.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Пересмотрено по записи", status_code=400)
        data["reason"] = "На записи тариф назван верно"
        response = self.post(self.qa2, self.url, data)
        new = Evaluation.objects.exclude(pk=self.evaluation.pk).get()
        self.assertRedirects(response, reverse("quality:evaluation_detail", args=[new.pk]))
        self.assertEqual(str(new.score), "100.00")
        self.evaluation.refresh_from_db()
        self.assertNotEqual(self.evaluation.score, new.score)
        # Both pages show the history: the disputed evaluation, the dispute, the change.
        for url in (self.detail, reverse("quality:evaluation_detail", args=[new.pk])):
            with self.subTest(url=url):
                response = self.get(self.person, url)
                self.assertContains(response, "history-title")
                self.assertContains(response, "Я назвал тариф")
                self.assertContains(response, "На записи тариф назван верно")
        # The old one is closed for the person; the new one can be acknowledged.
        self.assertNotContains(self.get(self.person, self.detail), "evaluation_acknowledge")
        ack = reverse("quality:evaluation_acknowledge", args=[new.pk])
        self.assertContains(self.get(self.person, reverse("quality:evaluation_detail", args=[new.pk])), ack)  # fmt: skip
