"""Defects found reviewing quality control for scope and security, each pinned by a test."""

from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation

from lms.people.models import StaffProfile
from quality.models import Evaluation, ExemplaryMark, Feedback
from quality.selectors_exemplary import examples_published
from quality.selectors_recognition import recognition_ranking
from quality.services.exemplary import exemplary_consent_set, exemplary_mark
from quality.services.feedback import ERROR_MAY_NOT_POST
from quality.services.feedback_import import ERROR_OWN_FEEDBACK, feedback_import
from quality.services.reviews import evaluation_dispute, evaluation_dispute_change
from quality.services.scoring import ERROR_MAY_NOT_EVALUATE, AnswerIn
from tests.api.helpers import API, bearer, token_for
from tests.lms.staff_files import csv_file
from tests.quality.factories import EvaluationPeople, evaluation_make
from tests.quality.test_api import QualityData
from tests.quality.test_recognition import END, START, RecognitionData, names

NOTE = "Образцово выяснил потребность"


class EvaluationPostLeaksNothingToNonEvaluators(QualityData, TestCase):
    """Those who evaluate nobody got a 422 "No such person" / "No such scorecard" for ids that do
    not exist and a 403 for those that do: an oracle of who and what exists."""

    def test_a_learner_gets_403_whatever_the_ids(self):
        bodies = {
            "no such person": self.body(person_id=999999),
            "no such scorecard": self.body(scorecard_id=999999),
            "inactive person": self.body(person_id=self.person.pk),
        }
        get_user_model().objects.filter(pk=self.person.pk).update(is_active=False)
        for name, body in bodies.items():
            with self.subTest(name):
                response = self.post(self.learner, body)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_MAY_NOT_EVALUATE)})
        self.assertFalse(Evaluation.objects.exists())

    def test_an_evaluator_still_learns_a_bad_id(self):
        response = self.post(self.qa, self.body(person_id=999999))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "person_id"])


class SupersededExampleLeavesTheBestPracticePage(EvaluationPeople, TestCase):
    """An exemplary evaluation changed after a dispute no longer counts: the best-practice page
    must not go on showing the answers the resolver replaced."""

    def test_a_changed_evaluation_is_no_example_any_more(self):
        example = evaluation_make(evaluator=self.qa, person=self.person, scorecard=self.scorecard)
        exemplary_mark(evaluation=example, user=self.manager, note=NOTE)
        exemplary_consent_set(
            evaluation=example, user=self.person, consent=ExemplaryMark.Consent.NAMED
        )
        self.assertEqual([m.evaluation for m in examples_published()], [example])
        evaluation_dispute(evaluation=example, user=self.person, reason="Не так")
        answers = [
            AnswerIn(self.ids[code], value)
            for code, value in {
                "greeting": "yes",
                "need": "no",
                "product": 1,
                "polite": "yes",
            }.items()
        ]
        evaluation_dispute_change(
            evaluation=example, user=self.manager, reason="Пересмотрено", answers=answers
        )
        self.assertEqual(list(examples_published()), [])
        self.client.force_login(self.learner)
        self.assertNotContains(self.client.get(reverse("quality:examples")), NOTE)


class DeactivatedPeopleLeaveTheRanking(RecognitionData, TestCase):
    """A deactivated account (not marked as a leaver) stayed in the recognition ranking, and so
    in a list published to the team."""

    def test_a_deactivated_account_is_not_ranked(self):
        self.assertIn(
            "Борис Бобров", names(recognition_ranking(user=self.qa, start=START, end=END).thanked)
        )
        get_user_model().objects.filter(pk=self.boris.pk).update(is_active=False)
        ranking = recognition_ranking(user=self.qa, start=START, end=END)
        self.assertNotIn("Борис Бобров", names(ranking.thanked))
        self.assertNotIn("Борис Бобров", names(ranking.scoring))


SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class StoredTextIsEscaped(EvaluationPeople, TestCase):
    """Checked and fine: comments, reasons, notes and feedback text are shown as text."""

    def test_comments_reasons_and_notes(self):
        ids = self.ids
        evaluation = evaluation_make(
            evaluator=self.qa,
            person=self.person,
            scorecard=self.scorecard,
            comment=f"Итог {SCRIPT}",
            reference="javascript:alert(1)",
        )
        evaluation.answers.filter(criterion_id=ids["greeting"]).update(comment=f"Ответ {SCRIPT}")
        exemplary_mark(evaluation=evaluation, user=self.manager, note=f"Заметка {SCRIPT}")
        exemplary_consent_set(
            evaluation=evaluation, user=self.person, consent=ExemplaryMark.Consent.NAMED
        )
        self.client.force_login(self.learner)
        page = self.client.get(reverse("quality:examples")).content.decode()
        self.assertNotIn(SCRIPT, page)
        self.assertEqual(page.count(ESCAPED), 3)
        evaluation_dispute(evaluation=evaluation, user=self.person, reason=f"Причина {SCRIPT}")
        self.client.force_login(self.manager)
        for url in (
            reverse("quality:evaluation_detail", args=[evaluation.pk]),
            reverse("quality:evaluation_resolve", args=[evaluation.pk]),
        ):
            with self.subTest(url):
                page = self.client.get(url).content.decode()
                self.assertNotIn(SCRIPT, page)
                self.assertIn(ESCAPED, page)
                self.assertNotIn('href="javascript:', page)

    def test_feedback_text(self):
        Feedback.objects.create(
            external_id="x1", kind="complaint", person=self.person, date="2026-11-02", text=SCRIPT
        )
        self.client.force_login(self.manager)
        page = self.client.get(reverse("quality:feedback")).content.decode()
        self.assertNotIn(SCRIPT, page)
        self.assertIn(ESCAPED, page)


class NobodyRecordsFeedbackOnThemselves(EvaluationPeople, TestCase):
    """QA evaluators and administrators could post thanks and CSAT on their own contacts and so
    rank themselves in recognition; nobody evaluates their own contacts, nor records their own
    customers' feedback (a manager already could not: they do not manage themselves)."""

    def post(self, user, person):
        body = {
            "external_id": f"self-{user.pk}",
            "kind": "thanks",
            "person_id": person.pk,
            "date": "2026-11-02",
        }
        return self.client.post(
            f"{API}/quality/feedback",
            body,
            content_type="application/json",
            headers=bearer(token_for(user)),
        )

    def test_qa_and_administrators_get_403_on_themselves(self):
        for name, user in (("qa", self.qa), ("admin", self.admin)):
            with self.subTest(name):
                response = self.post(user, user)
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json(), {"detail": str(ERROR_MAY_NOT_POST)})
        self.assertFalse(Feedback.objects.exists())
        self.assertEqual(self.post(self.qa, self.person).status_code, 201)


class NobodyImportsFeedbackOnThemselves(EvaluationPeople, TestCase):
    """The admin import let a QA evaluator or administrator record thanks on themselves, as the
    API did."""

    def test_a_row_naming_the_importer_is_an_error_and_nothing_is_imported(self):
        StaffProfile.objects.filter(user=self.qa).update(employee_id="QA-1")
        StaffProfile.objects.filter(user=self.person).update(employee_id="P-1")
        rows = [
            ["external_id", "employee_id", "date", "kind", "text"],
            ["t-1", "P-1", "2026-11-02", "thanks", "Спасибо"],
            ["t-2", "QA-1", "2026-11-02", "thanks", "Спасибо себе"],
        ]
        with translation.override("en"):
            result = feedback_import(content=csv_file(rows), filename="f.csv", imported_by=self.qa)
            self.assertEqual(
                [str(e) for e in result.errors],
                [f"line 3, column “employee_id”: {ERROR_OWN_FEEDBACK}"],
            )
        self.assertFalse(Feedback.objects.exists())
        result = feedback_import(content=csv_file(rows[:2]), filename="f.csv", imported_by=self.qa)
        self.assertEqual(result.created, 1)


class PostsNeedTheCsrfToken(EvaluationPeople, TestCase):
    """Checked and fine: the site's forms and the API's session calls refuse a POST without the
    CSRF token (a bearer token needs none)."""

    def test_without_the_token_nothing_changes(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.person)
        url = reverse("quality:evaluation_dispute", args=[self.evaluation.pk])
        self.assertEqual(client.post(url, {"reason": "Не так"}).status_code, 403)
        api_url = f"{API}/quality/evaluations/{self.evaluation.pk}/acknowledge"
        self.assertEqual(client.post(api_url).status_code, 403)
        self.assertFalse(self.evaluation.events.exists())
        response = self.client.post(api_url, headers=bearer(token_for(self.person)))
        self.assertEqual(response.status_code, 200)


class AChangedNoteAsksForConsentAgain(EvaluationPeople, TestCase):
    """The person agreed to share the example with the note they read; a manager could then
    rewrite the note and it went on showing under the person's consent (and name)."""

    def test_a_changed_note_hides_the_example_until_the_person_agrees_again(self):
        example = evaluation_make(evaluator=self.qa, person=self.person, scorecard=self.scorecard)
        exemplary_mark(evaluation=example, user=self.manager, note=NOTE)
        exemplary_consent_set(
            evaluation=example, user=self.person, consent=ExemplaryMark.Consent.NAMED
        )
        # The same note again changes nothing.
        exemplary_mark(evaluation=example, user=self.qa, note=f"  {NOTE} ")
        self.assertEqual(ExemplaryMark.objects.get().consent, ExemplaryMark.Consent.NAMED)
        exemplary_mark(evaluation=example, user=self.manager, note="Другая заметка")
        self.assertEqual(ExemplaryMark.objects.get().consent, ExemplaryMark.Consent.NONE)
        self.assertEqual(list(examples_published()), [])
        self.client.force_login(self.learner)
        self.assertNotContains(self.client.get(reverse("quality:examples")), "Другая заметка")
        exemplary_consent_set(
            evaluation=example, user=self.person, consent=ExemplaryMark.Consent.ANONYMOUS
        )
        self.assertContains(self.client.get(reverse("quality:examples")), "Другая заметка")
