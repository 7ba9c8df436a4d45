"""Acknowledging, disputing and resolving an evaluation (``quality/services/reviews.py``): who
may, in which order, the history kept, and who is notified."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from lms.notifications.models import Notification
from lms.people import roles
from quality.models import Evaluation, EvaluationEvent
from quality.notifications import DISPUTED, EVALUATED, RESOLVED, dispute_resolvers
from quality.services.reviews import (
    ERROR_MAY_NOT_RESOLVE,
    ERROR_NOT_DISPUTED,
    ERROR_NOT_OPEN,
    ERROR_REASON_REQUIRED,
    evaluation_acknowledge,
    evaluation_dispute,
    evaluation_dispute_change,
    evaluation_dispute_uphold,
    evaluation_state,
)
from quality.services.scoring import AnswerIn
from tests.factories import staff_user
from tests.quality.factories import EvaluationPeople, evaluation_make

Kind = EvaluationEvent.Kind


def _answers(ids, **values):
    given = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}
    given.update(values)
    return [AnswerIn(ids[code], value) for code, value in given.items()]


def _reload(evaluation):
    return Evaluation.objects.prefetch_related("events", "answers").get(pk=evaluation.pk)


class EvaluationNotifyTests(EvaluationPeople, TestCase):
    def test_the_person_is_notified_of_a_new_evaluation_with_its_link(self):
        notification = Notification.objects.get(recipient=self.person, kind=EVALUATED.key)
        self.assertEqual(
            notification.url, reverse("quality:evaluation_detail", args=[self.evaluation.pk])
        )
        self.assertEqual(notification.params["score"], f"{self.evaluation.score} %")


class AcknowledgeTests(EvaluationPeople, TestCase):
    def test_the_person_acknowledges_once(self):
        first = evaluation_acknowledge(evaluation=self.evaluation, user=self.person)
        again = evaluation_acknowledge(evaluation=_reload(self.evaluation), user=self.person)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(first.kind, Kind.ACKNOWLEDGED)
        self.assertEqual(EvaluationEvent.objects.count(), 1)

    def test_nobody_else_acknowledges(self):
        for user in (self.manager, self.qa, self.mentor, self.admin):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                evaluation_acknowledge(evaluation=self.evaluation, user=user)
        self.assertFalse(EvaluationEvent.objects.exists())

    def test_not_while_a_dispute_waits(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Не так")
        with self.assertRaisesMessage(ValidationError, str(ERROR_NOT_OPEN)):
            evaluation_acknowledge(evaluation=_reload(self.evaluation), user=self.person)


class DisputeTests(EvaluationPeople, TestCase):
    def test_a_reason_is_required(self):
        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(ValidationError) as caught:
                evaluation_dispute(evaluation=self.evaluation, user=self.person, reason=reason)
            self.assertEqual(caught.exception.message_dict, {"reason": [ERROR_REASON_REQUIRED]})
        self.assertFalse(EvaluationEvent.objects.exists())

    def test_the_dispute_is_kept_and_the_manager_asked(self):
        event = evaluation_dispute(
            evaluation=self.evaluation, user=self.person, reason="  Я назвал компанию  "
        )
        self.assertEqual((event.kind, event.reason, event.actor), (Kind.DISPUTED, "Я назвал компанию", self.person))  # fmt: skip
        asked = set(
            Notification.objects.filter(kind=DISPUTED.key).values_list("recipient", flat=True)
        )
        # The team's manager resolves; the original evaluator is never asked.
        self.assertEqual(asked, {self.manager.pk})

    def test_without_a_manager_the_other_qa_evaluators_are_asked(self):
        loner = staff_user()
        evaluation = evaluation_make(evaluator=self.qa, person=loner, scorecard=self.scorecard)
        self.assertEqual(set(dispute_resolvers(evaluation=evaluation)), {self.qa2})

    def test_only_the_person_disputes_and_only_once(self):
        with self.assertRaises(PermissionDenied):
            evaluation_dispute(evaluation=self.evaluation, user=self.manager, reason="x")
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Не так")
        with self.assertRaisesMessage(ValidationError, str(ERROR_NOT_OPEN)):
            evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Ещё раз")

    def test_not_after_acknowledging(self):
        evaluation_acknowledge(evaluation=self.evaluation, user=self.person)
        with self.assertRaisesMessage(ValidationError, str(ERROR_NOT_OPEN)):
            evaluation_dispute(evaluation=_reload(self.evaluation), user=self.person, reason="x")


class ResolveTests(EvaluationPeople, TestCase):
    def setUp(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Я назвал имя")
        self.evaluation = _reload(self.evaluation)

    def test_not_by_the_original_evaluator_the_person_or_a_mentor(self):
        for user in (self.qa, self.person, self.mentor, self.other_manager, self.learner):
            for resolve in (evaluation_dispute_uphold, evaluation_dispute_change):
                kwargs = {"answers": _answers(self.ids)} if resolve is evaluation_dispute_change else {}  # fmt: skip
                with (
                    self.subTest(user=user.username, resolve=resolve.__name__),
                    self.assertRaisesMessage(PermissionDenied, str(ERROR_MAY_NOT_RESOLVE)),
                ):
                    resolve(evaluation=self.evaluation, user=user, reason="r", **kwargs)
        self.assertEqual(evaluation_state(evaluation=_reload(self.evaluation)), Kind.DISPUTED)

    def test_uphold_keeps_it_and_lets_the_person_acknowledge(self):
        evaluation_dispute_uphold(evaluation=self.evaluation, user=self.manager, reason="Не назвал")
        evaluation = _reload(self.evaluation)
        self.assertEqual(evaluation_state(evaluation=evaluation), Kind.UPHELD)
        notification = Notification.objects.get(recipient=self.person, kind=RESOLVED.key)
        self.assertIn(str(evaluation.pk), notification.url)
        evaluation_acknowledge(evaluation=evaluation, user=self.person)
        kinds = list(EvaluationEvent.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, [Kind.DISPUTED, Kind.UPHELD, Kind.ACKNOWLEDGED])

    def test_a_reason_is_required_and_a_dispute_must_wait(self):
        with self.assertRaises(ValidationError):
            evaluation_dispute_uphold(evaluation=self.evaluation, user=self.manager, reason=" ")
        evaluation_dispute_uphold(evaluation=self.evaluation, user=self.manager, reason="Нет")
        with self.assertRaisesMessage(ValidationError, str(ERROR_NOT_DISPUTED)):
            evaluation_dispute_uphold(
                evaluation=_reload(self.evaluation), user=self.qa2, reason="Снова"
            )

    def test_a_change_is_a_new_evaluation_and_the_old_one_stays(self):
        before = list(self.evaluation.answers.values_list("criterion_code", "value", "points"))
        old_score = self.evaluation.score
        new = evaluation_dispute_change(
            evaluation=self.evaluation,
            user=self.qa2,
            reason="На записи он назвал тариф верно",
            answers=_answers(self.ids, product=4),
            comment="Пересмотрено",
        )
        self.assertNotEqual(new.pk, self.evaluation.pk)
        self.assertEqual((new.evaluator, new.person), (self.qa2, self.person))
        self.assertEqual(
            (new.channel, new.contact_date, new.reference),
            (self.evaluation.channel, self.evaluation.contact_date, self.evaluation.reference),
        )
        self.assertEqual(new.score, 100)
        old = _reload(self.evaluation)
        self.assertEqual(old.score, old_score)
        self.assertEqual(list(old.answers.values_list("criterion_code", "value", "points")), before)
        event = old.events.get(kind=Kind.CHANGED)
        self.assertEqual((event.actor, event.new_evaluation), (self.qa2, new))
        self.assertEqual(event.reason, "На записи он назвал тариф верно")
        # The person hears of the resolution (linked to the new evaluation), not of a new one.
        resolved = Notification.objects.get(recipient=self.person, kind=RESOLVED.key)
        self.assertIn(f"/{new.pk}/", resolved.url)
        self.assertEqual(
            Notification.objects.filter(recipient=self.person, kind=EVALUATED.key).count(), 1
        )
        # The old one is closed; the new one is open.
        with self.assertRaises(ValidationError):
            evaluation_acknowledge(evaluation=old, user=self.person)
        evaluation_acknowledge(evaluation=new, user=self.person)

    def test_a_bad_change_saves_nothing(self):
        with self.assertRaises(ValidationError):
            evaluation_dispute_change(
                evaluation=self.evaluation,
                user=self.manager,
                reason="r",
                answers=_answers(self.ids, product=9),
            )
        self.assertEqual(Evaluation.objects.count(), 1)
        self.assertEqual(evaluation_state(evaluation=_reload(self.evaluation)), Kind.DISPUTED)

    def test_an_administrator_and_hr_resolve_too(self):
        hr = staff_user(roles=[roles.HR])
        evaluation_dispute_uphold(evaluation=self.evaluation, user=hr, reason="Верно")
        self.assertEqual(evaluation_state(evaluation=_reload(self.evaluation)), Kind.UPHELD)
