"""The OpenAPI schema and the interactive docs: complete, and only for signed-in people."""

from django.test import TestCase

from tests.api.helpers import API, bearer, token_for
from tests.factories import staff_user

PATHS = {
    "/api/v1/mentoring/mentees": {"get"},
    "/api/v1/mentoring/sessions": {"post"},
    "/api/v1/mentoring/sessions/{session_id}/acknowledge": {"post"},
    "/api/v1/mentoring/signoffs": {"post"},
    "/api/v1/mentoring/signoffs/{signoff_id}/revoke": {"post"},
    "/api/v1/mentoring/me": {"get"},
    "/api/v1/mentoring/clearances": {"post"},
    "/api/v1/me/plan": {"get"},
    "/api/v1/me/notifications": {"get"},
    "/api/v1/me/certificates": {"get"},
    "/api/v1/courses/{course_id}": {"get"},
    "/api/v1/lessons/{lesson_id}/complete": {"post"},
    "/api/v1/quizzes/{quiz_id}/attempts": {"get", "post"},
    "/api/v1/attempts/{attempt_id}/answers/{question_id}": {"put"},
    "/api/v1/attempts/{attempt_id}/submit": {"post"},
    "/api/v1/attempts/{attempt_id}": {"get"},
    "/api/v1/quizzes/{quiz_id}/export.gift": {"get"},
    "/api/v1/quizzes/{quiz_id}/export.xml": {"get"},
    "/api/v1/me/reviews": {"get"},
    "/api/v1/reviews/{card_id}/answer": {"post"},
    "/api/v1/people": {"get"},
    "/api/v1/people/{employee_id}": {"put"},
    "/api/v1/people/{id}/record": {"get"},
    "/api/v1/reports/progress": {"get"},
    "/api/v1/reports/attempts": {"get"},
    "/api/v1/reports/mentoring": {"get"},
    "/api/v1/reports/exports/{export_id}": {"get"},
    "/api/v1/reports/exports/{export_id}/file": {"get"},
    "/api/v1/quality/scorecards": {"get"},
    "/api/v1/quality/evaluations": {"post"},
    "/api/v1/quality/evaluations/{evaluation_id}": {"get"},
    "/api/v1/quality/feedback": {"post"},
    "/api/v1/quality/evaluations/{evaluation_id}/acknowledge": {"post"},
    "/api/v1/quality/evaluations/{evaluation_id}/dispute": {"post"},
    "/api/v1/quality/evaluations/{evaluation_id}/resolve": {"post"},
    "/api/v1/me/evaluations": {"get"},
    "/api/v1/quality/trends": {"get"},
}


class OpenApiSchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()

    def test_lists_every_path_and_method(self):
        self.client.force_login(self.user)
        response = self.client.get(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual({path: set(methods) for path, methods in schema["paths"].items()}, PATHS)
        self.assertEqual(
            set(schema["components"]["securitySchemes"]), {"PersonalTokenAuth", "SessionCsrfAuth"}
        )

    def test_documents_decimals_as_strings(self):
        self.client.force_login(self.user)
        schemas = self.client.get(f"{API}/openapi.json").json()["components"]["schemas"]
        self.assertEqual(schemas["ResultOut"]["properties"]["score"]["type"], "string")
        self.assertEqual(schemas["ResultOut"]["properties"]["score"]["format"], "decimal")

    def test_a_token_is_enough(self):
        response = self.client.get(f"{API}/openapi.json", headers=bearer(token_for(self.user)))
        self.assertEqual(response.status_code, 200)

    def test_anonymous_is_sent_to_login(self):
        for url in (f"{API}/openapi.json", f"{API}/docs"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_docs_page_for_a_signed_in_person(self):
        self.client.force_login(self.user)
        response = self.client.get(f"{API}/docs")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "swagger")
