"""A complaint's severity (low / medium / high / critical; empty for thanks, CSAT and NPS):
recorded through the service, ``POST /api/v1/quality/feedback`` and the file import (Russian
words too), refused with a clear message where it does not belong, and shown on the customer
feedback page (``/quality/feedback/``) with its permission matrix and fixed queries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import translation

from lms.people.models import StaffProfile
from quality.models import Feedback
from quality.services.feedback import (
    ERROR_SEVERITY,
    ERROR_SEVERITY_FORBIDDEN,
    KEPT_FIRST,
)
from quality.services.feedback_import import feedback_import
from quality.views.feedback import PAGE_SIZE
from tests.api.helpers import API, bearer, token_for
from tests.factories import staff_user
from tests.quality.factories import csv_bytes, xlsx_bytes
from tests.quality.test_feedback import DAY, FeedbackData

URL = f"{API}/quality/feedback"
LIST_URL = "/quality/feedback/"


class SeverityServiceTests(FeedbackData, TestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    def test_a_complaint_keeps_its_severity(self):
        for n, severity in enumerate(("low", "medium", "high", "critical", "")):
            with self.subTest(severity):
                recorded = self.record(external_id=f"c{n}", severity=severity)
                self.assertEqual(recorded.feedback.severity, severity)

    def test_other_kinds_have_none(self):
        cases = [{"kind": "thanks"}, {"kind": "csat", "score": 5}, {"kind": "nps", "score": 9}]
        for n, values in enumerate(cases):
            with self.subTest(values), self.assertRaises(ValidationError) as caught:
                self.record(external_id=f"x{n}", severity="high", category="", **values)
            self.assertEqual(
                caught.exception.message_dict, {"severity": [str(ERROR_SEVERITY_FORBIDDEN)]}
            )
        self.assertFalse(Feedback.objects.exists())

    def test_an_unknown_severity_lists_the_known_ones(self):
        with self.assertRaises(ValidationError) as caught:
            self.record(severity="urgent")
        self.assertEqual(caught.exception.message_dict, {"severity": [str(ERROR_SEVERITY)]})
        self.assertIn("low, medium, high, critical", str(ERROR_SEVERITY))

    def test_another_severity_for_a_known_id_keeps_the_first(self):
        self.record(severity="low")
        again = self.record(severity="critical")
        self.assertEqual((again.created, again.differs), (False, True))
        self.assertEqual(again.message, str(KEPT_FIRST))
        self.assertEqual(Feedback.objects.get().severity, "low")

    def test_the_database_refuses_a_severity_on_thanks(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Feedback.objects.create(
                external_id="t", kind="thanks", person=self.person, date=DAY, severity="high"
            )


class SeverityApiTests(FeedbackData, TestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def post(self, **overrides):
        body = {
            "external_id": "crm-77",
            "kind": "complaint",
            "person_id": self.person.pk,
            "date": "2026-11-02",
            **overrides,
        }
        return self.client.post(
            URL, body, content_type="application/json", headers=bearer(token_for(self.qa))
        )

    def test_severity_is_optional_and_stored(self):
        response = self.post(severity="Critical")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(Feedback.objects.get(pk=response.json()["id"]).severity, "critical")
        for n, body in enumerate(({}, {"severity": ""}, {"severity": None})):
            with self.subTest(body):
                response = self.post(external_id=f"crm-{n}", **body)
                self.assertEqual(response.status_code, 201)
                self.assertEqual(Feedback.objects.get(pk=response.json()["id"]).severity, "")

    def test_a_wrong_severity_is_located_with_a_clear_message(self):
        cases = [
            ({"severity": "urgent"}, ERROR_SEVERITY),
            ({"kind": "thanks", "severity": "low"}, ERROR_SEVERITY_FORBIDDEN),
        ]
        for overrides, message in cases:
            with self.subTest(overrides):
                response = self.post(**overrides)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(
                    response.json()["detail"],
                    [
                        {
                            "type": "invalid",
                            "loc": ["body", "payload", "severity"],
                            "msg": str(message),
                        }
                    ],
                )
        self.assertFalse(Feedback.objects.exists())


class SeverityImportTests(FeedbackData, TestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        StaffProfile.objects.filter(user=cls.person).update(employee_id="T-1")

    def test_russian_and_english_words_in_a_russian_column(self):
        rows = [
            ["Внешний ID", "Табельный номер", "Дата", "Тип", "Серьёзность"],
            ["a", "T-1", "02.11.2026", "жалоба", "Критическая"],
            ["b", "T-1", "02.11.2026", "жалоба", "средняя"],
            ["c", "T-1", "02.11.2026", "complaint", "LOW"],
            ["d", "T-1", "02.11.2026", "complaint", ""],
            ["e", "T-1", "02.11.2026", "спасибо", ""],
        ]
        for filename, content in (("f.csv", csv_bytes(rows)), ("f.xlsx", xlsx_bytes(rows))):
            with self.subTest(filename):
                Feedback.objects.all().delete()
                result = feedback_import(content=content, filename=filename)
                self.assertEqual(result.errors, [])
                self.assertEqual(
                    dict(Feedback.objects.values_list("external_id", "severity")),
                    {"a": "critical", "b": "medium", "c": "low", "d": "", "e": ""},
                )

    def test_errors_name_the_line_and_the_column_as_the_file_spells_it(self):
        rows = [
            ["external_id", "employee_id", "date", "kind", "Severity"],
            ["a", "T-1", "02.11.2026", "complaint", "срочно"],
            ["b", "T-1", "02.11.2026", "thanks", "high"],
        ]
        result = feedback_import(content=csv_bytes(rows), filename="f.csv")
        self.assertEqual(
            [str(error) for error in result.errors],
            [
                "line 2, column “Severity”: “срочно” is not one of: low (низкая), "
                "medium (средняя), high (высокая), critical (критическая)",
                f"line 3, column “Severity”: {ERROR_SEVERITY_FORBIDDEN}",
            ],
        )
        self.assertFalse(Feedback.objects.exists())


class FeedbackListTests(FeedbackData, TestCase):
    """Anonymous, learner, the person, the team's manager, another team's manager, QA evaluator
    and administrator against ``/quality/feedback/``."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.stranger = staff_user(first_name="Чужой", last_name="Сотрудник")
        cls.record_make(external_id="mine", severity="critical", text="Нагрубил клиенту")
        cls.record_make(external_id="other", person=cls.stranger, severity="low", text="Опоздал")
        cls.record_make(external_id="thanks", kind="thanks", category="", text="Спасибо за помощь")

    @classmethod
    def record_make(cls, **values):
        from quality.services.feedback import feedback_record

        fields = {"kind": "complaint", "person": cls.person, "date": DAY, "category": ""}
        fields.update(values)
        return feedback_record(**fields)

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def texts(self, response):
        return {item.text for item in response.context["feedback"]}

    def test_anonymous_goes_to_sign_in(self):
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(settings.LOGIN_URL, response["Location"])

    def test_learners_and_the_person_get_403(self):
        for user in (self.learner, self.person):
            self.client.force_login(user)
            self.assertEqual(self.client.get(LIST_URL).status_code, 403)

    def test_a_manager_sees_only_their_people(self):
        self.client.force_login(self.manager)
        response = self.client.get(LIST_URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.texts(response), {"Нагрубил клиенту", "Спасибо за помощь"})
        self.client.force_login(self.other_manager)
        self.assertEqual(self.texts(self.client.get(LIST_URL)), set())

    def test_qa_and_administrators_see_everyone_with_the_severity(self):
        for user in (self.qa, self.admin):
            self.client.force_login(user)
            response = self.client.get(LIST_URL)
            self.assertEqual(len(self.texts(response)), 3)
            self.assertContains(response, "severity--critical")
            self.assertContains(response, ">Critical<")

    def test_filters_by_kind_and_severity(self):
        self.client.force_login(self.qa)
        response = self.client.get(LIST_URL, {"severity": "critical"})
        self.assertEqual(self.texts(response), {"Нагрубил клиенту"})
        response = self.client.get(LIST_URL, {"kind": "thanks"})
        self.assertEqual(self.texts(response), {"Спасибо за помощь"})
        # An unknown value narrows nothing rather than failing.
        response = self.client.get(LIST_URL, {"severity": "bogus"})
        self.assertEqual(len(self.texts(response)), 3)

    def test_a_fixed_number_of_queries_whatever_the_number_of_rows(self):
        self.client.force_login(self.manager)
        self.client.get(LIST_URL)
        with self.assertNumQueries(8) as small:
            self.client.get(LIST_URL)
        for n in range(PAGE_SIZE):
            self.record_make(external_id=f"more-{n}", severity="high", category="Грубость")
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(LIST_URL)
        self.assertEqual(len(response.context["feedback"]), PAGE_SIZE)
