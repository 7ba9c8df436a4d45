"""Demo learning: the courses of «Волна Телеком», their gating quizzes, the question bank, the
onboarding plan of every job role, and the progress of two demo learners.

The lessons teach the demo knowledge content (``courses.demo``) and lean on the glossary
(``glossary.demo``): they embed the real product cards, documents and CRM screenshots, call out
glossary terms, and their Markdown uses the words the glossary links. Every question names the
knowledge it checks. ``newbie`` is two lessons into the first course of their plan, through real
quiz attempts; ``staff`` finished the whole operator plan months ago.

This module lives in the quizzes app because it writes both quizzes and the courses they gate,
and only quizzes may import courses.

Create-only, like the other loaders: courses and lessons are found by slug under their parent,
questions and quizzes by title, plans by job role. Whatever exists is left exactly as it is (a
course that exists keeps its lessons, gates and questions as people edited them), and learner
progress is written only for a demo learner who has none yet. A second run writes nothing.
"""

import datetime
import random
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from wagtail.actions.create import CreateAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.demo import (
    DOCUMENTS,
    SCREENSHOTS,
    content_change_demo_ensure,
    refresher_policies_ensure,
)
from courses.models import (
    Assignment,
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    LessonProgress,
    OnboardingPlan,
    OnboardingPlanItem,
)
from courses.selectors import course_outline_for_learner
from courses.services import (
    assignment_create,
    lesson_complete,
    lesson_open,
    onboarding_plan_assign,
)
from glossary.models import GlossaryTerm
from lms.core.demo import register
from lms.people.models import JobRole, StaffProfile
from quizzes.grading import snapshot_numbers
from quizzes.models import (
    AcceptedAnswer,
    Attempt,
    AttemptQuestion,
    Choice,
    LessonGate,
    MatchPair,
    NumericAnswer,
    Question,
    QuestionCategory,
    Quiz,
    QuizDraw,
    QuizQuestion,
    ReviewCard,
    ReviewLog,
)
from quizzes.review import card_review
from quizzes.review_selectors import day_start
from quizzes.review_services import (
    MEMORY_FIELDS,
    review_cards_backfill,
    review_term_cards_sync,
)
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit
from quizzes.types.missing_word import BLANK

User = get_user_model()
T = Question.Type

# Revisions are saved in the name of the demo content lead (see lms.people.demo), if present.
EDITOR_USERNAME = "lead"
NEWBIE_USERNAME = "newbie"
STAFF_USERNAME = "staff"
# Who assigned the operator plan to ``staff`` when the portal started.
STAFF_ASSIGNED_BY = "manager"

# Demo gates: as many attempts as it takes, no waiting, the right answers shown every time.
PASS_MARK = 70
GATE_RULES = {
    "pass_mark": PASS_MARK,
    "attempt_limit": 0,
    "cooldown_minutes": 0,
    "time_limit_minutes": 0,
    "shuffle_questions": False,
    "shuffle_choices": True,
    "show_answers": Quiz.ShowAnswers.AFTER_EACH_ATTEMPT,
}

# How many lessons of the first course in their plan ``newbie`` has completed.
NEWBIE_LESSONS_DONE = 2
# ``staff`` was given the operator plan when the company started using the portal.
STAFF_PLAN_DAYS_AGO = 150

# --- Question categories ------------------------------------------------------------------

PRODUCTS = "Продукты и тарифы"
CRM = "Работа в CRM"
STANDARDS = "Стандарты обслуживания"
BONUS = "Премия"
SALES = "Продажи в офисе"
MENTORING = "Наставничество"
CONTENT = "Контент для линии"
QUALITY = "Качество и показатели"
CATEGORIES = (PRODUCTS, CRM, STANDARDS, BONUS, SALES, MENTORING, CONTENT, QUALITY)

# --- Where the knowledge is: page paths below the home page -------------------------------

LESSON = "@lesson"  # a question about the lesson whose gate it is part of


def card(slug: str) -> str:
    return f"knowledge/products/{slug}"


def tutorial(slug: str) -> str:
    return f"knowledge/crm/{slug}"


BONUS_PAGE = "knowledge/bonus"
STANDARDS_PAGE = "knowledge/standards"
DOCUMENTS_PAGE = "knowledge/documents"
CHEAT_SHEET = "knowledge/products/usp-cheat-sheet"

# Markdown links to knowledge pages are written ``[words](page:<path>)`` and resolved to the
# page's URL when the lesson is created (or left as plain words if the page is gone).
PAGE_LINK = re.compile(r"\[([^\]]+)\]\(page:([^)\s]+)\)")

# --- Lesson body blocks -------------------------------------------------------------------


def md(markdown: str) -> tuple:
    return ("text", markdown)


def product(slug: str, note: str = "") -> tuple:
    return ("product_card", slug, note)


def callout(slug: str, note: str = "") -> tuple:
    return ("glossary_callout", slug, note)


def script(situation: str, say: str, not_that: str = "", why: str = "") -> tuple:
    return ("script", situation, say, not_that, why)


def document(key: str, note: str = "") -> tuple:
    return ("document", key, note)


def screenshot(key: str, alt: str) -> tuple:
    return ("image", key, alt)


# --- Questions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    title: str  # the demo key: unique among demo questions
    type: str
    text: str
    explanation: str
    page: str = ""  # a page path (see above) or LESSON
    term: str = ""  # a glossary term slug
    points: int = 1
    # Choices as (text, correct, feedback); for ordering, the items in the right order.
    choices: tuple[tuple[str, bool, str], ...] = ()
    partial_credit: bool = False
    correct_bool: bool | None = None
    accepted: tuple[str, ...] = ()
    number: str = ""
    tolerance: str = "0"
    pairs: tuple[tuple[str, str], ...] = ()
    grading_notes: str = ""


def _choice(value, correct: bool) -> tuple[str, bool, str]:
    text, feedback = (value, "") if isinstance(value, str) else value
    return (text, correct, feedback)


def single(title, text, *, right, wrong, explanation, **links) -> QuestionSpec:
    """One right choice; a wrong one may be ``(text, feedback)``."""
    choices = (_choice(right, True), *(_choice(w, False) for w in wrong))
    return QuestionSpec(title, T.SINGLE_CHOICE, text, explanation, choices=choices, **links)


def multiple(title, text, *, right, wrong, explanation, partial=False, **links) -> QuestionSpec:
    """Several right choices: all-or-nothing, or with ``partial`` credit (each right choice earns
    its share of the points, each wrong one takes a share away)."""
    choices = (*(_choice(r, True) for r in right), *(_choice(w, False) for w in wrong))
    links.setdefault("points", 2 if partial else 1)
    return QuestionSpec(
        title,
        T.MULTIPLE_CHOICE,
        text,
        explanation,
        choices=choices,
        partial_credit=partial,
        **links,
    )


def truth(title, text, *, correct: bool, explanation, **links) -> QuestionSpec:
    return QuestionSpec(title, T.TRUE_FALSE, text, explanation, correct_bool=correct, **links)


def short(title, text, *, accepted, explanation, **links) -> QuestionSpec:
    """A typed answer; any of ``accepted`` counts (case, spacing and ё/е do not matter)."""
    return QuestionSpec(title, T.SHORT_TEXT, text, explanation, accepted=accepted, **links)


def number(title, text, *, answer: str, explanation, tolerance="0", **links) -> QuestionSpec:
    return QuestionSpec(
        title, T.NUMERIC, text, explanation, number=answer, tolerance=tolerance, **links
    )


def order(title, text, *, items, explanation, **links) -> QuestionSpec:
    """``items`` in the right order; learners see them shuffled."""
    links.setdefault("points", 2)
    choices = tuple((item, True, "") for item in items)
    return QuestionSpec(title, T.ORDERING, text, explanation, choices=choices, **links)


def match(title, text, *, pairs, explanation, **links) -> QuestionSpec:
    links.setdefault("points", 2)
    return QuestionSpec(title, T.MATCHING, text, explanation, pairs=pairs, **links)


def gap_word(title, before, after, *, right, wrong, explanation, **links) -> QuestionSpec:
    """Select the missing word: the sentence ``before`` _____ ``after``, one right word."""
    choices = (_choice(right, True), *(_choice(w, False) for w in wrong))
    text = f"{before} {BLANK} {after}".strip()
    return QuestionSpec(title, T.MISSING_WORD, text, explanation, choices=choices, **links)


def gaps(title, text, *, explanation, **links) -> QuestionSpec:
    """Fill in the gaps, written in Moodle's embedded answers (``quizzes.types.cloze``)."""
    links.setdefault("points", 2)
    return QuestionSpec(title, T.CLOZE, text, explanation, **links)


def open_answer(title, text, *, grading_notes, explanation, **links) -> QuestionSpec:
    """An open answer the learner's mentor or manager grades against ``grading_notes``."""
    links.setdefault("points", 3)
    return QuestionSpec(
        title, T.OPEN_ANSWER, text, explanation, grading_notes=grading_notes, **links
    )


@dataclass(frozen=True)
class QuizSpec:
    title: str
    questions: tuple[QuestionSpec, ...]
    draws: tuple[tuple[str, int], ...] = ()  # (category, how many)
    description: str = ""


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    minutes: int
    body: tuple[tuple, ...]
    gate: QuizSpec | None = None


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    category: str
    lessons: tuple[LessonSpec, ...]
    # Questions in the course's category that no gate lists: only a random draw brings them up.
    pool: tuple[QuestionSpec, ...] = ()


# --- Course: products and tariffs ---------------------------------------------------------

# Questions only the random draw of the final products quiz brings up.
PRODUCTS_POOL = (
    single(
        "УТП «Волны»",
        "Что из этого — УТП «Волны», а не отстройка от одного конкурента?",
        right=("Оптика до квартиры: вечером скорость та же, что утром, и она записана в договоре"),
        wrong=(
            "Mesh в аренду, а у Мегалинка — только покупка",
            "Пакет с интернетом 500 Мбит/с, а у Сигнал+ — только 100",
            "Архив на всех каналах, а у Сигнал+ — лишь на 40",
        ),
        explanation=(
            "УТП — одна причина выбрать нас, которая отличает «Волну» от всех сразу. Остальные "
            "варианты — отстройки: каждая сравнивает нас с одним конкретным конкурентом."
        ),
        page=CHEAT_SHEET,
        term="utp",
    ),
    short(
        "Пакет конкурента за 950 ₽",
        "У какого конкурента пакет «Интернет + ТВ» стоит 950 ₽ и включает только 100 Мбит/с? "
        "Напишите название.",
        accepted=("Сигнал+", "Сигнал плюс", "Сигнал"),
        explanation=(
            "Это **Сигнал+**: их пакет дороже нашего «Дома целиком» (890 ₽), а интернет в нём в "
            "пять раз медленнее. Цифры — в их прайсе, клиент может проверить."
        ),
        page=card("home-bundle"),
    ),
    truth(
        "Wi-Fi и скорость по договору",
        "Клиент на «Волне 500» видит на телефоне по Wi-Fi 250 Мбит/с. Это нарушение договора.",
        correct=False,
        explanation=(
            "Скорость по договору измеряют **по кабелю**. Телефон по Wi-Fi обычно берёт "
            "200–300 Мбит/с — это нормально. Компьютер по кабелю получит все 500."
        ),
        page=card("internet-500"),
        term="skorost-po-dogovoru",
    ),
)

PRODUCTS_COURSE = CourseSpec(
    slug="products-and-tariffs",
    title="Продукты и тарифы",
    summary=(
        "Все продукты «Волны» простыми словами: кому что подходит, сколько стоит и чем мы "
        "лучше ГорНета, Сигнал+ и Мегалинка. После курса вы подберёте тариф под любую семью "
        "и спокойно ответите на частые возражения."
    ),
    category=PRODUCTS,
    pool=PRODUCTS_POOL,
    lessons=(
        LessonSpec(
            slug="home-internet",
            title="Домашний интернет: «Волна 100» и «Волна 500»",
            minutes=15,
            body=(
                md(
                    "У «Волны» два тарифа интернета, и оба работают по одной технологии — "
                    "оптика до квартиры. Кабель заходит прямо к клиенту, поэтому скорость не "
                    "делится с соседями и не проседает вечером. Тарифы отличаются скоростью и "
                    "тем, входит ли роутер в цену.\n\n"
                    "Подбирая тариф, считайте не гигабайты, а людей. Один-три человека, видео и "
                    "соцсети — хватит «Волны 100». Все дома в сети одновременно, кто-то играет "
                    "или работает из дома — предложите «Волну 500»."
                ),
                product(
                    "internet-100",
                    "Прочитайте блок «Кому подходит»: в нём фразы, по которым клиента "
                    "«Волны 100» узнают с первых минут разговора.",
                ),
                product(
                    "internet-500",
                    "Роутер Wi-Fi 6 входит в тариф — этот довод выручает, когда клиент "
                    "сравнивает цену с Мегалинком.",
                ),
                callout(
                    "skorost-po-dogovoru",
                    "Клиент возмущается, что телефон показывает «всего 200»? Скорость по "
                    "договору измеряют по кабелю, а не по Wi-Fi.",
                ),
                script(
                    "Клиент спрашивает: «Какой тариф мне взять?»",
                    "Подскажите, сколько человек у вас дома пользуется интернетом и чем обычно "
                    "заняты вечером: фильмы, игры, работа? Тогда подберу тариф, за который не "
                    "придётся переплачивать.",
                    "«Берите 500, он лучше» или «Все берут 100».",
                    "Вопрос о людях и привычках показывает, что вы подбираете тариф под "
                    "клиента, а не продаёте подороже.",
                ),
                document(
                    "leaflet-internet",
                    "Отдайте или отправьте клиенту, который хочет «подумать до завтра»: оба "
                    "тарифа на одной странице.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: домашний интернет",
                questions=(
                    single(
                        "Цена «Волны 500»",
                        "Сколько стоит тариф «Волна 500» в месяц?",
                        right="690 ₽",
                        wrong=(
                            ("490 ₽", "Это цена «Волны 100»."),
                            ("890 ₽", "Столько стоит пакет «Дом целиком» — интернет, ТВ и роутер."),
                            "790 ₽",
                        ),
                        explanation=(
                            "«Волна 500» — **690 ₽ в месяц**, и роутер Wi-Fi 6 уже входит в "
                            "эту цену. 490 ₽ стоит «Волна 100», 890 ₽ — пакет «Дом целиком»."
                        ),
                        page=card("internet-500"),
                        term="abonentskaya-plata",
                    ),
                    number(
                        "Скорость по договору на «Волне 100»",
                        "Какую скорость по кабелю гарантирует договор на тарифе «Волна 100»? "
                        "Ответ — в Мбит/с.",
                        answer="90",
                        explanation=(
                            "Пункт 3.2 договора: не ниже **90 Мбит/с** на «Волне 100» и не ниже "
                            "450 Мбит/с на «Волне 500». Если по кабелю выходит меньше, абонент "
                            "получает перерасчёт."
                        ),
                        page=card("internet-100"),
                        term="skorost-po-dogovoru",
                    ),
                    multiple(
                        "Признаки клиента «Волны 500»",
                        "Клиент рассказывает о своей семье. Какие признаки говорят в пользу "
                        "«Волны 500»? Отметьте все подходящие.",
                        right=(
                            "Дома пятеро, и вечером все сидят в интернете одновременно",
                            "Сын играет онлайн, а мама в это время смотрит сериал",
                            "Клиент работает из дома и часто созванивается по видео",
                        ),
                        wrong=(
                            "Живёт один, интернет нужен для почты и новостей",
                            "Первым делом спрашивает, сколько стоит самый простой тариф",
                        ),
                        partial=True,
                        explanation=(
                            "«Волна 500» нужна, когда интернетом пользуются все и сразу: "
                            "большая семья, игры, видеозвонки. Тому, кто живёт один и читает "
                            "новости, честно оставьте «Волну 100» — навязанный тариф вернётся "
                            "отказом и низкой оценкой."
                        ),
                        page=card("internet-500"),
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="tv-and-bundle",
            title="Телевидение и пакет «Дом целиком»",
            minutes=15,
            body=(
                md(
                    "«Волна ТВ» — это IPTV: телевидение приходит через наш интернет, поэтому "
                    "без него не подключается. На Smart TV хватает приложения, на обычный "
                    "телевизор ставят приставку. Пауза, перемотка и архив за 72 часа работают "
                    "на всех 190 каналах — в кабельном ТВ такого нет.\n\n"
                    "Если клиенту нужны и интернет, и телевидение, почти всегда выгоднее пакет "
                    "услуг «Дом целиком»: 890 ₽ вместо 1080 ₽ по отдельности, и цена "
                    "закреплена на 12 месяцев."
                ),
                product(
                    "tv",
                    "Возражение «у меня антенна, и так всё показывает» звучит чаще других — "
                    "ответ на него в карточке.",
                ),
                product(
                    "home-bundle",
                    "Называйте экономию вслух и в деньгах: 190 ₽ в месяц — это 2280 ₽ за год.",
                ),
                callout(
                    "paket-uslug",
                    "Тариф внутри пакета по отдельности не меняют — меняется весь пакет.",
                ),
                script(
                    "Абонент «Волны 500» между делом говорит, что за телевизор платит Сигнал+",
                    "Вы сказали, что за ТВ платите отдельно. У нас это можно объединить: "
                    "интернет, 190 каналов и роутер за 890 ₽ в месяц. Посчитать, сколько вы "
                    "сэкономите?",
                    "«У нас сейчас отличное ТВ, подключите!» — без связи с тем, что сказал клиент.",
                    "Лучший повод для кросс-продажи — слова самого клиента. Тогда предложение "
                    "звучит как помощь, а не как план продаж.",
                ),
                document(
                    "bundle-booklet",
                    "Экономия в буклете уже посчитана, и указан пункт договора о закреплённой "
                    "цене.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: телевидение и пакет",
                questions=(
                    number(
                        "Экономия на пакете за год",
                        "Сколько рублей за год экономит клиент на пакете «Дом целиком» по "
                        "сравнению с теми же услугами по отдельности?",
                        answer="2280",
                        explanation=(
                            "Отдельно интернет «Волна 500» (690 ₽) и «Волна ТВ» (390 ₽) стоят "
                            "1080 ₽ в месяц, пакет — 890 ₽. Разница 190 ₽ в месяц, за "
                            "12 месяцев — **2280 ₽**."
                        ),
                        page=card("home-bundle"),
                    ),
                    multiple(
                        "Состав пакета «Дом целиком»",
                        "Что входит в пакет «Дом целиком» за 890 ₽ в месяц? Отметьте всё.",
                        right=("Интернет «Волна 500»", "«Волна ТВ», 190 каналов", "Роутер Wi-Fi 6"),
                        wrong=(
                            ("Приставка для второго телевизора", "Она стоит 99 ₽ в месяц."),
                            ("Mesh Wi-Fi на два модуля", "Mesh — отдельная услуга, 199 ₽."),
                        ),
                        explanation=(
                            "В пакет входят интернет «Волна 500», телевидение «Волна ТВ» и "
                            "роутер Wi-Fi 6. Приставка для второго телевизора — 99 ₽ в месяц, "
                            "mesh подключают отдельно."
                        ),
                        page=card("home-bundle"),
                        term="paket-uslug",
                    ),
                    short(
                        "Приставка для обычного телевизора",
                        "Как называется устройство, через которое «Волна ТВ» работает на "
                        "телевизоре без Smart TV? Одно-два слова.",
                        accepted=(
                            "приставка",
                            "ТВ-приставка",
                            "ТВ приставка",
                            "IPTV-приставка",
                            "STB",
                        ),
                        explanation=(
                            "Это **приставка**: подойдёт любой телевизор с разъёмом HDMI, аренда "
                            "— 99 ₽ в месяц. На Smart TV приставка не нужна — достаточно "
                            "приложения «Волна ТВ»."
                        ),
                        page=card("tv"),
                        term="pristavka",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="mesh-and-video",
            title="Mesh Wi-Fi и «Видеоглаз»",
            minutes=15,
            body=(
                md(
                    "Эти две услуги редко просят сами — о них узнают из разговора. «В спальне "
                    "не ловит», «купил усилитель, стало только хуже» — повод рассказать о mesh. "
                    "«Поцарапали машину во дворе», «хочу видеть, кто приходит к маме» — повод "
                    "для «Видеоглаза».\n\n"
                    "Обе услуги работают с любым нашим тарифом интернета. Оборудование — в "
                    "аренду, и если оно сломалось не по вине клиента, меняем бесплатно."
                ),
                product(
                    "mesh-wifi",
                    "Чем mesh лучше усилителя — главный вопрос клиентов. Ответ — в блоке "
                    "возражений.",
                ),
                callout("mesh", "Два модуля — на квартиру до 90 м², три — на дом в два этажа."),
                product(
                    "video",
                    "Многие боятся, что записи смотрят посторонние. Их видят только сам клиент "
                    "и те, кого он добавил.",
                ),
                script(
                    "Клиент: «Лучше куплю усилитель за тысячу»",
                    "Можно и так. Только усилитель создаёт вторую сеть, и скорость в ней "
                    "падает примерно вдвое. Mesh — одна сеть на всю квартиру, а если модуль "
                    "сломается, мы заменим его бесплатно.",
                    "«Усилители — ерунда, выбросите деньги».",
                    "Факт убеждает лучше, чем оценка чужой покупки.",
                ),
                document("mesh-memo", "Схема в памятке помогает объяснить mesh за полминуты."),
                document(
                    "video-leaflet",
                    "Для клиента, который упомянул кражу, поцарапанную машину или пожилых "
                    "родителей.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: mesh и «Видеоглаз»",
                questions=(
                    single(
                        "Mesh или усилитель",
                        "Клиент: «Куплю усилитель Wi-Fi, зачем мне ваш mesh?» Какой факт стоит "
                        "назвать в ответ?",
                        right=(
                            "Усилитель создаёт вторую сеть и режет скорость примерно вдвое, а "
                            "mesh — одна сеть почти без потерь"
                        ),
                        wrong=(
                            (
                                "Усилители запрещено подключать к нашему роутеру",
                                "Такого запрета нет. Не придумывайте правила — клиент проверит.",
                            ),
                            (
                                "Mesh поднимает скорость тарифа до 1 Гбит/с",
                                "Mesh не меняет скорость тарифа: он доносит её до всех комнат.",
                            ),
                            "Усилитель работает только с «Волной 100»",
                        ),
                        explanation=(
                            "Усилитель (репитер) делает вторую сеть и теряет около половины "
                            "скорости. Mesh — несколько модулей, которые работают как одна "
                            "сеть, и телефон сам переходит на ближний."
                        ),
                        page=card("mesh-wifi"),
                        term="mesh",
                    ),
                    number(
                        "Три модуля mesh",
                        "Для двухэтажного дома нужны три модуля mesh. Сколько рублей в месяц "
                        "клиент заплатит за аренду?",
                        answer="289",
                        explanation=(
                            "Два модуля — 199 ₽ в месяц, третий — ещё 90 ₽: 199 + 90 = **289 ₽**."
                        ),
                        page=card("mesh-wifi"),
                    ),
                    match(
                        "Что предложить по словам клиента",
                        "Сопоставьте, что говорит клиент, и какую услугу уместно предложить.",
                        pairs=(
                            ("«В спальне Wi-Fi совсем не ловит»", "Mesh Wi-Fi"),
                            ("«Во дворе опять поцарапали машину»", "«Видеоглаз»"),
                            ("«За телевизор плачу Сигнал+ отдельно»", "Пакет «Дом целиком»"),
                            ("«Вечером всё тормозит, дома пять человек»", "«Волна 500»"),
                        ),
                        explanation=(
                            "Предложение уместно, когда отвечает на проблему, которую клиент "
                            "назвал сам: слабый сигнал — mesh, безопасность — камера, два "
                            "оператора — пакет, нехватка скорости — тариф быстрее."
                        ),
                        page=LESSON,
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="competitors",
            title="Чем мы лучше конкурентов",
            minutes=15,
            body=(
                md(
                    "Клиент почти всегда сравнивает — чаще всего с ГорНетом, Сигнал+ и "
                    "Мегалинком. Наша задача не ругать конкурентов, а назвать факт, который "
                    "клиент может проверить сам: пункт договора, цифру из прайса, срок.\n\n"
                    "Такое сравнение с конкретным конкурентом — отстройка. А УТП — одна фраза о "
                    "том, почему выбирать нас: у «Волны» это оптика до квартиры и скорость, "
                    "записанная в договоре. Все отстройки собраны на одной странице — в "
                    "[шпаргалке](page:knowledge/products/usp-cheat-sheet); откройте её перед "
                    "сменой."
                ),
                callout(
                    "otstroyka",
                    "Каждая отстройка в карточке продукта — с доказательством. Называйте его.",
                ),
                callout("utp"),
                script(
                    "Клиент: «В ГорНете на 40 рублей дешевле»",
                    "Да, у них чуть дешевле. Разница в том, что наш кабель идёт до самой "
                    "квартиры, и вечером скорость такая же, как утром. Если вы сейчас в "
                    "ГорНете, замерьте скорость часов в девять вечера — и сравните.",
                    "«ГорНет — это ужас, у них вечно всё падает».",
                    "Факт клиент может проверить, а оценку — нет. Ругая конкурента, вы ругаете "
                    "выбор клиента.",
                ),
                document(
                    "price-list",
                    "Все цены на одном листе — удобно, когда клиент считает, во что обойдутся "
                    "несколько услуг.",
                ),
            ),
            gate=QuizSpec(
                title="Итоговая проверка: продукты и конкуренты",
                description=(
                    "Два вопроса об отстройках и три случайных вопроса из всего курса — в "
                    "каждой попытке новые."
                ),
                questions=(
                    match(
                        "Отстройки «Волны 500»",
                        "Сопоставьте конкурента и нашу отстройку от него для тарифа «Волна 500».",
                        pairs=(
                            ("Мегалинк", "Та же скорость на 200 ₽ в месяц дешевле"),
                            ("ГорНет", "Скорость записана в договоре, а не «до 500»"),
                            ("Сигнал+", "Роутер Wi-Fi 6 за 0 ₽ вместо покупки"),
                        ),
                        explanation=(
                            "У Мегалинка 500 Мбит/с стоят 890 ₽, у нас 690 ₽. ГорНет обещает "
                            "«до 500» без гарантий, у нас п. 3.2 договора — не ниже 450 Мбит/с. "
                            "Сигнал+ продаёт роутер за 3900 ₽, у нас он входит в тариф."
                        ),
                        page=card("internet-500"),
                        term="otstroyka",
                    ),
                    order(
                        "Ответ на «у ГорНета дешевле»",
                        "Клиент говорит: «У ГорНета дешевле». Расставьте шаги ответа по порядку.",
                        items=(
                            "Признать разницу в цене, не споря",
                            "Назвать факт, которого у конкурента нет: кабель до квартиры",
                            "Предложить способ проверить: замерить скорость вечером",
                            "Спросить, удобно ли оформить заявку сейчас",
                        ),
                        explanation=(
                            "Сначала согласие — спор делает из клиента противника. Потом факт и "
                            "способ его проверить. И только когда клиенту всё ясно — следующий "
                            "шаг."
                        ),
                        page=card("internet-100"),
                        term="vozrazhenie",
                    ),
                ),
                draws=((PRODUCTS, 3),),
            ),
        ),
    ),
)

# --- Course: CRM ---------------------------------------------------------------------------

CRM_COURSE = CourseSpec(
    slug="crm-basics",
    title="Работа в CRM",
    summary=(
        "Четыре функции «Волна CRM», которые нужны оператору каждый день: карточка клиента, "
        "регистрация обращения, заявка на ремонт и смена тарифа. Всё остальное в CRM можно "
        "не трогать — а эти четыре нужно знать назубок."
    ),
    category=CRM,
    lessons=(
        LessonSpec(
            slug="customer-card",
            title="Карточка клиента и история обращений",
            minutes=12,
            body=(
                md(
                    "Любой разговор начинается с карточки клиента. Найдите клиента по "
                    "телефону, договору или адресу, убедитесь, что говорите с владельцем "
                    "договора, и загляните в историю: вдруг он звонит не в первый раз. Есть "
                    "открытое обращение — начните с него."
                ),
                screenshot("history", "Карточка клиента в CRM 4.2, открыта вкладка «История»"),
                callout(
                    "kartochka-klienta",
                    "Не путайте с карточкой продукта: та — страница о тарифе в базе знаний.",
                ),
                callout(
                    "vladelets-dogovora",
                    "Родственнику можно сказать только об аварии на адресе и о сроке визита "
                    "мастера.",
                ),
                script(
                    "Звонящий называет имя, но вы не уверены, что это владелец договора",
                    "Чтобы я могла открыть данные договора, назовите, пожалуйста, ФИО владельца "
                    "и адрес подключения.",
                    "«Вы ведь Анна Петровна?»",
                    "Наводящий вопрос подсказывает ответ любому, кто позвонил. Персональные "
                    "данные называем только владельцу договора.",
                ),
                md(
                    "Шаги с экранами — в уроке «[Как найти историю обращений клиента]"
                    "(page:knowledge/crm/customer-history)»."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: карточка клиента",
                questions=(
                    single(
                        "Как проверить владельца договора",
                        "Звонящий говорит: «Это Анна Петровна, посмотрите, сколько я должна». "
                        "Как правильно убедиться, что это владелец договора?",
                        right=("Попросить назвать ФИО владельца и адрес и сравнить с карточкой"),
                        wrong=(
                            (
                                "Спросить: «Вы Анна Петровна Смирнова?»",
                                "Наводящий вопрос подсказывает ответ кому угодно.",
                            ),
                            "Попросить продиктовать номер, с которого звонят",
                            (
                                "Ничего не уточнять: раз знает имя, значит, владелец",
                                "Имя владельца могут знать соседи и родственники.",
                            ),
                        ),
                        explanation=(
                            "Попросите назвать ФИО и адрес и сравните с полями «Абонент» и "
                            "«Адрес». Не подсказывайте: «Вы Анна Петровна?» — плохой вопрос."
                        ),
                        page=tutorial("customer-history"),
                        term="vladelets-dogovora",
                    ),
                    multiple(
                        "Что можно сказать родственнику",
                        "Звонит сын владельца договора, доверенности у него нет. Что ему можно "
                        "сказать? Отметьте все верные варианты.",
                        right=(
                            "Есть ли авария на адресе и когда её устранят",
                            "Когда приедет мастер по уже открытой заявке",
                        ),
                        wrong=(
                            "Сколько начислено за прошлый месяц",
                            "Какой тариф подключён и как его сменить",
                            "Номер договора",
                        ),
                        partial=True,
                        explanation=(
                            "Родственнику или соседу можно сказать об аварии на адресе и о "
                            "сроке визита мастера по открытой заявке. Суммы, тариф и данные "
                            "договора — только владельцу или по доверенности."
                        ),
                        page=tutorial("customer-history"),
                        term="vladelets-dogovora",
                    ),
                    short(
                        "Вкладка с прошлыми обращениями",
                        "На какой вкладке карточки клиента видны все его прошлые звонки, чаты и "
                        "визиты в офис? Напишите её название.",
                        accepted=("История", "вкладка История", "вкладка «История»"),
                        explanation=(
                            "Вкладка **«История»**: новые обращения сверху, оранжевый статус "
                            "«Открыто» — вопрос ещё не решён."
                        ),
                        page=tutorial("customer-history"),
                        term="kartochka-klienta",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="log-request",
            title="Регистрация обращения",
            minutes=12,
            body=(
                md(
                    "Всё, что было с клиентом, должно оказаться в CRM — иначе для коллег этого "
                    "не было. Регистрируйте обращение во время разговора, а не после: так "
                    "ничего не забудется. По этим записям CRM считает FCR, а FCR — 35 % вашей "
                    "премии."
                ),
                screenshot("log", "Форма нового обращения в CRM 4.2"),
                callout("obrashchenie"),
                callout(
                    "fcr",
                    "Быстро закончить разговор и получить повторный звонок хуже, чем "
                    "поговорить на пять минут дольше и решить вопрос.",
                ),
                script(
                    "Вопрос нужно передать в бухгалтерию",
                    "Я передаю ваш вопрос в бухгалтерию, номер обращения — 58214. Ответ будет "
                    "завтра до 12:00, я перезвоню сама.",
                    "Закрыть обращение с результатом «Решено на первой линии», чтобы не портить "
                    "статистику.",
                    "Клиент позвонит снова, и повтор всё равно снизит FCR, а неверный результат "
                    "спрячет проблему от коллег.",
                ),
                md(
                    "Шаги с экранами — в уроке «[Как зарегистрировать обращение]"
                    "(page:knowledge/crm/log-call)»."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: регистрация обращения",
                questions=(
                    order(
                        "Шаги регистрации обращения",
                        "Расставьте шаги регистрации обращения в CRM по порядку.",
                        items=(
                            "Найти клиента и нажать «Новое обращение»",
                            "Выбрать тему из списка",
                            "Описать суть словами клиента",
                            "Отметить результат",
                            "Сохранить и назвать клиенту номер обращения",
                        ),
                        explanation=(
                            "Сначала карточка клиента, потом тема, суть и результат. Номер "
                            "обращения диктуйте, когда вопрос передан в другой отдел: по нему "
                            "клиент узнает о ходе дела."
                        ),
                        page=tutorial("log-call"),
                    ),
                    truth(
                        "«Решено», хотя обещали перезвонить",
                        "Если вы пообещали клиенту перезвонить завтра с ответом, обращение можно "
                        "закрыть с результатом «Решено на первой линии».",
                        correct=False,
                        explanation=(
                            "«Решено на первой линии» — только когда вопрос закрыт в этом "
                            "разговоре. Если нужен ответ другого отдела, выберите «Передать в "
                            "отдел» и срок ответа."
                        ),
                        page=tutorial("log-call"),
                        term="fcr",
                    ),
                    number(
                        "Окно повторного обращения",
                        "Сколько дней после обращения CRM следит, не обратился ли клиент снова "
                        "по той же теме (так считается FCR)?",
                        answer="7",
                        explanation=(
                            "**7 дней.** Повтор по той же теме в течение недели снижает FCR "
                            "того, кто вёл первое обращение. Повтор по вине другого отдела не "
                            "засчитывается."
                        ),
                        term="povtornoe-obrashchenie",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="repair-request",
            title="Заявка на ремонт",
            minutes=12,
            body=(
                md(
                    "Прежде чем звать мастера, проверьте две вещи: нет ли аварии на адресе и "
                    "видит ли сеть роутер клиента. Многие проблемы решаются перезагрузкой "
                    "роутера, а при аварии заявку не создают вовсе — клиенту называют срок "
                    "устранения."
                ),
                callout("avariya-na-linii"),
                callout("proverka-linii"),
                screenshot("repair", "Заявка на ремонт в CRM 4.2"),
                script(
                    "Идёт проверка линии, клиент ждёт",
                    "Проверяю линию до вашего роутера, это займёт секунд двадцать. Не кладите, "
                    "пожалуйста, трубку.",
                    "Молча ждать результата.",
                    "Тишина дольше 10 секунд тревожит: клиенту кажется, что связь оборвалась.",
                ),
                script(
                    "Клиент просит, чтобы мастер приехал пораньше",
                    "Окно визита — завтра с 10 до 12, мастер позвонит за 30 минут до приезда. "
                    "Если планы изменятся, позвоните нам, перенесём.",
                    "«Я попрошу мастера заехать к вам первым».",
                    "Мастеров распределяет диспетчер сервиса. Обещание, которое вы не можете "
                    "выполнить, вернётся жалобой.",
                ),
                md(
                    "Шаги с экранами — в уроке «[Как оформить заявку на ремонт]"
                    "(page:knowledge/crm/repair-request)»."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: заявка на ремонт",
                questions=(
                    order(
                        "Действия при «нет интернета»",
                        "Клиент звонит: интернета нет. Расставьте действия оператора по порядку.",
                        items=(
                            "Проверить, нет ли аварии на адресе",
                            "Нажать «Проверить линию»",
                            "Попросить перезагрузить роутер и проверить ещё раз",
                            "Выбрать неисправность и время визита мастера",
                            "Создать заявку и повторить клиенту окно визита и номер",
                        ),
                        explanation=(
                            "Авария — самое частое объяснение, и заявка при ней не нужна. Потом "
                            "проверка линии и перезагрузка, и только если не помогло — мастер."
                        ),
                        page=tutorial("repair-request"),
                        term="zayavka-na-remont",
                    ),
                    truth(
                        "Заявка при аварии",
                        "Если в разделе «Сервис» жёлтая полоса об аварии на адресе, нужно сразу "
                        "оформить заявку на ремонт, чтобы мастер приехал первым.",
                        correct=False,
                        explanation=(
                            "При аварии заявку не создают: чинит дежурная бригада. Скажите "
                            "клиенту, что о проблеме знаем, и назовите срок из жёлтой полосы. "
                            "Заявка нужна, если авария устранена, а связи всё нет."
                        ),
                        page=tutorial("repair-request"),
                        term="avariya-na-linii",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="tariff-change",
            title="Смена тарифа",
            minutes=12,
            body=(
                md(
                    "Смена тарифа — одна из немногих ситуаций, где у нас обязательный скрипт: "
                    "перед подтверждением проговорите условия и получите ясное «да». Ошибки "
                    "здесь потом приходят жалобами на квитанцию."
                ),
                screenshot("tariff", "Смена тарифа в CRM 4.2"),
                callout("tarif"),
                script(
                    "Условия перед подтверждением смены",
                    "Итак: с 1-го числа тариф «Волна 500», 690 ₽ в месяц, роутер Wi-Fi 6 входит "
                    "в тариф, мастер не нужен. Подключаем?",
                    "«Ну, плюс двести рублей. Оформляю?»",
                    "Итоговая сумма и дата понятнее разницы. Разговор записывается: ясное "
                    "согласие защищает и клиента, и вас.",
                ),
                md(
                    "В CRM 4.3 перед подтверждением появился экран «Итог для клиента» — "
                    "прочитайте его клиенту. Урок «[Как сменить тариф]"
                    "(page:knowledge/crm/tariff-change)» пока описывает версию 4.2."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: смена тарифа",
                questions=(
                    single(
                        "Как назвать новую цену",
                        "Клиент переходит с «Волны 100» на «Волну 500». Как правильно назвать "
                        "цену?",
                        right="«Будет 690 ₽ в месяц»",
                        wrong=(
                            (
                                "«Плюс двести рублей»",
                                "Разница без итоговой суммы — частая причина жалоб на квитанцию.",
                            ),
                            "«Цена почти не изменится»",
                            "«Точную сумму увидите в квитанции»",
                        ),
                        explanation=(
                            "Называйте итоговую сумму: клиент запоминает её и потом видит в "
                            "квитанции. «Плюс двести» легко понять неправильно."
                        ),
                        page=tutorial("tariff-change"),
                    ),
                    multiple(
                        "Что проговорить перед сменой тарифа",
                        "Что обязательно проговорить клиенту перед тем, как нажать «Подтвердить "
                        "смену»? Отметьте всё.",
                        right=(
                            "Новый тариф",
                            "Плату в месяц после смены",
                            "Дату, с которой начнёт действовать тариф",
                            "Нужна ли замена роутера",
                        ),
                        wrong=("Номер лицевого счёта", "Цену такого же тарифа у Мегалинка"),
                        explanation=(
                            "Тариф, плата, дата и оборудование — четыре условия, после которых "
                            "звучит прямой вопрос «Подключаем?». Без ясного «да» смену не "
                            "оформляют."
                        ),
                        page=tutorial("tariff-change"),
                        term="skript",
                    ),
                    truth(
                        "Смена интернета внутри пакета",
                        "Клиенту с пакетом «Дом целиком» можно сменить только интернет внутри "
                        "пакета, а ТВ оставить как есть.",
                        correct=False,
                        explanation=(
                            "Тариф внутри пакета по отдельности не меняют: меняется весь пакет."
                        ),
                        page=tutorial("tariff-change"),
                        term="paket-uslug",
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: service standards -----------------------------------------------------------

STANDARDS_COURSE = CourseSpec(
    slug="service-standards",
    title="Стандарты обслуживания",
    summary=(
        "Как мы говорим с клиентами: начало и конец разговора, правило одного окна, жалобы и "
        "извинения, чаты и звонки не от владельца договора. Слова у каждого свои — смысл общий."
    ),
    category=STANDARDS,
    lessons=(
        LessonSpec(
            slug="greeting-and-closing",
            title="Начало и конец разговора",
            minutes=10,
            body=(
                md(
                    "Стандарт обслуживания — не текст, который читают вслух, а договорённость о "
                    "смысле: что должно прозвучать и чего избегать. Слова у каждого свои, а "
                    "клиенту одинаково удобно с любым из нас. По стандартам оценивают записи "
                    "звонков и визиты тайного покупателя."
                ),
                callout("standart-obsluzhivaniya"),
                script(
                    "Начало звонка",
                    "«Волна Телеком», меня зовут Никита, здравствуйте! Чем могу помочь?",
                    "«Алло», «Да», «Слушаю».",
                    "Клиент сразу понимает, куда попал, и знает, как к вам обращаться.",
                ),
                script(
                    "Нужно время, чтобы что-то проверить",
                    "Мне нужно около двух минут, чтобы посмотреть историю ваших обращений. "
                    "Подождёте на линии или удобнее, чтобы я перезвонил?",
                    "«Секундочку…» — и тишина.",
                    "Ждать спокойнее, когда знаешь, сколько и зачем.",
                ),
                script(
                    "Конец разговора",
                    "Давайте сверим: заявка 31-0472, мастер приедет завтра с 10 до 12 и "
                    "позвонит за полчаса. Могу ещё чем-то помочь?",
                    "«Всё?» — или «до свидания» без итога.",
                    "Итог ловит ошибки и даёт клиенту уверенность, что его поняли.",
                ),
                md(
                    "Все фразы «говорим / не говорим» — на странице [Стандарты обслуживания]"
                    "(page:knowledge/standards)."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: начало и конец разговора",
                questions=(
                    order(
                        "Части разговора",
                        "Расставьте части разговора с клиентом по порядку.",
                        items=(
                            "Поздороваться: компания, имя, «здравствуйте»",
                            "Выяснить, с чем обратился клиент",
                            "Решить вопрос или передать его с полным описанием",
                            "Подвести итог: о чём договорились и к какому сроку",
                            "Спросить, можно ли ещё чем-то помочь",
                        ),
                        explanation=(
                            "Итог идёт до вопроса «Могу ещё чем-то помочь?»: сначала убедитесь, "
                            "что поняли друг друга, потом предложите помощь с чем-то ещё."
                        ),
                        page=STANDARDS_PAGE,
                    ),
                    multiple(
                        "Фразы против стандарта",
                        "Какие фразы нарушают наш стандарт обслуживания? Отметьте все.",
                        right=(
                            "«Алло, слушаю»",
                            "«Секундочку» — и пять минут тишины",
                            "«У нас сегодня очень много звонков»",
                        ),
                        wrong=(
                            "«Спасибо, что дождались»",
                            "«Мне нужно около двух минут, чтобы проверить линию. Подождёте?»",
                        ),
                        partial=True,
                        explanation=(
                            "«Алло» не говорит, куда попал клиент; тишина без срока тревожит; "
                            "о загрузке линии клиенту знать не нужно. Благодарность за ожидание "
                            "и честный срок — как раз по стандарту."
                        ),
                        page=STANDARDS_PAGE,
                        term="standart-obsluzhivaniya",
                    ),
                    truth(
                        "Стандарт дословно",
                        "Стандарт обслуживания нужно произносить слово в слово, иначе звонок не "
                        "пройдёт контроль качества.",
                        correct=False,
                        explanation=(
                            "Стандарт задаёт смысл, а не слова: говорите своими словами, но "
                            "держите смысл. Дословный текст — это скрипт, у нас их почти нет."
                        ),
                        term="standart-obsluzhivaniya",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="one-window",
            title="Правило одного окна",
            minutes=10,
            body=(
                md(
                    "Клиент говорит с одним человеком, пока его вопрос не решён или не передан "
                    "дальше с полным описанием. Одно окно не значит, что вы решаете всё сами. "
                    "Оно значит, что вы доводите вопрос до того, кто решит, и не бросаете "
                    "клиента по дороге: он никуда не перезванивает и ничего не пересказывает."
                ),
                callout("odno-okno"),
                callout(
                    "eskalatsiya",
                    "В CRM это результат «Передать в отдел» — с описанием и сроком ответа.",
                ),
                script(
                    "Вопрос решает технический отдел",
                    "Этим занимаются наши инженеры. Я передам им всё, что вы рассказали, "
                    "повторять не придётся. Ответ будет завтра до 12:00, я вам позвоню.",
                    "«Это не к нам, звоните в техподдержку».",
                    "Клиенту неважно, как мы устроены внутри. Для него «Волна» — одна компания.",
                ),
                script(
                    "Вы не знаете ответа",
                    "Уточню у старшего смены и перезвоню вам сегодня до 16:00.",
                    "«Я не знаю», «Это не моя тема».",
                    "Клиенту нужен ответ и срок, а не признание, что вы не в курсе.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: правило одного окна",
                questions=(
                    single(
                        "Вопрос для технического отдела",
                        "Клиент спрашивает о том, что решает технический отдел. Как поступить "
                        "по правилу одного окна?",
                        right=(
                            "Передать вопрос через обращение в CRM с полным описанием и назвать "
                            "клиенту срок ответа"
                        ),
                        wrong=(
                            (
                                "Дать клиенту телефон технического отдела",
                                "Так клиент сам ищет, кто ему поможет, — именно этого правило "
                                "и не допускает.",
                            ),
                            "Сказать, что это вопрос не вашего отдела",
                            "Попросить клиента написать письмо на сайте",
                        ),
                        explanation=(
                            "Эскалация — это передача вопроса за клиента, с описанием и сроком. "
                            "Клиент продолжает говорить с вами, вторая линия работает за кадром."
                        ),
                        page=STANDARDS_PAGE,
                        term="odno-okno",
                    ),
                    short(
                        "Передача вопроса тому, кто решит",
                        "Как называется передача вопроса тому, кто может его решить, — на "
                        "вторую линию, в бухгалтерию, руководителю?",
                        accepted=("эскалация", "передача в отдел", "передать в отдел"),
                        explanation=(
                            "**Эскалация.** Не путайте с «отфутболить»: передача с описанием и "
                            "сроком — по стандарту, «звоните в техподдержку» — нет."
                        ),
                        term="eskalatsiya",
                    ),
                    match(
                        "Ситуация и фраза",
                        "Сопоставьте ситуацию и фразу, которая ей подходит.",
                        pairs=(
                            (
                                "Вы не знаете ответа",
                                "«Уточню у коллег и перезвоню вам сегодня до 16:00»",
                            ),
                            ("Клиент долго ждал ответа", "«Спасибо, что дождались»"),
                            (
                                "Просьбу выполнить нельзя",
                                "«Так не получится, потому что… Зато можно вот что»",
                            ),
                            ("Ошиблась компания", "«Это наша ошибка, извините. Я всё пересчитаю»"),
                        ),
                        explanation=(
                            "В каждой фразе есть то, что нужно клиенту: срок, благодарность, "
                            "причина и другой вариант, признание ошибки и действие."
                        ),
                        page=STANDARDS_PAGE,
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="complaints",
            title="Жалобы и извинения",
            minutes=12,
            body=(
                md(
                    "Жалобу принимает любой сотрудник по любому каналу: звонок, чат, офис, "
                    "письмо. Её сразу регистрируют в CRM и называют клиенту номер; ответ — не "
                    "позже чем через 10 рабочих дней. Пока жалоба не решена, ничего не "
                    "предлагайте купить.\n\n"
                    "Извиняйтесь, когда клиент пострадал, даже если лично вы ни при чём:\n\n"
                    "1. Назовите проблему своими словами.\n"
                    "2. Извинитесь один раз и коротко.\n"
                    "3. Скажите, что сделаете и к какому сроку.\n"
                    "4. Если положена компенсация, предложите её сами: за перерыв связи дольше "
                    "24 часов делаем перерасчёт."
                ),
                callout("zhaloba"),
                callout(
                    "pretenziya",
                    "Клиент говорит «напишу претензию»? Уточните, чего он хочет: часто вопрос "
                    "решается перерасчётом прямо сейчас.",
                ),
                script(
                    "Клиент кричит: интернета нет весь вечер",
                    "Понимаю, целый вечер без интернета — это очень неприятно. Давайте я прямо "
                    "сейчас проверю линию до вашего роутера.",
                    "«Успокойтесь», «Не кричите на меня».",
                    "Просьба успокоиться звучит как упрёк. Признание проблемы и действие "
                    "успокаивают лучше.",
                ),
                script(
                    "Компания ошиблась в начислении",
                    "Это наша ошибка, извините. Я сделаю перерасчёт, деньги вернутся на "
                    "лицевой счёт до конца недели.",
                    "«Это система так посчитала».",
                    "Клиенту всё равно, кто ошибся внутри компании: он ждёт, что мы признаем "
                    "ошибку и исправим её.",
                ),
                document(
                    "complaints",
                    "Выдержка из регламента: каналы, сроки и что делать, если клиент не согласен "
                    "с ответом.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: жалобы и извинения",
                questions=(
                    number(
                        "Срок ответа на жалобу",
                        "Сколько рабочих дней, самое большее, есть у компании на ответ по жалобе?",
                        answer="10",
                        explanation=(
                            "Не больше **10 рабочих дней**. Если нужно больше, клиента "
                            "предупреждают заранее."
                        ),
                        page=DOCUMENTS_PAGE,
                        term="zhaloba",
                    ),
                    order(
                        "Шаги извинения",
                        "Расставьте шаги извинения по порядку.",
                        items=(
                            "Назвать проблему своими словами",
                            "Коротко извиниться — один раз",
                            "Сказать, что сделаете и к какому сроку",
                            "Предложить компенсацию, если она положена",
                        ),
                        explanation=(
                            "Клиент должен услышать, что его поняли, потом — извинение без "
                            "оправданий, потом — действие и срок. Компенсацию, если она "
                            "положена, предлагаем сами, не дожидаясь требования."
                        ),
                        page=STANDARDS_PAGE,
                    ),
                    multiple(
                        "Правила работы с жалобами",
                        "Что верно о жалобах в «Волне»? Отметьте все верные утверждения.",
                        right=(
                            "Жалобу принимает любой сотрудник по любому каналу",
                            "Жалобу сразу регистрируют в CRM и называют клиенту номер",
                            "Если клиент не согласен с ответом, жалобу рассматривает "
                            "руководитель отдела",
                        ),
                        wrong=(
                            (
                                "Жалобу по телефону не принимают — только письменно",
                                "Принимают по любому каналу: звонок, чат, офис, письмо.",
                            ),
                            (
                                "Пока жалоба в работе, стоит предложить клиенту новую услугу",
                                "Пока жалоба не решена, ничего не предлагают купить.",
                            ),
                        ),
                        partial=True,
                        explanation=(
                            "Регламент работы с жалобами: любой сотрудник, любой канал, "
                            "регистрация сразу, ответ до 10 рабочих дней, повторное "
                            "рассмотрение у руководителя отдела."
                        ),
                        page=DOCUMENTS_PAGE,
                        term="zhaloba",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="chats-and-privacy",
            title="Чаты и звонки не от владельца договора",
            minutes=10,
            body=(
                md(
                    "В чате клиент не слышит интонации, поэтому всё решают скорость и ясность. "
                    "Первый ответ — в течение 2 минут, даже если это «Проверяю, вернусь через "
                    "5 минут». Одно сообщение — одна мысль, длинную инструкцию разбейте на шаги. "
                    "На жалобу — без смайликов.\n\n"
                    "Если звонит не владелец договора, о договоре и платежах с ним не говорят: "
                    "это персональные данные. Помочь можно иначе — сказать об аварии на адресе "
                    "или о сроке визита мастера."
                ),
                callout("personalnye-dannye"),
                script(
                    "Сын владельца договора просит сменить маме тариф",
                    "Сменить тариф может только владелец договора — так мы защищаем данные "
                    "вашей мамы. Она может позвонить сама или оформить на вас доверенность в "
                    "офисе. А если что-то не работает, я сейчас проверю, нет ли аварии на "
                    "адресе.",
                    "«Не положено» — и конец разговора.",
                    "Отказ с причиной и другим вариантом сохраняет доверие.",
                ),
                script(
                    "В чате длинный вопрос, и вам нужно время",
                    "Здравствуйте! Вижу ваш вопрос, проверяю начисления — вернусь с ответом "
                    "через 5 минут.",
                    "Молчать четверть часа, а потом прислать ответ одним длинным абзацем.",
                    "Клиент в чате видит, что его сообщение прочитано. Молчание после этого "
                    "злит сильнее, чем ожидание на линии.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: чаты и персональные данные",
                questions=(
                    number(
                        "Первый ответ в чате",
                        "За сколько минут, самое большее, нужно дать первый ответ в чате?",
                        answer="2",
                        explanation=(
                            "Первый ответ — в течение **2 минут**, даже если это «Проверяю, "
                            "вернусь через 5 минут». Этот срок — наш SLA для чатов."
                        ),
                        page=STANDARDS_PAGE,
                        term="sla",
                    ),
                    truth(
                        "Смена тарифа по просьбе сына",
                        "Сын владельца договора может сменить маме тариф по телефону, если "
                        "назовёт её ФИО и адрес.",
                        correct=False,
                        explanation=(
                            "Тариф и услуги меняет только владелец договора или человек с "
                            "доверенностью. Знание ФИО и адреса владельцем не делает."
                        ),
                        term="vladelets-dogovora",
                    ),
                    multiple(
                        "Что относится к персональным данным",
                        "Что из этого — персональные данные клиента? Отметьте всё.",
                        right=("ФИО", "Адрес подключения", "Номер договора", "История платежей"),
                        wrong=(
                            "Цена тарифа «Волна 100» из прайса",
                            "Часы работы офиса на Ленина",
                        ),
                        explanation=(
                            "Персональные данные — всё, по чему можно узнать человека: ФИО, "
                            "телефон, адрес, паспорт, номер договора, платежи. Цены и часы "
                            "работы — общие сведения."
                        ),
                        term="personalnye-dannye",
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: the bonus scheme -------------------------------------------------------------

BONUS_COURSE = CourseSpec(
    slug="bonus",
    title="Как считается премия",
    summary=(
        "Премия без тайн: три показателя и их вес, порог 70 % и потолок 120 %, и почему "
        "честная продажа выгоднее навязанной. С примерами на живых цифрах."
    ),
    category=BONUS,
    lessons=(
        LessonSpec(
            slug="components",
            title="Три показателя премии",
            minutes=10,
            body=(
                md(
                    "Премия — ежемесячная доплата к зарплате. Если все цели выполнены ровно на "
                    "100 %, это 15 000 ₽. Складывается она из трёх частей: CSAT — 40 %, FCR — "
                    "35 %, продажи — 25 %. Каждую часть считают отдельно: провал в одной не "
                    "обнуляет другие, но и рекорд в одной не спасает остальные."
                ),
                callout("premiya"),
                callout(
                    "csat",
                    "Самая весомая часть: 6000 ₽ из 15 000 при выполнении цели.",
                ),
                callout("fcr"),
                md(
                    "Как измеряют каждую часть:\n\n"
                    "- **CSAT** — доля оценок 4 и 5 в SMS-опросе после разговора, цель 90 %.\n"
                    "- **FCR** — доля обращений без повтора по той же теме в течение 7 дней, "
                    "цель 75 %.\n"
                    "- **Продажи** — подключения, которые заработали до конца месяца и от "
                    "которых клиент не отказался в первые 14 дней, цель 20.\n\n"
                    "Подробности и калькулятор — на странице «[Как считается премия]"
                    "(page:knowledge/bonus)»."
                ),
            ),
            gate=QuizSpec(
                title="Проверка: три показателя премии",
                questions=(
                    match(
                        "Вес показателей премии",
                        "Сопоставьте показатель и его вес в премии.",
                        pairs=(("CSAT", "40 %"), ("FCR", "35 %"), ("Продажи", "25 %")),
                        explanation=(
                            "CSAT — 40 %, FCR — 35 %, продажи — 25 %. Довольные клиенты и "
                            "решённые с первого раза вопросы вместе дают три четверти премии."
                        ),
                        page=BONUS_PAGE,
                        term="premiya",
                    ),
                    number(
                        "Часть CSAT при 100 %",
                        "Сколько рублей приносит часть CSAT, если цель выполнена ровно на 100 %?",
                        answer="6000",
                        explanation=(
                            "15 000 ₽ × 40 % = **6000 ₽**. FCR при тех же условиях даёт "
                            "5250 ₽, продажи — 3750 ₽."
                        ),
                        page=BONUS_PAGE,
                        term="csat",
                    ),
                    truth(
                        "Отказ в первые 14 дней",
                        "Если клиент отказался от подключённой услуги в первые 14 дней, продажа "
                        "в премию не засчитывается.",
                        correct=True,
                        explanation=(
                            "Верно. Поэтому навязанная продажа ничего не приносит: такие "
                            "подключения обычно отменяют в первые две недели."
                        ),
                        page=BONUS_PAGE,
                        term="navyazannaya-prodazha",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="floor-and-cap",
            title="Порог 70 % и потолок 120 %",
            minutes=12,
            body=(
                md(
                    "У каждой части премии есть порог и потолок. Достижение — это результат, "
                    "делённый на цель:\n\n"
                    "- меньше **70 %** от цели — часть не платится совсем;\n"
                    "- от 70 до 120 % — платится пропорционально;\n"
                    "- больше **120 %** — платится как за 120 %.\n\n"
                    "Пример. FCR 60 % при цели 75 % — это 80 % от цели. Часть FCR при "
                    "выполнении цели — 5250 ₽ (35 % от 15 000), значит, в этом месяце она "
                    "принесёт 5250 × 0,8 = 4200 ₽."
                ),
                md(
                    "Что из этого следует:\n\n"
                    "- Ровно держать все три показателя выгоднее, чем рвать один.\n"
                    "- Подключения сверх 24 (120 % от цели в 20) денег не добавляют.\n"
                    "- Если FCR упал ниже 52,5 %, часть FCR пропадает целиком."
                ),
                callout(
                    "povtornoe-obrashchenie",
                    "Каждый повторный звонок по той же теме тянет FCR вниз — к порогу.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: порог и потолок",
                questions=(
                    number(
                        "FCR 60 % при цели 75 %",
                        "Цель по FCR — 75 %, у оператора за месяц вышло 60 %. Сколько рублей "
                        "принесёт часть FCR?",
                        answer="4200",
                        tolerance="1",
                        explanation=(
                            "60 ÷ 75 = 80 % от цели — выше порога. Часть FCR при 100 % — "
                            "15 000 × 35 % = 5250 ₽; 5250 × 0,8 = **4200 ₽**."
                        ),
                        page=BONUS_PAGE,
                        term="fcr",
                    ),
                    number(
                        "Потолок по продажам",
                        "Продавец подключил 30 услуг при цели 20. Сколько процентов от цели "
                        "засчитают в премию?",
                        answer="120",
                        explanation=(
                            "30 ÷ 20 = 150 %, но выше потолка не платится: засчитают **120 %**."
                        ),
                        page=BONUS_PAGE,
                        term="premiya",
                    ),
                    single(
                        "CSAT ниже порога",
                        "У оператора CSAT 60 % при цели 90 %. Что будет с частью CSAT?",
                        right="Её не заплатят совсем: 60 ÷ 90 ≈ 67 % — ниже порога 70 %",
                        wrong=(
                            ("Заплатят 67 % от 6000 ₽", "Ниже порога пропорционально не платят."),
                            "Заплатят половину",
                            (
                                "Заплатят полностью, если продажи выше цели",
                                "Части считают отдельно: продажи не перекрывают CSAT.",
                            ),
                        ),
                        explanation=(
                            "Достижение 67 % — меньше порога 70 %, и самая весомая часть "
                            "премии пропадает целиком. Так было в примере «продажи любой "
                            "ценой» на странице о премии."
                        ),
                        page=BONUS_PAGE,
                        term="csat",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="honest-selling",
            title="Честная продажа выгоднее",
            minutes=12,
            body=(
                md(
                    "Премия устроена так, что навязанная продажа невыгодна. Клиент отказывается "
                    "в первые 14 дней — подключение не засчитывается. Оценка разговора падает — "
                    "и CSAT тянет вниз самую большую часть премии.\n\n"
                    "Предлагайте услугу, когда она решает проблему, о которой клиент сказал "
                    "сам, и только после того, как его вопрос решён. На жалобу ничего не "
                    "предлагают."
                ),
                callout("navyazannaya-prodazha"),
                callout("doprodazha", "Тот же продукт, но лучше: «Волна 500» вместо «Волны 100»."),
                callout("kross-prodazha", "Другой продукт в придачу: ТВ к интернету, камера."),
                script(
                    "Клиент жалуется, что Wi-Fi не ловит в спальне",
                    "Похоже, роутеру не хватает сил на всю квартиру. Для этого есть mesh: два "
                    "модуля, и сеть будет во всех комнатах, 199 ₽ в месяц. Рассказать "
                    "подробнее?",
                    "«У нас много разных услуг, давайте я вам всё расскажу».",
                    "Предложение прямо отвечает на проблему клиента — это помощь, а не продажа "
                    "ради плана.",
                ),
                script(
                    "Клиент отказался от предложения",
                    "Хорошо, понял вас. Если передумаете, тариф можно сменить в личном кабинете "
                    "в любой день.",
                    "«А может, всё-таки…» — повторить предложение в том же разговоре.",
                    "Одно «нет» — значит нет. Настойчивость превращает предложение в "
                    "навязывание и стоит вам CSAT.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: честная продажа",
                questions=(
                    match(
                        "Виды продаж",
                        "Сопоставьте пример и вид продажи.",
                        pairs=(
                            (
                                "«Волна 500» вместо «Волны 100» семье, у которой вечером всё "
                                "тормозит",
                                "Допродажа",
                            ),
                            (
                                "Телевидение клиенту, который платит за ТВ другому оператору",
                                "Кросс-продажа",
                            ),
                            (
                                "Пакет клиенту, который позвонил с жалобой и сказал, что ТВ не "
                                "смотрит",
                                "Навязанная продажа",
                            ),
                        ),
                        explanation=(
                            "Допродажа — тот же продукт, но лучше; кросс-продажа — другой "
                            "продукт в придачу. Обе уместны, когда решают проблему клиента. "
                            "Предложение во время жалобы и вопреки словам клиента — навязывание."
                        ),
                        term="navyazannaya-prodazha",
                    ),
                    truth(
                        "Повторить предложение",
                        "Если клиент один раз ответил «нет» на предложение, в конце разговора "
                        "стоит предложить ещё раз — вдруг передумал.",
                        correct=False,
                        explanation=(
                            "Одно «нет» — значит нет: в том же разговоре предложение не "
                            "повторяют. Навязанная продажа вернётся отказом в первые 14 дней и "
                            "низкой оценкой CSAT."
                        ),
                        page=STANDARDS_PAGE,
                        term="doprodazha",
                    ),
                    short(
                        "Другой продукт в придачу",
                        "Как называется предложение другого продукта к тому, что у клиента уже "
                        "есть, — например, ТВ к интернету?",
                        accepted=(
                            "кросс-продажа",
                            "кросс продажа",
                            "перекрёстная продажа",
                            "кросс-селл",
                            "cross-selling",
                        ),
                        explanation=(
                            "**Кросс-продажа.** Если предлагают тот же продукт, но мощнее, — "
                            "это допродажа."
                        ),
                        term="kross-prodazha",
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: selling in the office --------------------------------------------------------

# Questions of the sales bank no gate lists: the missing word, the gaps and the open answers
# (graded by the mentor or manager), for authors to put in their own quizzes.
SALES_POOL = (
    gap_word(
        "Роутер в «Волне 500»",
        "На тарифе «Волна 500» роутер Wi-Fi 6",
        "в абонентскую плату: отдельно за него платить не нужно.",
        right="входит",
        wrong=(
            ("сдаётся в аренду", "Аренда — это mesh-система, а роутер уже в цене."),
            "продаётся",
        ),
        explanation="Роутер Wi-Fi 6 входит в 690 ₽ «Волны 500»: клиент не доплачивает за него.",
        page=card("internet-500"),
    ),  # fmt: skip
    gap_word(
        "Скорость меряют по кабелю",
        "Скорость по договору проверяют",
        ": по Wi-Fi телефон обычно берёт меньше.",
        right="по кабелю",
        wrong=("по Wi-Fi", "с телефона клиента"),
        explanation="Договор гарантирует скорость **по кабелю**; Wi-Fi зависит от устройства.",
        page=card("internet-500"),
        term="skorost-po-dogovoru",
    ),
    gap_word(
        "«Дом целиком» дешевле Сигнал+",
        "Пакет «Дом целиком» стоит 890 ₽, а похожий пакет Сигнал+ —",
        "при скорости всего 100 Мбит/с.",
        right="950 ₽",
        wrong=("790 ₽", "690 ₽"),
        explanation="У Сигнал+ пакет стоит 950 ₽ и даёт 100 Мбит/с — дороже и медленнее нашего.",
        page=card("home-bundle"),
    ),
    gaps(
        "Цены домашнего интернета",
        "«Волна 100» стоит {1:NUMERICAL:=490#Верно~%50%500:20#Почти: ровно 490 ₽} ₽ в месяц, "
        "«Волна 500» — {1:NUMERICAL:=690} ₽, а пакет «Дом целиком» с ТВ и роутером — "
        "{1:NUMERICAL:=890} ₽.",
        explanation="490 ₽, 690 ₽ и 890 ₽: три цены, которые называют без подсказки.",
        page=card("internet-100"),
        points=3,
    ),
    gaps(
        "Что сказать про скорость",
        "Договор гарантирует скорость {1:MULTICHOICE:=по кабелю~по Wi-Fi~в часы пик} — и "
        "она {1:SHORTANSWER:=та же#Верно: оптика не «проседает» вечером~=такая же~"
        "%50%одинаковая} вечером, что и утром.",
        explanation=(
            "Скорость по договору — по кабелю, и у оптики до квартиры она вечером та же, что утром."
        ),
        page=CHEAT_SHEET,
        term="skorost-po-dogovoru",
    ),
    gaps(
        "Что входит в пакет «Дом целиком»",
        "В пакет «Дом целиком» входят: {2:MULTIRESPONSE:%33.33333%интернет~%33.33333%ТВ~"
        "%33.33334%роутер~%-100%мобильная связь} — за {1:NUMERICAL:=890} ₽ в месяц.",
        explanation="Интернет, ТВ и роутер — за 890 ₽. Мобильной связи в пакете нет.",
        page=card("home-bundle"),
    ),
    open_answer(
        "Возражение: у конкурента дешевле",
        "Клиент говорит: у конкурента дешевле. Ваш ответ?",
        grading_notes=(
            "Хороший ответ: соглашается, что цена важна, и не спорит; уточняет, с каким "
            "тарифом сравнивает клиент; сравнивает не цену, а то, что за неё: скорость по "
            "договору по кабелю, роутер в цене, оптика до квартиры; называет цифры (Сигнал+ — "
            "950 ₽ за 100 Мбит/с, у нас «Дом целиком» — 890 ₽); предлагает следующий шаг. "
            "Плохо: «у них хуже», давление, обещания, которых нет в договоре."
        ),
        explanation="Признайте сомнение, сравните ценность на цифрах и предложите шаг.",
        page=CHEAT_SHEET,
        term="utp",
    ),
    open_answer(
        "Клиент недоволен вечерней скоростью",
        "Клиент пишет: «Вечером интернет тормозит, я плачу за 500, а получаю 250». "
        "Что вы ответите?",
        grading_notes=(
            "Хороший ответ: извиняется за неудобство; объясняет, что 250 по Wi-Fi с телефона — "
            "нормально, а скорость по договору меряют по кабелю; предлагает проверить "
            "компьютером по кабелю и, если по кабелю меньше 500, оформить заявку. Плохо: "
            "обвинять клиента, обещать компенсацию без проверки."
        ),
        explanation="Объясните разницу кабеля и Wi-Fi и предложите проверку по кабелю.",
        page=card("internet-500"),
        term="skorost-po-dogovoru",
    ),
    open_answer(
        "Подберите тариф семье",
        "Семья из четырёх человек: двое детей-школьников играют онлайн, родители смотрят ТВ. "
        "Что вы предложите и почему? Ответьте так, как сказали бы клиенту.",
        grading_notes=(
            "Хороший ответ: сначала уточняет потребности; предлагает «Дом целиком» (890 ₽: "
            "интернет, ТВ и роутер) или «Волну 500», потому что много устройств сразу; "
            "говорит о выгоде для семьи, а не о технических терминах; при большой квартире "
            "упоминает mesh в аренду."
        ),
        explanation="Сначала вопросы о семье, потом «Дом целиком» с выгодами для неё.",
        page=card("home-bundle"),
    ),
)

SALES_COURSE = CourseSpec(
    slug="sales-office",
    title="Продажи в офисе",
    summary=(
        "Для продавцов-консультантов офиса на Ленина: как подключить нового клиента без "
        "ошибок в документах, как показывать материалы и что отвечать на возражения."
    ),
    category=SALES,
    pool=SALES_POOL,
    lessons=(
        LessonSpec(
            slug="new-customer",
            title="Подключение нового клиента",
            minutes=12,
            body=(
                md(
                    "В офис клиент приходит сам — значит, он уже почти решил. Главное — не "
                    "потерять его на ошибке в документах. Порядок всегда один: проверить адрес "
                    "в CRM (раздел «Продажи → Адреса»), подобрать тариф, заполнить заявление на "
                    "подключение, подписать договор и согласие на обработку персональных "
                    "данных, записать визит мастера."
                ),
                document(
                    "application",
                    "Бланк заполняет сам клиент; проверьте адрес до квартиры и телефон.",
                ),
                document(
                    "contract",
                    "Главные пункты для клиента: 3.2 — скорость, 7 — перерасчёт, 8.1 — отказ "
                    "без штрафа.",
                ),
                callout(
                    "personalnye-dannye",
                    "Согласие на рекламные SMS — отдельное и по желанию.",
                ),
                callout(
                    "publichnaya-oferta",
                    "У многих конкурентов договор — оферта. У нас его подписывают, и клиент "
                    "уносит свой экземпляр.",
                ),
                script(
                    "Клиент не хочет давать согласие на рекламные SMS",
                    "Конечно, это по желанию, отмечу «нет». На услуги это никак не влияет.",
                    "«Без галочки никак, поставьте везде».",
                    "Согласие на обработку данных обязательно, на рекламу — нет. Выдавать одно "
                    "за другое — обман, который подрывает доверие.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: подключение нового клиента",
                questions=(
                    order(
                        "Шаги подключения в офисе",
                        "Расставьте шаги подключения нового клиента в офисе по порядку.",
                        items=(
                            "Проверить адрес в CRM: подключён ли дом",
                            "Подобрать тариф под клиента",
                            "Заполнить заявление на подключение",
                            "Подписать договор и согласие на обработку персональных данных",
                            "Согласовать время визита мастера",
                        ),
                        explanation=(
                            "Адрес проверяют первым: если дом не подключён, остальное не нужно. "
                            "Мастера записывают последним, когда документы подписаны."
                        ),
                        page=DOCUMENTS_PAGE,
                    ),
                    single(
                        "Отказ от рекламных SMS",
                        "Клиент не хочет получать рекламные SMS. Что ответить?",
                        right="«Это по желанию — отмечу „нет“, на услуги это не влияет»",
                        wrong=(
                            (
                                "«Без этого согласия договор не оформить»",
                                "Обязательно только согласие на обработку персональных данных.",
                            ),
                            "«Отпишетесь потом в личном кабинете»",
                            "«Все соглашаются, это формальность»",
                        ),
                        explanation=(
                            "Согласие на обработку персональных данных обязательно, на рекламные "
                            "SMS — нет. От рекламы можно отказаться в любой момент, услуги не "
                            "изменятся."
                        ),
                        page=DOCUMENTS_PAGE,
                        term="personalnye-dannye",
                    ),
                    match(
                        "Пункты договора",
                        "Сопоставьте пункт договора и о чём он.",
                        pairs=(
                            ("п. 3.2", "Гарантированная скорость по кабелю"),
                            ("п. 5.3", "Цена пакета закреплена на 12 месяцев"),
                            ("п. 7", "Перерасчёт за перерыв связи дольше 24 часов"),
                            ("п. 8.1", "Расторжение в любой момент без штрафа"),
                        ),
                        explanation=(
                            "Эти четыре пункта клиенты спрашивают чаще всего. Называйте номер — "
                            "клиент найдёт его в своём экземпляре договора."
                        ),
                        page=DOCUMENTS_PAGE,
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="show-materials",
            title="Показывать, а не рассказывать",
            minutes=10,
            body=(
                md(
                    "Тому, что видно глазами, верят охотнее. У каждой карточки продукта есть "
                    "материалы — листовки, буклет, прайс — с подсказкой, когда их показать и "
                    "что сказать. Положите лист перед клиентом, отмечайте ручкой то, что ему "
                    "нужно, и отдайте с собой: дома он сравнит спокойно."
                ),
                product(
                    "home-bundle",
                    "Внизу карточки — буклет и прайс-лист с подсказкой, что сказать.",
                ),
                document(
                    "channels",
                    "Найдите вместе с клиентом его любимые каналы — это убеждает лучше любой "
                    "цифры.",
                ),
                document("video-leaflet"),
                script(
                    "Клиент берёт интернет и говорит, что за ТВ платит другой компании",
                    "Давайте сравним на буклете: отдельно интернет и ТВ стоили бы 1080 ₽, в "
                    "пакете — 890 ₽. Вот пункт договора: цена закреплена на год.",
                    "Пересказать весь буклет, не спросив, что важно клиенту.",
                    "Материал работает, когда отвечает на вопрос клиента, а не заменяет разговор.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: материалы для клиента",
                questions=(
                    single(
                        "Какой материал показать",
                        "Клиент подключает интернет и упоминает, что платит за телевидение "
                        "другой компании. Что ему показать?",
                        right="Буклет «Дом целиком»",
                        wrong=(
                            "Памятку «Как работает mesh Wi-Fi»",
                            "Листовку «Видеоглаз»",
                            "Регламент работы с жалобами",
                        ),
                        explanation=(
                            "В буклете посчитана экономия пакета — 190 ₽ в месяц, 2280 ₽ в год "
                            "— и указан пункт договора о закреплённой цене."
                        ),
                        page=card("home-bundle"),
                    ),
                    truth(
                        "Листовку с собой",
                        "Листовку лучше не отдавать клиенту с собой: дома он пойдёт сравнивать с "
                        "конкурентами.",
                        correct=False,
                        explanation=(
                            "Сравнивать клиент будет всё равно. Пусть сравнивает по нашей "
                            "листовке: в ней наши доводы и телефон, по которому можно "
                            "позвонить в любое время."
                        ),
                        page=card("internet-100"),
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="objections",
            title="Работа с возражениями",
            minutes=12,
            body=(
                md(
                    "Возражение — это сомнение, а не отказ. С ним не спорят: сначала уточняют, "
                    "что за ним стоит, потом дают факт. «Дорого» может значить «не понимаю, за "
                    "что плачу», «у соседей дешевле» или «сейчас нет денег» — и ответы на них "
                    "разные. Готовые ответы на частые возражения есть в каждой карточке "
                    "продукта."
                ),
                callout("vozrazhenie"),
                product(
                    "internet-100",
                    "«В ГорНете на 40 рублей дешевле» — самое частое возражение в офисе.",
                ),
                script(
                    "Клиент: «Дорого»",
                    "Понимаю. Давайте посмотрим, как вы выходите в интернет сейчас и сколько "
                    "на это уходит — может оказаться, что домашний обойдётся дешевле.",
                    "«Это не дорого, у всех так».",
                    "Спор делает из клиента противника. Вопрос помогает понять, что стоит за "
                    "словом «дорого».",
                ),
                script(
                    "Клиент хочет подумать",
                    "Конечно, решение серьёзное. Возьмите листовку: здесь оба тарифа и телефон, "
                    "звонить можно круглосуточно. Может, остался вопрос, на который я могу "
                    "ответить сейчас?",
                    "«Подумайте, но скидка только до пятницы!» — когда никакой скидки нет.",
                    "Давление сроком, которого нет, разрушает доверие.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: возражения",
                questions=(
                    multiple(
                        "Страх, что мастер всё разворотит",
                        "Клиент: «Боюсь, что мастер всё разворотит». Какие факты помогут "
                        "ответить? Отметьте все верные.",
                        right=(
                            "Кабель прокладывают в кабель-канале вдоль плинтуса",
                            "Сверлят одно отверстие для ввода кабеля",
                            "Мусор мастер убирает за собой сам",
                        ),
                        wrong=(
                            "Мастер приедет в любое время, даже ночью",
                            "Если что-то повредят, клиент сам вызывает ремонт за свой счёт",
                        ),
                        partial=True,
                        explanation=(
                            "Работа занимает около часа: тонкий кабель в кабель-канале, одно "
                            "отверстие, уборка за собой. А если что-то не понравится, примем "
                            "жалобу и переделаем бесплатно."
                        ),
                        page=card("internet-100"),
                        term="vozrazhenie",
                    ),
                    number(
                        "Срок отказа от ТВ в пакете",
                        "Сколько дней есть у клиента, чтобы отказаться от ТВ в пакете «Дом "
                        "целиком» и остаться только на интернете?",
                        answer="14",
                        explanation=(
                            "Первые **14 дней** от ТВ можно отказаться, плату за него "
                            "пересчитают. Скажите это клиенту, который «хочет сначала "
                            "попробовать»: он ничем не рискует."
                        ),
                        page=card("home-bundle"),
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: mentoring on the line --------------------------------------------------------

MENTORING_COURSE = CourseSpec(
    slug="mentoring",
    title="Наставничество на линии",
    summary=(
        "Как вести новичка на настоящих клиентах: когда вмешиваться в разговор, как сделать "
        "это, не уронив новичка в глазах клиента, и как разобрать звонок за пять минут."
    ),
    category=MENTORING,
    lessons=(
        LessonSpec(
            slug="mentor-role",
            title="Роль наставника",
            minutes=8,
            body=(
                md(
                    "Лучше всего новичок учится на настоящих клиентах, когда рядом опытный "
                    "коллега. Наставник слушает разговор, подсказывает, а если нужно — "
                    "вмешивается и спасает ситуацию. После звонка — короткий разбор, и "
                    "наставник говорит, какой урок пройти дальше.\n\n"
                    "Первые дни новичок слушает ваши звонки. Потом вы меняетесь: говорит он, вы "
                    "слушаете на второй гарнитуре. Вмешательств становится всё меньше, и когда "
                    "все навыки подтверждены, а обязательные курсы плана пройдены, новичка "
                    "допускают к самостоятельной работе."
                ),
                callout("pervaya-liniya"),
                script(
                    "Новичок впервые берёт трубку при вас",
                    "Начинай сам, я рядом. Если подниму руку — я подключусь, а ты послушай, как "
                    "я закончу разговор. Это нормально, потом разберём.",
                    "«Давай, ничего сложного» — и уйти за кофе.",
                    "Когда правила понятны заранее, новичок знает, что его не бросят, и не "
                    "считает вмешательство провалом.",
                ),
            ),
        ),
        LessonSpec(
            slug="stepping-in",
            title="Когда вмешиваться",
            minutes=10,
            body=(
                md(
                    "Вмешивайтесь, когда разговор вот-вот навредит клиенту или компании: "
                    "новичок обещает то, чего нельзя выполнить, называет данные договора не "
                    "владельцу, спорит с рассерженным клиентом. Не вмешивайтесь из-за неловкой "
                    "фразы или лишней минуты — это разберёте потом.\n\n"
                    "Как вмешаться:\n\n"
                    "1. Сначала подсказка — шёпотом или запиской.\n"
                    "2. Не помогло — попросите разрешения подключиться и представьтесь "
                    "клиенту.\n"
                    "3. Доведите разговор до итога.\n"
                    "4. После звонка — разбор наедине."
                ),
                callout("master", "Частая ошибка новичка — обещать, что мастер приедет раньше."),
                script(
                    "Новичок обещает клиенту, что мастер приедет сегодня",
                    "Извините, что вмешиваюсь, меня зовут Ольга, я старший оператор. Уточню по "
                    "визиту: ближайшее окно — завтра с 10 до 12, мастер позвонит за 30 минут.",
                    "При клиенте: «Он у нас новенький, ещё не разобрался».",
                    "Поправляем факт, а не человека. Новичка при клиенте не обсуждают.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: когда вмешиваться",
                questions=(
                    multiple(
                        "Когда вмешаться наставнику",
                        "В каких случаях наставнику стоит вмешаться в разговор новичка? "
                        "Отметьте все.",
                        right=(
                            "Новичок обещает, что мастер приедет сегодня, хотя окон нет",
                            "Новичок называет сумму долга соседу владельца договора",
                            "Новичок спорит с рассерженным клиентом",
                        ),
                        wrong=(
                            "Новичок сказал «здравствуйте» вместо «добрый день»",
                            "Разговор идёт на минуту дольше обычного",
                        ),
                        explanation=(
                            "Вмешиваются, когда разговор может навредить клиенту или компании. "
                            "Неловкие фразы и лишние минуты — тема для разбора, а не повод "
                            "перехватывать трубку."
                        ),
                        page=LESSON,
                    ),
                    order(
                        "Шаги вмешательства",
                        "Расставьте шаги вмешательства наставника по порядку.",
                        items=(
                            "Подсказать шёпотом или запиской",
                            "Попросить разрешения подключиться и представиться клиенту",
                            "Довести разговор до итога",
                            "Разобрать звонок с новичком наедине",
                        ),
                        explanation=(
                            "Чем меньше вмешательство, тем лучше: подсказка сохраняет "
                            "разговор за новичком. Разбор — только наедине."
                        ),
                        page=LESSON,
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="feedback",
            title="Разбор после звонка",
            minutes=10,
            body=(
                md(
                    "Разбор — пять минут сразу после звонка, пока новичок всё помнит. Начните с "
                    "вопроса «Как тебе разговор?», отметьте одну-две вещи, которые получились, "
                    "и одну, которую стоит сделать иначе, — с готовой фразой, как именно. Больше "
                    "одной поправки за раз не запоминается.\n\n"
                    "После смены запишите, какие навыки новичок показал сам, где понадобилась "
                    "помощь и вмешивались ли вы. Эти записи — основание подтвердить навык."
                ),
                callout(
                    "standart-obsluzhivaniya",
                    "Разбирайте звонок по стандарту, а не по "
                    "вкусу: так оценки наставников совпадают.",
                ),
                script(
                    "Новичок закончил разговор без итога",
                    "Вопрос ты решил, это главное. Одно добавим: в конце сверь с клиентом, о "
                    "чём договорились, — номер заявки и время. Попробуй на следующем звонке.",
                    "«Опять забыл итог, сколько можно».",
                    "Конкретная фраза и задание на следующий звонок работают, упрёк — нет.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: разбор после звонка",
                questions=(
                    truth(
                        "Все ошибки сразу",
                        "На разборе лучше перечислить новичку все ошибки за звонок, чтобы он "
                        "ничего не упустил.",
                        correct=False,
                        explanation=(
                            "Больше одной поправки за раз не запоминается. Одна вещь, которую "
                            "сделать иначе, с готовой фразой — и задание на следующий звонок."
                        ),
                        page=LESSON,
                    ),
                    single(
                        "Начало разбора",
                        "С чего лучше начать разбор после звонка?",
                        right="Спросить новичка: «Как тебе разговор?»",
                        wrong=(
                            "Перечислить ошибки по порядку",
                            "Включить запись и прослушать её целиком",
                            "Сравнить новичка с лучшим оператором группы",
                        ),
                        explanation=(
                            "Новичок часто сам видит, что не получилось. Его ответ показывает, "
                            "что он понял, и разбор становится разговором, а не экзаменом."
                        ),
                        page=LESSON,
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: writing for the line (marketing) ---------------------------------------------

WRITING_COURSE = CourseSpec(
    slug="writing-for-the-line",
    title="Как писать для линии",
    summary=(
        "Для маркетинга: как сделать карточку продукта, которую оператор прочитает за "
        "минуту, термин глоссария, который объясняет, и вопрос, который проверяет."
    ),
    category=CONTENT,
    lessons=(
        LessonSpec(
            slug="product-card",
            title="Карточка продукта: коротко и с доказательствами",
            minutes=12,
            body=(
                md(
                    "Плотную техническую документацию на линии никто не читает. Карточка "
                    "продукта — одна страница простым языком: кому подходит, сколько стоит, "
                    "три-четыре выгоды словами клиента, отстройки от конкурентов и ответы на "
                    "возражения. У каждой отстройки — доказательство, которое клиент может "
                    "проверить сам: пункт договора, цифра из прайса, срок."
                ),
                product(
                    "internet-500",
                    "Хороший образец: у каждой отстройки указан источник — прайс конкурента "
                    "или пункт нашего договора.",
                ),
                callout("otstroyka"),
                script(
                    "Вы пишете выгоду для карточки",
                    "«Вечером так же быстро, как утром» — выгода словами клиента.",
                    "«Технология GPON с выделенным каналом» — свойство словами инженера.",
                    "Оператор повторит клиенту то, что прочитал. Пусть это сразу будут слова, "
                    "понятные клиенту.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: карточка продукта",
                questions=(
                    single(
                        "Выгода в карточке",
                        "Какой вариант лучше подходит для блока «Выгода» в карточке продукта?",
                        right="«Вечером так же быстро, как утром»",
                        wrong=(
                            ("«Технология GPON»", "Это свойство, а не выгода для клиента."),
                            (
                                "«Лучший интернет в городе»",
                                "Это нельзя ни проверить, ни объяснить клиенту.",
                            ),
                            "«Скорость до 500 Мбит/с*»",
                        ),
                        explanation=(
                            "Выгода — то, что клиент получает, его же словами. Технологию и "
                            "звёздочки оставьте для договора."
                        ),
                        page=LESSON,
                    ),
                    multiple(
                        "Доказательства для отстройки",
                        "Какие доказательства годятся для отстройки в карточке? Отметьте все.",
                        right=(
                            "Пункт нашего договора",
                            "Цифра из прайса конкурента на его сайте",
                            "Наш опубликованный средний срок подключения",
                        ),
                        wrong=(
                            "«Все знают, что у них плохая связь»",
                            "Отзыв одного клиента в соцсетях",
                        ),
                        explanation=(
                            "Доказательство — то, что клиент может проверить сам. Слухи и "
                            "единичные отзывы проверить нельзя, и они звучат как ругань "
                            "конкурента."
                        ),
                        term="otstroyka",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="glossary-and-cheat-sheet",
            title="Глоссарий и шпаргалка",
            minutes=10,
            body=(
                md(
                    "Каждое слово, которое новичок слышит от коллег, — в глоссарий: простое "
                    "определение, пример фразы и с чем не путать. Термины в уроках и карточках "
                    "сами становятся ссылками с подсказкой — как FCR и УТП в этом абзаце.\n\n"
                    "[Шпаргалка](page:knowledge/products/usp-cheat-sheet) собирает по две "
                    "отстройки из каждой карточки и общие преимущества компании на одной "
                    "странице — её распечатывают и держат под рукой."
                ),
                callout(
                    "utp", "УТП одно; отстроек много — по одной-две против каждого конкурента."
                ),
                script(
                    "Вы пишете определение термина",
                    "«FCR — доля обращений, после которых клиенту не пришлось обращаться снова».",
                    "«FCR (First Contact Resolution) — ключевой KPI контакт-центра, отражающий "
                    "эффективность…»",
                    "Определение должно объяснять, а не звучать солидно. Английскую "
                    "расшифровку оставьте для отдельного поля.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: глоссарий и шпаргалка",
                questions=(
                    short(
                        "Страница с отстройками на одном листе",
                        "Как называется страница базы знаний, где на одном листе собраны по две "
                        "отстройки каждого продукта и общие преимущества компании?",
                        accepted=(
                            "шпаргалка",
                            "шпаргалка: чем мы лучше конкурентов",
                            "шпаргалка чем мы лучше конкурентов",
                            "шпаргалка по УТП",
                        ),
                        explanation=(
                            "**Шпаргалка** «Чем мы лучше конкурентов»: её собирают из "
                            "карточек продуктов, поэтому править нужно карточку — шпаргалка "
                            "обновится сама."
                        ),
                        page=CHEAT_SHEET,
                    ),
                    match(
                        "Термины и определения",
                        "Сопоставьте термин и его простое определение.",
                        pairs=(
                            (
                                "FCR",
                                "Доля обращений, после которых клиенту не пришлось "
                                "обращаться снова",
                            ),
                            ("NPS", "Готовность клиентов советовать компанию знакомым"),
                            ("AHT", "Сколько в среднем длится работа с одним обращением"),
                            ("SLA", "Срок, который компания обещает соблюдать"),
                        ),
                        explanation=(
                            "Так эти термины объяснены в глоссарии: одно предложение, без "
                            "расшифровки аббревиатуры и без слова «KPI»."
                        ),
                        page=LESSON,
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="writing-questions",
            title="Вопросы для проверки",
            minutes=10,
            body=(
                md(
                    "Хороший вопрос проверяет то, что пригодится в разговоре с клиентом, а не "
                    "память на формулировки. Привязывайте каждый вопрос к карточке, уроку или "
                    "термину, который он проверяет: когда карточка изменится, вопрос найдётся "
                    "сам. И пишите пояснение — почему правильный ответ правильный: его прочтут "
                    "все, кто ошибся.\n\n"
                    "Тип вопроса выбирайте под задачу: шаги — «по порядку», термины — "
                    "«сопоставление», цифры — «число», с допуском, если ответ можно округлить."
                ),
                script(
                    "Вы придумываете неправильные варианты ответа",
                    "Правдоподобные ошибки, которые новички делают на самом деле: «490 ₽» "
                    "вместо «690 ₽».",
                    "Заведомо нелепые варианты вроде «1 000 000 ₽».",
                    "Нелепый вариант никто не выберет, и вопрос перестаёт что-то проверять.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: вопросы для проверки",
                questions=(
                    truth(
                        "Нелепые варианты ответа",
                        "Неправильные варианты ответа лучше делать заведомо нелепыми, чтобы "
                        "вопрос не путал новичков.",
                        correct=False,
                        explanation=(
                            "Нелепый вариант никто не выберет — вопрос перестаёт проверять "
                            "знание. Берите ошибки, которые новички делают на самом деле."
                        ),
                        page=LESSON,
                    ),
                    match(
                        "Тип вопроса под задачу",
                        "Сопоставьте, что нужно проверить, и подходящий тип вопроса.",
                        pairs=(
                            ("Шаги оформления заявки на ремонт", "Расставить по порядку"),
                            ("Цена пакета в рублях", "Число"),
                            ("Термины и их определения", "Сопоставление"),
                            ("Утверждение, которое верно или нет", "Верно или неверно"),
                        ),
                        explanation=(
                            "Тип вопроса повторяет форму знания: последовательность, число, "
                            "пары, утверждение."
                        ),
                        page=LESSON,
                    ),
                ),
            ),
        ),
    ),
)

# --- Course: quality in the team (team leads) ---------------------------------------------

QUALITY_COURSE = CourseSpec(
    slug="team-quality",
    title="Качество обслуживания в группе",
    summary=(
        "Для руководителей групп: какие показатели смотреть, откуда берутся оценки качества "
        "и как говорить с сотрудником о его результатах, чтобы они росли."
    ),
    category=QUALITY,
    lessons=(
        LessonSpec(
            slug="team-metrics",
            title="Показатели группы",
            minutes=12,
            body=(
                md(
                    "У руководителя перед глазами больше цифр, чем у оператора. CSAT и FCR — те "
                    "же, что в премии сотрудников. AHT показывает, сколько длится работа с "
                    "одним обращением: по нему планируют смены, но в премию он не входит. SLA — "
                    "сроки, которые мы обещаем клиентам. Отток — сколько абонентов ушло за "
                    "период. NPS — готовность советовать «Волну»: он о компании в целом, а не о "
                    "конкретном разговоре.\n\n"
                    "Отчёты по группе — в разделе CRM «Отчёты», он открыт только "
                    "руководителям."
                ),
                callout("aht"),
                callout("sla"),
                callout("nps"),
            ),
            gate=QuizSpec(
                title="Проверка: показатели группы",
                questions=(
                    short(
                        "Время на одно обращение",
                        "Как называется показатель, который не входит в премию и показывает, "
                        "сколько в среднем длится работа с одним обращением? Напишите "
                        "аббревиатуру.",
                        accepted=(
                            "AHT",
                            "среднее время обработки",
                            "среднее время обработки обращения",
                        ),
                        explanation=(
                            "**AHT** — разговор, ожидание на линии и время после звонка, пока "
                            "оператор заполняет CRM. Решить вопрос важнее, чем уложиться в "
                            "минуты, поэтому в премию AHT не входит."
                        ),
                        term="aht",
                    ),
                    multiple(
                        "Что верно об NPS",
                        "Какие утверждения об NPS верны? Отметьте все.",
                        right=(
                            "Показывает, готовы ли клиенты советовать «Волну»",
                            "Говорит о компании в целом, а не о конкретном разговоре",
                            "Не входит в премию операторов",
                        ),
                        wrong=(
                            ("Это доля оценок 4 и 5 в SMS после звонка", "Так считается CSAT."),
                            "Входит в премию с весом 40 %",
                        ),
                        partial=True,
                        explanation=(
                            "NPS — вопрос «порекомендуете ли вы нас?» по шкале от 0 до 10. Он "
                            "зависит от всей компании: цен, аварий, мастеров, — поэтому в "
                            "премию сотрудников не входит."
                        ),
                        term="nps",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="quality-control",
            title="Контроль качества и тайный покупатель",
            minutes=10,
            body=(
                md(
                    "Слабые места сотрудника видно не по одной оценке, а по тренду. Источников "
                    "два: прослушивание записей настоящих разговоров и тайный покупатель, "
                    "который звонит или приходит под видом клиента. Оба оценивают по "
                    "стандартам обслуживания — тем же, что в курсе для сотрудников.\n\n"
                    "Третий источник — жалобы. Каждая точка контакта, где жалуются чаще, "
                    "подсказывает, чему учить группу."
                ),
                callout("tayny-pokupatel"),
                callout("tochka-kontakta"),
                document(
                    "complaints",
                    "Если клиент не согласен с ответом на жалобу, её повторно рассматривает "
                    "руководитель.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: контроль качества",
                questions=(
                    truth(
                        "Вычислить тайного покупателя",
                        "Тайного покупателя стоит вычислить и обслужить особенно внимательно.",
                        correct=False,
                        explanation=(
                            "Узнать тайного покупателя нельзя, да и не нужно: с каждым клиентом "
                            "говорят так, как говорили бы с проверяющим."
                        ),
                        term="tayny-pokupatel",
                    ),
                    single(
                        "Контроль качества и тайный покупатель",
                        "Чем контроль качества отличается от тайного покупателя?",
                        right=(
                            "Контроль качества слушает записи настоящих разговоров, а тайный "
                            "покупатель сам играет роль клиента"
                        ),
                        wrong=(
                            "Контроль качества проверяет только офис, тайный покупатель — "
                            "только звонки",
                            "Ничем, это два названия одного и того же",
                            (
                                "Тайный покупатель оценивает по своим правилам",
                                "Оба оценивают по одним и тем же стандартам обслуживания.",
                            ),
                        ),
                        explanation=(
                            "Оба источника оценивают по стандартам обслуживания, только "
                            "контроль качества слушает реальные разговоры, а тайный покупатель "
                            "разыгрывает ситуацию сам."
                        ),
                        term="tayny-pokupatel",
                    ),
                ),
            ),
        ),
        LessonSpec(
            slug="one-to-one",
            title="Разговор с сотрудником о результатах",
            minutes=10,
            body=(
                md(
                    "Раз в месяц — разговор с каждым сотрудником о его цифрах. Начните с того, "
                    "что получилось, потом одна тема для роста и конкретный шаг: урок, который "
                    "пройти, или смена с наставником. Разбирайте поведение и цифры, а не "
                    "личность, и договоритесь, когда посмотрите на результат снова."
                ),
                callout(
                    "premiya",
                    "Пример «перезвоним вместо решения» на странице о премии — хороший повод "
                    "для разговора.",
                ),
                script(
                    "FCR сотрудника упал до 50 %",
                    "Смотри: за месяц много повторных звонков по ремонту. Давай послушаем пару "
                    "записей и найдём, где можно было сразу оформить заявку, а не обещать "
                    "перезвонить.",
                    "«Ты провалил FCR, премии не будет».",
                    "Разбор конкретных звонков даёт шаг, который можно сделать завтра; оценка "
                    "личности — только обиду.",
                ),
            ),
            gate=QuizSpec(
                title="Проверка: разговор о результатах",
                questions=(
                    order(
                        "Разговор о результатах",
                        "Расставьте части разговора с сотрудником о его результатах по порядку.",
                        items=(
                            "Начать с того, что получилось",
                            "Разобрать одну тему для роста на конкретных звонках",
                            "Договориться о шаге: урок или смена с наставником",
                            "Назначить, когда посмотрите на результат снова",
                        ),
                        explanation=(
                            "Сначала то, что получилось, — тогда разговор о росте слышат. Одна "
                            "тема, конкретный шаг и срок, когда проверите результат."
                        ),
                        page=LESSON,
                    ),
                    number(
                        "Порог FCR",
                        "Цель по FCR — 75 %. Ниже какого FCR, в процентах, часть FCR премии не "
                        "платится совсем?",
                        answer="52.5",
                        tolerance="0.1",
                        explanation=(
                            "Порог — 70 % от цели: 75 × 0,7 = **52,5 %**. Ниже — часть FCR "
                            "пропадает целиком, как в примере «перезвоним вместо решения»."
                        ),
                        page=BONUS_PAGE,
                        term="fcr",
                    ),
                ),
            ),
        ),
    ),
)

COURSES = (
    PRODUCTS_COURSE,
    CRM_COURSE,
    STANDARDS_COURSE,
    BONUS_COURSE,
    SALES_COURSE,
    MENTORING_COURSE,
    WRITING_COURSE,
    QUALITY_COURSE,
)

# --- Onboarding plans ---------------------------------------------------------------------

# job role slug → (description, [(course slug, due days after hiring, required for solo work)])
PLANS = {
    "operator": (
        "Первые три недели оператора: продукты и стандарты — до первых самостоятельных "
        "звонков, CRM — к концу второй недели. Премию можно разобрать, уже работая на линии.",
        [("products-and-tariffs", 5, True), ("service-standards", 10, True),
         ("crm-basics", 14, True), ("bonus", 21, False)],
    ),
    "sales": (
        "Продавец-консультант: продукты и подключение клиента — до первой самостоятельной "
        "смены в офисе, стандарты и премия — в первые три недели.",
        [("products-and-tariffs", 5, True), ("sales-office", 10, True),
         ("service-standards", 14, True), ("bonus", 21, False)],
    ),
    "senior-operator": (
        "Старший оператор ведёт новичков: стандарты, наставничество и премия, чтобы объяснять "
        "её своими словами.",
        [("service-standards", 7, True), ("mentoring", 14, True), ("bonus", 21, False)],
    ),
    "marketing": (
        "Маркетолог пишет для линии: сначала продукты глазами клиента, потом — как писать "
        "карточки, термины и вопросы, и стандарты, на которые опираются скрипты.",
        [("products-and-tariffs", 7, True), ("writing-for-the-line", 14, True),
         ("service-standards", 21, False)],
    ),
    "team-lead": (
        "Руководитель группы: стандарты и премия — то, по чему оценивают его людей, "
        "наставничество и работа с качеством в группе.",
        [("service-standards", 7, True), ("bonus", 14, True), ("mentoring", 21, True),
         ("team-quality", 30, False)],
    ),
}  # fmt: skip


def _course_job_roles() -> dict[str, list[str]]:
    """Course slug → the job roles whose plan includes it: a course is for those who take it."""
    roles: dict[str, list[str]] = {}
    for role, (_description, items) in PLANS.items():
        for slug, _due, _solo in items:
            roles.setdefault(slug, []).append(role)
    return roles


# --- Building content ---------------------------------------------------------------------


@dataclass
class Built:
    """What one run created, for the summary line."""

    courses: int = 0
    lessons: int = 0
    questions: int = 0
    quizzes: int = 0
    plans: int = 0


class Knowledge:
    """Looks up what lessons and questions point at: pages by their path below the home page,
    glossary terms by slug, documents and screenshots by their demo title. Anything missing
    (deleted or renamed by an editor) comes back as None and its block or link is left out."""

    def __init__(self):
        home = HomePage.objects.first()
        self.root = home.url_path if home else "/"
        self.pages: dict[str, Page | None] = {}
        self.terms = {t.slug: t for t in GlossaryTerm.objects.filter(live=True)}
        titles = {title: key for key, (title, *_rest) in DOCUMENTS.items()}
        Document = get_document_model()
        self.documents = {
            titles[d.title]: d for d in Document.objects.filter(title__in=titles).order_by("-pk")
        }
        shots = {title: key for key, (title, *_rest) in SCREENSHOTS.items()}
        Image = get_image_model()
        self.images = {
            shots[i.title]: i for i in Image.objects.filter(title__in=shots).order_by("-pk")
        }

    def page(self, path: str) -> Page | None:
        if path not in self.pages:
            url_path = f"{self.root}{path.strip('/')}/"
            self.pages[path] = Page.objects.filter(url_path=url_path).first()
        return self.pages[path]

    def markdown(self, text: str) -> str:
        def link(found: re.Match) -> str:
            page = self.page(found[2])
            return f"[{found[1]}]({page.url})" if page is not None and page.url else found[1]

        return PAGE_LINK.sub(link, text)

    def block(self, spec: tuple) -> tuple | None:
        kind, *args = spec
        if kind == "text":
            return ("text", self.markdown(args[0]))
        if kind == "product_card":
            page = self.page(card(args[0]))
            return ("product_card", {"card": page, "note": args[1]}) if page else None
        if kind == "glossary_callout":
            term = self.terms.get(args[0])
            return ("glossary_callout", {"term": term, "note": args[1]}) if term else None
        if kind == "script":
            situation, say, not_that, why = args
            return (
                "script",
                {"situation": situation, "say": say, "not_that": not_that, "why": why},
            )
        if kind == "document":
            doc = self.documents.get(args[0])
            return ("document", {"document": doc, "note": args[1]}) if doc else None
        if kind == "image":
            image = self.images.get(args[0])
            if image is None:
                return None
            image.contextual_alt_text, image.decorative = args[1], False
            return ("image", image)
        raise ValueError(f"Unknown lesson block {kind!r}")


def _categories_ensure() -> dict[str, QuestionCategory]:
    return {name: QuestionCategory.objects.get_or_create(name=name)[0] for name in CATEGORIES}


def _question_existing(spec: QuestionSpec) -> Question | None:
    """The demo question ``spec`` stands for: same title, or the same wording under a title an
    editor changed."""
    return Question.objects.filter(Q(title=spec.title) | Q(text=spec.text)).order_by("pk").first()


def _question_ensure(
    spec: QuestionSpec,
    *,
    category: QuestionCategory,
    knowledge: Knowledge,
    lesson: LessonPage | None,
    editor,
    built: Built,
) -> Question:
    """The question for ``spec``, created with its parts and a first revision if missing."""
    existing = _question_existing(spec)
    if existing is not None:
        return existing
    page = lesson if spec.page == LESSON else (knowledge.page(spec.page) if spec.page else None)
    question = Question(
        type=spec.type,
        title=spec.title,
        text=spec.text,
        explanation=spec.explanation,
        points=spec.points,
        category=category,
        knowledge_page=page,
        glossary_term=knowledge.terms.get(spec.term) if spec.term else None,
        partial_credit=spec.partial_credit,
        correct_bool=spec.correct_bool,
        grading_notes=spec.grading_notes,
    )
    question.numeric_answers = (
        [NumericAnswer(value=spec.number, tolerance=spec.tolerance, sort_order=0)]
        if spec.number
        else []
    )
    question.choices = [
        Choice(text=text, is_correct=correct, feedback=feedback, sort_order=i)
        for i, (text, correct, feedback) in enumerate(spec.choices)
    ]
    question.accepted_answers = [
        AcceptedAnswer(text=text, sort_order=i) for i, text in enumerate(spec.accepted)
    ]
    question.pairs = [
        MatchPair(left=left, right=right, sort_order=i)
        for i, (left, right) in enumerate(spec.pairs)
    ]
    # As the admin's "add" does it: validated, saved, a first revision and a "created" entry in
    # the question's history.
    CreateAction(question, user=editor).execute(skip_permission_checks=True)
    built.questions += 1
    return question


def _quiz_ensure(
    spec: QuizSpec,
    *,
    lesson_title: str,
    questions: list[Question],
    categories: dict[str, QuestionCategory],
    editor,
    built: Built,
) -> Quiz:
    """The quiz called ``spec.title``; a missing one is created with its questions and draws
    and published, so it is live with a revision in its history."""
    existing = Quiz.objects.filter(title=spec.title).order_by("pk").first()
    if existing is not None:
        return existing
    description = spec.description or (
        f"Проверка по уроку «{lesson_title}». Проходной балл — {PASS_MARK} %, попыток сколько "
        "угодно; после каждой вы увидите правильные ответы и пояснения."
    )
    quiz = Quiz(title=spec.title, description=description, **GATE_RULES)
    quiz.quiz_questions = [
        QuizQuestion(question=question, sort_order=i) for i, question in enumerate(questions)
    ]
    quiz.draws = [
        QuizDraw(category=categories[name], count=count, sort_order=i)
        for i, (name, count) in enumerate(spec.draws)
    ]
    # Goes live through its first revision, as if an author had created and published it.
    CreateAction(quiz, user=editor, publish=True).execute(skip_permission_checks=True)
    built.quizzes += 1
    return quiz


def _course_ensure(
    spec: CourseSpec,
    *,
    index: CourseIndexPage,
    job_roles: list[JobRole],
    categories: dict[str, QuestionCategory],
    knowledge: Knowledge,
    editor,
    built: Built,
) -> CoursePage:
    """The course with ``spec.slug``. A missing one is created and published with its lessons,
    their gating quizzes and questions. One that exists is left exactly as it is, lessons
    included: people may have reordered, rewritten or removed them."""
    existing = CoursePage.objects.child_of(index).filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    course = CoursePage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        estimated_minutes=sum(lesson.minutes for lesson in spec.lessons),
        owner=editor,
    )
    course.job_roles = job_roles
    index.add_child(instance=course)
    course.save_revision(user=editor).publish(user=editor)
    built.courses += 1
    category = categories[spec.category]
    for lesson_spec in spec.lessons:
        lesson = LessonPage(
            title=lesson_spec.title,
            slug=lesson_spec.slug,
            estimated_minutes=lesson_spec.minutes,
            body=[b for b in map(knowledge.block, lesson_spec.body) if b is not None],
            owner=editor,
        )
        # The lesson must exist before its questions can name it as the knowledge they test;
        # its one published revision comes once the gate is attached.
        course.add_child(instance=lesson)
        gate = lesson_spec.gate
        if gate is not None:
            questions = [
                _question_ensure(
                    q,
                    category=category,
                    knowledge=knowledge,
                    lesson=lesson,
                    editor=editor,
                    built=built,
                )
                for q in gate.questions
            ]
            quiz = _quiz_ensure(
                gate,
                lesson_title=lesson.title,
                questions=questions,
                categories=categories,
                editor=editor,
                built=built,
            )
            lesson.quiz_gates = [LessonGate(quiz=quiz)]
        lesson.save_revision(user=editor).publish(user=editor)
        built.lessons += 1
    for question in spec.pool:
        _question_ensure(
            question,
            category=category,
            knowledge=knowledge,
            lesson=None,
            editor=editor,
            built=built,
        )
    return course


def _plan_ensure(role: JobRole, *, description: str, items: list, built: Built) -> OnboardingPlan:
    """The job role's onboarding plan; a missing one is created with the demo courses that
    exist. A plan that exists is the managers' now and stays as it is."""
    existing = OnboardingPlan.objects.filter(job_role=role).first()
    if existing is not None:
        return existing
    index = CourseIndexPage.objects.first()
    courses = {c.slug: c for c in CoursePage.objects.child_of(index)} if index else {}
    plan = OnboardingPlan(job_role=role, description=description)
    plan.items = [
        OnboardingPlanItem(course=courses[slug], due_days=due, required_for_solo=solo, sort_order=i)
        for i, (slug, due, solo) in enumerate(item for item in items if item[0] in courses)
    ]
    plan.save()
    built.plans += 1
    return plan


# --- Learner progress ---------------------------------------------------------------------


def _response(snapshot: dict, *, right: bool) -> dict:
    """An answer to a frozen question: the fully right one, or one of the right shape that
    scores nothing (a learner's honest mistake)."""
    qtype = snapshot["type"]
    if qtype == T.OPEN_ANSWER:  # a person grades it; the demo learner writes something short
        return {"text": "Уточню, что важно клиенту, и сравню, что входит в оба тарифа."}
    if qtype == T.CLOZE:
        return {"gaps": {gap["id"]: _gap_response(gap, right=right) for gap in snapshot["gaps"]}}
    if qtype in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE, T.MISSING_WORD):
        choices = snapshot["choices"]
        if right:
            return {"choices": [c["id"] for c in choices if c["correct"]]}
        return {"choices": [next(c["id"] for c in choices if not c["correct"])]}
    if qtype == T.TRUE_FALSE:
        return {"value": snapshot["correct"] if right else not snapshot["correct"]}
    if qtype == T.SHORT_TEXT:
        return {"text": snapshot["accepted"][0] if right else "не помню"}
    if qtype == T.NUMERIC:
        number = snapshot_numbers(snapshot)[0]["value"]
        return {"number": number if right else str(float(number) + 100)}
    if qtype == T.ORDERING:
        right_order = snapshot["right_order"]
        return {"order": right_order if right else list(reversed(right_order))}
    pairs = snapshot["right_pairs"]
    if right:
        return {"pairs": pairs}
    lefts = list(pairs)
    rights = [pairs[key] for key in lefts]
    return {"pairs": dict(zip(lefts, rights[1:] + rights[:1], strict=True))}


def _gap_response(gap: dict, *, right: bool):
    """One gap of a fill-in-the-gaps question answered right, or wrong (nothing scores)."""
    answers = gap["answers"]
    if gap["kind"] == "multi":
        return [a["id"] for a in answers if Decimal(a["fraction"]) > 0] if right else []
    best = max(answers, key=lambda a: Decimal(a["fraction"]))
    if gap["kind"] == "choice":
        if right:
            return best["id"]
        return next((a["id"] for a in answers if Decimal(a["fraction"]) <= 0), "")
    if gap["kind"] == "numeric":
        return best["text"] if right else str(Decimal(best["text"]) + 100000)
    return best["text"] if right else "не помню"


class Clock:
    """Hands out moments in order, so a demo learner's day reads like a real one: reading a
    lesson, then answering question after question. Never later than ``limit``."""

    def __init__(self, start: datetime.datetime, limit: datetime.datetime):
        self.now = start
        self.limit = limit

    def tick(self, **delta) -> datetime.datetime:
        self.now = min(self.now + datetime.timedelta(**delta), self.limit)
        return self.now


def _attempt_take(*, user, quiz: Quiz, clock: Clock, right: bool) -> Attempt:
    """One whole attempt through the quiz services: start, answer every question (all right, or
    only the first), submit. Submitting a passed gate completes its lesson."""
    attempt, _created = attempt_start(user=user, quiz=quiz, now=clock.tick(seconds=20))
    rows = AttemptQuestion.objects.filter(attempt=attempt).order_by("position")
    for position, row in enumerate(rows):
        attempt_answer_save(
            attempt=attempt,
            question_id=row.question_id,
            data=_response(row.snapshot, right=right or position == 0),
            now=clock.tick(seconds=40),
        )
    return attempt_submit(attempt=attempt, now=clock.tick(seconds=25))


def _lesson_study(*, user, lesson: LessonPage, clock: Clock, failures: int = 0) -> None:
    """Open ``lesson``, read it, and finish it: pass its gate (after ``failures`` failed
    attempts) or, without a gate, mark it complete."""
    opened_at = clock.tick(minutes=2)
    lesson_open(user=user, lesson=lesson)
    # ``lesson_open`` stamps the moment it runs; the demo learner opened it in the past.
    LessonProgress.objects.filter(user=user, lesson=lesson).update(started_at=opened_at)
    clock.tick(minutes=lesson.estimated_minutes)
    gate = LessonGate.objects.select_related("quiz").filter(lesson=lesson).first()
    if gate is None:
        lesson_complete(user=user, lesson=lesson, at=clock.tick(seconds=30))
        return
    quiz = gate.quiz
    for _failure in range(failures):
        _attempt_take(user=user, quiz=quiz, clock=clock, right=False)
        clock.tick(minutes=3)  # back to the lesson before trying again
    attempt = _attempt_take(user=user, quiz=quiz, clock=clock, right=True)
    # An open answer in the gate waits for the learner's mentor: not passed yet, not failed.
    if not attempt.passed and not attempt.awaiting_grading:
        raise RuntimeError(f"The demo answers to «{quiz}» do not pass it: check its questions.")


def _has_progress(user) -> bool:
    return (
        LessonProgress.objects.filter(user=user).exists()
        or Attempt.objects.filter(user=user).exists()
    )


def _plan_courses(profile: StaffProfile) -> list[tuple[OnboardingPlanItem, CoursePage]]:
    items = OnboardingPlanItem.objects.filter(plan__job_role_id=profile.job_role_id)
    return [(item, item.course) for item in items.select_related("course").order_by("sort_order")]


def _day_at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _newbie_progress(*, now: datetime.datetime) -> str:
    """``newbie`` gets their onboarding plan (due dates from the hire date) and is a couple of
    lessons into its first course: the first gate passed at once, the second on a retry."""
    profile = (
        StaffProfile.objects.filter(user__username=NEWBIE_USERNAME, job_role__isnull=False)
        .select_related("user")
        .first()
    )
    if profile is None:
        return "no newbie"
    user = profile.user
    courses = _plan_courses(profile)
    if _has_progress(user) or not courses:
        return "newbie left as they were"
    hired = _day_at(profile.hire_date, 0)
    clock = Clock(max(now - datetime.timedelta(hours=2), hired), limit=now)
    onboarding_plan_assign(profile=profile)
    # The plan comes with the hire (lms.people.signals), before any of the studying below; the
    # service stamps the moment it runs.
    Assignment.objects.filter(
        user=user, source=Assignment.Source.ONBOARDING, assigned_at__gt=clock.now
    ).update(assigned_at=min(_day_at(profile.hire_date, 9), clock.now))
    course = courses[0][1]
    lessons = [
        state.lesson for state in course_outline_for_learner(course=course, user=user).lessons
    ]
    done = lessons[:NEWBIE_LESSONS_DONE]
    for index, lesson in enumerate(done):
        _lesson_study(user=user, lesson=lesson, clock=clock, failures=index % 2)
    return f"newbie: {len(done)} lessons of «{course.title}» done"


def _staff_progress(*, now: datetime.datetime) -> str:
    """``staff`` was given the operator plan when the portal started, months ago, and finished
    every course of it within weeks: every lesson, every gate, every assignment completed."""
    profile = (
        StaffProfile.objects.filter(user__username=STAFF_USERNAME, job_role__isnull=False)
        .select_related("user")
        .first()
    )
    if profile is None:
        return "no staff"
    user = profile.user
    courses = _plan_courses(profile)
    if _has_progress(user) or Assignment.objects.filter(user=user).exists() or not courses:
        return "staff left as they were"
    started = timezone.localtime(now - datetime.timedelta(days=STAFF_PLAN_DAYS_AGO)).date()
    manager = User.objects.filter(username=STAFF_ASSIGNED_BY).first()
    for item, course in courses:
        assignment_create(
            user=user,
            course=course,
            source=Assignment.Source.ONBOARDING,
            assigned_by=manager,
            assigned_at=_day_at(started, 9),
            due_at=_day_at(started + datetime.timedelta(days=item.due_days), 23, 59),
        )
    for position, (_item, course) in enumerate(courses):
        # A course every few days, in the morning before the shift got busy.
        day = started + datetime.timedelta(days=2 + 4 * position)
        clock = Clock(_day_at(day, 10), limit=now)
        outline = course_outline_for_learner(course=course, user=user)
        for index, state in enumerate(outline.lessons):
            # One honest slip: the bonus arithmetic took her two tries.
            failures = 1 if course.slug == BONUS_COURSE.slug and index == 1 else 0
            _lesson_study(user=user, lesson=state.lesson, clock=clock, failures=failures)
    return f"staff: {len(courses)} courses completed"


# --- Daily review -------------------------------------------------------------------------

# At least this many of ``staff``'s cards are due on the day the demo is loaded.
STAFF_DUE_TODAY = 8
# How ``staff`` rated herself over the months: mostly "good", now and then a slip.
STAFF_RATINGS = (ReviewLog.Rating.AGAIN, ReviewLog.Rating.HARD, ReviewLog.Rating.GOOD,
                 ReviewLog.Rating.EASY)  # fmt: skip
STAFF_RATING_WEIGHTS = (1, 2, 10, 2)
# She opened the review on each of the last few mornings, even with nothing due: a streak.
STAFF_STREAK_DAYS = 4


def _review_moment(due: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """When ``staff`` reviewed a card due at ``due``: that morning before the shift, or right
    when it came back (a card answered wrong returns ten minutes later)."""
    morning = _day_at(timezone.localtime(due).date(), 8, rng.randint(0, 50))
    return max(morning, due + datetime.timedelta(minutes=rng.randint(1, 5)))


def _staff_review(*, now: datetime.datetime) -> str:
    """``staff`` has kept up the daily review since finishing the plan: the cards of her 16
    attempts and of the glossary terms she met were reviewed on the mornings FSRS asked, through
    the real scheduler, up to yesterday; today a handful are due. Written once: a ``staff`` with
    any daily review in her history is left as she is."""
    user = User.objects.filter(username=STAFF_USERNAME).first()
    if user is None:
        return "no staff review"
    if ReviewLog.objects.filter(user=user, source=ReviewLog.Source.REVIEW).exists():
        return "staff's review left as it was"
    # Cards of attempts made before review cards existed (none when the attempts above made
    # them), and the terms of lessons completed without a quiz.
    review_cards_backfill(user=user)
    last_attempt = Attempt.objects.filter(user=user).order_by("-submitted_at").first()
    if last_attempt is None:
        return "staff has no attempts to review"
    review_term_cards_sync(user=user, now=last_attempt.submitted_at)
    today = day_start(now)
    rng = random.Random(STAFF_USERNAME)  # noqa: S311 -- demo data, the same on every load
    cards = list(ReviewCard.objects.filter(user=user).order_by("pk"))
    logs = []

    def review(card: ReviewCard, rating: int, moment: datetime.datetime) -> None:
        card_review(card, rating, at=moment, fuzz=False)
        card.practised_at = moment
        logs.append(
            ReviewLog(
                card=card,
                user=user,
                source=ReviewLog.Source.REVIEW,
                rating=rating,
                correct=None if card.is_flashcard else rating != ReviewLog.Rating.AGAIN,
                reviewed_at=moment,
                duration_ms=rng.randint(6_000, 45_000),
            )
        )

    for card in cards:
        moment = _review_moment(card.due, rng)
        while moment < today:
            review(card, rng.choices(STAFF_RATINGS, weights=STAFF_RATING_WEIGHTS)[0], moment)
            moment = _review_moment(card.due, rng)
    for days_ago in range(STAFF_STREAK_DAYS, 0, -1):
        moment = _day_at(today.date() - datetime.timedelta(days=days_ago), 8, rng.randint(0, 50))
        earlier = [c for c in cards if c.last_review is not None and c.last_review < moment]
        if earlier:
            review(rng.choice(earlier), ReviewLog.Rating.GOOD, moment)
    # Whatever the scheduler left for today, a few more come up this morning.
    due_today = [card for card in cards if card.due <= now]
    waiting = sorted((card for card in cards if card.due > now), key=lambda card: card.due)
    this_morning = max(today, min(today + datetime.timedelta(hours=8), now))
    for card in waiting[: max(0, STAFF_DUE_TODAY - len(due_today))]:
        card.due = this_morning
        due_today.append(card)
    ReviewCard.objects.bulk_update(cards, [*MEMORY_FIELDS, "practised_at"], batch_size=200)
    ReviewLog.objects.bulk_create(logs, batch_size=500)
    return f"staff: {len(cards)} review cards, {len(due_today)} due today"


# --- The loader ---------------------------------------------------------------------------


@register("learning")
def learning_demo_load(*, stdout) -> None:
    """Courses with lessons and gating quizzes, the question bank, an onboarding plan per job
    role, and the progress of ``newbie`` and ``staff``. Idempotent and create-only."""
    editor = User.objects.filter(username=EDITOR_USERNAME).first()
    job_roles = {role.slug: role for role in JobRole.objects.all()}
    missing = set(PLANS) - set(job_roles)
    if missing:
        raise LookupError(f"Job roles {sorted(missing)} are missing: load the people demo.")
    index = CourseIndexPage.objects.get()
    categories = _categories_ensure()
    knowledge = Knowledge()
    built = Built()
    roles_of = _course_job_roles()
    for spec in COURSES:
        _course_ensure(
            spec,
            index=index,
            job_roles=[job_roles[slug] for slug in roles_of.get(spec.slug, [])],
            categories=categories,
            knowledge=knowledge,
            editor=editor,
            built=built,
        )
    for slug, (description, items) in PLANS.items():
        _plan_ensure(job_roles[slug], description=description, items=items, built=built)
    now = timezone.now()
    newbie = _newbie_progress(now=now)
    staff = _staff_progress(now=now)
    review = _staff_review(now=now)
    lessons = sum(len(c.lessons) for c in COURSES)
    stdout.write(
        f"  learning: {len(COURSES)} courses ({built.courses} new), {lessons} lessons "
        f"({built.lessons} new), {built.questions} questions and {built.quizzes} quizzes new, "
        f"{len(PLANS)} onboarding plans ({built.plans} new); {newbie}; {staff}; {review}"
    )
    # The refresher policies name the courses made above, so they come after them.
    stdout.write(f"  refreshers: {refresher_policies_ensure()}")
    stdout.write(f"  re-learning: {content_change_demo_ensure()}")
