"""``GET /api/v1/me/certificates`` (``reports.api_certificates``): the signed-in person's own
certificates, in the documented shape; nobody else's; 401 without signing in."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone

from reports.models import Certificate
from tests.factories import staff_user

URL = "/api/v1/me/certificates"


@override_settings(SITE_URL="https://learn.example.com")
class MyCertificatesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user()
        today = timezone.localdate()
        cls.old = Certificate.objects.create(
            user=cls.user,
            kind=Certificate.Kind.COURSE,
            title="Продукты и тарифы",
            issued_on=today - datetime.timedelta(days=150),
            expires_on=today - datetime.timedelta(days=60),
        )
        cls.plan = Certificate.objects.create(
            user=cls.user,
            kind=Certificate.Kind.PLAN,
            title="Оператор контакт-центра",
            issued_on=today - datetime.timedelta(days=100),
        )
        cls.revoked = Certificate.objects.create(
            user=cls.user,
            kind=Certificate.Kind.COURSE,
            title="Стандарты",
            issued_on=today - datetime.timedelta(days=10),
            revoked_at=timezone.now(),
        )
        Certificate.objects.create(user=staff_user(), kind="course", title="Чужой", issued_on=today)

    def test_my_certificates_newest_first_in_the_documented_shape(self):
        self.client.force_login(self.user)

        with self.assertNumQueries(3):  # session, user, certificates
            response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="ru")

        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(
            [row["code"] for row in body], [c.code for c in (self.revoked, self.plan, self.old)]
        )
        for row in body:
            self.assertEqual(
                set(row),
                {"code", "kind", "course", "issued", "expires", "status", "pdf_url", "verify_url"},
            )
        old = body[2]
        self.assertEqual(old["course"], "Продукты и тарифы")
        self.assertEqual(old["issued"], self.old.issued_on.isoformat())
        self.assertEqual(old["expires"], self.old.expires_on.isoformat())
        self.assertEqual(old["status"], "expired")
        self.assertEqual(
            old["pdf_url"], f"https://learn.example.com/certificates/{self.old.code}/pdf/"
        )
        self.assertEqual(
            old["verify_url"], f"https://learn.example.com/certificates/{self.old.code}/"
        )
        self.assertEqual(body[1]["kind"], "plan")
        self.assertIsNone(body[1]["expires"])
        self.assertEqual(body[1]["status"], "valid")
        self.assertEqual(body[0]["status"], "revoked")

    def test_someone_without_certificates_gets_an_empty_list(self):
        self.client.force_login(staff_user())

        response = self.client.get(URL)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), [])

    def test_anonymous_gets_401(self):
        response = self.client.get(URL)

        self.assertEqual(response.status_code, 401)
