"""A 15-criterion scorecard on a 360-px phone: the evaluation form needs no sideways scrolling,
every chip of every criterion is reached from the keyboard (Tab to the criterion, Space to
choose, arrows to move), and the form is filled and saved with taps alone.

Selectors name structure and addresses, not interface labels."""

import pytest

from lms.people import roles
from quality.models import Criterion, Evaluation
from tests.e2e.test_quality_evaluation import no_sideways_scroll, sign_in
from tests.factories import TeamFactory, staff_user
from tests.quality.factories import criterion_ids, scorecard_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"locale": "ru-RU", "viewport": {"width": 360, "height": 740}, "has_touch": True,
         "is_mobile": True}  # fmt: skip
POINTS = Criterion.Scale.POINTS
# Long wordings on purpose: they must wrap, not push the page sideways.
CRITERIA = [
    {"section": "Приветствие", "code": "greeting", "text": "Поздоровался, назвал своё имя, "
     "должность и компанию"},
    {"section": "Приветствие", "code": "name", "text": "Обратился к клиенту по имени",
     "na_allowed": True},
    {"section": "Приветствие", "code": "tone", "text": "Доброжелательный тон с первой фразы"},
    {"section": "Потребность", "code": "need", "text": "Выяснил, как клиент пользуется услугой"},
    {"section": "Потребность", "code": "questions", "text": "Задал открытые вопросы",
     "scale": POINTS, "max_points": 3},
    {"section": "Потребность", "code": "summary", "text": "Подытожил потребность",
     "na_allowed": True},
    {"section": "Продукт", "code": "tariff", "text": "Точно назвал условия тарифа",
     "scale": POINTS, "max_points": 5},
    {"section": "Продукт", "code": "benefit", "text": "Говорил о пользе, а не о характеристиках"},
    {"section": "Продукт", "code": "objections", "text": "Отработал возражение",
     "na_allowed": True},
    {"section": "Продукт", "code": "upsell", "text": "Предложил допуслугу", "na_allowed": True},
    {"section": "Продукт", "code": "honesty", "text": "Не обещал того, чего нет",
     "critical": True},
    {"section": "Завершение", "code": "next_step", "text": "Договорился о следующем шаге"},
    {"section": "Завершение", "code": "crm", "text": "Занёс итог разговора в CRM"},
    {"section": "Завершение", "code": "thanks", "text": "Поблагодарил за обращение"},
    {"section": "Завершение", "code": "polite", "text": "Был вежлив весь разговор"},
]  # fmt: skip
# What the taps choose: yes, no, N/A and points mixed.
TAPPED = {"greeting": "yes", "name": "na", "tone": "yes", "need": "no", "questions": "2",
          "summary": "yes", "tariff": "5", "benefit": "yes", "objections": "na", "upsell": "no",
          "honesty": "yes", "next_step": "yes", "crm": "no", "thanks": "yes", "polite": "yes"}  # fmt: skip


@pytest.fixture
def setting(db):
    person = staff_user(username="olga", team=TeamFactory(), first_name="Ольга")
    staff_user(username="qa", roles=[roles.QA_EVALUATORS])
    scorecard = scorecard_make(criteria=CRITERIA, channels=["phone", "chat"])
    return person, criterion_ids(scorecard)


def values_of(page, name: str) -> list[str]:
    return page.eval_on_selector_all(f"input[name={name}]", "inputs => inputs.map(i => i.value)")


def test_every_chip_is_reached_from_the_keyboard(live_server, browser, setting):
    person, ids = setting
    order = [f"c{ids[c['code']]}" for c in CRITERIA]
    context = browser.new_context(**PHONE)
    page = sign_in(context, live_server.url, "qa")
    page.goto(f"{live_server.url}/quality/evaluate/?person={person.pk}")
    assert no_sideways_scroll(page)
    # No criterion's chips run past its own box either.
    assert page.eval_on_selector_all(
        "fieldset", "sets => sets.every(s => s.scrollWidth <= s.clientWidth + 1)"
    )
    page.focus("input[name=reference]")
    reached = []
    for _step in range(200):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || ''")
        if name == "comment":
            break
        if name not in order or name in reached:
            continue
        reached.append(name)
        values = values_of(page, name)
        focused = "() => document.activeElement.value"
        assert page.evaluate(focused) == values[0]
        page.keyboard.press("Space")
        assert page.locator(f"input[name={name}][value='{values[0]}']").is_checked()
        for value in values[1:]:
            page.keyboard.press("ArrowRight")
            assert page.evaluate(focused) == value
            assert page.locator(f"input[name={name}][value='{value}']").is_checked()
    assert reached == order
    context.close()


def test_fifteen_criteria_are_scored_with_taps_only(live_server, browser, setting):
    person, ids = setting
    context = browser.new_context(**PHONE)
    page = sign_in(context, live_server.url, "qa")
    # From the person's page the form opens with them chosen; today is the default date.
    page.goto(f"{live_server.url}/quality/evaluate/?person={person.pk}")
    assert no_sideways_scroll(page)
    page.locator("label:has(input[name=channel][value=chat])").tap()
    for code, value in TAPPED.items():
        page.locator(f"label:has(input[name=c{ids[code]}][value='{value}'])").tap()
    page.locator("form.eval-form button[type=submit]").tap()
    page.wait_for_url(f"{live_server.url}/quality/evaluations/*/")
    assert no_sideways_scroll(page)
    evaluation = Evaluation.objects.get()
    assert (evaluation.person, evaluation.channel) == (person, "chat")
    answers = {
        a.criterion_code: str(a.points) if a.value == "points" else a.value
        for a in evaluation.answers.all()
    }
    assert answers == TAPPED
    context.close()
