"""The USP cheat-sheet prints on one A4 page."""

import re

import pytest

from tests.courses.factories import CheatSheetPageFactory, ProductCardPageFactory
from tests.factories import PASSWORD, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_PITCH = "Интернет до 500 Мбит/с и роутер Wi-Fi 6 без доплаты: хватит всей семье вечером"
LONG_USP = "Монтаж в день заявки, мастер приезжает в удобное окно, а не «в течение недели»"


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_cheat_sheet_with_six_products_fits_one_a4_page(live_server, page):
    staff_user(username="printer")
    cards = [
        ProductCardPageFactory(
            title=f"Продукт {n}",
            pitch=LONG_PITCH,
            usps__0__usp__advantage=LONG_USP,
            usps__1__usp__advantage=LONG_USP,
        )  # fmt: skip
        for n in range(6)
    ]
    sheet = CheatSheetPageFactory(
        products=cards,
        intro="Главное о каждом продукте — на одном листе. Держите рядом с телефоном.",
        **{f"company_advantages__{i}__advantage__title": f"Преимущество {i}" for i in range(5)},
    )

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "printer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + sheet.url)
    assert page.get_by_role("button", name="Распечатать").is_visible()

    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    assert _pdf_pages(pdf) == 1
    # and the control check: the same content without the print stylesheet needs more paper.
    page.evaluate("document.querySelector('link[media=print]').remove()")
    assert _pdf_pages(page.pdf(format="A4")) > 1
