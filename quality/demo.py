"""Demo quality control: the QA evaluator ``qa`` (Галина Миронова), the scorecard «Разговор с
клиентом по телефону», three months of evaluated calls of the contact-centre operators, two
mystery-shopping waves half a year apart, and customers' complaints and thanks.

- The scorecard follows the service standards the demo lessons teach: greeting, finding the
  need, product knowledge and USPs, handling objections, the CRM record, the farewell; 15
  criteria, two of them critical (rudeness, disclosing a contract's data to someone who is not
  its owner). Every criterion links to the lessons and knowledge pages that teach it, most also
  to the operators' practice skills and to quiz questions.
- The evaluations are the same on every run (no randomness; dates count back from today).
  ``newbie`` is weak on exactly one criterion, ``objection`` (answered an objection with facts):
  below 80 % in two of their three evaluations; the rule assigns them the course of its lesson. Nobody else is below 80 % on any
  criterion twice, nor fails a critical one, so the weak-spot rule finds only that one.
- ``staff`` disputed the manager's evaluation of one call: it waits for ``qa``. ``cleared``
  disputed one of ``qa``'s and the manager upheld it; most other evaluations are acknowledged.
- The waves are imported through the same service as an agency's file, so their calls are
  scored exactly as the command scores them.

Create-only, like the other loaders: the account is found by username, the scorecard by title
(a scorecard that exists keeps its criteria as people edited them), categories by name, waves by
name, feedback by external id; a person's evaluations are made only if they have none. A second
run writes nothing.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.core.demo import register
from lms.people import roles
from lms.people.demo import DEMO_PASSWORD, EMAIL_DOMAIN, DemoAccount, accounts_register
from lms.people.models import JobRole, StaffProfile
from lms.people.services import staff_member_create
from mentoring.demo import Pages
from mentoring.models import PracticeSkill
from quality.models import (
    Criterion,
    Evaluation,
    EvaluationEvent,
    FeedbackCategory,
    FeedbackCategoryCriterion,
    MysteryShoppingWave,
    Scorecard,
)
from quality.services.feedback import feedback_record
from quality.services.mystery_shopping import mystery_shopping_import
from quality.services.reviews import (
    evaluation_acknowledge,
    evaluation_dispute,
    evaluation_dispute_uphold,
)
from quality.services.scoring import NA, NO, YES, AnswerIn, evaluation_create
from quality.services.versions import scorecard_version_current
from quality.services.weak_spots import weak_spots_scan
from quizzes.models import Question

User = get_user_model()

QA_USERNAME = "qa"
MANAGER_USERNAME = "manager"

ACCOUNTS = [
    DemoAccount("qa", "QA evaluator (evaluates calls, runs mystery shopping)", "Галина",
                "Миронова", "g.mironova", (roles.QA_EVALUATORS,), 820,
                StaffProfile.Status.SOLO),
]  # fmt: skip
accounts_register(ACCOUNTS)

# --- The scorecard ----------------------------------------------------------------------------

SCORECARD_TITLE = "Разговор с клиентом по телефону"
SCORECARD_DESCRIPTION = (
    "Как оператор контакт-центра ведёт звонок по стандартам обслуживания «Волна Телеком»: от "
    "приветствия до итога разговора. По нему оценивают записи звонков и звонки тайного "
    "покупателя. Грубость и данные договора, названные не владельцу, — критичные нарушения: "
    "звонок получает 0 %."
)
STANDARDS = "knowledge/standards"

GREETING = "Приветствие"
NEED = "Выявление потребности"
PRODUCT = "Знание продукта и УТП"
OBJECTIONS = "Работа с возражениями"
CRM = "Запись в CRM"
FAREWELL = "Завершение разговора"


@dataclass(frozen=True)
class CriterionSpec:
    section: str
    code: str
    text: str
    pages: tuple[str, ...]  # paths below the home page, as in mentoring.demo
    skills: tuple[str, ...] = ()  # titles of the operators' practice skills
    questions: tuple[str, ...] = ()  # titles of quiz questions
    weight: str = "1"
    max_points: int = 0  # 0: yes / no
    na_allowed: bool = False
    critical: bool = False


SKILL_GREET = "Поприветствовать клиента и выяснить, что ему нужно"
SKILL_CRM = "Найти клиента в CRM и зарегистрировать обращение"
SKILL_COMPLAINT = "Отработать жалобу и извиниться по стандарту"
SKILL_TARIFF = "Подобрать и сменить тариф по просьбе клиента"
SKILL_NONOWNER = "Поговорить с тем, кто не владелец договора"
SKILL_UPSELL = "Предложить дополнительную услугу к месту"
SKILL_CLOSING = "Завершить разговор и подвести итог"

CRITERIA = (
    CriterionSpec(GREETING, "greeting",
                  "Поздоровался и назвал компанию и своё имя",
                  ("courses/service-standards/greeting-and-closing", STANDARDS),
                  (SKILL_GREET,), ("Части разговора", "Фразы против стандарта")),
    CriterionSpec(GREETING, "hold",
                  "Предупредил об ожидании, назвал срок и поблагодарил за ожидание",
                  ("courses/service-standards/greeting-and-closing",),
                  (SKILL_GREET,), ("Фразы против стандарта",), na_allowed=True),
    CriterionSpec(NEED, "need",
                  "Дал клиенту договорить и задал уточняющие вопросы",
                  ("courses/products-and-tariffs/home-internet",
                   "courses/service-standards/one-window"),
                  (SKILL_GREET, SKILL_TARIFF),
                  ("Признаки клиента «Волны 500»", "Что предложить по словам клиента")),
    CriterionSpec(NEED, "need_check",
                  "Пересказал запрос своими словами, прежде чем решать",
                  ("courses/service-standards/one-window",),
                  (SKILL_GREET,), ("Передача вопроса тому, кто решит",)),
    CriterionSpec(PRODUCT, "price",
                  "Назвал верную цену: на первые месяцы и после них",
                  ("courses/products-and-tariffs/home-internet",
                   "courses/crm-basics/tariff-change"),
                  (SKILL_TARIFF,), ("Цена «Волны 500»", "Как назвать новую цену"), weight="2"),
    CriterionSpec(PRODUCT, "usp",
                  "Объяснил выгоду тарифа для клиента, а не перечислил характеристики",
                  ("courses/products-and-tariffs/competitors",),
                  (SKILL_TARIFF,), ("УТП «Волны»", "Отстройки «Волны 500»"),
                  weight="2", max_points=4),
    CriterionSpec(PRODUCT, "offer",
                  "Предложил дополнительную услугу к месту, когда вопрос уже решён",
                  ("courses/bonus/honest-selling", "courses/products-and-tariffs/mesh-and-video"),
                  (SKILL_UPSELL,), ("Mesh или усилитель", "Повторить предложение"),
                  na_allowed=True),
    # Taught by one lesson only, of a course outside the operators' onboarding plan: the
    # weak-spot rule assigns ``newbie`` that course from quality (a course already open in
    # their plan would not be assigned again).
    CriterionSpec(OBJECTIONS, "objection",
                  "Уточнил, с чем сравнивает клиент, и ответил фактами, а не спором",
                  ("courses/sales-office/objections",),
                  (), ("Ответ на «у ГорНета дешевле»", "Пакет конкурента за 950 ₽"),
                  na_allowed=True),
    CriterionSpec(OBJECTIONS, "complaint",
                  "Недовольство отработал по стандарту: извинился один раз и назвал срок",
                  ("courses/service-standards/complaints",),
                  (SKILL_COMPLAINT,), ("Шаги извинения", "Срок ответа на жалобу"),
                  na_allowed=True),
    CriterionSpec(OBJECTIONS, "polite",
                  "Был вежлив: не грубил, не перебивал, не обвинял клиента",
                  ("courses/service-standards/complaints", STANDARDS),
                  (SKILL_COMPLAINT,), ("Правила работы с жалобами",), critical=True),
    CriterionSpec(CRM, "crm_card",
                  "Открыл карточку клиента и не переспрашивал то, что в ней есть",
                  ("courses/crm-basics/customer-card", "knowledge/crm/customer-history"),
                  (SKILL_CRM,), ("Вкладка с прошлыми обращениями",)),
    CriterionSpec(CRM, "crm_log",
                  "Зарегистрировал обращение с верной темой и понятным описанием",
                  ("courses/crm-basics/log-request", "knowledge/crm/log-call"),
                  (SKILL_CRM,),
                  ("Шаги регистрации обращения", "«Решено», хотя обещали перезвонить")),
    CriterionSpec(CRM, "personal_data",
                  "Не назвал данные договора тому, кто не его владелец",
                  ("courses/service-standards/chats-and-privacy",),
                  (SKILL_NONOWNER,),
                  ("Что относится к персональным данным", "Что можно сказать родственнику",
                   "Как проверить владельца договора"), critical=True),
    CriterionSpec(FAREWELL, "summary",
                  "Подвёл итог: номер заявки, сроки, суммы",
                  ("courses/service-standards/greeting-and-closing",),
                  (SKILL_CLOSING,), ("Части разговора",)),
    CriterionSpec(FAREWELL, "farewell",
                  "Спросил, чем ещё помочь, и попрощался, не обрывая клиента",
                  ("courses/service-standards/greeting-and-closing", STANDARDS),
                  (SKILL_CLOSING,)),
)  # fmt: skip

# What the evaluator writes beside a criterion that was missed.
MISS_COMMENTS = {
    "greeting": "Начал с «Алло, слушаю», компанию не назвал.",
    "hold": "Оставил клиента ждать без срока, «секундочку» — и тишина.",
    "need": "Перебил клиента и начал предлагать, не дослушав.",
    "need_check": "Не уточнил, о каком адресе речь, — решал не тот вопрос.",
    "price": "Назвал цену по акции, не сказал, сколько будет после.",
    "usp": "Перечислил скорость и каналы, но не сказал, что это даёт клиенту.",
    "offer": "Предложил «Видеоглаз», когда клиент звонил с жалобой.",
    "objection": "На «у ГорНета дешевле» начал спорить вместо сравнения цифр.",
    "complaint": "Извинялся несколько раз, но срок ответа не назвал.",
    "crm_card": "Переспросил адрес, который был в карточке.",
    "crm_log": "Тема обращения «Прочее», описание из двух слов.",
    "summary": "Не повторил номер заявки и время визита мастера.",
    "farewell": "Попрощался, пока клиент ещё говорил.",
}

# Criteria missed by turns: each evaluation of someone other than ``newbie`` misses at most one,
# and a person never misses the same one twice, so nobody but ``newbie`` has a weak spot.
MISSABLE = ("hold", "need_check", "summary", "crm_log", "offer", "greeting", "need", "crm_card",
            "objection", "price", "complaint", "farewell", "usp")  # fmt: skip
# Criteria that allow N/A and are N/A in most calls (no objection, no complaint to handle).
USUALLY_NA = ("objection", "complaint")


@dataclass(frozen=True)
class Call:
    days_ago: int
    miss: bool = True  # whether the person misses their next criterion in this call
    evaluator: str = QA_USERNAME
    na: tuple[str, ...] = USUALLY_NA  # criteria not applicable in this call


@dataclass(frozen=True)
class PersonPlan:
    username: str
    first_miss: int  # where the person starts in ``MISSABLE``
    calls: tuple[Call, ...]


# Three months of calls (the newest last); newcomers only since their hire.
PLANS = (
    PersonPlan("staff", 0, (
        Call(88), Call(76, miss=False), Call(63, na=("complaint",)), Call(51, evaluator=MANAGER_USERNAME),
        Call(40, miss=False), Call(27, na=("objection",)), Call(15, miss=False),
        Call(6, evaluator=MANAGER_USERNAME),
    )),
    PersonPlan("cleared", 4, (
        Call(55), Call(41, evaluator=MANAGER_USERNAME), Call(30, miss=False), Call(19),
        Call(8, miss=False, na=("complaint",)),
    )),
    PersonPlan("newbie2", 8, (Call(30), Call(20, miss=False), Call(9))),
)  # fmt: skip

# ``newbie``'s three calls this week (days after the hire, capped at today): each had an
# objection to handle, and two of the three answers were "no" — below 80 % in two of the last
# three, and nothing else missed.
NEWBIE_USERNAME = "newbie"
NEWBIE_WEAK_CODE = "objection"
NEWBIE_CALLS = ((0, NO), (1, YES), (2, NO))
NEWBIE_COMMENTS = {
    NO: "На «у ГорНета дешевле» начал доказывать, что мы лучше, и не спросил, какой пакет у "
    "клиента перед глазами. Посмотрите урок «Работа с возражениями».",
}

# --- Mystery shopping ---------------------------------------------------------------------------

PROVIDER = "Агентство «Контрольная закупка»"


@dataclass(frozen=True)
class WaveSpec:
    name: str
    days_ago: int  # the first day of the wave
    calls: tuple[tuple[str, bool], ...]  # (username, misses a criterion) per call


WAVES = (
    WaveSpec("Тайный покупатель: звонки на линию, весна", 200,
             (("staff", True), ("staff", True), ("mentor", False), ("mentor2", True))),
    WaveSpec("Тайный покупатель: звонки на линию, осень", 18,
             (("staff", False), ("staff", True), ("mentor", True), ("mentor2", True),
              ("cleared", True), ("cleared", False))),
)  # fmt: skip
WAVE_DAYS = 10  # how long a wave lasts
# Where each person starts in ``MISSABLE`` for the waves: after their evaluated calls' misses.
WAVE_FIRST_MISS = {"staff": 6, "cleared": 8, "mentor": 2, "mentor2": 9}

# --- Customer feedback --------------------------------------------------------------------------


@dataclass(frozen=True)
class CategorySpec:
    name: str
    codes: tuple[str, ...]


CATEGORIES = (
    CategorySpec("Не знал тариф", ("price", "usp")),
    CategorySpec("Неверная цена", ("price",)),
    CategorySpec("Не перезвонили", ("crm_log", "summary")),
    CategorySpec("Долгое ожидание на линии", ("hold",)),
    CategorySpec("Грубость", ("polite",)),
    CategorySpec("Разглашение данных", ("personal_data",)),
    CategorySpec("Вежливость и внимание", ("greeting", "polite", "farewell")),
    CategorySpec("Быстро решили вопрос", ("need", "crm_log")),
    CategorySpec("Понятно объяснили тариф", ("usp", "price")),
)


@dataclass(frozen=True)
class FeedbackSpec:
    external_id: str
    kind: str
    username: str
    days_ago: int
    text: str = ""
    category: str = ""
    score: int | None = None
    repeat_contact: bool = False


FEEDBACK = (
    FeedbackSpec("demo-thanks-01", "thanks", "staff", 70,
                 "Екатерина за пять минут разобралась, почему у нас падал интернет вечером, и "
                 "подобрала тариф. Спасибо!", "Понятно объяснили тариф"),
    FeedbackSpec("demo-thanks-02", "thanks", "staff", 33,
                 "Очень вежливый оператор, всё объяснила и перезвонила, как обещала.",
                 "Вежливость и внимание"),
    FeedbackSpec("demo-thanks-03", "thanks", "staff", 12,
                 "Мастера прислали на следующий день, оператор сразу назвала номер заявки.",
                 "Быстро решили вопрос"),
    FeedbackSpec("demo-thanks-04", "thanks", "cleared", 16,
                 "Тимур терпеливо помог маме настроить приставку.", "Вежливость и внимание"),
    FeedbackSpec("demo-thanks-05", "thanks", "newbie2", 11,
                 "Спасибо Полине: объяснила, как работает перерасчёт.", "Быстро решили вопрос"),
    FeedbackSpec("demo-complaint-01", "complaint", "cleared", 47,
                 "Обещали перезвонить по заявке и не перезвонили, пришлось звонить снова.",
                 "Не перезвонили", repeat_contact=True),
    FeedbackSpec("demo-complaint-02", "complaint", "newbie", 0,
                 "Спросил, чем «Волна 500» лучше моего тарифа, — оператор не смог объяснить.",
                 "Не знал тариф"),
    FeedbackSpec("demo-complaint-03", "complaint", "newbie2", 24,
                 "Ждал на линии больше десяти минут, никто не сказал, сколько ещё.",
                 "Долгое ожидание на линии"),
    FeedbackSpec("demo-csat-01", "csat", "staff", 6, score=5),
    FeedbackSpec("demo-csat-02", "csat", "cleared", 8, score=4),
    FeedbackSpec("demo-csat-03", "csat", "newbie2", 9, score=4),
    FeedbackSpec("demo-csat-04", "csat", "newbie", 0, score=3),
    FeedbackSpec("demo-nps-01", "nps", "staff", 15, score=10),
    FeedbackSpec("demo-nps-02", "nps", "cleared", 19, score=8),
)  # fmt: skip

DISPUTE_REASON_STAFF = (
    "Клиент сам попросил не рассказывать про допуслуги — он торопился. Итог я подвела в чате, "
    "ссылка на переписку в карточке."
)
DISPUTE_REASON_CLEARED = "Клиента я не перебивал: он замолчал, и я уточнил адрес."
UPHOLD_REASON = (
    "Послушал запись ещё раз: на второй минуте клиент не договорил фразу. Оценка остаётся, "
    "разберём этот звонок на встрече."
)


# --- Loading ------------------------------------------------------------------------------------


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
        status=account.status,
    )
    return True


def scorecard_ensure() -> tuple[Scorecard, bool]:
    """The phone scorecard, created with its criteria and their links if missing; returns it
    and whether it was created. One that exists is left as people edited it."""
    scorecard = Scorecard.objects.filter(title=SCORECARD_TITLE).first()
    if scorecard is not None:
        return scorecard, False
    scorecard = Scorecard.objects.create(
        title=SCORECARD_TITLE, description=SCORECARD_DESCRIPTION, channels=["phone"]
    )
    scorecard.job_roles.set(JobRole.objects.filter(slug__in=["operator", "senior-operator"]))
    scorecard.save()
    pages = Pages()
    skills = {s.title: s for s in PracticeSkill.objects.filter(job_role__slug="operator")}
    titles = {title for spec in CRITERIA for title in spec.questions}
    questions = {q.title: q for q in Question.objects.filter(title__in=titles)}
    for order, spec in enumerate(CRITERIA):
        criterion = Criterion(
            scorecard=scorecard,
            sort_order=order,
            section=spec.section,
            code=spec.code,
            text=spec.text,
            weight=Decimal(spec.weight),
            scale=Criterion.Scale.POINTS if spec.max_points else Criterion.Scale.YES_NO,
            max_points=spec.max_points or None,
            na_allowed=spec.na_allowed,
            critical=spec.critical,
        )
        criterion.save()
        criterion.pages.set(pages.get(spec.pages))
        criterion.practice_skills.set([skills[t] for t in spec.skills if t in skills])
        criterion.questions.set([questions[t] for t in spec.questions if t in questions])
        criterion.save()
    scorecard_version_current(scorecard=scorecard)
    return scorecard, True


def _answers(criteria: dict[str, Criterion], values: dict[str, object]) -> list[AnswerIn]:
    answers = []
    for code, criterion in criteria.items():
        value = values.get(code, YES)
        if value == YES and criterion.scale == Criterion.Scale.POINTS:
            value = criterion.max_points
        missed = value == NO or (isinstance(value, int) and value < criterion.max_points)
        answers.append(AnswerIn(criterion.pk, value, MISS_COMMENTS.get(code, "") if missed else ""))
    return answers


def _miss_value(criterion: Criterion):
    # Below 80 %: "no", or 2 of 4 points.
    return criterion.max_points // 2 if criterion.scale == Criterion.Scale.POINTS else NO


def _backdate(evaluation: Evaluation, moment: datetime.datetime) -> None:
    moment = min(moment, timezone.now())
    Evaluation.objects.filter(pk=evaluation.pk).update(created_at=moment)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _evaluate(*, scorecard, criteria, evaluator, person, day, values, number, notify, comment=""):
    evaluation = evaluation_create(
        evaluator=evaluator,
        person=person,
        scorecard=scorecard,
        channel="phone",
        contact_date=day,
        reference=f"CALL-{day:%y%m%d}-{number:03d}",
        comment=comment,
        answers=_answers(criteria, values),
        notify=notify,
    )
    _backdate(evaluation, _at(day + datetime.timedelta(days=1), 11))
    return evaluation


def _events_backdate(evaluation: Evaluation, moment: datetime.datetime) -> None:
    EvaluationEvent.objects.filter(evaluation=evaluation).update(
        created_at=min(moment, timezone.now())
    )


def _plan_evaluate(plan: PersonPlan, *, scorecard, criteria, users, today) -> int:
    """The evaluated calls of one person, if they have none yet; how many were made."""
    person = users.get(plan.username)
    if person is None or Evaluation.objects.filter(person=person).exists():
        return 0
    missed = plan.first_miss
    made = []
    for number, call in enumerate(plan.calls, start=1):
        values: dict[str, object] = dict.fromkeys(call.na, NA)
        if call.miss:
            code = MISSABLE[missed % len(MISSABLE)]
            missed += 1
            values[code] = _miss_value(criteria[code])
        day = today - datetime.timedelta(days=call.days_ago)
        evaluation = _evaluate(
            scorecard=scorecard,
            criteria=criteria,
            evaluator=users[call.evaluator],
            person=person,
            day=day,
            values=values,
            number=number,
            notify=number == len(plan.calls),
        )
        made.append((evaluation, day, call))
    _reviews_tell(plan.username, made, users=users)
    return len(made)


def _reviews_tell(username: str, made, *, users) -> None:
    """Most calls were acknowledged the next day; ``staff`` disputes the manager's latest
    evaluation (waiting for ``qa``), ``cleared`` disputed their second call and the manager
    upheld it; the newest evaluation of each is still new."""
    person = users[username]
    for index, (evaluation, day, _call) in enumerate(made[:-1]):
        if username == "cleared" and index == 0:
            evaluation_dispute(evaluation=evaluation, user=person, reason=DISPUTE_REASON_CLEARED)
            evaluation_dispute_uphold(
                evaluation=evaluation, user=users[MANAGER_USERNAME], reason=UPHOLD_REASON
            )
            evaluation_acknowledge(evaluation=evaluation, user=person)
        else:
            evaluation_acknowledge(evaluation=evaluation, user=person)
        _events_backdate(evaluation, _at(day + datetime.timedelta(days=2), 10))
    if username == "staff":
        evaluation, day, _call = made[-1]
        evaluation_dispute(evaluation=evaluation, user=person, reason=DISPUTE_REASON_STAFF)
        _events_backdate(evaluation, _at(day + datetime.timedelta(days=2), 10))


def _newbie_evaluate(*, scorecard, criteria, users, today) -> int:
    person = users.get(NEWBIE_USERNAME)
    if person is None or Evaluation.objects.filter(person=person).exists():
        return 0
    hired = person.staff_profile.hire_date or today
    for number, (days_after_hire, answer) in enumerate(NEWBIE_CALLS, start=1):
        day = min(hired + datetime.timedelta(days=days_after_hire), today)
        values = dict.fromkeys(USUALLY_NA, NA)
        values[NEWBIE_WEAK_CODE] = answer
        _evaluate(
            scorecard=scorecard,
            criteria=criteria,
            evaluator=users[QA_USERNAME],
            person=person,
            day=day,
            values=values,
            number=number,
            notify=number == len(NEWBIE_CALLS),
            comment=NEWBIE_COMMENTS.get(answer, ""),
        )
    return len(NEWBIE_CALLS)


def _wave_csv(wave: WaveSpec, *, criteria, users, start: datetime.date) -> bytes:
    """The wave's file as the agency would send it: one row per call."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["email", "date", "location", *criteria, "comment"])
    # Each person goes on through ``MISSABLE`` from where the earlier waves left them.
    misses = dict(WAVE_FIRST_MISS)
    for earlier in WAVES[: WAVES.index(wave)]:
        for username, miss in earlier.calls:
            misses[username] += miss
    for index, (username, miss) in enumerate(wave.calls):
        values: dict[str, object] = dict.fromkeys(USUALLY_NA, NA)
        comment = "Звонок по стандарту."
        if miss:
            code = MISSABLE[misses[username] % len(MISSABLE)]
            misses[username] += 1
            values[code] = _miss_value(criteria[code])
            comment = MISS_COMMENTS[code]
        row = []
        for code, criterion in criteria.items():
            value = values.get(code, YES)
            if value == YES and criterion.scale == Criterion.Scale.POINTS:
                value = criterion.max_points
            row.append({YES: "да", NO: "нет", NA: "н/п"}.get(value, value))
        day = start + datetime.timedelta(days=index % WAVE_DAYS)
        writer.writerow([users[username].email, day.isoformat(), f"Звонок {index + 1}", *row,
                         comment])  # fmt: skip
    return out.getvalue().encode("utf-8")


def _waves_ensure(*, scorecard, criteria, users, today) -> int:
    """Import each wave that does not exist yet; returns how many were imported."""
    imported = 0
    for wave in WAVES:
        if MysteryShoppingWave.objects.filter(name=wave.name).exists():
            continue
        if any(username not in users for username, _ in wave.calls):
            continue
        start = today - datetime.timedelta(days=wave.days_ago)
        result = mystery_shopping_import(
            content=_wave_csv(wave, criteria=criteria, users=users, start=start),
            filename="wave.csv",
            wave_name=wave.name,
            scorecard=scorecard,
            imported_by=users[QA_USERNAME],
            provider=PROVIDER,
            channel="phone",
            period=(start, start + datetime.timedelta(days=WAVE_DAYS - 1)),
        )
        if result.errors:
            raise ValueError(f"demo wave {wave.name}: {result.errors}")
        imported += 1
    return imported


def _categories_ensure(scorecard: Scorecard) -> int:
    created = 0
    for spec in CATEGORIES:
        category, was_created = FeedbackCategory.objects.get_or_create(name=spec.name)
        if not was_created:
            continue
        created += 1
        for order, code in enumerate(spec.codes):
            FeedbackCategoryCriterion.objects.create(
                category=category, scorecard=scorecard, criterion_code=code, sort_order=order
            )
    return created


def _feedback_ensure(*, users, today) -> int:
    created = 0
    for spec in FEEDBACK:
        person = users.get(spec.username)
        if person is None:
            continue
        recorded = feedback_record(
            external_id=spec.external_id,
            kind=spec.kind,
            person=person,
            date=today - datetime.timedelta(days=spec.days_ago),
            channel="phone",
            text=spec.text,
            score=spec.score,
            category=spec.category,
            repeat_contact=spec.repeat_contact,
        )
        created += recorded.created
    return created


@register("quality")
def quality_demo_load(*, stdout) -> None:
    """The QA evaluator, the phone scorecard, evaluations, waves and feedback. Idempotent and
    create-only."""
    accounts = sum(_account_ensure(account) for account in ACCOUNTS)
    scorecard, scorecard_created = scorecard_ensure()
    criteria = {c.code: c for c in scorecard.criteria.order_by("sort_order", "pk")}
    today = timezone.localdate()
    usernames = {QA_USERNAME, MANAGER_USERNAME, NEWBIE_USERNAME, "mentor", "mentor2"}
    usernames |= {plan.username for plan in PLANS}
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    evaluations = 0
    # The calls are made against the criteria this loader wrote; a scorecard people edited
    # since (other codes) gets no demo evaluations.
    if QA_USERNAME in users and {spec.code for spec in CRITERIA} == set(criteria):
        for plan in PLANS:
            evaluations += _plan_evaluate(
                plan, scorecard=scorecard, criteria=criteria, users=users, today=today
            )
        evaluations += _newbie_evaluate(
            scorecard=scorecard, criteria=criteria, users=users, today=today
        )
        waves = _waves_ensure(scorecard=scorecard, criteria=criteria, users=users, today=today)
    else:
        waves = 0
    categories = _categories_ensure(scorecard)
    feedback = _feedback_ensure(users=users, today=today)
    # The weak-spot rule, as the worker would apply it after each evaluation: it assigns
    # newbie the lesson of the one criterion they are weak on, and nobody else anything.
    # A second load finds that weak spot open and assigns nothing again.
    spots = weak_spots_scan().found
    stdout.write(
        f"  quality: {len(ACCOUNTS)} account ({accounts} new), scorecard «{SCORECARD_TITLE}» "
        f"({len(criteria)} criteria{', new' if scorecard_created else ''}), {evaluations} "
        f"evaluations new, {waves} mystery-shopping waves new, {categories} feedback "
        f"categories new, {feedback} complaints, thanks and scores new; {NEWBIE_USERNAME} is "
        f"weak on «{NEWBIE_WEAK_CODE}» ({spots} weak spots new)"
    )
