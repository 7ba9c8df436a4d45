"""Exemplary evaluations (``quality/services/exemplary.py``, ``quality/views/exemplary.py``):
who marks one, the person's consent and its withdrawal, and what the best-practice page shows
to whom, with a fixed number of queries."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from quality.models import ExemplaryMark
from quality.selectors_exemplary import examples_published
from quality.services.calibration import calibration_create, calibration_score
from quality.services.exemplary import (
    ERROR_CALIBRATION,
    ERROR_NOTE_REQUIRED,
    ERROR_SUPERSEDED,
    exemplary_consent_set,
    exemplary_mark,
    exemplary_unmark,
)
from quality.services.reviews import evaluation_dispute, evaluation_dispute_change
from quality.services.scoring import AnswerIn
from tests.quality.factories import EvaluationPeople, evaluation_make

NOTE = "Образцово выяснил потребность и предложил тариф"
COMMENT = "Клиент ушёл довольным"
Consent = ExemplaryMark.Consent


class Exemplary(EvaluationPeople):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.example = evaluation_make(
            evaluator=cls.qa, person=cls.person, scorecard=cls.scorecard, comment=COMMENT
        )

    def mark(self, user=None, evaluation=None, note=NOTE):
        return exemplary_mark(
            evaluation=evaluation or self.example, user=user or self.manager, note=note
        )

    def page(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(reverse("quality:examples"))


class MarkTests(Exemplary, TestCase):
    def test_the_persons_managers_and_qa_evaluators_mark(self):
        for user in (self.manager, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.mark(user=user).note, NOTE)
        self.assertEqual(ExemplaryMark.objects.count(), 1)
        for user in (self.person, self.learner, self.mentor, self.other_manager):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.mark(user=user)
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                exemplary_unmark(evaluation=self.example, user=user)

    def test_a_note_is_required_and_a_superseded_evaluation_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.mark(note="  ")
        self.assertEqual(caught.exception.message_dict["note"], [ERROR_NOTE_REQUIRED])
        evaluation_dispute(evaluation=self.example, user=self.person, reason="Не так")
        ids = self.ids
        answers = [AnswerIn(ids[c], v) for c, v in
                   {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}.items()]  # fmt: skip
        new = evaluation_dispute_change(
            evaluation=self.example, user=self.manager, reason="Да", answers=answers
        )
        with self.assertRaises(ValidationError) as caught:
            self.mark()
        self.assertEqual(caught.exception.messages, [ERROR_SUPERSEDED])
        self.assertEqual(self.mark(evaluation=new).evaluation, new)

    def test_matrix_of_the_mark_screens(self):
        mark_url = reverse("quality:exemplary_mark", args=[self.example.pk])
        unmark_url = reverse("quality:exemplary_unmark", args=[self.example.pk])
        self.assertEqual(self.client.post(mark_url, {"note": NOTE}).status_code, 302)
        self.assertEqual(ExemplaryMark.objects.count(), 0)
        for user, status in ((self.learner, 404), (self.other_manager, 404), (self.person, 403), (self.mentor, 403)):  # fmt: skip
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(mark_url, {"note": NOTE}).status_code, status)
                self.assertEqual(self.client.post(unmark_url).status_code, status)
        self.assertEqual(ExemplaryMark.objects.count(), 0)
        self.client.force_login(self.manager)
        response = self.client.post(mark_url, {"note": ""})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ExemplaryMark.objects.count(), 0)
        detail = reverse("quality:evaluation_detail", args=[self.example.pk])
        self.assertRedirects(self.client.post(mark_url, {"note": NOTE}), detail)
        self.assertContains(self.client.get(detail), NOTE)
        self.assertRedirects(self.client.post(unmark_url), detail)
        self.assertEqual(ExemplaryMark.objects.count(), 0)


class ConsentTests(Exemplary, TestCase):
    def test_only_the_person_consents(self):
        self.mark()
        for user in (self.manager, self.qa, self.admin):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                exemplary_consent_set(evaluation=self.example, user=user, consent=Consent.NAMED)
        url = reverse("quality:exemplary_consent", args=[self.example.pk])
        self.client.force_login(self.manager)
        self.assertEqual(self.client.post(url, {"consent": "named"}).status_code, 403)
        self.client.force_login(self.learner)
        self.assertEqual(self.client.post(url, {"consent": "named"}).status_code, 404)
        self.assertEqual(ExemplaryMark.objects.get().consent, Consent.NONE)

    def test_the_person_is_offered_the_choice_in_their_own_space(self):
        self.mark()
        self.client.force_login(self.person)
        detail = reverse("quality:evaluation_detail", args=[self.example.pk])
        response = self.client.get(detail)
        self.assertContains(response, NOTE)
        self.assertContains(response, reverse("quality:exemplary_consent", args=[self.example.pk]))
        url = reverse("quality:exemplary_consent", args=[self.example.pk])
        self.assertRedirects(self.client.post(url, {"consent": "anonymous"}), detail)
        self.assertEqual(ExemplaryMark.objects.get().consent, Consent.ANONYMOUS)

    def test_nothing_is_shared_without_consent_and_withdrawal_hides_it_at_once(self):
        self.mark()
        self.assertNotContains(self.page(self.learner), NOTE)
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.ANONYMOUS)
        page = self.page(self.learner)
        self.assertContains(page, NOTE)
        self.assertContains(page, COMMENT)
        self.assertNotContains(page, "Новиков")
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.NAMED)
        self.assertContains(self.page(self.learner), "Иван Новиков")
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.NONE)
        self.assertNotContains(self.page(self.learner), NOTE)
        self.assertEqual(list(examples_published()), [])

    def test_taking_the_mark_off_hides_it_and_forgets_the_consent(self):
        self.mark()
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.NAMED)
        exemplary_unmark(evaluation=self.example, user=self.qa)
        self.assertNotContains(self.page(self.learner), NOTE)
        self.mark()
        self.assertEqual(ExemplaryMark.objects.get().consent, Consent.NONE)


class ExamplesPageTests(Exemplary, TestCase):
    def test_matrix_and_no_score_leaks(self):
        self.mark()
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.NAMED)
        response = self.page(None)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        for user in (self.learner, self.mentor, self.person, self.manager, self.qa):
            with self.subTest(user=user.username):
                page = self.page(user)
                self.assertContains(page, NOTE)
                # The answers are shown; the score (100 %) and the reference are not.
                self.assertNotContains(page, "100,00")
                self.assertNotContains(page, "eval-score")

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.mark()
        exemplary_consent_set(evaluation=self.example, user=self.person, consent=Consent.NAMED)
        self.page(self.learner)
        with self.assertNumQueries(8) as first:
            self.client.get(reverse("quality:examples"))
        expected = len(first.captured_queries)
        for n in range(4):
            evaluation = evaluation_make(
                evaluator=self.qa2, person=self.person, scorecard=self.scorecard
            )
            self.mark(evaluation=evaluation, note=f"Пример {n}")
            exemplary_consent_set(evaluation=evaluation, user=self.person, consent=Consent.NAMED)
        with self.assertNumQueries(expected):
            response = self.client.get(reverse("quality:examples"))
        self.assertEqual(len(response.context["examples"]), 5)


class CalibrationScoringTests(Exemplary, TestCase):
    def test_a_calibration_scoring_is_never_an_example(self):
        session = calibration_create(
            user=self.qa,
            scorecard=self.scorecard,
            person=self.person,
            channel="phone",
            contact_date=self.example.contact_date,
            evaluators=[self.qa, self.qa2],
        )
        answers = [AnswerIn(self.ids[c], v) for c, v in
                   {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}.items()]  # fmt: skip
        scoring = calibration_score(session=session, user=self.qa, answers=answers)
        with self.assertRaises(ValidationError) as caught:
            self.mark(evaluation=scoring)
        self.assertEqual(caught.exception.messages, [ERROR_CALIBRATION])
        self.client.force_login(self.manager)
        url = reverse("quality:exemplary_mark", args=[scoring.pk])
        self.assertEqual(self.client.post(url, {"note": NOTE}).status_code, 404)


class ListBadgeTests(Exemplary, TestCase):
    def test_the_persons_list_shows_which_evaluations_are_exemplary(self):
        self.client.force_login(self.person)
        url = reverse("quality:my_evaluations")
        self.mark()
        page = self.client.get(url)
        flags = {e.pk: e.exemplary for e in page.context["evaluations"]}
        self.assertEqual(flags, {self.example.pk: True, self.evaluation.pk: False})
