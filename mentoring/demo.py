"""Demo mentoring: the mentors of the contact centre, the practice skills of every job role, and
three newcomers at three stages of practice with real customers.

- ``mentor`` (Ольга) mentors ``newbie``, hired this week: four sessions from "needed help" to
  "independent", one where she stepped in, one skill signed off, the latest session still to be
  acknowledged; and ``newbie2`` (Полина), five weeks in: most skills signed off (the complaints
  one revoked after a quality check and signed off again), the onboarding courses done, one
  sign-off waiting to be given.
- ``mentor2`` (Руслан) mentored ``cleared`` (Тимур), hired two months ago and cleared for solo
  work by the manager, so time to solo has data.

Everything goes through the mentoring and courses services; those stamp ``timezone.now()``, so
each record is moved to its moment in the story right after the service wrote it (the way the
learning demo backdates its learners), and so are the notifications the services send, read by
then except the one about the session ``newbie`` has not acknowledged yet.

Create-only, like the other loaders: accounts and mentor profiles are found by username, skills
by job role (a job role with practice skills keeps them as managers edited them), and a
newcomer's story is told only if they have no pairing, session or clearance yet. A second run
writes nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from wagtail.models import Page

from courses.models import Assignment, HomePage, LessonProgress, OnboardingPlanItem
from courses.selectors import course_outline_for_learner
from courses.services import lesson_complete, lesson_gate_pass, onboarding_plan_assign
from lms.core.demo import register
from lms.notifications.models import Notification
from lms.people import roles
from lms.people.demo import DEMO_PASSWORD, EMAIL_DOMAIN, DemoAccount, accounts_register
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.selectors import staff_profile_can_manage
from lms.people.services import staff_member_create
from mentoring.models import (
    MentorProfile,
    Pairing,
    PracticeSkill,
    SignOff,
    SkillRating,
    SoloClearance,
    SupervisedSession,
)
from mentoring.services import (
    clearance_confirm,
    clearance_request,
    pairing_create,
    session_acknowledge,
    session_log,
    signoff_create,
    signoff_revoke,
)

User = get_user_model()

NH = SkillRating.Rating.NEEDED_HELP
WS = SkillRating.Rating.WITH_SUPPORT
IND = SkillRating.Rating.INDEPENDENT
PHONE = SupervisedSession.Channel.PHONE
CHAT = SupervisedSession.Channel.CHAT

CONTACT_CENTRE = "Контакт-центр"
MANAGER_USERNAME = "manager"  # pairs the newcomers and clears them (lms.people.demo)

# --- People -----------------------------------------------------------------------------------

ONBOARDING = StaffProfile.Status.ONBOARDING

# Created here rather than in lms.people.demo because they exist for the mentoring story.
ACCOUNTS = [
    DemoAccount("mentor2", "mentor, senior operator", "Руслан", "Гаврилов", "r.gavrilov",
                (roles.MENTORS,), 950, StaffProfile.Status.SOLO, CONTACT_CENTRE,
                "senior-operator", MANAGER_USERNAME),
    DemoAccount("newbie2", "operator five weeks in, nearly ready to work solo", "Полина",
                "Гришина", "p.grishina", (), 35, ONBOARDING, CONTACT_CENTRE, "operator",
                MANAGER_USERNAME),
    DemoAccount("cleared", "operator cleared for solo work after 39 days", "Тимур", "Сафин",
                "t.safin", (), 61, ONBOARDING, CONTACT_CENTRE, "operator", MANAGER_USERNAME),
]  # fmt: skip
accounts_register(ACCOUNTS)


@dataclass(frozen=True)
class MentorSpec:
    username: str
    capacity: int
    teams: tuple[str, ...]
    job_roles: tuple[str, ...]


MENTORS = [
    MentorSpec("mentor", 3, (CONTACT_CENTRE,), ("operator", "senior-operator")),
    MentorSpec("mentor2", 2, (CONTACT_CENTRE,), ("operator",)),
]

# --- Practice skills ----------------------------------------------------------------------------

# Page paths below the home page, as in quizzes.demo: lessons under "courses/", the knowledge
# base under "knowledge/".
STANDARDS = "knowledge/standards"
DOCUMENTS = "knowledge/documents"
BONUS = "knowledge/bonus"
CHEAT_SHEET = "knowledge/products/usp-cheat-sheet"


@dataclass(frozen=True)
class SkillSpec:
    key: str  # how the stories below name the skill
    title: str
    description: str
    sessions_required: int = 2
    required_for_solo: bool = True
    pages: tuple[str, ...] = ()


SKILLS: dict[str, tuple[SkillSpec, ...]] = {
    "operator": (
        SkillSpec("greet", "Поприветствовать клиента и выяснить, что ему нужно",
                  "Представляется по стандарту («Волна Телеком», имя, «чем могу помочь?»), даёт "
                  "клиенту договорить и задаёт уточняющие вопросы, пока не станет ясно, чего он "
                  "ждёт от звонка.", 2, True,
                  ("courses/service-standards/greeting-and-closing", STANDARDS)),
        SkillSpec("crm", "Найти клиента в CRM и зарегистрировать обращение",
                  "Открывает карточку клиента в первую минуту и не переспрашивает то, что уже "
                  "есть в истории. Регистрирует обращение по ходу разговора, с верной темой и "
                  "описанием, понятным следующему коллеге.", 2, True,
                  ("courses/crm-basics/customer-card", "courses/crm-basics/log-request",
                   "knowledge/crm/customer-history", "knowledge/crm/log-call")),
        SkillSpec("repair", "Оформить заявку на ремонт и назвать срок визита мастера",
                  "Сначала проверяет аварии на адресе, потом вместе с клиентом проходит простую "
                  "диагностику. Срок визита называет только по свободным окнам в CRM и "
                  "предупреждает, что мастер позвонит за 30 минут.", 2, True,
                  ("courses/crm-basics/repair-request", "knowledge/crm/repair-request")),
        SkillSpec("complaint", "Отработать жалобу и извиниться по стандарту",
                  "Не спорит и не оправдывается: называет проблему своими словами, извиняется "
                  "один раз, говорит, что сделает и к какому сроку. Сам предлагает перерасчёт, "
                  "если он положен, и сообщает клиенту номер жалобы.", 3, True,
                  ("courses/service-standards/complaints", STANDARDS, DOCUMENTS)),
        SkillSpec("tariff", "Подобрать и сменить тариф по просьбе клиента",
                  "Выясняет, сколько человек дома и чем они заняты по вечерам, предлагает "
                  "подходящий тариф и честно называет цену и дату перехода. Меняет тариф только "
                  "по просьбе владельца договора.", 2, True,
                  ("courses/products-and-tariffs/home-internet", "courses/crm-basics/tariff-change",
                   "knowledge/crm/tariff-change")),
        SkillSpec("nonowner", "Поговорить с тем, кто не владелец договора",
                  "Родственнику или соседу говорит только об аварии на адресе и об открытой "
                  "заявке. Данные договора и суммы не называет, тариф не меняет и объясняет, как "
                  "владельцу решить вопрос самому.", 1, True,
                  ("courses/service-standards/chats-and-privacy", STANDARDS)),
        SkillSpec("upsell", "Предложить дополнительную услугу к месту",
                  "Предлагает услугу, только когда она решает проблему, о которой клиент сказал "
                  "сам, и только когда его вопрос уже решён. На жалобе ничего не предлагает, "
                  "«нет» слышит с первого раза.", 2, False,
                  ("courses/bonus/honest-selling", "courses/products-and-tariffs/mesh-and-video",
                   CHEAT_SHEET)),
        SkillSpec("closing", "Завершить разговор и подвести итог",
                  "В конце сверяет с клиентом, о чём договорились: номер заявки, сроки, суммы. "
                  "Спрашивает, чем ещё помочь, и прощается, не обрывая клиента.", 1, True,
                  ("courses/service-standards/greeting-and-closing", STANDARDS)),
    ),
    "sales": (
        SkillSpec("welcome", "Встретить клиента в офисе и выяснить, зачем он пришёл",
                  "Здоровается в первые секунды, даже если занят с другим клиентом, и говорит, "
                  "сколько придётся подождать. Выясняет задачу клиента, прежде чем что-то "
                  "предлагать.", 2, True,
                  ("courses/service-standards/greeting-and-closing", STANDARDS)),
        SkillSpec("choose", "Проверить адрес и подобрать тариф",
                  "Проверяет, можно ли подключить адрес, расспрашивает, кто и как пользуется "
                  "интернетом и ТВ, и предлагает один-два тарифа с ценой на первые месяцы и "
                  "после них.", 2, True,
                  ("courses/sales-office/new-customer",
                   "courses/products-and-tariffs/home-internet", CHEAT_SHEET)),
        SkillSpec("contract", "Оформить договор и заявление на подключение",
                  "Заполняет договор и заявление без ошибок, сверяет паспорт и адрес и объясняет "
                  "главные пункты простыми словами: скорость, перерасчёт, как отказаться от "
                  "услуг.", 3, True,
                  ("courses/sales-office/new-customer", DOCUMENTS)),
        SkillSpec("show", "Показать продукт на образцах и материалах",
                  "Показывает роутер, приставку или листовку вместо долгого рассказа, даёт "
                  "подержать оборудование в руках и отдаёт материалы с собой.", 1, True,
                  ("courses/sales-office/show-materials", CHEAT_SHEET)),
        SkillSpec("objection", "Ответить на возражение «у ГорНета дешевле»",
                  "Не спорит и не ругает конкурента: уточняет, что именно клиент сравнивает, и "
                  "показывает разницу на цифрах — скорость вечером, цена после акции, сроки "
                  "ремонта.", 2, True,
                  ("courses/sales-office/objections", "courses/products-and-tariffs/competitors")),
        SkillSpec("equipment", "Выдать или принять оборудование по акту",
                  "Вместе с клиентом проверяет комплектность и состояние оборудования, "
                  "подписывает акт приёма-передачи и объясняет условия аренды и возврата.",
                  2, True, (DOCUMENTS,)),
        SkillSpec("complaint", "Принять жалобу в офисе",
                  "Выслушивает, не перебивая и не отправляя «звонить на линию», регистрирует "
                  "жалобу в CRM при клиенте и называет её номер и срок ответа — не больше "
                  "10 рабочих дней.", 2, True,
                  ("courses/service-standards/complaints", "courses/service-standards/one-window",
                   DOCUMENTS)),
        SkillSpec("bundle", "Предложить пакет «Дом целиком»",
                  "Предлагает пакет, когда клиент сам говорит, что платит за ТВ другому "
                  "оператору, считает вместе с ним экономию и не возвращается к предложению "
                  "после отказа.", 1, False,
                  ("courses/products-and-tariffs/tv-and-bundle", "courses/bonus/honest-selling")),
    ),
    "senior-operator": (
        SkillSpec("escalation", "Принять жалобу, переведённую с линии",
                  "Берёт разговор, не заставляя клиента пересказывать всё заново: читает "
                  "обращение, сам называет суть проблемы и предлагает решение со сроком.",
                  2, True,
                  ("courses/service-standards/complaints", "courses/service-standards/one-window")),
        SkillSpec("recalc", "Решить вопрос о перерасчёте",
                  "Проверяет в CRM, сколько длился перерыв связи, объясняет, положен ли "
                  "перерасчёт по п. 7 договора и в какой сумме, и оформляет его в том же "
                  "разговоре.", 2, True,
                  (DOCUMENTS, "courses/service-standards/complaints")),
        SkillSpec("retention", "Поговорить с клиентом, который хочет расторгнуть договор",
                  "Спрашивает о причине без уговоров и давления, предлагает исправить то, что "
                  "можно исправить, а если клиент решил уйти — спокойно объясняет порядок "
                  "расторжения по п. 8.1 договора.", 3, True,
                  (STANDARDS, "courses/sales-office/objections", DOCUMENTS)),
        SkillSpec("stepin", "Подключиться к разговору новичка",
                  "Сначала подсказывает шёпотом или запиской; если этого мало — просит "
                  "разрешения подключиться, представляется клиенту и доводит разговор до итога, "
                  "не обсуждая новичка при клиенте.", 2, True,
                  ("courses/mentoring/stepping-in",)),
        SkillSpec("debrief", "Разобрать звонок с новичком за пять минут",
                  "Начинает с вопроса «Как тебе разговор?», отмечает одну-две удачи и одну "
                  "поправку с готовой фразой, записывает, какие навыки новичок показал сам.",
                  2, True, ("courses/mentoring/feedback", "courses/mentoring/mentor-role")),
        SkillSpec("onewindow", "Передать вопрос в другой отдел по правилу одного окна",
                  "Сам передаёт вопрос через обращение в CRM со всем, что рассказал клиент, "
                  "называет срок ответа и перезванивает в обещанное время, даже если ответа ещё "
                  "нет.", 1, True,
                  ("courses/service-standards/one-window", "knowledge/crm/log-call")),
        SkillSpec("bonus", "Объяснить новичку, как считается премия",
                  "Объясняет три показателя, порог 70 % и потолок 120 % на цифрах самого "
                  "новичка и показывает, почему навязанная продажа оборачивается потерей "
                  "премии.", 1, False,
                  ("courses/bonus/components", "courses/bonus/floor-and-cap", BONUS)),
    ),
    "marketing": (
        SkillSpec("chat", "Ответить клиенту в чате о тарифе простыми словами",
                  "Пишет коротко и без рекламных слов: цена, скорость, что входит, с какого "
                  "числа. Сверяет ответ с карточкой продукта, а не с памятью.", 2, True,
                  ("courses/products-and-tariffs/home-internet",
                   "courses/service-standards/chats-and-privacy")),
        SkillSpec("promo", "Объяснить условия акции без мелкого шрифта",
                  "Сразу говорит, сколько услуга будет стоить после акции и что будет при отказе "
                  "в первые 14 дней, — чтобы клиент не узнал об этом из счёта.", 2, True,
                  (CHEAT_SHEET, "courses/bonus/honest-selling")),
        SkillSpec("compare", "Честно сравнить наш тариф с конкурентом",
                  "Сравнивает на цифрах из карточки продукта — скорость, цена после акции, сроки "
                  "ремонта — и признаёт, в чём конкурент сильнее, если это так.", 2, True,
                  ("courses/products-and-tariffs/competitors",)),
        SkillSpec("consent", "Ответить клиенту, который просит не присылать рекламу",
                  "Отключает рекламные SMS в том же разговоре, объясняет, что услуги от этого не "
                  "изменятся, и не пытается отговорить.", 1, True, (DOCUMENTS,)),
        SkillSpec("voice", "Записать вопросы и возражения клиентов для карточки продукта",
                  "После разговора записывает, как клиент сам сформулировал вопрос или сомнение "
                  "и какой ответ сработал, — это материал для карточек и шпаргалки.", 1, True,
                  ("courses/writing-for-the-line/product-card",
                   "courses/writing-for-the-line/glossary-and-cheat-sheet")),
        SkillSpec("cheatsheet", "Проверить шпаргалку на звонках линии",
                  "Слушает смену рядом с оператором и отмечает, где шпаргалка помогла ответить, "
                  "а где пришлось искать ответ в другом месте.", 1, False,
                  ("courses/writing-for-the-line/glossary-and-cheat-sheet", CHEAT_SHEET)),
    ),
    "team-lead": (
        SkillSpec("escalated", "Поговорить с клиентом, который просит руководителя",
                  "Представляется, не заставляет клиента повторять историю, признаёт ошибку "
                  "компании, если она есть, и называет решение и срок. Не обещает того, что "
                  "группа не сможет выполнить.", 2, True,
                  ("courses/service-standards/complaints", DOCUMENTS)),
        SkillSpec("callback", "Перезвонить клиенту после жалобы",
                  "Звонит в обещанный срок, проверяет, что вопрос действительно решён, и "
                  "благодарит клиента за то, что он сообщил о проблеме.", 1, True,
                  ("courses/service-standards/one-window", "courses/service-standards/complaints")),
        SkillSpec("qa", "Прослушать звонок по чек-листу контроля качества",
                  "Оценивает звонок по пунктам стандарта, а не по впечатлению, и отличает "
                  "ошибку, от которой пострадал клиент, от неловкой фразы.", 2, True,
                  ("courses/team-quality/quality-control", STANDARDS)),
        SkillSpec("stepin", "Подключиться к сложному звонку оператора",
                  "Вмешивается, только когда разговор может навредить клиенту или компании: "
                  "сначала подсказка, потом, с разрешения клиента, — сам, и доводит разговор до "
                  "итога.", 2, True, ("courses/mentoring/stepping-in",)),
        SkillSpec("debrief", "Разобрать звонок с оператором",
                  "Начинает с вопроса к оператору, называет одну сильную сторону и одну поправку "
                  "с готовой фразой и договаривается, что оператор попробует её на следующем "
                  "звонке.", 2, True,
                  ("courses/mentoring/feedback", "courses/team-quality/one-to-one")),
        SkillSpec("bonus", "Объяснить сотруднику, как считается его премия",
                  "Разбирает премию на цифрах самого сотрудника: какой показатель ниже порога "
                  "70 %, что даст рост FCR, почему продажи сверх 120 % не добавляют денег.",
                  1, True, ("courses/bonus/floor-and-cap", BONUS)),
        SkillSpec("metrics", "Обсудить с группой показатели месяца",
                  "Показывает CSAT, FCR и продажи группы без поиска виноватых и называет "
                  "один-два конкретных шага на следующий месяц.", 1, False,
                  ("courses/team-quality/team-metrics",)),
    ),
}  # fmt: skip

# --- Stories ----------------------------------------------------------------------------------

# A moment of a story: days after the hire date and the time of day.
Moment = tuple[int, str]


@dataclass(frozen=True)
class Session:
    at: Moment
    channel: str
    situation: str
    ratings: tuple[tuple[str, str], ...]  # (skill key, rating)
    strengths: str = ""
    to_improve: str = ""
    stepped_in: str = ""  # what happened when the mentor stepped in; empty if they did not
    lessons: tuple[str, ...] = ()  # page paths, as for the skills
    reflection: str = ""
    acknowledged: bool = True


@dataclass(frozen=True)
class SignOffs:
    at: Moment
    skills: tuple[str, ...]


@dataclass(frozen=True)
class Revocation:
    at: Moment
    skill: str
    reason: str


@dataclass(frozen=True)
class Clearance:
    requested: Moment
    confirmed: Moment


@dataclass(frozen=True)
class Story:
    mentee: str
    mentor: str
    job_role: str
    paired: Moment
    events: tuple[Session | SignOffs | Revocation, ...]
    # Onboarding courses finished through the courses services: "required" (for solo work),
    # "all", or "" to leave the learning as the learning demo made it.
    courses: str = ""
    clearance: Clearance | None = None

    def moments(self) -> list[Moment]:
        moments = [self.paired, *(event.at for event in self.events)]
        if self.clearance is not None:
            moments += [self.clearance.requested, self.clearance.confirmed]
        return moments


NEWBIE = Story(
    mentee="newbie",
    mentor="mentor",
    job_role="operator",
    paired=(0, "09:30"),
    events=(
        Session(
            (0, "15:10"), PHONE,
            "Абонентка с ул. Садовой: интернета нет с утра, роутер мигает красным. Просит, "
            "чтобы мастер приехал сегодня: вечером у сына онлайн-экзамен.",
            (("greet", WS), ("crm", NH), ("repair", NH)),
            strengths="Спокойно выслушал, не перебивал, сразу спросил адрес и номер договора. "
            "Посочувствовал по-человечески — клиентке это было важно.",
            to_improve="Срок визита называем только по свободным окнам в CRM, никогда «на глаз». "
            "Пока ищешь окно, скажи, сколько это займёт: «Мне нужна минута, чтобы посмотреть "
            "расписание мастеров». И перед заявкой проверь аварии на адресе.",
            stepped_in="Никита пообещал, что мастер приедет сегодня до семи, хотя свободных окон "
            "на сегодня нет. Я попросила разрешения подключиться, представилась и назвала "
            "ближайшее окно — завтра с 10 до 12, мастер позвонит за 30 минут. Заявку оформили "
            "вместе.",
            lessons=("courses/crm-basics/repair-request", "knowledge/crm/repair-request"),
            reflection="Понял: сначала смотрю окна, потом называю время. Пообещал, потому что не "
            "хотел её расстраивать, а вышло бы только хуже.",
        ),
        Session(
            (1, "10:30"), CHAT,
            "Клиент пишет в чат: «Почему в этом месяце списали 890 ₽, а не 690?» Оказалось, "
            "закончилась скидка на первые три месяца.",
            (("greet", IND), ("crm", WS), ("closing", WS)),
            strengths="Первый ответ через минуту: «Проверяю начисления, вернусь через "
            "3 минуты» — ровно как в стандарте для чатов. Про скидку объяснил без канцелярита, "
            "одним сообщением.",
            to_improve="Обращение зарегистрировал уже после закрытия чата и с темой «Прочее». "
            "Регистрируй по ходу разговора, тема — «Начисления и оплата». И в конце — итог: "
            "сумма, с какого числа и почему.",
            lessons=("courses/crm-basics/log-request", "knowledge/crm/log-call"),
            reflection="Буду открывать карточку обращения с первой минуты, а не в конце.",
        ),
        Session(
            (1, "16:20"), PHONE,
            "Клиентка жалуется, что по вечерам «всё тормозит»: дома четыре человека, двое "
            "детей учатся онлайн. Хочет тариф побыстрее.",
            (("greet", IND), ("crm", IND), ("tariff", WS), ("closing", IND)),
            strengths="Хорошо расспросил, сколько людей дома и что они делают вечером, — «Волна "
            "500» получилась обоснованным выбором, а не продажей. Итог в конце: тариф, 690 ₽, "
            "с 1-го числа — клиентка всё подтвердила.",
            to_improve="Перед сменой тарифа уточни, кто звонит: менять тариф может только "
            "владелец договора. Сегодня повезло — звонила она сама.",
            lessons=("courses/crm-basics/tariff-change",
                     "courses/service-standards/chats-and-privacy"),
            reflection="Про владельца договора забыл совсем. Добавлю этот вопрос в начало "
            "разговора.",
        ),
        SignOffs((1, "17:30"), ("greet",)),
        Session(
            (2, "11:40"), PHONE,
            "Пожилой абонент раздражён: третий день не показывает спортивный канал, «а платить "
            "заставляете вовремя». Говорит на повышенных тонах.",
            (("greet", IND), ("crm", IND), ("complaint", WS), ("closing", IND)),
            strengths="Не стал оправдываться и не сказал «успокойтесь». Признал проблему своими "
            "словами и сразу предложил проверить приставку удалённо — клиент заметно смягчился.",
            to_improve="Извинился трижды — хватает одного раза, дальше действия и срок. И "
            "предложи перерасчёт сам: канала нет дольше суток, перерасчёт положен по п. 7 "
            "договора, клиент не должен о нём просить.",
            lessons=("courses/service-standards/complaints", STANDARDS),
            acknowledged=False,
        ),
    ),
)  # fmt: skip

COMPLAINT_REVOKED = (
    "На контроле качества прослушали звонок Полины от 21-го числа: клиенту с жалобой на двойное "
    "списание она ответила «это не наш отдел» и не зарегистрировала жалобу. Навык нужно "
    "подтвердить заново, на трёх жалобах под присмотром."
)

NEWBIE2 = Story(
    mentee="newbie2",
    mentor="mentor",
    job_role="operator",
    paired=(0, "10:00"),
    courses="required",
    events=(
        Session(
            (1, "11:20"), PHONE,
            "После ночной грозы у абонента нет интернета. Просит срочно прислать мастера.",
            (("greet", WS), ("crm", NH), ("repair", NH)),
            strengths="Поздоровалась по стандарту и сразу записала телефон для связи.",
            to_improve="Первый шаг при «нет интернета» — авария на адресе в CRM. Это 20 секунд, "
            "и клиент не тратит полчаса на перезагрузки.",
            stepped_in="Полина начала диктовать клиенту, как перезагрузить роутер, не проверив "
            "аварии, — а на доме как раз была авария после грозы. Я подключилась, сказала "
            "клиенту об аварии и о времени восстановления, мастер не понадобился.",
            lessons=("courses/crm-basics/customer-card", "courses/crm-basics/repair-request"),
            reflection="Про аварии знала, но от волнения забыла. Повесила на монитор стикер "
            "«Сначала авария».",
        ),
        Session(
            (3, "14:05"), CHAT,
            "Клиентка спрашивает в чате, почему счёт вырос на 200 ₽. В истории — вторая "
            "приставка в аренду, подключённая месяц назад.",
            (("greet", IND), ("crm", WS), ("closing", WS)),
            strengths="Нашла причину в истории обращений за пару минут и объяснила без упрёка: "
            "«Месяц назад вы подключили вторую приставку, аренда — 200 ₽».",
            to_improve="Обращение не зарегистрировала, а это тоже обращение, даже если всё "
            "объяснили. И закончи итогом: что выяснили и нужно ли что-то менять.",
            lessons=("courses/crm-basics/log-request",),
            reflection="Думала, что если вопрос решён, регистрировать не нужно. Теперь понимаю "
            "зачем: FCR считается по обращениям.",
        ),
        Session(
            (6, "10:30"), PHONE,
            "Звонит жена владельца договора: хочет перейти на тариф подешевле и узнать, сколько "
            "они должны.",
            (("greet", IND), ("nonowner", IND), ("closing", IND)),
            strengths="Вежливо объяснила, что долг и смену тарифа обсуждаем только с владельцем "
            "договора, и сразу предложила выход: муж звонит сам или оформляет доверенность в "
            "офисе. Клиентка не обиделась.",
            to_improve="Можно было добавить, что об авариях и открытых заявках ответим и ей, — "
            "тогда разговор не звучит как отказ.",
            lessons=("courses/service-standards/chats-and-privacy",),
        ),
        SignOffs((6, "18:10"), ("greet", "nonowner", "closing")),
        Session(
            (8, "15:30"), PHONE,
            "Роутер у абонента перезагружается каждые десять минут, аварий на адресе нет.",
            (("crm", IND), ("repair", WS), ("closing", IND)),
            strengths="Аварию проверила первой. Обращение зарегистрировала по ходу разговора, с "
            "правильной темой.",
            to_improve="Перед заявкой на мастера пройди с клиентом простую диагностику: другой "
            "кабель, другая розетка. Половина таких заявок закрывается по телефону.",
            lessons=("courses/crm-basics/repair-request", "knowledge/crm/repair-request"),
            reflection="Пропустила диагностику, потому что клиент торопился. В следующий раз "
            "скажу: «Давайте за две минуты проверим, вдруг мастер не понадобится».",
        ),
        Session(
            (10, "12:10"), PHONE,
            "Клиент возмущён: за ТВ списали дважды, 1 280 ₽ вместо 640. Требует вернуть деньги "
            "«сегодня же».",
            (("complaint", NH), ("crm", IND)),
            strengths="Быстро нашла двойное списание в истории платежей.",
            to_improve="Для клиента мы одна компания: «Это наша ошибка, извините» — и сразу, что "
            "сделаем и к какому сроку. О системе и других отделах клиенту не рассказываем.",
            stepped_in="Полина начала объяснять, что «это система так посчитала» и деньги "
            "вернутся «когда-нибудь», — клиент перешёл на крик. Я подключилась, признала ошибку "
            "компании, оформила возврат и назвала срок — до конца недели.",
            lessons=("courses/service-standards/complaints", STANDARDS),
            reflection="Было очень неприятно, что клиент кричал. Посмотрела, как Ольга построила "
            "ответ: проблема — извинение — действие — срок. Выучу эту схему.",
        ),
        Session(
            (13, "11:00"), PHONE,
            "Мастер не пришёл в назначенное окно, клиентка зря отпросилась с работы. Просит "
            "новую дату и объяснений.",
            (("complaint", WS), ("repair", IND), ("crm", IND)),
            strengths="Извинилась один раз и по делу, нашла в CRM самое раннее окно и отметила "
            "заявку как повторную, чтобы её взяли в приоритет.",
            to_improve="За сорванный визит клиентке положен перерасчёт. Она не спросила, но "
            "предложить нужно было самой.",
            lessons=("courses/service-standards/complaints", DOCUMENTS),
            reflection="Про перерасчёт за визит не знала. Нашла в регламенте, запомнила.",
        ),
        SignOffs((13, "17:50"), ("crm",)),
        Session(
            (15, "16:40"), PHONE,
            "Интернет пропадает каждый вечер около девяти. Аварий нет, по диагностике падает "
            "сигнал на линии.",
            (("repair", IND), ("closing", IND), ("upsell", WS)),
            strengths="Провела диагностику вместе с клиентом и оформила заявку с подробным "
            "описанием — мастеру не придётся переспрашивать. Итог чёткий: номер заявки, окно, "
            "звонок за 30 минут.",
            to_improve="Клиент сам сказал, что в детской плохо ловит Wi-Fi, — хороший повод "
            "рассказать о mesh. Но ты начала предлагать, ещё не оформив заявку: сначала решаем "
            "вопрос, потом предлагаем.",
            lessons=("courses/bonus/honest-selling", "courses/products-and-tariffs/mesh-and-video"),
            reflection="Да, поспешила с mesh. Но клиент заинтересовался — перезвонит после "
            "визита мастера.",
        ),
        SignOffs((15, "18:20"), ("repair",)),
        Session(
            (17, "14:30"), CHAT,
            "Клиентка пишет, что после перерыва связи в прошлом месяце ей обещали перерасчёт, но "
            "в счёте его нет.",
            (("complaint", IND), ("crm", IND)),
            strengths="Одно извинение, обещание нашла в истории обращений, перерасчёт сделала и "
            "написала сумму и дату. Без смайликов — как и положено на жалобе.",
            to_improve="Длинный ответ лучше разбить на два-три сообщения: с телефона так проще "
            "читать.",
            lessons=("courses/service-standards/chats-and-privacy",),
            reflection="Хорошо, буду писать короче.",
        ),
        Session(
            (19, "13:30"), PHONE,
            "Абонент возмущён: списали плату за «Видеоглаз», который он отключил месяц назад.",
            (("complaint", IND),),
            strengths="Выслушала до конца, назвала проблему своими словами и сразу сказала, что "
            "сделает: проверила отключение, вернула деньги, продиктовала номер обращения.",
            to_improve="Всё по стандарту. Номер обращения диктуй чуть медленнее — клиент "
            "записывал.",
            reflection="Спасибо! Приятно, когда получается.",
        ),
        Session(
            (20, "10:10"), PHONE,
            "Клиент 40 минут ждал ответа на линии и начинает разговор с «Вы там вообще "
            "работаете?».",
            (("complaint", IND), ("closing", IND)),
            strengths="«Спасибо, что дождались, сейчас во всём разберёмся» — без оправданий про "
            "загрузку. Вопрос с оплатой решила за три минуты и подвела итог.",
            to_improve="Итог проговаривай спокойнее, не скороговоркой: после долгого ожидания "
            "клиенту важно, чтобы его выслушали.",
            lessons=(STANDARDS,),
        ),
        SignOffs((20, "17:45"), ("complaint",)),
        Revocation((22, "12:30"), "complaint", COMPLAINT_REVOKED),
        Session(
            (24, "11:15"), PHONE,
            "Третий день у абонента не показывают два канала. Он уже звонил, ему обещали "
            "перезвонить — и не перезвонили.",
            (("complaint", IND), ("repair", IND)),
            strengths="Извинилась за то, что не перезвонили, не перекладывая вину. Проверила "
            "приставку удалённо, оформила заявку и сама предложила перерасчёт за дни без "
            "каналов.",
            to_improve="Назови время, когда перезвонишь сама, и поставь напоминание в CRM прямо "
            "при клиенте.",
            lessons=("courses/service-standards/one-window",),
            reflection="После разбора звонка от 21-го поняла, в чём была ошибка. Перечитала "
            "правило одного окна.",
        ),
        Session(
            (27, "15:00"), CHAT,
            "Клиент пишет в чат, что мастер наследил в прихожей и нагрубил его жене.",
            (("complaint", IND), ("crm", IND)),
            strengths="Не стала защищать мастера и не обещала «разобраться» без срока: "
            "зарегистрировала жалобу, назвала номер и срок ответа — 10 рабочих дней — и кто её "
            "рассмотрит.",
            to_improve="Поблагодари клиента за то, что сообщил: для нас это способ узнать о "
            "проблеме, а не нападение.",
            lessons=(DOCUMENTS,),
            reflection="Благодарность в начале — хорошая мысль, добавлю в свою шпаргалку.",
        ),
        Session(
            (29, "16:00"), PHONE,
            "Абонентка возмущена, что за неделю без интернета ей никто не предложил перерасчёт.",
            (("complaint", IND), ("closing", IND)),
            strengths="Спокойный тон, одно извинение, перерасчёт оформлен в том же разговоре, "
            "сумма названа. Итог — сумма, дата, номер обращения.",
            to_improve="Ничего критичного. Реже говори «к сожалению» — звучит как оправдание.",
            reflection="Спасибо, услышала.",
        ),
        SignOffs((29, "18:00"), ("complaint",)),
        Session(
            (31, "12:20"), PHONE,
            "Клиент хочет интернет побыстрее: дети учатся онлайн, а в дальней комнате Wi-Fi "
            "почти не ловит.",
            (("tariff", IND), ("upsell", IND)),
            strengths="Сначала перевела на «Волну 500», а о mesh рассказала, когда вопрос был "
            "решён, — и ровно потому, что клиент сам сказал про дальнюю комнату.",
            to_improve="Цену mesh называй сразу с арендой в месяц, а не только цену комплекта.",
            lessons=("knowledge/products/mesh-wifi",),
            reflection="Цены аренды выучила.",
        ),
        Session(
            (33, "15:50"), PHONE,
            "Абонентка платит за ТВ другому оператору и спрашивает, можно ли смотреть каналы "
            "у нас.",
            (("tariff", IND), ("upsell", IND)),
            strengths="Посчитала вместе с клиенткой, сколько она сэкономит на пакете «Дом "
            "целиком», и перевела её на пакет с 1-го числа. Ничего сверх не навязывала.",
            to_improve="Подскажи, что договор с прежним оператором ей нужно расторгнуть самой, "
            "иначе придётся платить дважды.",
            lessons=("courses/products-and-tariffs/tv-and-bundle",),
        ),
    ),
)  # fmt: skip

CLEARED = Story(
    mentee="cleared",
    mentor="mentor2",
    job_role="operator",
    paired=(0, "10:00"),
    courses="all",
    clearance=Clearance(requested=(37, "17:00"), confirmed=(39, "10:30")),
    events=(
        Session(
            (2, "11:00"), PHONE,
            "Звонит сосед владельца договора: тому отключили интернет, сосед просит назвать долг, "
            "чтобы заплатить за него.",
            (("greet", WS), ("nonowner", NH)),
            strengths="Доброжелательный тон, клиенту было комфортно.",
            to_improve="Если речь о договоре, первый вопрос: «Подскажите, вы владелец "
            "договора?» Соседу можно сказать об аварии и об открытой заявке — не больше.",
            stepped_in="Тимур начал называть соседу сумму долга и дату отключения. Я подключился, "
            "извинился за паузу и объяснил, что данные договора обсуждаем только с владельцем, "
            "а оплатить можно по номеру договора в любом банке.",
            lessons=("courses/service-standards/chats-and-privacy",),
            reflection="Хотел помочь, а чуть не нарушил правила. Вопрос про владельца теперь "
            "задаю первым.",
        ),
        Session(
            (4, "15:20"), PHONE,
            "Роутер мигает красным, интернета нет со вчерашнего вечера. Клиент раздражён: "
            "«опять».",
            (("greet", WS), ("crm", WS), ("repair", NH), ("closing", WS)),
            strengths="Аварию проверил, историю открыл и увидел, что это третья заявка за "
            "полгода, — и сказал об этом клиенту.",
            to_improve="Заявку оформлял почти две минуты в тишине. Говори, что делаешь: «Оформляю "
            "заявку, это займёт минуту». И окно визита — только из расписания.",
            lessons=("courses/crm-basics/repair-request", STANDARDS),
            reflection="Не замечал, что молчу. Буду проговаривать.",
        ),
        Session(
            (8, "10:40"), CHAT,
            "Клиентка спрашивает в чате, почему пришёл счёт, хотя она платит автоплатежом.",
            (("greet", IND), ("crm", IND), ("closing", IND)),
            strengths="Ответил за минуту, нашёл, что автоплатёж не прошёл из-за истёкшей карты, "
            "и объяснил, как обновить карту в личном кабинете. Итог — в последнем сообщении.",
            to_improve="Закрывай чат, только когда клиентка подтвердила, что всё получилось.",
        ),
        SignOffs((8, "17:30"), ("closing",)),
        Session(
            (11, "14:10"), PHONE,
            "Нет ТВ на второй приставке, на первой всё работает.",
            (("greet", IND), ("crm", IND), ("repair", WS)),
            strengths="Приветствие и выяснение потребности — как по учебнику. Обращение "
            "оформил по ходу разговора.",
            to_improve="До заявки на мастера попробуй с клиентом перезагрузить приставку и "
            "проверить кабель.",
            lessons=("knowledge/crm/repair-request",),
            reflection="Понял, в следующий раз попробую.",
        ),
        SignOffs((11, "18:00"), ("greet", "crm")),
        Session(
            (15, "11:30"), PHONE,
            "Звонит дочь владелицы договора: у мамы не работает интернет, а сама мама плохо "
            "слышит.",
            (("nonowner", IND), ("repair", IND), ("closing", IND)),
            strengths="Сказал, что аварии нет, провёл диагностику с помощью дочери и оформил "
            "заявку, не назвав ничего из данных договора. Мастер позвонит дочери, как она "
            "попросила, — так можно.",
            to_improve="Всё верно. Только запиши в заявке, что звонить нужно дочери: сказал, а "
            "не записал.",
            reflection="Записал, спасибо.",
        ),
        SignOffs((15, "18:10"), ("nonowner",)),
        Session(
            (18, "16:00"), PHONE,
            "Мастер опоздал на два часа и не предупредил. Клиент требует «наказать мастера».",
            (("complaint", WS), ("repair", IND)),
            strengths="Извинился один раз, без «так получилось». Зарегистрировал жалобу и "
            "назвал срок ответа.",
            to_improve="Не обещай, что мастера накажут: решения мы не знаем. Скажи, что жалобу "
            "рассмотрит руководитель сервиса и ответит до такого-то числа.",
            lessons=("courses/service-standards/complaints", DOCUMENTS),
            reflection="Да, пообещал лишнее.",
        ),
        SignOffs((18, "18:00"), ("repair",)),
        Session(
            (22, "12:15"), PHONE,
            "Пенсионерка хочет тариф подешевле: интернет ей нужен для новостей и видеосвязи с "
            "внуками.",
            (("tariff", WS), ("closing", IND)),
            strengths="Не стал отговаривать и предложил «Волну 100», честно сказав, что для "
            "видеосвязи этого хватит.",
            to_improve="Сразу скажи, с какого числа новый тариф и что будет с уже оплаченным "
            "месяцем: клиентка спросила об этом дважды.",
            lessons=("courses/crm-basics/tariff-change",),
        ),
        Session(
            (25, "10:50"), PHONE,
            "У абонента сутки не было интернета из-за аварии на линии. Требует перерасчёт и "
            "компенсацию.",
            (("complaint", IND), ("crm", IND)),
            strengths="Признал проблему, извинился, объяснил, что за перерыв дольше суток "
            "положен перерасчёт по п. 7 договора, и сделал его в том же разговоре.",
            to_improve="На «компенсацию сверх перерасчёта» ответил «не положено». Лучше так: "
            "«Сверх перерасчёта компенсацию не делаем, но перерасчёт я оформил за все сутки».",
            lessons=(STANDARDS,),
            reflection="Понял: причина и что можно сделать, а не «не положено».",
        ),
        Session(
            (27, "15:40"), PHONE,
            "Семья из четырёх человек жалуется, что по вечерам зависает видео. Хотят тариф "
            "быстрее.",
            (("tariff", IND), ("upsell", WS)),
            strengths="Подобрал «Волну 500», назвал цену и дату перехода и сменил тариф.",
            to_improve="Клиент упомянул, что Wi-Fi не добивает до кухни, — о mesh ты рассказал "
            "слишком подробно. Двух предложений и листовки по SMS достаточно.",
            lessons=("courses/bonus/honest-selling", "knowledge/products/mesh-wifi"),
        ),
        Session(
            (29, "11:20"), CHAT,
            "Клиентке дважды списали абонентскую плату, она пишет в чат очень резко.",
            (("complaint", IND),),
            strengths="Ни одного смайлика, одно извинение, возврат оформлен, срок назван. Чат "
            "закрыт после того, как клиентка подтвердила.",
            to_improve="Номер обращения давай сразу, не дожидаясь, пока клиентка спросит.",
            reflection="Принял.",
        ),
        Session(
            (32, "14:00"), PHONE,
            "Клиент переходит на «Волну 500» и говорит, что на втором этаже дома Wi-Fi не ловит.",
            (("tariff", IND), ("upsell", IND)),
            strengths="Сначала сменил тариф, потом коротко рассказал о mesh и отправил листовку "
            "по SMS. Клиент подключил mesh сам, без уговоров.",
            to_improve="Всё по делу, продолжай так же.",
        ),
        SignOffs((32, "17:40"), ("tariff",)),
        Session(
            (34, "10:30"), PHONE,
            "Абонент полчаса ждал на линии и начинает разговор с того, что уйдёт к ГорНету.",
            (("complaint", IND), ("closing", IND)),
            strengths="Поблагодарил за ожидание, не оправдывался загрузкой, решил вопрос с "
            "оплатой и подвёл итог. С ГорНетом спорить не стал.",
            to_improve="В следующий раз предложи обратный звонок, если линия занята: клиенту не "
            "придётся ждать на трубке.",
            lessons=(STANDARDS,),
            reflection="Про обратный звонок не знал, спасибо.",
        ),
        SignOffs((34, "17:50"), ("complaint",)),
        Session(
            (36, "16:10"), PHONE,
            "Клиент сравнивает наш тариф с ГорНетом и жалуется, что Wi-Fi не добивает до "
            "дальней комнаты.",
            (("upsell", IND),),
            strengths="Сравнил честно, на цифрах из карточки, и предложил mesh, потому что "
            "клиент сам сказал о проблеме. После «подумаю» не настаивал.",
            to_improve="Замечаний нет — ты готов работать сам.",
            reflection="Спасибо за эти недели!",
        ),
        SignOffs((36, "18:00"), ("upsell",)),
    ),
)  # fmt: skip

STORIES = (NEWBIE, NEWBIE2, CLEARED)

# --- Time ---------------------------------------------------------------------------------------

DAY_START = datetime.time(9, 0)
WORKDAY_MINUTES = 12 * 60  # stories happen between 9:00 and 21:00
LOGGED_AFTER = datetime.timedelta(minutes=20)  # the mentor writes the session up after the call
READ_AFTER = datetime.timedelta(hours=2, minutes=30)  # the newcomer reads it after the shift
SAFETY = datetime.timedelta(minutes=1)
# Below this many working minutes since the hire a squeezed story runs round the clock instead.
SQUEEZE_MIN = 2 * 60


def _day_at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class Timeline:
    """Turns a story's moments (days after the hire, time of day) into datetimes.

    A story longer than the time since the hire (``newbie`` was hired this Monday, whatever today
    is) is squeezed, keeping its order, into the working hours since the hire or, early on the
    first day, into the time since midnight. Nothing lands after ``now``."""

    def __init__(self, *, hired: datetime.date, now: datetime.datetime, last: Moment):
        self.hired = hired
        self.limit = now - SAFETY
        self.needed = self._minutes(last)
        available = self._minutes_until(self.limit)
        self.scale = 1.0 if available >= self.needed else max(0, available) / self.needed
        self.round_the_clock = self.scale < 1 and available < SQUEEZE_MIN

    @staticmethod
    def _minutes(moment: Moment) -> int:
        day, clock = moment
        hours, minutes = map(int, clock.split(":"))
        into_day = (hours - DAY_START.hour) * 60 + minutes - DAY_START.minute
        return day * WORKDAY_MINUTES + min(max(into_day, 0), WORKDAY_MINUTES)

    def _minutes_until(self, moment: datetime.datetime) -> int:
        local = timezone.localtime(moment)
        day = (local.date() - self.hired).days
        return self._minutes((day, local.strftime("%H:%M")))

    def at(self, moment: Moment) -> datetime.datetime:
        if self.round_the_clock:
            midnight = _day_at(self.hired, datetime.time.min)
            share = self._minutes(moment) / self.needed if self.needed else 1.0
            return min(midnight + (self.limit - midnight) * share, self.limit)
        day, minutes = divmod(round(self._minutes(moment) * self.scale), WORKDAY_MINUTES)
        start = _day_at(self.hired + datetime.timedelta(days=day), DAY_START)
        return min(start + datetime.timedelta(minutes=minutes), self.limit)

    def after(self, moment: datetime.datetime, delay: datetime.timedelta) -> datetime.datetime:
        return min(moment + delay, self.limit)


class Notified:
    """What the services notify during one step of a story, moved to the step's moment: read at
    ``read_at``, or left unread when that is None (something the person still has to do)."""

    def __init__(self, *, at: datetime.datetime, read_at: datetime.datetime | None):
        self.at = at
        self.read_at = read_at

    def __enter__(self):
        self.since = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            Notification.objects.filter(pk__gt=self.since).update(
                created_at=self.at, read_at=self.read_at
            )


# --- Building -----------------------------------------------------------------------------------


class Pages:
    """Demo pages by their path below the home page; a page an editor removed is left out."""

    def __init__(self):
        home = HomePage.objects.first()
        self.root = home.url_path if home is not None else None

    def get(self, paths: tuple[str, ...]) -> list[Page]:
        if self.root is None or not paths:
            return []
        url_paths = [f"{self.root}{path.strip('/')}/" for path in paths]
        found = {page.url_path: page for page in Page.objects.filter(url_path__in=url_paths)}
        return [found[url_path] for url_path in url_paths if url_path in found]


def _account_ensure(account: DemoAccount) -> bool:
    """Create the account through the people services if it is missing, as lms.people.demo does;
    returns whether it was created. An existing account is left as it is."""
    if User.objects.filter(username=account.username).exists():
        return False
    staff_member_create(
        username=account.username,
        first_name=account.first_name,
        last_name=account.last_name,
        email=f"{account.email_local}@{EMAIL_DOMAIN}",
        password=DEMO_PASSWORD,
        roles_=account.roles,
        hire_date=timezone.localdate() - datetime.timedelta(days=account.days_in_job),
        team=Team.objects.filter(name=account.team).first(),
        job_role=JobRole.objects.filter(slug=account.job_role).first(),
        line_manager=User.objects.filter(username=account.line_manager).first(),
        status=account.status,
    )
    return True


def _mentor_ensure(spec: MentorSpec) -> bool:
    """The mentor profile of ``spec.username``; returns whether it was created. A profile that
    exists is the managers' now and stays as it is."""
    user = User.objects.filter(username=spec.username).first()
    if user is None or MentorProfile.objects.filter(user=user).exists():
        return False
    profile = MentorProfile(user=user, capacity=spec.capacity)
    profile.full_clean()
    profile.save()
    profile.teams.set(Team.objects.filter(name__in=spec.teams))
    profile.job_roles.set(JobRole.objects.filter(slug__in=spec.job_roles))
    return True


def _skills_ensure(*, pages: Pages) -> int:
    """The practice skills of every demo job role; returns how many were created. A job role
    that has practice skills keeps them as they are."""
    created = 0
    for slug, specs in SKILLS.items():
        role = JobRole.objects.filter(slug=slug).first()
        if role is None or PracticeSkill.objects.filter(job_role=role).exists():
            continue
        for position, spec in enumerate(specs, start=1):
            skill = PracticeSkill(
                job_role=role,
                title=spec.title,
                description=spec.description,
                required_for_solo=spec.required_for_solo,
                sessions_required=spec.sessions_required,
                sort_order=position * 10,
            )
            skill.full_clean()
            skill.save()
            skill.teaching_pages.set(pages.get(spec.pages))
            created += 1
    return created


def _courses_finish(*, profile: StaffProfile, timeline: Timeline, every: bool) -> int:
    """Take the newcomer through the courses of their onboarding plan (those required for solo
    work, or ``every`` one) with the courses services: a course every few mornings, each gate
    passed. The plan came with the hire, so its assignments are dated then. Returns how many
    courses were finished; a newcomer who has studied anything is left as they are."""
    user = profile.user
    if LessonProgress.objects.filter(user=user).exists():
        return 0
    onboarding_plan_assign(profile=profile)  # already done at hiring, unless the plan is newer
    hired_at = timeline.at((0, "09:00"))
    Assignment.objects.filter(
        user=user, source=Assignment.Source.ONBOARDING, assigned_at__gt=hired_at
    ).update(assigned_at=hired_at)
    items = (
        OnboardingPlanItem.objects.filter(plan__job_role_id=profile.job_role_id)
        .select_related("course")
        .order_by("sort_order", "pk")
    )
    finished = 0
    for position, item in enumerate(items):
        if not (every or item.required_for_solo):
            continue
        moment = timeline.at((2 + 4 * position, "09:05"))
        for state in course_outline_for_learner(course=item.course, user=user).lessons:
            lesson = state.lesson
            opened_at = moment
            moment = timeline.after(moment, datetime.timedelta(minutes=lesson.estimated_minutes))
            if state.gate_quiz_id is not None:
                # The quiz itself is the learning demo's to show; here only its result counts.
                lesson_gate_pass(user=user, lesson=lesson, at=moment)
            else:
                lesson_complete(user=user, lesson=lesson, at=moment)
            LessonProgress.objects.filter(user=user, lesson=lesson).update(started_at=opened_at)
            moment = timeline.after(moment, datetime.timedelta(minutes=3))
        finished += 1
    return finished


def _story_blocked(story: Story, *, mentee, mentor, manager) -> str:
    """Why ``story`` cannot be told as written (empty when it can)."""
    profile = getattr(mentee, "staff_profile", None) if mentee is not None else None
    if profile is None or profile.job_role is None or profile.job_role.slug != story.job_role:
        return "no such newcomer"
    if (
        Pairing.objects.filter(mentee=mentee).exists()
        or SupervisedSession.objects.filter(mentee=mentee).exists()
        or SoloClearance.objects.filter(mentee=mentee).exists()
    ):
        return "left as they were"
    mentor_profile = MentorProfile.objects.filter(user__username=story.mentor).first()
    if mentor is None or mentor_profile is None or not mentor_profile.is_active:
        return "no mentor"
    load = Pairing.objects.filter(mentor=mentor, status=Pairing.Status.ACTIVE).count()
    if load >= mentor_profile.capacity:
        return "the mentor is full"
    if manager is None or not staff_profile_can_manage(user=manager, profile=profile):
        return "no manager"
    return ""


def _story_tell(story: Story, *, now: datetime.datetime, pages: Pages) -> str:
    """Play ``story`` through the services, each record moved to its moment. Returns a few words
    for the summary line."""
    mentee = (
        User.objects.select_related("staff_profile__job_role").filter(username=story.mentee).first()
    )
    mentor = User.objects.filter(username=story.mentor).first()
    manager = User.objects.filter(username=MANAGER_USERNAME).first()
    blocked = _story_blocked(story, mentee=mentee, mentor=mentor, manager=manager)
    if blocked:
        return f"{story.mentee}: {blocked}"
    profile = mentee.staff_profile
    titles = {spec.key: spec.title for spec in SKILLS[story.job_role]}
    by_title = {s.title: s for s in PracticeSkill.objects.filter(job_role=profile.job_role)}
    skills = {key: by_title.get(title) for key, title in titles.items()}
    used = {key for event in story.events if isinstance(event, Session) for key, _ in event.ratings}
    if any(skills[key] is None for key in used):
        return f"{story.mentee}: practice skills changed, left as they were"

    timeline = Timeline(hired=profile.hire_date, now=now, last=max(story.moments()))
    paired_at = timeline.at(story.paired)
    with Notified(at=paired_at, read_at=timeline.after(paired_at, READ_AFTER)):
        pairing = pairing_create(mentee=mentee, mentor=mentor, paired_by=manager)
    Pairing.objects.filter(pk=pairing.pk).update(started_at=paired_at)
    told = []
    if story.courses:
        # Before the sessions, as the plan has it; a finished course may notify the mentor.
        with Notified(at=paired_at, read_at=timeline.after(paired_at, READ_AFTER)):
            every = story.courses == "all"
            finished = _courses_finish(profile=profile, timeline=timeline, every=every)
        told.append(f"{finished} courses")
    sessions = 0
    for event in story.events:
        at = timeline.at(event.at)
        if isinstance(event, Session):
            _session_tell(event, at=at, mentee=mentee, mentor=mentor, skills=skills,
                          pages=pages, timeline=timeline)  # fmt: skip
            sessions += 1
            continue
        with Notified(at=at, read_at=timeline.after(at, READ_AFTER)):
            if isinstance(event, SignOffs):
                for key in event.skills:
                    sign_off = signoff_create(mentee=mentee, skill=skills[key], signed_by=mentor)
                    SignOff.objects.filter(pk=sign_off.pk).update(signed_at=at)
            else:
                live = SignOff.objects.get(
                    mentee=mentee, skill=skills[event.skill], revoked_at=None
                )
                signoff_revoke(signoff=live, revoked_by=mentor, reason=event.reason)
                SignOff.objects.filter(pk=live.pk).update(revoked_at=at)
    told.append(f"{sessions} sessions")
    if story.clearance is not None:
        days = _clearance_tell(story.clearance, mentee=mentee, mentor=mentor, manager=manager,
                               pairing=pairing, timeline=timeline)  # fmt: skip
        told.append(f"solo after {days} days")
    return f"{story.mentee}: {', '.join(told)}"


def _session_tell(
    event: Session, *, at, mentee, mentor, skills: dict, pages: Pages, timeline: Timeline
) -> None:
    logged_at = timeline.after(at, LOGGED_AFTER)
    read_at = timeline.after(at, READ_AFTER) if event.acknowledged else None
    with Notified(at=logged_at, read_at=read_at):
        session = session_log(
            mentor=mentor,
            mentee=mentee,
            channel=event.channel,
            situation=event.situation,
            ratings=[(skills[key], rating) for key, rating in event.ratings],
            occurred_at=at,
            mentor_stepped_in=bool(event.stepped_in),
            stepped_in_note=event.stepped_in,
            strengths=event.strengths,
            to_improve=event.to_improve,
            suggested_pages=pages.get(event.lessons),
        )
    stamps = {"created_at": logged_at}
    if event.acknowledged:
        session_acknowledge(session=session, mentee=mentee, reflection=event.reflection)
        stamps["acknowledged_at"] = read_at
    SupervisedSession.objects.filter(pk=session.pk).update(**stamps)


def _clearance_tell(
    clearance: Clearance, *, mentee, mentor, manager, pairing: Pairing, timeline: Timeline
) -> int:
    """The mentor asks, the manager confirms (which ends the pairing and makes the newcomer
    work solo); days to solo are counted to the day of the story's confirmation."""
    requested_at = timeline.at(clearance.requested)
    decided_at = timeline.at(clearance.confirmed)
    with Notified(at=requested_at, read_at=decided_at):
        record = clearance_request(mentee=mentee, requested_by=mentor)
    with Notified(at=decided_at, read_at=timeline.after(decided_at, READ_AFTER)):
        record = clearance_confirm(clearance=record, decided_by=manager)
    days = (timezone.localdate(decided_at) - mentee.staff_profile.hire_date).days
    SoloClearance.objects.filter(pk=record.pk).update(
        requested_at=requested_at, decided_at=decided_at, days_to_solo=days
    )
    Pairing.objects.filter(pk=pairing.pk).update(ended_at=decided_at)
    return days


# --- The loader ---------------------------------------------------------------------------------


@register("mentoring")
def mentoring_demo_load(*, stdout) -> None:
    """Mentors, practice skills for every job role and the stories of ``newbie``, ``newbie2``
    and ``cleared``. Idempotent and create-only."""
    accounts = sum(_account_ensure(account) for account in ACCOUNTS)
    mentors = sum(_mentor_ensure(spec) for spec in MENTORS)
    pages = Pages()
    skills = _skills_ensure(pages=pages)
    now = timezone.now()
    stories = [_story_tell(story, now=now, pages=pages) for story in STORIES]
    total = sum(len(specs) for specs in SKILLS.values())
    stdout.write(
        f"  mentoring: {len(ACCOUNTS)} accounts ({accounts} new), {len(MENTORS)} mentors "
        f"({mentors} new), {total} practice skills for {len(SKILLS)} job roles ({skills} new); "
        + "; ".join(stories)
    )
