"""Quality trends (``quality/selectors_trends.py``, ``GET /api/v1/quality/trends``, the page
``/quality/trends/``): the figures by week, month and wave, a criterion followed by its code
across scorecard versions, "not applicable" left out, a replaced evaluation counted through its
replacement, the company average, the permission matrix and fixed query counts."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.people import roles
from quality.models import Criterion, Evaluation, EvaluationEvent, MysteryShoppingWave
from quality.selectors_trends import (
    COMPANY,
    MANAGED,
    MONTH,
    PERSON,
    WAVE,
    WEEK,
    score_summary,
    trend_read,
    trend_subject_for,
    trends_by_criterion,
    trends_by_team,
    trends_read,
)
from quality.services.calibration import calibration_create, calibration_score
from quality.services.scoring import (
    AnswerIn,
    answer_percent_expression,
    criterion_fraction,
    points_maxima,
)
from quality.services.versions import scorecard_version_current
from tests.api.helpers import API
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quality.factories import criterion_ids, evaluation_make, scorecard_make

D = datetime.date
URL = f"{API}/quality/trends"
PAGE = reverse("quality:trends")


def points(trend):
    return [(p.period, p.score, p.count, p.company) for p in trend.points]


class TrendData:
    """A team with a person (mentored) and a colleague, a person of another team, their
    managers, a QA evaluator, HR and an administrator. The person is evaluated on 7 and 20
    September and 5 October, the colleague on 10 September, the other team's person on
    6 October. Between September and October the "product" criterion is replaced by a new one
    with the same code and 5 points instead of 4 (a new scorecard version)."""

    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Колл-центр")
        cls.other_team = TeamFactory(name="Магазин")
        cls.person = staff_user(team=cls.team, first_name="Иван", last_name="Новиков")
        cls.colleague = staff_user(team=cls.team)
        cls.other = staff_user(team=cls.other_team)
        cls.mentor = mentor_create()
        pairing_make(mentee=cls.person, mentor=cls.mentor)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        cls.other_team.managers.add(cls.other_manager)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.hr = staff_user(roles=[roles.HR])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.scorecard = scorecard_make()

        def evaluate(person, day, **values):
            return evaluation_make(
                evaluator=cls.qa,
                person=person,
                scorecard=cls.scorecard,
                contact_date=day,
                values=values,
            )

        # Weights 1, 2, 1, 1: (1 + 2 + 0.5 + 1) / 5 = 90 %.
        cls.first = evaluate(cls.person, D(2026, 9, 7), product=2)
        # "need" not applicable: (1 + 0.25 + 1) / 3 = 75 %.
        cls.second = evaluate(cls.person, D(2026, 9, 20), need="na", product=1)
        # (1 + 2 + 0 + 1) / 5 = 80 %.
        evaluate(cls.colleague, D(2026, 9, 10), product=0)
        cls.old_product = Criterion.objects.get(scorecard=cls.scorecard, code="product")
        cls.old_product.delete()
        cls.product = Criterion.objects.create(
            scorecard=cls.scorecard,
            sort_order=2,
            code="product",
            text="Знает тарифы и отстройки",
            scale=Criterion.Scale.POINTS,
            max_points=5,
        )
        cls.third = evaluate(cls.person, D(2026, 10, 5), product=5)  # 100 %
        cls.critical = evaluate(cls.other, D(2026, 10, 6), polite="no", product=4)  # 0 %


class TrendFiguresTests(TrendData, TestCase):
    def subject(self, viewer, **ids):
        return trend_subject_for(viewer=viewer, **ids)

    def test_a_person_by_month_with_the_company_in_each_month(self):
        trend = trend_read(subject=self.subject(self.qa, person_id=self.person.pk), by=MONTH)
        self.assertEqual(
            points(trend),
            [
                ("2026-09", Decimal("82.50"), 2, Decimal("81.67")),
                ("2026-10", Decimal("100.00"), 1, Decimal("50.00")),
            ],
        )
        self.assertEqual(trend.points[0].start, D(2026, 9, 1))
        # The company over the months shown: (90 + 75 + 80 + 100 + 0) / 5.
        self.assertEqual(trend.company_average, Decimal("69.00"))
        self.assertEqual(trend.average, Decimal("88.33"))

    def test_by_week_weeks_start_on_monday(self):
        trend = trend_read(subject=self.subject(self.qa, person_id=self.person.pk), by=WEEK)
        self.assertEqual(
            points(trend),
            [
                ("2026-W37", Decimal("90.00"), 1, Decimal("85.00")),
                ("2026-W38", Decimal("75.00"), 1, Decimal("75.00")),
                ("2026-W41", Decimal("100.00"), 1, Decimal("50.00")),
            ],
        )
        self.assertEqual(trend.points[1].start, D(2026, 9, 14))

    def test_a_team_and_the_whole_company(self):
        team = trend_read(subject=self.subject(self.manager, team_id=self.team.pk))
        self.assertEqual(
            points(team),
            [
                ("2026-09", Decimal("81.67"), 3, Decimal("81.67")),
                ("2026-10", Decimal("100.00"), 1, Decimal("50.00")),
            ],
        )
        company = trend_read(subject=self.subject(self.qa))
        self.assertEqual(
            [(p.period, p.score, p.count) for p in company.points],
            [("2026-09", Decimal("81.67"), 3), ("2026-10", Decimal("50.00"), 2)],
        )
        self.assertEqual(company.company_average, Decimal("69.00"))

    def test_a_criterion_is_followed_by_its_code_across_versions(self):
        self.assertNotEqual(self.first.scorecard_version_id, self.third.scorecard_version_id)
        subject = self.subject(self.qa, person_id=self.person.pk)
        trend = trend_read(subject=subject, criterion=self.product)
        # September on the old 4-point scale (2/4, 1/4), October on the new 5-point one.
        self.assertEqual(
            points(trend),
            [
                ("2026-09", Decimal("37.50"), 2, Decimal("25.00")),
                ("2026-10", Decimal("100.00"), 1, Decimal("90.00")),
            ],
        )

    def test_not_applicable_is_left_out_of_a_criterion(self):
        need = Criterion.objects.get(scorecard=self.scorecard, code="need")
        subject = self.subject(self.qa, person_id=self.person.pk)
        trend = trend_read(subject=subject, criterion=need)
        self.assertEqual(
            points(trend),
            [
                ("2026-09", Decimal("100.00"), 1, Decimal("100.00")),
                ("2026-10", Decimal("100.00"), 1, Decimal("100.00")),
            ],
        )

    def test_a_critical_fail_counts_as_its_criterion_at_zero(self):
        polite = Criterion.objects.get(scorecard=self.scorecard, code="polite")
        trend = trend_read(subject=self.subject(self.qa), criterion=polite)
        self.assertEqual(
            [(p.period, p.score, p.count) for p in trend.points],
            [("2026-09", Decimal("100.00"), 3), ("2026-10", Decimal("50.00"), 2)],
        )

    def test_dates_limit_the_contacts_counted(self):
        subject = self.subject(self.qa, person_id=self.person.pk)
        trend = trend_read(subject=subject, start=D(2026, 9, 15), end=D(2026, 9, 30))
        self.assertEqual(points(trend), [("2026-09", Decimal("75.00"), 1, Decimal("75.00"))])

    def test_a_replaced_evaluation_counts_through_its_replacement(self):
        replacement = Evaluation.objects.create(
            person=self.person,
            evaluator=self.admin,
            scorecard_version=self.second.scorecard_version,
            channel="phone",
            contact_date=self.second.contact_date,
            score=Decimal("95.00"),
        )
        EvaluationEvent.objects.create(
            evaluation=self.second,
            kind=EvaluationEvent.Kind.CHANGED,
            actor=self.admin,
            reason="Пересмотрено",
            new_evaluation=replacement,
        )
        trend = trend_read(subject=self.subject(self.qa, person_id=self.person.pk))
        self.assertEqual(trend.points[0].score, Decimal("92.50"))
        self.assertEqual(trend.points[0].count, 2)

    def test_a_calibration_scoring_never_counts_for_the_person(self):
        qa2 = staff_user(roles=[roles.QA_EVALUATORS])
        session = calibration_create(
            user=self.qa,
            scorecard=self.scorecard,
            person=self.person,
            channel="phone",
            contact_date=D(2026, 10, 5),
            evaluators=[self.qa, qa2],
        )
        ids = criterion_ids(self.scorecard)
        calibration_score(
            session=session,
            user=qa2,
            answers=[
                AnswerIn(ids[code], value)
                for code, value in {
                    "greeting": "no",
                    "need": "no",
                    "product": 0,
                    "polite": "yes",
                }.items()
            ],
        )
        subject = self.subject(self.qa, person_id=self.person.pk)
        self.assertEqual(trend_read(subject=subject).points[1].count, 1)
        october = trend_read(subject=subject, criterion=self.product).points[1]
        self.assertEqual((october.score, october.count), (Decimal("100.00"), 1))

    def test_every_team_and_every_criterion_at_once(self):
        teams = trends_by_team(by=MONTH)
        self.assertEqual(
            [(p.period, p.score, p.count) for p in teams[self.team.pk]],
            [("2026-09", Decimal("81.67"), 3), ("2026-10", Decimal("100.00"), 1)],
        )
        self.assertEqual(
            [(p.period, p.score) for p in teams[self.other_team.pk]],
            [("2026-10", Decimal("0.00"))],
        )
        criteria = trends_by_criterion(by=MONTH)
        self.assertEqual(
            [(p.period, p.score, p.count) for p in criteria[(self.scorecard.pk, "product")]],
            [("2026-09", Decimal("25.00"), 3), ("2026-10", Decimal("90.00"), 2)],
        )
        self.assertEqual(
            [p.count for p in criteria[(self.scorecard.pk, "need")]], [2, 2]
        )  # one "not applicable" left out in September

    def test_the_summary_of_a_team_against_the_company(self):
        people = self.team.members.values("user_id")
        summary = score_summary(people=people, start=D(2026, 10, 1), end=D(2026, 10, 31))
        self.assertEqual(
            (summary.score, summary.count, summary.company),
            (Decimal("100.00"), 1, Decimal("50.00")),
        )
        empty = score_summary(people=people, start=D(2027, 1, 1), end=None)
        self.assertEqual((empty.score, empty.count, empty.company), (None, 0, None))

    def test_the_sql_percentage_is_the_scoring_rule(self):
        version = scorecard_version_current(scorecard=self.scorecard)
        expression = answer_percent_expression(
            max_points=points_maxima([(version.pk, version.snapshot)])
        )
        from quality.models import EvaluationAnswer

        answers = EvaluationAnswer.objects.filter(evaluation__scorecard_version=version)
        by_id = {c["id"]: c for c in version.snapshot["criteria"]}
        for answer in answers.annotate(percent=expression):
            value = answer.points if answer.value == "points" else answer.value
            fraction = criterion_fraction(by_id[answer.criterion_id], value)
            expected = None if fraction is None else float(fraction * 100)
            self.assertEqual(answer.percent, expected, answer)


class TrendQueriesTests(TrendData, TestCase):
    """The company's figures come in the same grouped query as the subject's: a person's or a
    team's trend was two queries (the company's, then theirs) and is one; several trends on one
    page share it."""

    def test_a_persons_or_teams_trend_is_one_query(self):
        person = trend_subject_for(viewer=self.qa, person_id=self.person.pk)
        team = trend_subject_for(viewer=self.qa, team_id=self.team.pk)
        company = trend_subject_for(viewer=self.qa)
        for subject in (person, team, company):
            with self.subTest(subject.kind), self.assertNumQueries(1):
                trend_read(subject=subject, by=MONTH)
        # A criterion reads its scorecard's versions first.
        with self.assertNumQueries(2):
            trend = trend_read(subject=person, by=WEEK, criterion=self.product)
        self.assertEqual(trend.points[0].count, 1)

    def test_several_trends_share_one_query(self):
        subjects = [
            trend_subject_for(viewer=self.qa, person_id=self.person.pk),
            trend_subject_for(viewer=self.qa, team_id=self.team.pk),
            trend_subject_for(viewer=self.qa, person_id=self.other.pk),
            trend_subject_for(viewer=self.qa),
        ]
        with self.assertNumQueries(1):
            together = trends_read(subjects=subjects, by=MONTH)
        alone = [trend_read(subject=subject, by=MONTH) for subject in subjects]
        self.assertEqual(together, alone)
        self.assertEqual(
            [points(trend) for trend in together[:3]],
            [
                [("2026-09", Decimal("82.50"), 2, Decimal("81.67")),
                 ("2026-10", Decimal("100.00"), 1, Decimal("50.00"))],
                [("2026-09", Decimal("81.67"), 3, Decimal("81.67")),
                 ("2026-10", Decimal("100.00"), 1, Decimal("50.00"))],
                [("2026-10", Decimal("0.00"), 1, Decimal("50.00"))],
            ],
        )  # fmt: skip
        # The company over the months each subject shows: October only for the other person.
        self.assertEqual(
            [trend.company_average for trend in together],
            [Decimal("69.00"), Decimal("69.00"), Decimal("50.00"), Decimal("69.00")],
        )

    def test_a_subject_with_nothing_counted_has_no_points(self):
        nobody = trend_subject_for(viewer=self.qa, person_id=self.hr.pk)
        with self.assertNumQueries(1):
            trend = trend_read(subject=nobody, by=MONTH)
        self.assertEqual((trend.points, trend.company_average), ([], Decimal("69.00")))

    def test_the_pages_cost_one_query_less(self):
        self.client.force_login(self.manager)
        for params, expected in (
            ({"person": self.person.pk}, 12),
            ({"team": self.team.pk}, 11),
            ({"person": self.person.pk, "criterion": self.product.pk, "by": "week"}, 14),
        ):
            self.client.get(PAGE, params)  # warm the per-process caches
            with self.subTest(params), CaptureQueriesContext(connection) as ctx:
                response = self.client.get(PAGE, params)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(ctx.captured_queries), expected)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(URL, {"person": self.person.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(ctx.captured_queries), 6)


class TrendWaveTests(TestCase):
    """Two mystery-shopping waves: one point per wave, in the waves' order."""

    @classmethod
    def setUpTestData(cls):
        cls.person = staff_user()
        cls.colleague = staff_user()
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.scorecard = scorecard_make()
        version = scorecard_version_current(scorecard=cls.scorecard)
        cls.spring = MysteryShoppingWave.objects.create(
            name="Весна 2026",
            period_start=D(2026, 3, 1),
            period_end=D(2026, 3, 31),
            scorecard=cls.scorecard,
            scorecard_version=version,
        )
        cls.autumn = MysteryShoppingWave.objects.create(
            name="Осень 2026",
            period_start=D(2026, 9, 1),
            period_end=D(2026, 9, 30),
            scorecard=cls.scorecard,
            scorecard_version=version,
        )
        for person, wave, day, score in [
            (cls.person, cls.autumn, D(2026, 9, 3), "70"),
            (cls.person, cls.spring, D(2026, 3, 3), "60"),
            (cls.person, cls.spring, D(2026, 3, 9), "50"),
            (cls.colleague, cls.autumn, D(2026, 9, 4), "90"),
        ]:
            Evaluation.objects.create(
                person=person,
                source=Evaluation.Source.MYSTERY_SHOPPING,
                wave=wave,
                location="Тверская, 1",
                scorecard_version=version,
                channel="visit",
                contact_date=day,
                score=Decimal(score),
            )
        # Not in a wave: counted by month, never by wave.
        evaluation_make(evaluator=cls.qa, person=cls.person, scorecard=cls.scorecard)

    def test_one_point_per_wave(self):
        subject = trend_subject_for(viewer=self.qa, person_id=self.person.pk)
        trend = trend_read(subject=subject, by=WAVE)
        self.assertEqual(
            points(trend),
            [
                ("Весна 2026", Decimal("55.00"), 2, Decimal("55.00")),
                ("Осень 2026", Decimal("70.00"), 1, Decimal("80.00")),
            ],
        )
        self.assertEqual(
            [(p.start, p.wave_id) for p in trend.points],
            [(D(2026, 3, 1), self.spring.pk), (D(2026, 9, 1), self.autumn.pk)],
        )
        self.assertEqual(trend.company_average, Decimal("67.50"))

    def test_every_criterion_by_wave_and_for_some_people(self):
        from quality.models import EvaluationAnswer

        ids = criterion_ids(self.scorecard)
        visits = Evaluation.objects.filter(wave__isnull=False).order_by("pk")
        EvaluationAnswer.objects.bulk_create(
            EvaluationAnswer(
                evaluation=visit,
                criterion_id=ids["product"],
                criterion_code="product",
                value="points",
                points=points,
            )
            for visit, points in zip(visits, [3, 1, 2, 4], strict=True)
        )
        everyone = trends_by_criterion(by=WAVE)
        self.assertEqual(
            [(p.period, p.score, p.count) for p in everyone[(self.scorecard.pk, "product")]],
            [("Весна 2026", Decimal("37.50"), 2), ("Осень 2026", Decimal("87.50"), 2)],
        )
        theirs = trends_by_criterion(
            by=WAVE, people=type(self.person).objects.filter(pk=self.colleague.pk).values("pk")
        )
        self.assertEqual(
            [(p.period, p.score) for p in theirs[(self.scorecard.pk, "product")]],
            [("Осень 2026", Decimal("100.00"))],
        )

    def test_the_api_by_wave(self):
        self.client.force_login(self.qa)
        response = self.client.get(URL, {"person": self.person.pk, "by": "wave"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [(p["period"], p["score"], p["count"]) for p in response.json()["points"]],
            [("Весна 2026", "55.00", 2), ("Осень 2026", "70.00", 1)],
        )


class TrendSubjectTests(TrendData, TestCase):
    def test_without_a_person_or_team(self):
        self.assertEqual(trend_subject_for(viewer=self.qa).kind, COMPANY)
        self.assertEqual(trend_subject_for(viewer=self.hr).kind, COMPANY)
        self.assertEqual(trend_subject_for(viewer=self.manager).kind, MANAGED)
        mine = trend_subject_for(viewer=self.colleague)
        self.assertEqual((mine.kind, mine.person), (PERSON, self.colleague))
        trend = trend_read(subject=trend_subject_for(viewer=self.manager))
        self.assertEqual([p.count for p in trend.points], [3, 1])


class TrendApiTests(TrendData, TestCase):
    def get(self, user, **params):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(URL, params)

    def test_the_shape(self):
        response = self.get(self.person, person=self.person.pk, criterion=self.product.pk)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "by": "month",
                "points": [
                    {
                        "period": "2026-09",
                        "start": "2026-09-01",
                        "score": "37.50",
                        "count": 2,
                        "company": "25.00",
                    },
                    {
                        "period": "2026-10",
                        "start": "2026-10-01",
                        "score": "100.00",
                        "count": 1,
                        "company": "90.00",
                    },
                ],
                "company_average": "51.00",
            },
        )

    def test_who_may_read_a_persons_trend(self):
        self.assertEqual(self.get(None, person=self.person.pk).status_code, 401)
        for user in (self.person, self.mentor, self.manager, self.qa, self.hr, self.admin):
            with self.subTest(user=user.username):
                response = self.get(user, person=self.person.pk)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(response.json()["points"]), 2)
        for user in (self.colleague, self.other_manager, self.other):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, person=self.person.pk).status_code, 404)
        self.assertEqual(self.get(self.qa, person=999_999).status_code, 404)

    def test_who_may_read_a_teams_trend(self):
        self.assertEqual(self.get(None, team=self.team.pk).status_code, 401)
        for user in (self.manager, self.qa, self.hr, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, team=self.team.pk).status_code, 200)
        for user in (self.other_manager, self.person, self.mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, team=self.team.pk).status_code, 404)

    def test_without_a_person_a_learner_reads_their_own(self):
        response = self.get(self.colleague)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p["score"] for p in response.json()["points"]], ["80.00"])

    def test_bad_parameters(self):
        response = self.get(self.qa, person=self.person.pk, team=self.team.pk)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["query", "team"])
        response = self.get(self.qa, criterion=999_999)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["query", "criterion"])
        self.assertEqual(self.get(self.qa, by="year").status_code, 422)
        response = self.get(self.qa, date_from="2026-10-01", date_to="2026-09-01")
        self.assertEqual(response.status_code, 422)

    def test_a_token_reads_it_too(self):
        from tests.api.helpers import bearer, token_for

        self.client.logout()
        response = self.client.get(
            URL, {"team": self.team.pk, "by": "week"}, headers=bearer(token_for(self.manager))
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()["points"]), 3)


class TrendPageTests(TrendData, TestCase):
    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(PAGE, {"person": self.person.pk})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_who_may_open_a_persons_trend(self):
        for user in (self.person, self.mentor, self.manager, self.qa, self.hr, self.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(PAGE, {"person": self.person.pk})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Новиков")
        for user in (self.colleague, self.other_manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(PAGE, {"person": self.person.pk}).status_code, 404)

    def test_who_may_open_a_teams_trend(self):
        for user, status in [(self.manager, 200), (self.qa, 200), (self.other_manager, 404)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(PAGE, {"team": self.team.pk})
                self.assertEqual(response.status_code, status)

    def test_the_chart_has_its_table_and_the_company_average(self):
        self.client.force_login(self.manager)
        response = self.client.get(
            PAGE, {"team": self.team.pk, "criterion": self.product.pk, "by": "month"}
        )
        self.assertContains(response, '<svg class="chart chart--lines"')
        self.assertContains(response, 'aria-labelledby="trend-chart-title trend-chart-desc"')
        self.assertContains(response, '<table id="trend-table">')
        table = response.content.decode().split('<table id="trend-table">')[1]
        self.assertIn("25,0", table.split("</tr>")[1])  # September, the team
        self.assertIn("chart__line--company", response.content.decode())
        self.assertEqual(response.context["trend"].company_average, Decimal("51.00"))

    def test_bad_filters_are_shown_and_kept(self):
        self.client.force_login(self.qa)
        response = self.client.get(
            PAGE, {"person": self.person.pk, "team": self.team.pk, "date_from": "2026-13-01"}
        )
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertIn("team", form.errors)
        self.assertIn("date_from", form.errors)
        self.assertContains(response, 'value="2026-13-01"')
        # The person still applies; the bad team and date are left out.
        self.assertEqual(response.context["subject"].person, self.person)

    def test_a_fixed_number_of_queries(self):
        self.client.force_login(self.manager)
        params = {"team": self.team.pk, "criterion": self.product.pk, "by": "week"}
        self.client.get(PAGE, params)  # warm the per-process caches

        def count():
            with CaptureQueriesContext(connection) as ctx:
                response = self.client.get(PAGE, params)
            self.assertEqual(response.status_code, 200)
            return len(ctx.captured_queries)

        few = count()
        for day in range(1, 25):
            evaluation_make(
                evaluator=self.qa,
                person=self.colleague,
                scorecard=self.scorecard,
                contact_date=D(2026, 6, day),
            )
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 14)
