"""Scorecards in the admin (``quality/wagtail_hooks.py``): who may open the add and edit
screens, and that saving one keeps its criteria with their links and freezes a version."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from lms.people import roles
from quality.models import (
    ERROR_CODE_TWICE,
    ERROR_K_OVER_N,
    Criterion,
    Evaluation,
    Scorecard,
    ScorecardVersion,
)
from quality.services.scoring import AnswerIn, evaluation_create
from quality.services.versions import scorecard_version_current
from quality.wagtail_hooks import ERROR_SCORECARD_USED
from tests.factories import JobRoleFactory, staff_user
from tests.mentoring.factories import PracticeSkillFactory
from tests.quality.factories import scorecard_make

ADD = reverse("wagtailsnippets_quality_scorecard:add")


def edit_url(scorecard):
    return reverse("wagtailsnippets_quality_scorecard:edit", args=[scorecard.pk])


def criterion_fields(index, *, code, text, pk="", **extra):
    fields = {
        "id": pk, "section": "Приветствие", "code": code, "text": text, "weight": "1",
        "scale": "yes_no", "max_points": "", "ORDER": str(index + 1), "DELETE": "",
    }  # fmt: skip
    fields.update(extra)
    return {f"criteria-{index}-{k}": v for k, v in fields.items()}


def form_data(*criteria, initial=0, **fields):
    data = {
        "title": "Чат с клиентом",
        "description": "",
        "channels": ["chat"],
        "is_active": "on",
        "weak_threshold_percent": "80",
        "weak_below_count": "2",
        "weak_of_last": "3",
        "weak_due_days": "14",
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(initial),
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for one in criteria:
        data.update(one)
    return data


class ScorecardAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.scorecard = scorecard_make()
        cls.skill = PracticeSkillFactory(job_role=JobRoleFactory())

    def test_qa_evaluators_and_content_leads_open_add_and_edit(self):
        for user in (self.qa, self.lead):
            self.client.force_login(user)
            for url in (ADD, edit_url(self.scorecard)):
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "criteria-TOTAL_FORMS")

    def test_learners_and_managers_are_refused(self):
        self.client.force_login(self.learner)
        for url in (ADD, edit_url(self.scorecard)):
            response = self.client.get(url)
            # No admin access at all: sent to the admin's login.
            self.assertEqual(response.status_code, 302)
        self.client.force_login(self.manager)
        for url in (ADD, edit_url(self.scorecard)):
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403))
            self.assertNotEqual(response.status_code, 200)

    def test_adding_a_scorecard_keeps_its_criteria_links_and_a_version(self):
        self.client.force_login(self.qa)
        data = form_data(
            criterion_fields(0, code="greeting", text="Поздоровался",
                             practice_skills=[self.skill.pk]),
            criterion_fields(1, code="price", text="Назвал верную цену", critical="on",
                             scale="points", max_points="3", weight="2.5"),
        )  # fmt: skip
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 302)
        scorecard = Scorecard.objects.get(title="Чат с клиентом")
        self.assertEqual(scorecard.channels, ["chat"])
        greeting, price = scorecard.criteria.order_by("sort_order")
        self.assertEqual(list(greeting.practice_skills.all()), [self.skill])
        self.assertEqual(
            (price.critical, price.max_points, price.weight), (True, 3, Decimal("2.50"))
        )
        version = ScorecardVersion.objects.get(scorecard=scorecard)
        self.assertEqual([c["code"] for c in version.snapshot["criteria"]], ["greeting", "price"])

    def test_editing_makes_a_new_version_and_keeps_the_old(self):
        self.client.force_login(self.qa)
        scorecard = scorecard_make(title="Чат с клиентом", criteria=[
            {"code": "greeting", "text": "Поздоровался"}])  # fmt: skip
        criterion = scorecard.criteria.get()
        first = scorecard_version_current(scorecard=scorecard)
        data = form_data(
            criterion_fields(0, code="greeting", text="Поздоровался по имени", pk=criterion.pk),
            initial=1,
        )
        response = self.client.post(edit_url(scorecard), data)
        self.assertEqual(response.status_code, 302)
        numbers = list(
            ScorecardVersion.objects.filter(scorecard=scorecard).values_list("number", flat=True)
        )
        self.assertEqual(sorted(numbers), [1, 2])
        first.refresh_from_db()
        self.assertEqual(first.snapshot["criteria"][0]["text"], "Поздоровался")

    def test_codes_must_differ_within_a_scorecard(self):
        self.client.force_login(self.qa)
        data = form_data(
            criterion_fields(0, code="greeting", text="Поздоровался"),
            criterion_fields(1, code="greeting", text="Представился"),
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ERROR_CODE_TWICE % {"code": "greeting"})
        self.assertFalse(Scorecard.objects.filter(title="Чат с клиентом").exists())

    def test_a_points_scale_needs_its_maximum(self):
        self.client.force_login(self.qa)
        data = form_data(criterion_fields(0, code="price", text="Цена", scale="points"))
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Criterion.objects.filter(code="price").exists())

    def test_below_in_cannot_exceed_of_the_last(self):
        self.client.force_login(self.qa)
        data = form_data(
            criterion_fields(0, code="greeting", text="Поздоровался"),
            weak_below_count="4",
            weak_of_last="3",
        )
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ERROR_K_OVER_N)
        self.assertFalse(Scorecard.objects.filter(title="Чат с клиентом").exists())


class ScorecardDeleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.qa = staff_user(roles=[roles.QA_EVALUATORS])
        cls.person = staff_user()

    def delete_url(self, scorecard):
        return reverse("wagtailsnippets_quality_scorecard:delete", args=[scorecard.pk])

    def test_a_scorecard_never_used_is_deleted_with_its_versions(self):
        scorecard = scorecard_make()
        scorecard_version_current(scorecard=scorecard)
        self.client.force_login(self.qa)
        response = self.client.post(self.delete_url(scorecard))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Scorecard.objects.filter(pk=scorecard.pk).exists())
        self.assertFalse(ScorecardVersion.objects.exists())

    def test_a_scorecard_used_by_an_evaluation_is_kept(self):
        scorecard = scorecard_make(criteria=[{"code": "greeting", "text": "Поздоровался"}])
        evaluation_create(
            evaluator=self.qa,
            person=self.person,
            scorecard=scorecard,
            channel="phone",
            contact_date=datetime.date(2026, 11, 2),
            answers=[AnswerIn(scorecard.criteria.get().pk, "yes")],
        )
        self.client.force_login(self.qa)
        response = self.client.post(self.delete_url(scorecard), follow=True)
        self.assertContains(response, ERROR_SCORECARD_USED)
        self.assertTrue(Scorecard.objects.filter(pk=scorecard.pk).exists())
        self.assertEqual(Evaluation.objects.get().score, Decimal("100.00"))
