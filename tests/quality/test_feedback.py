"""Recording customer feedback (``quality/services/feedback.py``), reading it against the
scorecard criteria (``quality/selectors_feedback.py``), and keeping its categories in the
admin."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from quality.models import (
    ERROR_NO_SUCH_CODE,
    Feedback,
    FeedbackCategory,
    FeedbackCategoryCriterion,
)
from quality.selectors_feedback import feedback_against_criteria
from quality.services.feedback import (
    ALREADY_RECORDED,
    ERROR_FUTURE_DATE,
    ERROR_MAY_NOT_POST,
    ERROR_NO_CATEGORY,
    ERROR_SCORE_FORBIDDEN,
    ERROR_SCORE_RANGE,
    ERROR_SCORE_REQUIRED,
    KEPT_FIRST,
    feedback_record,
)
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import scorecard_make

DAY = datetime.date(2026, 11, 2)


def category_make(name, *mapping):
    """A category mapped to ``(scorecard, code)`` pairs."""
    category = FeedbackCategory.objects.create(name=name)
    for scorecard, code in mapping:
        FeedbackCategoryCriterion.objects.create(
            category=category, scorecard=scorecard, criterion_code=code
        )
    return category


class FeedbackData:
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()
        cls.person = staff_user(team=cls.team)
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS])
        TeamFactory().managers.add(cls.other_manager)
        cls.learner = staff_user(team=cls.team)
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.phone = scorecard_make()
        cls.chat = scorecard_make(title="Чат")
        cls.tariff = category_make("Не знал тариф", (cls.phone, "product"), (cls.chat, "product"))
        cls.rude = category_make("Грубость", (cls.phone, "polite"), (cls.phone, "greeting"))

    def record(self, **overrides):
        values = {
            "external_id": "crm-1",
            "kind": "complaint",
            "person": self.person,
            "date": DAY,
            "channel": "phone",
            "text": "Оператор не знал тариф",
            "category": "не знал тариф",
        }
        values.update(overrides)
        return feedback_record(**values)


class FeedbackRecordTests(FeedbackData, TestCase):
    def test_records_once_per_external_id(self):
        first = self.record(by=self.qa)
        again = self.record(by=self.qa)
        self.assertTrue(first.created)
        self.assertFalse(again.created)
        self.assertFalse(again.differs)
        self.assertEqual(again.feedback.pk, first.feedback.pk)
        self.assertEqual(again.message, str(ALREADY_RECORDED))
        self.assertEqual(Feedback.objects.count(), 1)
        stored = Feedback.objects.get()
        self.assertEqual(
            (stored.category, stored.created_by, stored.channel), (self.tariff, self.qa, "phone")
        )

    def test_other_content_for_a_known_id_keeps_the_first(self):
        first = self.record()
        again = self.record(kind="thanks", text="Спасибо!", category="")
        self.assertEqual((again.created, again.differs), (False, True))
        self.assertEqual(again.feedback.pk, first.feedback.pk)
        self.assertEqual(again.message, str(KEPT_FIRST))
        stored = Feedback.objects.get()
        self.assertEqual((stored.kind, stored.text), ("complaint", "Оператор не знал тариф"))

    def test_the_external_id_is_trimmed(self):
        first = self.record(external_id=" crm-1 ")
        self.assertEqual(self.record(external_id="crm-1").feedback.pk, first.feedback.pk)

    def test_scores_fit_their_kind(self):
        cases = [
            ({"kind": "csat", "score": None}, ERROR_SCORE_REQUIRED % {"kind": "CSAT", "low": 1, "high": 5}),
            ({"kind": "csat", "score": 6}, ERROR_SCORE_RANGE % {"kind": "CSAT", "low": 1, "high": 5}),
            ({"kind": "csat", "score": 0}, ERROR_SCORE_RANGE % {"kind": "CSAT", "low": 1, "high": 5}),
            ({"kind": "nps", "score": 11}, ERROR_SCORE_RANGE % {"kind": "NPS", "low": 0, "high": 10}),
            ({"kind": "thanks", "score": 5}, ERROR_SCORE_FORBIDDEN),
            ({"kind": "complaint", "score": 1}, ERROR_SCORE_FORBIDDEN),
        ]  # fmt: skip
        for n, (values, message) in enumerate(cases):
            with self.subTest(values), self.assertRaises(ValidationError) as caught:
                self.record(external_id=f"x{n}", **values)
            self.assertEqual(caught.exception.message_dict, {"score": [str(message)]})
        self.assertFalse(Feedback.objects.exists())
        self.assertEqual(self.record(external_id="n", kind="nps", score=0).feedback.score, 0)
        self.assertEqual(self.record(external_id="c", kind="csat", score=5).feedback.score, 5)

    def test_every_problem_is_named_by_field(self):
        with self.assertRaises(ValidationError) as caught:
            self.record(
                external_id=" ",
                date=datetime.date.today() + datetime.timedelta(days=2),
                channel="fax",
                category="Опоздал",
            )
        errors = caught.exception.message_dict
        self.assertEqual(set(errors), {"external_id", "date", "channel", "category"})
        self.assertEqual(errors["date"], [str(ERROR_FUTURE_DATE)])
        self.assertEqual(
            errors["category"],
            [str(ERROR_NO_CATEGORY % {"name": "Опоздал", "known": "Грубость, Не знал тариф"})],
        )

    def test_the_database_refuses_a_score_that_does_not_fit(self):
        with self.assertRaises(IntegrityError):
            Feedback.objects.create(
                external_id="z", kind="thanks", person=self.person, date=DAY, score=3
            )

    def test_who_may_record(self):
        allowed = {"qa": self.qa, "manager": self.manager, "admin": self.admin}
        refused = {
            "learner": self.learner,
            "other manager": self.other_manager,
            "the person": self.person,
        }
        for n, (name, user) in enumerate(allowed.items()):
            with self.subTest(name):
                self.assertTrue(self.record(external_id=f"a{n}", by=user).created)
        for name, user in refused.items():
            with (
                self.subTest(name),
                self.assertRaisesMessage(PermissionDenied, str(ERROR_MAY_NOT_POST)),
            ):
                self.record(external_id="refused", by=user)
        self.assertFalse(Feedback.objects.filter(external_id="refused").exists())


class FeedbackAgainstCriteriaTests(FeedbackData, TestCase):
    def test_counts_complaints_and_low_scores_per_criterion_code(self):
        self.record(external_id="1")  # tariff: product
        self.record(external_id="2", category="Грубость")  # polite, greeting
        self.record(external_id="3", kind="csat", score=2, text="", category="Не знал тариф")
        self.record(external_id="4", kind="nps", score=6, text="", category="грубость")
        # Not against: thanks, a good score, no category, an old complaint, someone else's.
        self.record(external_id="5", kind="thanks", category="Не знал тариф")
        self.record(external_id="6", kind="csat", score=3, category="Не знал тариф")
        self.record(external_id="7", kind="nps", score=7, category="Грубость")
        self.record(external_id="8", category="")
        self.record(external_id="9", date=DAY - datetime.timedelta(days=40))
        self.record(external_id="10", person=self.learner)
        with self.assertNumQueries(1):
            counts = feedback_against_criteria(person=self.person, since=DAY)
        # "product" is mapped in two scorecards and still counts each complaint once.
        self.assertEqual(counts, {"greeting": 2, "polite": 2, "product": 2})
        self.assertEqual(
            feedback_against_criteria(person=self.person),
            {"greeting": 2, "polite": 2, "product": 3},
        )
        self.assertEqual(feedback_against_criteria(person=self.manager), {})


class FeedbackCategoryAdminTests(FeedbackData, TestCase):
    ADD = reverse("wagtailsnippets_quality_feedbackcategory:add")

    def form(self, code):
        return {
            "name": "Не предложил допродажу",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-id": "",
            "criteria-0-scorecard": str(self.phone.pk),
            "criteria-0-criterion_code": code,
            "criteria-0-ORDER": "1",
            "criteria-0-DELETE": "",
        }

    def test_who_may_open_the_add_screen(self):
        self.assertEqual(self.client.get(self.ADD).status_code, 302)  # to the login
        for name, user, status in (
            ("learner", self.learner, 302),
            ("qa", self.qa, 200),
            ("manager", self.manager, 200),
            ("admin", self.admin, 200),
        ):
            with self.subTest(name):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.ADD).status_code, status)

    def test_the_list_finds_a_category_by_name(self):
        self.client.force_login(self.manager)
        url = reverse("wagtailsnippets_quality_feedbackcategory:list")
        response = self.client.get(url, {"q": "тариф"})
        self.assertContains(response, "Не знал тариф")
        self.assertNotContains(response, "Грубость")

    def test_saves_the_mapping_and_refuses_an_unknown_code(self):
        self.client.force_login(self.qa)
        response = self.client.post(self.ADD, self.form("upsell"))
        self.assertEqual(response.status_code, 200)
        message = ERROR_NO_SUCH_CODE % {"scorecard": self.phone, "code": "upsell"}
        errors = response.context["form"].formsets["criteria"].forms[0].errors
        self.assertEqual(errors, {"criterion_code": [str(message)]})
        self.assertFalse(FeedbackCategory.objects.filter(name__startswith="Не предложил").exists())
        response = self.client.post(self.ADD, self.form("need"))
        self.assertEqual(response.status_code, 302)
        category = FeedbackCategory.objects.get(name="Не предложил допродажу")
        self.assertEqual(
            list(category.criteria.values_list("scorecard", "criterion_code")),
            [(self.phone.pk, "need")],
        )

    def test_the_mapping_refuses_a_code_the_scorecard_lacks(self):
        link = FeedbackCategoryCriterion(
            category=self.tariff, scorecard=self.phone, criterion_code="upsell"
        )
        with self.assertRaises(ValidationError) as caught:
            link.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"criterion_code": [str(ERROR_NO_SUCH_CODE % {"scorecard": self.phone, "code": "upsell"})]},
        )  # fmt: skip
