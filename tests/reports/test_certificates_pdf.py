"""The certificate's PDF (``reports.certificate_pdf``): the text is there, in Cyrillic, as text
(the font is embedded, so it can be extracted), with the verification address of the site."""

import datetime
import io
from decimal import Decimal

from django.test import TestCase, override_settings
from django.utils import timezone, translation

from pypdf import PdfReader

from reports.certificate_pdf import certificate_pdf_render
from reports.models import Certificate
from tests.factories import staff_user


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@override_settings(SITE_URL="https://learn.example.com")
class CertificatePdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user(first_name="Екатерина", last_name="Морозова")
        cls.certificate = Certificate.objects.create(
            user=cls.user,
            kind=Certificate.Kind.COURSE,
            title="Стандарты обслуживания",
            issued_on=datetime.date(2026, 3, 2),
            score=Decimal("87.50"),
            expires_on=datetime.date(2026, 8, 29),
        )

    def render(self, certificate=None) -> tuple[bytes, str]:
        with translation.override("ru"):
            data = certificate_pdf_render(certificate=certificate or self.certificate)
        return data, pdf_text(data)

    def test_one_page_with_the_name_course_dates_score_and_code_in_russian(self):
        data, text = self.render()

        self.assertTrue(data.startswith(b"%PDF"))
        self.assertEqual(len(PdfReader(io.BytesIO(data)).pages), 1)
        self.assertIn("Екатерина Морозова", text)
        self.assertIn("Стандарты обслуживания", text)
        self.assertIn("2 марта 2026", text)
        self.assertIn("29 августа 2026", text)
        self.assertIn("87,5", text)
        self.assertIn(self.certificate.code, text)
        self.assertIn(f"https://learn.example.com/certificates/{self.certificate.code}/", text)
        self.assertNotIn("ОТОЗВАН", text)

    def test_the_font_is_embedded(self):
        data, _ = self.render()
        page = PdfReader(io.BytesIO(data)).pages[0]
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]

        self.assertTrue(any("DejaVuSans" in str(font["/BaseFont"]) for font in fonts))

    def test_a_revoked_certificate_says_so(self):
        Certificate.objects.filter(pk=self.certificate.pk).update(revoked_at=timezone.now())

        _, text = self.render(Certificate.objects.get(pk=self.certificate.pk))

        self.assertIn("ОТОЗВАН", text)

    def test_without_score_or_expiry_neither_is_printed(self):
        Certificate.objects.filter(pk=self.certificate.pk).update(score=None, expires_on=None)

        _, text = self.render(Certificate.objects.get(pk=self.certificate.pk))

        self.assertNotIn("Результат", text)
        self.assertNotIn("Действителен до", text)

    def test_a_holder_without_a_full_name_is_never_named_by_their_login(self):
        nameless = staff_user(username="ivan.login42")
        certificate = Certificate.objects.create(
            user=nameless,
            kind=Certificate.Kind.COURSE,
            title="Стандарты обслуживания",
            issued_on=datetime.date(2026, 3, 2),
        )

        data, text = self.render(certificate)

        self.assertNotIn("ivan.login42", text)
        self.assertIn("имя не указано", text)
        metadata = PdfReader(io.BytesIO(data)).metadata
        self.assertNotIn("ivan.login42", metadata.title)
        self.assertIn("имя не указано", metadata.title)
