"""Recognition (``quality/selectors_recognition.py``, ``quality/services/recognition.py`` and
``quality/views/recognition.py``): a period's most thanked and best-scoring employees, each
reader's scope, publishing a team's list once with an inbox notification, the published lists a
person's teams have, the permission matrix and fixed queries on the pages."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from lms.notifications.models import Notification
from lms.people import roles
from lms.people.models import StaffProfile
from quality.forms_recognition import ERROR_RANGE_ORDER
from quality.models import EvaluationEvent, Feedback, Recognition
from quality.notifications import RECOGNITION
from quality.selectors_recognition import recognition_ranking
from quality.services.recognition import (
    ERROR_MAY_NOT_PUBLISH,
    ERROR_NOTHING_TO_PUBLISH,
    recognition_publish,
)
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import evaluation_make, scorecard_make

RANKING_URL = "/quality/recognition/ranking/"
PUBLISH_URL = "/quality/recognition/publish/"
LIST_URL = "/quality/recognition/"
NOV = {"month": "2026-11"}
START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def day(n, month=11):
    return datetime.date(2026, month, n)


class RecognitionData:
    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Продажи")
        cls.team_b = TeamFactory(name="Поддержка")
        cls.anna = staff_user(team=cls.team_a, first_name="Анна", last_name="Алова")
        cls.boris = staff_user(team=cls.team_a, first_name="Борис", last_name="Бобров")
        cls.vera = staff_user(team=cls.team_a, first_name="Вера", last_name="Власова")
        cls.leaver = staff_user(team=cls.team_a, first_name="Гена", last_name="Ушедший")
        cls.dina = staff_user(team=cls.team_b, first_name="Дина", last_name="Дёмина")
        cls.manager_a = staff_user(roles=[roles.MANAGERS], first_name="Ольга", last_name="Рук")
        cls.team_a.managers.add(cls.manager_a)
        cls.manager_b = staff_user(roles=[roles.MANAGERS])
        cls.team_b.managers.add(cls.manager_b)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.hr = staff_user(roles=[roles.HR])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make()

        n = 0

        def feedback(person, kind, date, score=None):
            nonlocal n
            n += 1
            Feedback.objects.create(
                external_id=f"f{n}", kind=kind, person=person, date=date, score=score
            )

        for d in (3, 10, 20):
            feedback(cls.anna, "thanks", day(d))
        feedback(cls.anna, "thanks", day(20, month=10))  # another month
        feedback(cls.anna, "csat", day(4), 4)
        feedback(cls.anna, "csat", day(5), 5)
        feedback(cls.anna, "complaint", day(6))
        feedback(cls.boris, "thanks", day(7))
        feedback(cls.dina, "thanks", day(8))
        feedback(cls.dina, "thanks", day(9))
        for d in (1, 2, 3, 4, 5):
            feedback(cls.leaver, "thanks", day(d))
        StaffProfile.objects.filter(user=cls.leaver).update(status=StaffProfile.Status.LEFT)

        def evaluate(person, date, **values):
            return evaluation_make(
                evaluator=cls.qa,
                person=person,
                scorecard=cls.scorecard,
                contact_date=date,
                values=values,
            )

        # Boris: 100, 90 and 80 → 90.00 over 3; a fourth, changed after a dispute, does not count.
        evaluate(cls.boris, day(2))
        evaluate(cls.boris, day(3), product=2)
        evaluate(cls.boris, day(4), product=0)
        disputed = evaluate(cls.boris, day(5), polite="no")
        EvaluationEvent.objects.create(
            evaluation=disputed, kind=EvaluationEvent.Kind.CHANGED, actor=cls.qa, reason="."
        )
        # Anna: two evaluations only (100, 100).
        evaluate(cls.anna, day(6))
        evaluate(cls.anna, day(7))
        # Dina: three of 100.
        for d in (8, 9, 10):
            evaluate(cls.dina, day(d))

    def setUp(self):
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def names(entries):
    return [entry.name for entry in entries]


class RankingTests(RecognitionData, TestCase):
    def test_figures_for_everyone(self):
        ranking = recognition_ranking(user=self.qa, start=START, end=END)

        self.assertEqual(names(ranking.thanked), ["Анна Алова", "Дина Дёмина", "Борис Бобров"])
        anna = ranking.thanked[0]
        self.assertEqual(
            (anna.thanks, anna.evaluations, anna.score, anna.csat, anna.csat_count),
            (3, 2, Decimal("100.00"), Decimal("4.50"), 2),
        )
        self.assertEqual(anna.team, "Продажи")
        # Anna has only two evaluations: below the three a score needs.
        self.assertEqual(names(ranking.scoring), ["Дина Дёмина", "Борис Бобров"])
        boris = ranking.scoring[1]
        self.assertEqual((boris.score, boris.evaluations, boris.thanks), (Decimal("90.00"), 3, 1))

    def test_fewer_evaluations_may_be_enough(self):
        ranking = recognition_ranking(user=self.qa, start=START, end=END, min_evaluations=2)
        # Anna and Dina both score 100: more evaluations first.
        self.assertEqual(names(ranking.scoring), ["Дина Дёмина", "Анна Алова", "Борис Бобров"])

    def test_the_period_bounds_the_figures(self):
        ranking = recognition_ranking(user=self.qa, start=day(1, 10), end=day(31, 10))
        self.assertEqual([(e.name, e.thanks) for e in ranking.thanked], [("Анна Алова", 1)])
        self.assertEqual(ranking.scoring, [])

    def test_a_manager_ranks_only_their_teams(self):
        ranking = recognition_ranking(user=self.manager_a, start=START, end=END)
        self.assertEqual(names(ranking.thanked), ["Анна Алова", "Борис Бобров"])
        self.assertEqual(names(ranking.scoring), ["Борис Бобров"])
        # Another team's name in the request changes nothing of the scope.
        ranking = recognition_ranking(user=self.manager_a, start=START, end=END, team=self.team_b)
        self.assertTrue(ranking.empty)

    def test_hr_and_administrators_rank_everyone_a_team_narrows_it(self):
        for user in (self.hr, self.admin):
            ranking = recognition_ranking(user=user, start=START, end=END)
            self.assertEqual(len(ranking.thanked), 3)
        ranking = recognition_ranking(user=self.qa, start=START, end=END, team=self.team_b)
        self.assertEqual(names(ranking.thanked), ["Дина Дёмина"])

    def test_learners_rank_nobody(self):
        with self.assertRaises(PermissionDenied):
            recognition_ranking(user=self.anna, start=START, end=END)


class RankingPageTests(RecognitionData, TestCase):
    """Anonymous, learner, manager, HR, QA evaluator and administrator against the ranking."""

    def test_anonymous_goes_to_sign_in(self):
        for url in (RANKING_URL, LIST_URL):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(settings.LOGIN_URL, response["Location"])
        response = self.client.post(PUBLISH_URL, {"team": self.team_a.pk, **NOV})
        self.assertIn(settings.LOGIN_URL, response["Location"])

    def test_a_learner_gets_403(self):
        self.client.force_login(self.anna)
        self.assertEqual(self.client.get(RANKING_URL, NOV).status_code, 403)
        response = self.client.post(PUBLISH_URL, {"team": self.team_a.pk, **NOV})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Recognition.objects.exists())

    def test_readers_see_the_ranking_of_their_scope(self):
        cases = [
            (self.manager_a, {"Анна Алова", "Борис Бобров"}),
            (self.manager_b, {"Дина Дёмина"}),
            (self.hr, {"Анна Алова", "Борис Бобров", "Дина Дёмина"}),
            (self.qa, {"Анна Алова", "Борис Бобров", "Дина Дёмина"}),
            (self.admin, {"Анна Алова", "Борис Бобров", "Дина Дёмина"}),
        ]
        for user, expected in cases:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(RANKING_URL, NOV)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(set(names(response.context["ranking"].thanked)), expected)

    def test_a_manager_chooses_only_their_teams(self):
        self.client.force_login(self.manager_a)
        response = self.client.get(RANKING_URL, {**NOV, "team": self.team_b.pk})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("team"))
        response = self.client.get(RANKING_URL, {**NOV, "team": self.team_a.pk})
        self.assertContains(response, 'id="recognition-publish"')

    def test_last_month_by_default_and_a_range_of_days(self):
        self.client.force_login(self.qa)
        ranking = self.client.get(RANKING_URL).context["ranking"]
        today = timezone.localdate()
        self.assertEqual(ranking.period_end, today.replace(day=1) - datetime.timedelta(days=1))
        self.assertEqual(ranking.period_start, ranking.period_end.replace(day=1))
        response = self.client.get(RANKING_URL, {"start": "2026-11-08", "end": "2026-11-09"})
        self.assertEqual(
            [(e.name, e.thanks) for e in response.context["ranking"].thanked],
            [("Дина Дёмина", 2)],
        )

    def test_a_reversed_range_comes_back_with_what_was_typed(self):
        self.client.force_login(self.qa)
        response = self.client.get(RANKING_URL, {"start": "2026-11-20", "end": "2026-11-02"})
        self.assertEqual(response.status_code, 400)
        self.assertFormError(response.context["form"], "end", str(ERROR_RANGE_ORDER))
        self.assertContains(response, 'value="2026-11-20"', status_code=400)
        self.assertContains(response, str(ERROR_RANGE_ORDER), status_code=400)

    def test_only_a_manager_of_the_team_or_an_administrator_sees_the_publish_button(self):
        query = {**NOV, "team": self.team_a.pk}
        for user, shown in ((self.qa, False), (self.hr, False), (self.admin, True)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(RANKING_URL, query)
                self.assertIs(response.context["may_publish"], shown)

    def test_a_fixed_number_of_queries_whatever_the_number_of_people(self):
        self.client.force_login(self.manager_a)
        self.client.get(RANKING_URL, NOV)
        with self.assertNumQueries(12) as few:
            self.client.get(RANKING_URL, NOV)
        for n in range(15):
            person = staff_user(team=self.team_a)
            Feedback.objects.create(
                external_id=f"more-{n}", kind="thanks", person=person, date=day(12)
            )
            evaluation_make(
                evaluator=self.qa, person=person, scorecard=self.scorecard, contact_date=day(12)
            )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(RANKING_URL, NOV)
        self.assertEqual(len(response.context["ranking"].thanked), 10)


class PublishTests(RecognitionData, TestCase):
    def test_a_manager_publishes_once_and_the_team_is_told(self):
        recognition, created = recognition_publish(
            user=self.manager_a, team=self.team_a, start=START, end=END
        )

        self.assertTrue(created)
        self.assertEqual(recognition.published_by, self.manager_a)
        self.assertEqual(
            [entry["name"] for entry in recognition.entries["thanked"]],
            ["Анна Алова", "Борис Бобров"],
        )
        self.assertEqual(recognition.entries["thanked"][0]["csat"], "4.50")
        told = set(
            Notification.objects.filter(kind=RECOGNITION.key).values_list("recipient", flat=True)
        )
        # The current members, not the leaver, not the other team, not the publisher.
        self.assertEqual(told, {self.anna.pk, self.boris.pk, self.vera.pk})
        note = Notification.objects.filter(recipient=self.anna).get(kind=RECOGNITION.key)
        self.assertEqual(
            note.title,
            "Ольга Рук published the recognition list of Продажи for 01.11.2026–30.11.2026.",
        )
        self.assertTrue(note.url.endswith(f"#recognition-{recognition.pk}"))

        again, created = recognition_publish(
            user=self.manager_a, team=self.team_a, start=START, end=END
        )

        self.assertFalse(created)
        self.assertEqual(again.pk, recognition.pk)
        self.assertEqual(Recognition.objects.count(), 1)
        self.assertEqual(Notification.objects.filter(kind=RECOGNITION.key).count(), 3)

    def test_the_published_list_is_a_snapshot(self):
        recognition, _ = recognition_publish(
            user=self.manager_a, team=self.team_a, start=START, end=END
        )
        Feedback.objects.create(external_id="late", kind="thanks", person=self.vera, date=day(29))
        recognition.refresh_from_db()
        self.assertNotIn(
            "Вера Власова", [entry["name"] for entry in recognition.entries["thanked"]]
        )

    def test_only_the_teams_managers_and_administrators_publish(self):
        for user in (self.manager_b, self.qa, self.hr, self.anna):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied) as caught:
                recognition_publish(user=user, team=self.team_a, start=START, end=END)
            self.assertEqual(str(caught.exception), str(ERROR_MAY_NOT_PUBLISH))
        _, created = recognition_publish(user=self.admin, team=self.team_a, start=START, end=END)
        self.assertTrue(created)

    def test_an_empty_list_is_not_published(self):
        with self.assertRaises(ValidationError) as caught:
            recognition_publish(
                user=self.manager_a, team=self.team_a, start=day(1, 9), end=day(30, 9)
            )
        self.assertEqual(caught.exception.messages, [str(ERROR_NOTHING_TO_PUBLISH)])
        self.assertFalse(Recognition.objects.exists())

    def test_publishing_through_the_page_twice_says_so(self):
        self.client.force_login(self.manager_a)
        data = {"team": self.team_a.pk, "start": "2026-11-01", "end": "2026-11-30"}

        response = self.client.post(PUBLISH_URL, data, follow=True)

        recognition = Recognition.objects.get()
        self.assertContains(response, f'id="recognition-{recognition.pk}"')
        self.assertContains(response, "The list is published")
        response = self.client.post(PUBLISH_URL, data, follow=True)
        self.assertContains(response, "nothing changed")
        self.assertEqual(Recognition.objects.count(), 1)
        ranking = self.client.get(RANKING_URL, {**NOV, "team": self.team_a.pk})
        self.assertEqual(ranking.context["published"], recognition)
        self.assertNotContains(ranking, 'id="recognition-publish"')

    def test_the_page_refuses_other_teams_and_a_missing_team(self):
        self.client.force_login(self.manager_b)
        response = self.client.post(PUBLISH_URL, {"team": self.team_a.pk, **NOV})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(PUBLISH_URL, NOV)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("team"))
        self.client.force_login(self.qa)
        response = self.client.post(PUBLISH_URL, {"team": self.team_a.pk, **NOV})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Recognition.objects.exists())


class PublishedListTests(RecognitionData, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.recognition_a, _ = recognition_publish(
            user=cls.manager_a, team=cls.team_a, start=START, end=END
        )
        cls.recognition_b, _ = recognition_publish(
            user=cls.manager_b, team=cls.team_b, start=START, end=END
        )

    def shown(self, user):
        self.client.force_login(user)
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        return {recognition.team.name for recognition in response.context["recognitions"]}

    def test_members_and_managers_see_their_teams_lists(self):
        self.assertEqual(self.shown(self.anna), {"Продажи"})
        self.assertEqual(self.shown(self.dina), {"Поддержка"})
        self.assertEqual(self.shown(self.manager_a), {"Продажи"})

    def test_qa_hr_and_administrators_see_all(self):
        for user in (self.qa, self.hr, self.admin):
            self.assertEqual(self.shown(user), {"Продажи", "Поддержка"})

    def test_somebody_without_a_team_sees_none(self):
        self.assertEqual(self.shown(staff_user()), set())

    def test_the_page_shows_the_entries(self):
        self.client.force_login(self.anna)
        response = self.client.get(LIST_URL)
        self.assertContains(response, f'id="recognition-{self.recognition_a.pk}"')
        self.assertContains(response, "<td>Анна Алова</td>", html=True)
        self.assertContains(response, "4.50 (2)")
        self.assertNotContains(response, "Дина Дёмина")

    def test_a_fixed_number_of_queries_whatever_the_number_of_lists(self):
        self.client.force_login(self.anna)
        self.client.get(LIST_URL)
        with self.assertNumQueries(9) as few:
            self.client.get(LIST_URL)
        for month in range(1, 10):
            Recognition.objects.create(
                team=self.team_a,
                period_start=day(1, month),
                period_end=day(28, month),
                entries=self.recognition_a.entries,
                published_by=self.manager_a,
                published_at=self.recognition_a.published_at,
            )
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(LIST_URL)
        self.assertEqual(len(response.context["recognitions"]), 10)
