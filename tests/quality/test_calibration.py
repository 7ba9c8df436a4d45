"""Calibration sessions (``quality/services/calibration.py``, ``quality/selectors_calibration.py``,
``quality/views/calibration.py``): the figures on a known example, the evaluators' independence
while a session is open, the scorings left out of everything that counts for the person, the
service's rules, and the permission matrix and query counts of the screens."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from lms.notifications.models import Notification
from lms.people import roles
from quality.forms import person_label
from quality.models import CalibrationSession, Criterion, Evaluation
from quality.selectors_calibration import (
    HARDER,
    IN_LINE,
    SOFTER,
    calibration_figures,
    calibration_scorings,
    calibrations_visible_to,
)
from quality.selectors_reviews import evaluations_for_person, evaluations_visible_to
from quality.services.calibration import (
    ERROR_CLOSED,
    ERROR_SCORED_ALREADY,
    ERROR_TOO_FEW_EVALUATORS,
    ERROR_TOO_FEW_SCORINGS,
    calibration_close,
    calibration_create,
    calibration_score,
)
from quality.services.scoring import AnswerIn
from tests.api.helpers import API
from tests.factories import staff_user
from tests.quality.factories import EvaluationPeople

DAY = datetime.date(2026, 11, 3)
# The known example: three evaluators on the default scorecard (greeting yes/no weight 1, need
# yes/no/N/A weight 2, product 0–4 points weight 1, polite critical weight 1).
SOFT = {"greeting": "yes", "need": "yes", "product": 4, "polite": "yes"}  # 100 %
HARD = {"greeting": "yes", "need": "no", "product": 2, "polite": "yes"}  # 2.5 / 5 = 50 %
MIDDLE = {"greeting": "no", "need": "yes", "product": 4, "polite": "yes"}  # 4 / 5 = 80 %


class Calibration(EvaluationPeople):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = cls.open_session()

    @classmethod
    def open_session(cls, **fields):
        values = {
            "user": cls.qa,
            "scorecard": cls.scorecard,
            "person": cls.person,
            "channel": "phone",
            "contact_date": DAY,
            "reference": "CALL-77",
            "evaluators": [cls.qa, cls.qa2, cls.manager],
        }
        values.update(fields)
        return calibration_create(**values)

    def score(self, user, values, session=None, comment=""):
        answers = [AnswerIn(self.ids[code], value) for code, value in values.items()]
        return calibration_score(
            session=session or self.session, user=user, answers=answers, comment=comment
        )

    def score_all(self):
        self.score(self.qa, SOFT, comment="Мягкая оценка")
        self.score(self.qa2, HARD, comment="Строгая оценка")
        self.score(self.manager, MIDDLE, comment="Средняя оценка")


class FiguresTests(Calibration, TestCase):
    def test_agreement_and_spread_on_a_known_example(self):
        self.score_all()
        calibration_close(session=self.session, user=self.qa)
        figures = calibration_figures(
            criteria=self.session.scorecard_version.snapshot["criteria"],
            scorings=calibration_scorings(session=self.session),
        )
        by_code = {row.criterion["code"]: row for row in figures.criteria}
        two_of_three = Decimal("66.67")
        self.assertEqual(by_code["greeting"].answers, ["yes", "yes", "no"])
        self.assertEqual(by_code["greeting"].modes, ["yes"])
        self.assertEqual(by_code["greeting"].agreement, two_of_three)
        self.assertEqual(by_code["greeting"].spread, Decimal("100.00"))
        self.assertEqual(by_code["need"].agreement, two_of_three)
        self.assertEqual(by_code["product"].answers, ["4", "2", "4"])
        self.assertEqual(by_code["product"].modes, ["4"])
        self.assertEqual(by_code["product"].spread, Decimal("50.00"))
        self.assertEqual(by_code["polite"].agreement, Decimal("100.00"))
        self.assertEqual(by_code["polite"].spread, Decimal("0.00"))
        # (66.67 × 3 + 100) / 4
        self.assertEqual(figures.agreement, Decimal("75.00"))
        # (100 + 50 + 80) / 3
        self.assertEqual(figures.mean_score, Decimal("76.67"))
        rows = {row.evaluation.evaluator_id: row for row in figures.evaluators}
        self.assertEqual(rows[self.qa.pk].score, Decimal("100.00"))
        self.assertEqual(rows[self.qa.pk].deviation, Decimal("23.33"))
        self.assertEqual(rows[self.qa.pk].verdict, SOFTER)
        self.assertEqual(rows[self.qa2.pk].deviation, Decimal("-26.67"))
        self.assertEqual(rows[self.qa2.pk].verdict, HARDER)
        self.assertEqual(rows[self.manager.pk].deviation, Decimal("3.33"))
        self.assertEqual(rows[self.manager.pk].verdict, IN_LINE)
        # The hard evaluator was apart from the majority on need and product, the middle one
        # on greeting, the soft one nowhere.
        self.assertEqual(rows[self.qa2.pk].apart_from_mode, 2)
        self.assertEqual(rows[self.manager.pk].apart_from_mode, 1)
        self.assertEqual(rows[self.qa.pk].apart_from_mode, 0)

    def test_not_applicable_counts_as_an_answer_but_not_in_the_spread(self):
        self.score(self.qa, {**SOFT, "need": "na"})
        self.score(self.qa2, {**SOFT, "need": "na"})
        self.score(self.manager, {**SOFT, "need": "no"})
        figures = calibration_figures(
            criteria=self.session.scorecard_version.snapshot["criteria"],
            scorings=calibration_scorings(session=self.session),
        )
        need = next(row for row in figures.criteria if row.criterion["code"] == "need")
        self.assertEqual(need.modes, ["na"])
        self.assertEqual(need.agreement, Decimal("66.67"))
        self.assertEqual(need.spread, Decimal("0.00"))

    def test_a_tie_has_two_modes_and_nobody_apart_from_them(self):
        self.score(self.qa, SOFT)
        self.score(self.qa2, {**SOFT, "greeting": "no"})
        figures = calibration_figures(
            criteria=self.session.scorecard_version.snapshot["criteria"],
            scorings=calibration_scorings(session=self.session),
        )
        greeting = figures.criteria[0]
        self.assertEqual(sorted(greeting.modes), ["no", "yes"])
        self.assertEqual(greeting.agreement, Decimal("50.00"))
        self.assertEqual([row.apart_from_mode for row in figures.evaluators], [0, 0])

    def test_the_page_shows_the_figures_and_everyones_answers_once_closed(self):
        self.score_all()
        calibration_close(session=self.session, user=self.qa)
        self.client.force_login(self.manager)
        response = self.client.get(reverse("quality:calibration_detail", args=[self.session.pk]))
        # Russian formats decimals with a comma.
        self.assertContains(response, "+23,33")
        self.assertContains(response, "-26,67")
        self.assertContains(response, "66,67 %")
        for comment in ("Мягкая оценка", "Строгая оценка", "Средняя оценка"):
            self.assertContains(response, comment)


class IndependenceTests(Calibration, TestCase):
    def detail(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("quality:calibration_detail", args=[self.session.pk]))

    def test_while_open_each_evaluator_sees_only_their_own_answers(self):
        self.score(self.qa, SOFT, comment="Мягкая оценка")
        self.score(self.qa2, HARD, comment="Строгая оценка")
        mine = self.detail(self.qa)
        self.assertContains(mine, "Мягкая оценка")
        self.assertNotContains(mine, "Строгая оценка")
        self.assertIsNone(mine.context["figures"])
        theirs = self.detail(self.qa2)
        self.assertContains(theirs, "Строгая оценка")
        self.assertNotContains(theirs, "Мягкая оценка")
        # The one who has not scored yet sees who has, not what they answered.
        waiting = self.detail(self.manager)
        self.assertNotContains(waiting, "Мягкая оценка")
        self.assertNotContains(waiting, "Строгая оценка")
        self.assertContains(waiting, reverse("quality:calibration_score", args=[self.session.pk]))
        # Nor does the person's manager or an administrator who is not invited.
        self.assertNotContains(self.detail(self.admin), "Строгая оценка")

    def test_the_evaluation_pages_and_api_do_not_open_a_scoring(self):
        scoring = self.score(self.qa, SOFT)
        for user in (self.qa2, self.manager, self.person, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                url = reverse("quality:evaluation_detail", args=[scoring.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
                api = self.client.get(f"{API}/quality/evaluations/{scoring.pk}")
                self.assertEqual(api.status_code, 404)


class ExclusionTests(Calibration, TestCase):
    def test_scorings_never_count_for_the_person(self):
        notified = Notification.objects.filter(recipient=self.person).count()
        self.score_all()
        scorings = Evaluation.all_objects.filter(calibration=self.session)
        self.assertEqual(scorings.count(), 3)
        # Only the one evaluation made outside calibration counts.
        self.assertEqual(list(Evaluation.objects.all()), [self.evaluation])
        self.assertEqual(list(self.person.quality_evaluations.all()), [self.evaluation])
        self.assertEqual(list(evaluations_for_person(person=self.person)), [self.evaluation])
        self.assertEqual(list(evaluations_visible_to(user=self.qa2)), [self.evaluation])
        self.assertEqual(list(evaluations_visible_to(user=self.manager)), [self.evaluation])
        # The person is not told about scorings of a calibration.
        self.assertEqual(Notification.objects.filter(recipient=self.person).count(), notified)

    def test_the_persons_lists_show_only_the_counted_evaluation(self):
        self.score_all()
        self.client.force_login(self.person)
        mine = self.client.get(f"{API}/me/evaluations").json()["evaluations"]
        self.assertEqual([row["id"] for row in mine], [self.evaluation.pk])
        page = self.client.get(reverse("quality:my_evaluations"))
        self.assertEqual(list(page.context["evaluations"]), [self.evaluation])
        self.client.force_login(self.manager)
        listed = self.client.get(reverse("quality:evaluations"))
        self.assertEqual(listed.context["evaluations"], [self.evaluation])


class ServiceTests(Calibration, TestCase):
    def test_at_least_two_evaluators_who_may_evaluate_the_person(self):
        with self.assertRaises(ValidationError) as caught:
            self.open_session(evaluators=[self.qa])
        self.assertEqual(caught.exception.message_dict["evaluators"], [ERROR_TOO_FEW_EVALUATORS])
        with self.assertRaises(ValidationError) as caught:
            self.open_session(evaluators=[self.qa, self.other_manager, self.learner])
        self.assertEqual(len(caught.exception.message_dict["evaluators"]), 2)

    def test_only_those_who_may_evaluate_the_person_open_one(self):
        for user in (self.other_manager, self.learner, self.person):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.open_session(user=user)
        self.assertEqual(self.open_session(user=self.manager).created_by, self.manager)

    def test_a_bad_contact_is_refused(self):
        future = datetime.date.today() + datetime.timedelta(days=2)
        with self.assertRaises(ValidationError) as caught:
            self.open_session(channel="visit", contact_date=future)
        self.assertEqual(set(caught.exception.message_dict), {"channel", "contact_date"})

    def test_only_the_invited_score_once_while_open(self):
        with self.assertRaises(PermissionDenied):
            self.score(self.admin, SOFT)
        self.score(self.qa, SOFT)
        with self.assertRaises(ValidationError) as caught:
            self.score(self.qa, HARD)
        self.assertEqual(caught.exception.messages, [ERROR_SCORED_ALREADY])
        with self.assertRaises(ValidationError) as caught:
            calibration_close(session=self.session, user=self.qa)
        self.assertEqual(caught.exception.messages, [ERROR_TOO_FEW_SCORINGS])
        self.score(self.qa2, HARD)
        calibration_close(session=self.session, user=self.qa)
        with self.assertRaises(ValidationError) as caught:
            self.score(self.manager, MIDDLE)
        self.assertEqual(caught.exception.messages, [ERROR_CLOSED])

    def test_only_the_creator_or_a_qa_evaluator_closes_it(self):
        self.score(self.qa, SOFT)
        self.score(self.qa2, HARD)
        with self.assertRaises(PermissionDenied):
            calibration_close(session=self.session, user=self.manager)
        calibration_close(session=self.session, user=self.admin)
        self.session.refresh_from_db()
        self.assertEqual(self.session.status, CalibrationSession.Status.CLOSED)
        # Closing again is harmless.
        calibration_close(session=self.session, user=self.qa)

    def test_every_scoring_uses_the_version_frozen_for_the_session(self):
        self.score(self.qa, SOFT)
        Criterion.objects.create(
            scorecard=self.scorecard,
            sort_order=9,
            section="Прощание",
            code="bye",
            text="Попрощался",
        )
        # The new criterion is not asked: the session's version does not have it.
        scoring = self.score(self.qa2, HARD)
        self.assertEqual(scoring.scorecard_version, self.session.scorecard_version)


class Views(Calibration):
    def get(self, user, url):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url)

    def post(self, user, url, data):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.post(url, data)

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class ListViewTests(Views, TestCase):
    url = reverse("quality:calibrations")

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user in (self.person, self.learner, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 403)
        link = reverse("quality:calibration_detail", args=[self.session.pk])
        for user in (self.manager, self.qa, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertContains(self.get(user, self.url), link)
        # A manager of another team, not invited, does not see a session on someone else's
        # contact.
        self.assertNotContains(self.get(self.other_manager, self.url), link)

    def test_the_managers_scope(self):
        self.assertEqual(list(calibrations_visible_to(user=self.other_manager)), [])
        self.assertEqual(list(calibrations_visible_to(user=self.manager)), [self.session])

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.client.force_login(self.manager)
        self.client.get(self.url)
        with self.assertNumQueries(8) as first:
            self.client.get(self.url)
        expected = len(first.captured_queries)
        for _ in range(4):
            session = self.open_session()
            self.score(self.qa, SOFT, session=session)
        with self.assertNumQueries(expected):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["sessions"]), 5)


class NewViewTests(Views, TestCase):
    url = reverse("quality:calibration_new")

    def data(self, **overrides):
        data = {
            "scorecard": self.scorecard.pk,
            "person": person_label(self.person),
            "channel": "phone",
            "contact_date": "2026-11-05",
            "reference": "CALL-99",
            "evaluators": [self.qa.pk, self.qa2.pk],
        }
        data.update(overrides)
        return data

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user in (self.person, self.learner, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 403)
        for user in (self.manager, self.qa, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 200)

    def test_a_manager_opens_one_for_their_team(self):
        response = self.post(self.manager, self.url, self.data())
        session = CalibrationSession.objects.exclude(pk=self.session.pk).get()
        self.assertRedirects(response, reverse("quality:calibration_detail", args=[session.pk]))
        self.assertEqual(set(session.evaluators.all()), {self.qa, self.qa2})
        self.assertEqual(session.reference, "CALL-99")

    def test_an_error_keeps_what_was_typed(self):
        response = self.post(self.manager, self.url, self.data(evaluators=[self.qa.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, str(ERROR_TOO_FEW_EVALUATORS), status_code=400)
        self.assertContains(response, 'value="CALL-99"', status_code=400)
        self.assertEqual(CalibrationSession.objects.count(), 1)

    def test_a_manager_of_another_team_cannot_pick_the_person(self):
        response = self.post(self.other_manager, self.url, self.data())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(CalibrationSession.objects.count(), 1)


class ScoreAndCloseViewTests(Views, TestCase):
    def url(self, name):
        return reverse(f"quality:{name}", args=[self.session.pk])

    def form_data(self, values, **overrides):
        data = {f"c{self.ids[code]}": str(value) for code, value in values.items()}
        data.update(overrides)
        return data

    def test_matrix_of_the_detail(self):
        url = self.url("calibration_detail")
        self.assert_login_redirect(self.get(None, url))
        for user in (self.learner, self.person, self.mentor, self.other_manager):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, url).status_code, 404)
        for user in (self.manager, self.qa, self.qa2, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, url).status_code, 200)

    def test_the_queries_of_the_closed_page_do_not_grow_with_the_evaluators(self):
        self.score(self.qa, SOFT)
        self.score(self.qa2, HARD)
        calibration_close(session=self.session, user=self.qa)
        url = self.url("calibration_detail")
        self.client.force_login(self.admin)
        self.client.get(url)
        with self.assertNumQueries(10) as first:
            self.client.get(url)
        expected = len(first.captured_queries)
        others = [staff_user(roles=[roles.QA_EVALUATORS]) for _ in range(3)]
        session = self.open_session(evaluators=[self.qa, self.qa2, *others])
        for user, values in zip([self.qa, self.qa2, *others], [SOFT, HARD, MIDDLE, SOFT, HARD], strict=True):  # fmt: skip
            self.score(user, values, session=session)
        calibration_close(session=session, user=self.qa)
        url = reverse("quality:calibration_detail", args=[session.pk])
        self.client.get(url)
        with self.assertNumQueries(expected):
            response = self.client.get(url)
        self.assertEqual(len(response.context["figures"].evaluators), 5)

    def test_matrix_of_scoring(self):
        url = self.url("calibration_score")
        self.assert_login_redirect(self.get(None, url))
        self.assertEqual(self.get(self.other_manager, url).status_code, 404)
        # The administrator sees the session but was not invited.
        self.assertEqual(self.get(self.admin, url).status_code, 403)
        self.assertEqual(self.get(self.qa2, url).status_code, 200)

    def test_an_invited_evaluator_scores_and_an_error_keeps_the_input(self):
        url = self.url("calibration_score")
        bad = self.form_data({**HARD, "polite": ""}, comment="Запись плохая")
        response = self.post(self.qa2, url, bad)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Запись плохая", status_code=400)
        self.assertEqual(Evaluation.all_objects.filter(calibration=self.session).count(), 0)
        response = self.post(self.qa2, url, self.form_data(HARD))
        self.assertRedirects(response, self.url("calibration_detail"))
        scoring = Evaluation.all_objects.get(calibration=self.session)
        self.assertEqual((scoring.evaluator, scoring.score), (self.qa2, Decimal("50.00")))
        # Scored once: the form is not offered again.
        self.assertRedirects(self.get(self.qa2, url), self.url("calibration_detail"))

    def test_closing(self):
        url = self.url("calibration_close")
        self.score(self.qa, SOFT)
        self.score(self.qa2, HARD)
        self.assertEqual(self.post(self.other_manager, url, {}).status_code, 404)
        self.assertEqual(self.post(self.manager, url, {}).status_code, 403)
        self.assertRedirects(self.post(self.qa, url, {}), self.url("calibration_detail"))
        self.session.refresh_from_db()
        self.assertEqual(self.session.status, CalibrationSession.Status.CLOSED)
