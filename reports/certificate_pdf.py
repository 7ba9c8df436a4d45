"""The PDF of a certificate, drawn with ReportLab from the certificate's row.

ReportLab rather than WeasyPrint: it is pure Python with no system libraries (WeasyPrint needs
Pango, HarfBuzz and friends in the image), it has its own QR code module, and a one-page
certificate needs no HTML layout. Cyrillic needs a font that has it: DejaVu Sans ships in
``reports/fonts`` (its licence beside it) and is embedded, subset, into each PDF, so the PDF
reads the same everywhere and its text can be copied and searched.
"""

import io
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reports.models import Certificate
from reports.selectors.certificates import certificate_verify_url

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#555555")
QR_SIZE = 42 * mm


def _fonts_register() -> None:
    # Registering is process-wide in ReportLab; once is enough, and again is harmless.
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, FONTS / "DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, FONTS / "DejaVuSans-Bold.ttf"))


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 8 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _date(value) -> str:
    return formats.date_format(value, "j E Y") if value else ""


def certificate_pdf_render(*, certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 landscape PDF in the active language: the holder's full
    name, what it certifies, the issue date, the score and the expiry where there are any, the
    verification code and a QR code of the public verification address. A revoked certificate
    says so across the page."""
    _fonts_register()
    verify_url = certificate_verify_url(code=certificate.code)
    name = certificate.holder_name
    title = str(certificate.display_title)

    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{_('Certificate')}: {title} — {name}")
    pdf.setAuthor(_("Nastavnik"))
    pdf.setSubject(verify_url)

    margin = 15 * mm
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(2)
    pdf.rect(margin, margin, width - 2 * margin, height - 2 * margin)
    centre = width / 2
    text_width = width - 4 * margin

    pdf.setFillColor(ACCENT)
    pdf.setFont(BOLD, 34)
    pdf.drawCentredString(centre, height - 45 * mm, _("Certificate"))
    pdf.setFillColor(colors.black)
    pdf.setFont(REGULAR, 14)
    pdf.drawCentredString(centre, height - 60 * mm, _("This certifies that"))
    pdf.setFont(BOLD, _fit(name, BOLD, 28, text_width))
    pdf.drawCentredString(centre, height - 76 * mm, name)
    pdf.setFont(REGULAR, 14)
    if certificate.kind == Certificate.Kind.PLAN:
        done = _("completed the onboarding plan for the job role")
    else:
        done = _("completed the course")
    pdf.drawCentredString(centre, height - 90 * mm, done)
    what = f"«{certificate.title}»"
    pdf.setFont(BOLD, _fit(what, BOLD, 22, text_width))
    pdf.drawCentredString(centre, height - 104 * mm, what)

    facts = [_("Issued on %(date)s") % {"date": _date(certificate.issued_on)}]
    if certificate.score is not None:
        score = formats.number_format(certificate.score.normalize(), use_l10n=True)
        facts.append(_("Score: %(score)s%%") % {"score": score})
    if certificate.expires_on is not None:
        facts.append(_("Valid until %(date)s") % {"date": _date(certificate.expires_on)})
    pdf.setFont(REGULAR, 12)
    y = height - 122 * mm
    for fact in facts:
        pdf.drawString(2 * margin, y, fact)
        y -= 7 * mm

    pdf.setFillColor(MUTED)
    pdf.setFont(REGULAR, 10)
    pdf.drawString(
        2 * margin,
        2 * margin + 9 * mm,
        _("Verification code: %(code)s") % {"code": certificate.code},
    )
    pdf.drawString(2 * margin, 2 * margin + 3 * mm, _("Check it at %(url)s") % {"url": verify_url})

    qr = QrCodeWidget(verify_url, barLevel="M")
    left, bottom, right, top = qr.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0]
    )
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, width - 2 * margin - QR_SIZE, 2 * margin - 4 * mm)

    if certificate.revoked_at is not None:
        pdf.saveState()
        pdf.setFillColor(colors.HexColor("#b00020"))
        pdf.setFont(BOLD, 40)
        pdf.translate(centre, height / 2)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, _("REVOKED"))
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
