"""Demo glossary: the words a newcomer at «Волна Телеком» hears from colleagues and customers.

Metrics, service, sales, technology, contract and billing, and the company's own jargon, each
explained the way a senior colleague would, with a phrase to say to a customer. Many of them
occur in the demo knowledge content (see ``courses.demo``), where they link automatically.

Create what is missing, never change what exists: a category is found by slug or name, a term
by slug or by its Russian or English wording; an editor may have changed either since the last
run. Terms created in this run get their related terms and tags before their only revision is
published, so a second run saves no rows, revisions or publications at all.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from glossary.models import GlossaryCategory, GlossaryTerm
from lms.core.demo import register

# Revisions are saved in the name of the demo content lead (see lms.people.demo), if present.
EDITOR_USERNAME = "lead"

METRICS = "metriki"
SERVICE = "servis-i-kachestvo"
SALES = "prodazhi"
TECHNOLOGY = "tekhnologii"
BILLING = "dogovor-i-oplata"
INSIDE = "vnutrennyaya-kukhnya"

# slug → name
CATEGORIES = {
    METRICS: "Метрики",
    SERVICE: "Сервис и качество",
    SALES: "Продажи",
    TECHNOLOGY: "Технологии",
    BILLING: "Договор и оплата",
    INSIDE: "Внутренняя кухня",
}

# Tags a few terms share.
TAG_BONUS = "премия"
TAG_FIRST_WEEK = "первая неделя"
TAG_CRM = "CRM"
TAG_COMPLAINTS = "жалобы"
TAG_MONEY = "деньги клиента"
TAG_EQUIPMENT = "оборудование"
TAG_REPAIR = "неисправности"
TAG_COMPETITORS = "конкуренты"
TAG_LAW = "юридическое"

TERMS = [
    # --- Metrics ---------------------------------------------------------------------------
    {
        "slug": "nps",
        "term_ru": "NPS",
        "term_en": "Net Promoter Score",
        "category": METRICS,
        "aliases": "индекс лояльности, индекс потребительской лояльности",
        "definition_ru": (
            "Показывает, готовы ли клиенты советовать «Волну» знакомым. Клиента просят "
            "оценить от 0 до 10, насколько вероятно, что он нас порекомендует. Из доли тех, "
            "кто поставил 9–10, вычитают долю тех, кто поставил 0–6.\n\n"
            "NPS говорит о компании в целом, а не о конкретном разговоре, и в вашу премию "
            "не входит."
        ),
        "definition_en": (
            "How willing customers are to recommend Volna to friends: the share who answer 9–10 "
            "on a 0–10 scale minus the share who answer 0–6. It describes the company as a "
            "whole, not one conversation, and is not part of your bonus."
        ),
        "example": (
            "Коллеге: «Тот клиент, которого ты вчера спасла от отключения, как раз ответил "
            "в опросе NPS десяткой»."
        ),
        "not_to_confuse": (
            "CSAT — оценка одного разговора «здесь и сейчас»; NPS — отношение к компании в "
            "целом. Можно вежливо решить вопрос и получить высокий CSAT, а NPS останется "
            "низким из-за цен или аварий."
        ),
        "tags": (TAG_FIRST_WEEK,),
        "related": ("csat", "fcr", "ottok"),
    },
    {
        "slug": "csat",
        "term_ru": "CSAT",
        "term_en": "Customer satisfaction score",
        "category": METRICS,
        "aliases": "индекс удовлетворённости клиентов, удовлетворённость клиентов",
        "definition_ru": (
            "Насколько клиент доволен конкретным разговором. После звонка, чата или визита в "
            "офис приходит SMS с просьбой оценить разговор от 1 до 5; CSAT — доля четвёрок и "
            "пятёрок за месяц.\n\n"
            "Это самая весомая часть **премии**: 40 %, цель — 90 %."
        ),
        "definition_en": (
            "How satisfied a customer is with one conversation: after a call, chat or office "
            "visit they rate it from 1 to 5 by SMS, and CSAT is the month's share of 4s and 5s. "
            "It carries 40 % of the bonus; the target is 90 %."
        ),
        "example": (
            "Клиенту в конце разговора: «Вам придёт SMS с просьбой оценить разговор — "
            "буду рада, если найдёте минутку»."
        ),
        "not_to_confuse": (
            "NPS спрашивает, порекомендует ли клиент компанию; CSAT — доволен ли он этим "
            "разговором. Первое зависит от всей «Волны», второе в основном от вас."
        ),
        "tags": (TAG_BONUS, TAG_FIRST_WEEK),
        "related": ("nps", "fcr", "premiya"),
    },
    {
        "slug": "fcr",
        "term_ru": "FCR",
        "term_en": "First contact resolution",
        "category": METRICS,
        "aliases": "решение с первого обращения, решение с первого раза, РПО",
        "definition_ru": (
            "Доля обращений, после которых клиенту не пришлось обращаться снова. CRM смотрит, "
            "не было ли повторного обращения по той же теме в течение 7 дней; если мастер не "
            "приехал или ошибся другой отдел, повтор вам не засчитывают.\n\n"
            "FCR — 35 % **премии**, цель — 75 %."
        ),
        "definition_en": (
            "The share of requests after which the customer did not have to come back: CRM "
            "checks for a request on the same topic within 7 days. A repeat caused by another "
            "department is not held against you. FCR carries 35 % of the bonus; the target "
            "is 75 %."
        ),
        "example": (
            "Коллеге: «Не обещай перезвонить, если можешь оформить заявку прямо сейчас — "
            "FCR скажет спасибо»."
        ),
        "not_to_confuse": (
            "FCR не про скорость разговора: быстро закончить звонок и получить повторный — "
            "хуже для FCR, чем поговорить на пять минут дольше и решить вопрос."
        ),
        "tags": (TAG_BONUS, TAG_FIRST_WEEK),
        "related": ("povtornoe-obrashchenie", "csat", "aht", "obrashchenie"),
    },
    {
        "slug": "aht",
        "term_ru": "AHT",
        "term_en": "Average handling time",
        "category": METRICS,
        "aliases": "среднее время обработки, среднее время обработки обращения",
        "definition_ru": (
            "Сколько в среднем длится работа с одним обращением: сам разговор, паузы, пока "
            "клиент ждёт на линии, и время после звонка, пока вы заполняете CRM. По AHT руководитель "
            "планирует, сколько операторов нужно на линии.\n\n"
            "В премию AHT не входит: решить вопрос важнее, чем уложиться в минуты."
        ),
        "definition_en": (
            "The average time one request takes: talk time, hold time and the after-call work "
            "in CRM. Team leads use it to plan how many operators the line needs. It is not "
            "part of your bonus: solving the problem matters more than the minutes."
        ),
        "example": (
            "Коллеге: «У тебя AHT вырос, потому что ты стала заполнять обращения по ходу "
            "разговора? Это нормально, зато FCR растёт»."
        ),
        "not_to_confuse": (
            "AHT — время на одно обращение; SLA — обещанный срок ответа или решения. Можно "
            "говорить долго и при этом уложиться в SLA."
        ),
        "tags": (),
        "related": ("fcr", "sla"),
    },
    {
        "slug": "sla",
        "term_ru": "SLA",
        "term_en": "Service level agreement",
        "category": METRICS,
        "aliases": "соглашение об уровне сервиса, соглашение об уровне обслуживания",
        "definition_ru": (
            "Сроки, которые компания обещает соблюдать: за сколько ответить в чате (2 минуты), "
            "за сколько ответить на жалобу (до 10 рабочих дней), когда передать вопрос в отдел. "
            "В CRM поле «Приоритет SLA» заполняется само и определяет, к какому сроку "
            "обращение должно быть закрыто."
        ),
        "definition_en": (
            "The deadlines the company commits to: a first reply in chat within 2 minutes, an "
            "answer to a complaint within 10 working days, and so on. In CRM the “SLA priority” "
            "field is filled in automatically and sets the deadline of a request."
        ),
        "example": (
            "Коллеге: «Обращение висит третий день, по SLA его пора закрывать — давай узнаем у "
            "бухгалтерии, что с ним»."
        ),
        "not_to_confuse": (
            "SLA — обещанный срок; AHT — фактическое время работы с обращением. Срок клиенту "
            "называйте по SLA, а не «как получится»."
        ),
        "tags": (TAG_CRM,),
        "related": ("aht", "eskalatsiya", "zhaloba"),
    },
    {
        "slug": "povtornoe-obrashchenie",
        "term_ru": "Повторное обращение",
        "term_en": "Repeat contact",
        "category": METRICS,
        "aliases": "повторный звонок",
        "definition_ru": (
            "Клиент снова обратился по той же теме в течение 7 дней — значит, в прошлый раз "
            "вопрос не решили до конца. Каждое такое обращение снижает FCR того, кто вёл "
            "первое."
        ),
        "definition_en": (
            "The customer comes back on the same topic within 7 days: last time the problem "
            "was not fully solved. Each repeat lowers the FCR of whoever handled the first "
            "request."
        ),
        "example": (
            "Клиенту: «Вижу, вы уже звонили во вторник по поводу скорости — расскажите, что "
            "изменилось с тех пор, и я доведу вопрос до конца»."
        ),
        "not_to_confuse": (
            "Повторное обращение — по той же теме. Если клиент через три дня звонит сменить "
            "тариф после вопроса о квитанции, это новое обращение, а не повтор."
        ),
        "tags": (TAG_BONUS,),
        "related": ("fcr", "obrashchenie"),
    },
    {
        "slug": "ottok",
        "term_ru": "Отток",
        "term_en": "Churn",
        "category": METRICS,
        "aliases": "отток абонентов, churn rate",
        "definition_ru": (
            "Доля абонентов, которые за месяц или год расторгли договор. Чаще всего уходят "
            "не из-за цены, а после нескольких нерешённых проблем подряд, поэтому на отток "
            "влияет каждый разговор на линии."
        ),
        "definition_en": (
            "The share of subscribers who end their contract in a month or a year. People "
            "rarely leave over price alone; more often after several unsolved problems in a "
            "row, so every conversation on the line affects churn."
        ),
        "example": (
            "Коллеге: «В доме на Садовой после трёх аварий подряд вырос отток — если звонят "
            "оттуда, будь особенно внимательна»."
        ),
        "not_to_confuse": (
            "Отток — показатель, сколько ушло; удержание — работа с конкретным клиентом, "
            "который собрался уйти."
        ),
        "tags": (),
        "related": ("uderzhanie", "nps"),
    },
    # --- Service and quality ---------------------------------------------------------------
    {
        "slug": "obrashchenie",
        "term_ru": "Обращение",
        "term_en": "",
        "category": SERVICE,
        "aliases": "тикет",
        "definition_ru": (
            "Любой контакт клиента с нами: звонок, чат, письмо, визит в офис. Каждое "
            "обращение записывают в CRM: канал, тема, суть словами клиента и результат. По "
            "этим записям коллеги понимают историю клиента, а компания считает FCR."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Я зарегистрировала ваше обращение, номер 4512. Ответ будет завтра до 12:00»."
        ),
        "not_to_confuse": (
            "Не каждое обращение — жалоба. Вопрос о квитанции — обращение; недовольство и "
            "просьба разобраться — жалоба, её регистрируют отдельно."
        ),
        "tags": (TAG_CRM, TAG_FIRST_WEEK),
        "related": ("kartochka-klienta", "povtornoe-obrashchenie", "zhaloba"),
    },
    {
        "slug": "zhaloba",
        "term_ru": "Жалоба",
        "term_en": "Complaint",
        "category": SERVICE,
        "aliases": "",
        "definition_ru": (
            "Клиент недоволен и хочет, чтобы компания разобралась. Жалобу принимает любой "
            "сотрудник по любому каналу и сразу регистрирует в CRM; клиенту называют номер, "
            "ответ — не позже чем через 10 рабочих дней.\n\n"
            "Пока жалоба не решена, ничего не предлагайте купить."
        ),
        "definition_en": (
            "The customer is unhappy and wants the company to look into it. Any employee takes "
            "a complaint through any channel and logs it in CRM at once; the customer gets its "
            "number and an answer within 10 working days."
        ),
        "example": (
            "Клиенту: «Я записала вашу жалобу, номер 7731. Ответ придёт не позже чем через "
            "10 рабочих дней, обычно быстрее»."
        ),
        "not_to_confuse": (
            "Претензия — письменное требование с законными сроками и обычно с деньгами "
            "(вернуть, пересчитать, возместить); её ведут юристы. Жалоба — любое недовольство, "
            "устное или письменное, её решает линия."
        ),
        "tags": (TAG_COMPLAINTS,),
        "related": ("pretenziya", "obrashchenie", "eskalatsiya"),
    },
    {
        "slug": "pretenziya",
        "term_ru": "Претензия",
        "term_en": "Formal claim",
        "category": SERVICE,
        "aliases": "досудебная претензия, письменная претензия",
        "definition_ru": (
            "Письменное требование клиента к компании: вернуть деньги, сделать перерасчёт, "
            "возместить ущерб. У претензии строгий порядок рассмотрения и сроки, установленные "
            "законом, поэтому её не решают на линии: принимают, регистрируют и передают в "
            "юридический отдел."
        ),
        "definition_en": (
            "A customer's written demand to the company: a refund, a recalculation, "
            "compensation. The law sets how and how fast it must be answered, so the line does "
            "not settle it: accept it, log it and pass it to the legal department."
        ),
        "example": (
            "Клиенту: «Претензию можно передать мне в офисе или отправить письмом — я "
            "зарегистрирую её сегодня, и вам ответит наш юридический отдел»."
        ),
        "not_to_confuse": (
            "Жалоба — любое недовольство, её решает линия; претензия — формальное письменное "
            "требование, её ведут юристы. Если клиент говорит «я напишу претензию», уточните, "
            "чего он хочет: часто вопрос решается прямо в разговоре."
        ),
        "tags": (TAG_COMPLAINTS, TAG_LAW),
        "related": ("zhaloba", "pererashchet"),
    },
    {
        "slug": "eskalatsiya",
        "term_ru": "Эскалация",
        "term_en": "Escalation",
        "category": SERVICE,
        "aliases": "передача в отдел, передать в отдел, передача на вторую линию",
        "definition_ru": (
            "Передача вопроса тому, кто может его решить: на вторую линию, в бухгалтерию, "
            "руководителю. В CRM это результат «Передать в отдел» с описанием и сроком "
            "ответа. Клиент при этом никуда не перезванивает сам — правило одного окна."
        ),
        "definition_en": (
            "Handing a question to whoever can solve it: the second line, accounts, a team "
            "lead. In CRM it is the “Pass to a department” result, with a description and an "
            "answer deadline. The customer never has to call anyone else themselves."
        ),
        "example": (
            "Клиенту: «Этим занимается технический отдел. Я передам им всё, что вы "
            "рассказали, и завтра до 12:00 вам позвонят»."
        ),
        "not_to_confuse": (
            "Эскалация — не «отфутболить»: фраза «звоните в техподдержку» нарушает стандарт, "
            "а передача с полным описанием и сроком — нет."
        ),
        "tags": (TAG_CRM,),
        "related": ("vtoraya-liniya", "pervaya-liniya", "odno-okno"),
    },
    {
        "slug": "pervaya-liniya",
        "term_ru": "Первая линия",
        "term_en": "First-line support",
        "category": SERVICE,
        "aliases": "первая линия поддержки",
        "definition_ru": (
            "Те, кто первым говорит с клиентом: операторы контакт-центра, продавцы в офисе, "
            "чат. Первая линия решает бо́льшую часть вопросов сама; в CRM это результат "
            "«Решено на первой линии»."
        ),
        "definition_en": (
            "Whoever talks to the customer first: contact-centre operators, office sales "
            "staff, chat. The first line solves most questions itself; in CRM that is the "
            "“Solved on the first line” result."
        ),
        "example": (
            "Коллеге: «Это решается на первой линии: перезагрузка роутера и проверка линии, "
            "в отдел передавать не нужно»."
        ),
        "not_to_confuse": (
            "Вторая линия — инженеры и специалисты, к которым вопрос попадает по эскалации; "
            "с клиентом напрямую они говорят редко."
        ),
        "tags": (TAG_FIRST_WEEK,),
        "related": ("vtoraya-liniya", "eskalatsiya", "fcr"),
    },
    {
        "slug": "vtoraya-liniya",
        "term_ru": "Вторая линия",
        "term_en": "Second-line support",
        "category": SERVICE,
        "aliases": "вторая линия поддержки",
        "definition_ru": (
            "Специалисты, которые решают то, что первой линии не по силам: инженеры "
            "технического отдела, бухгалтерия, бэк-офис. Вопрос попадает к ним только через "
            "обращение в CRM, с полным описанием."
        ),
        "definition_en": (
            "Specialists who handle what the first line cannot: network engineers, accounts, "
            "back office. A question reaches them only through a request in CRM, fully "
            "described."
        ),
        "example": (
            "Коллеге: «Линия в порядке, роутер отвечает, а скорость всё равно низкая — "
            "передаю на вторую линию с результатами проверки»."
        ),
        "not_to_confuse": (
            "Вторая линия — не «другой отдел, куда звонит клиент»: клиент продолжает говорить "
            "с вами, а вторая линия работает за кадром."
        ),
        "tags": (),
        "related": ("pervaya-liniya", "eskalatsiya"),
    },
    {
        "slug": "odno-okno",
        "term_ru": "Одно окно",
        "term_en": "One-stop service",
        "category": SERVICE,
        "aliases": "правило одного окна, единое окно",
        "definition_ru": (
            "Правило наших стандартов: клиент говорит с одним человеком, пока его вопрос не "
            "решён или не передан дальше с полным описанием. Клиента не отправляют «звонить в "
            "другой отдел» и не заставляют пересказывать историю."
        ),
        "definition_en": (
            "A rule of our service standards: the customer deals with one person until the "
            "question is solved or handed on with a full description. Nobody is sent to “call "
            "another department” or made to repeat their story."
        ),
        "example": (
            "Клиенту: «Повторять ничего не придётся: я сама передам ваш вопрос и перезвоню, "
            "когда будет ответ»."
        ),
        "not_to_confuse": (
            "Одно окно не значит, что вы должны всё решить сами. Значит — довести вопрос до "
            "того, кто решит, и не бросить клиента по дороге."
        ),
        "tags": (TAG_FIRST_WEEK,),
        "related": ("eskalatsiya", "standart-obsluzhivaniya"),
    },
    {
        "slug": "tochka-kontakta",
        "term_ru": "Точка контакта",
        "term_en": "Touchpoint",
        "category": SERVICE,
        "aliases": "точка касания",
        "definition_ru": (
            "Любое место, где клиент встречается с «Волной»: звонок, чат, офис, визит мастера, "
            "SMS, квитанция, сайт, даже листовка в почтовом ящике. Впечатление о компании "
            "складывается из всех точек контакта сразу, и самая слабая портит остальные."
        ),
        "definition_en": (
            "Any place where a customer meets Volna: a call, a chat, the office, an engineer's "
            "visit, an SMS, a bill, the website, a leaflet. The impression of the company is "
            "made of all of them, and the weakest spoils the rest."
        ),
        "example": (
            "Коллеге: «Квитанция — тоже точка контакта: если в ней непонятная строка, нам "
            "позвонят, так что давай объясним её в листовке»."
        ),
        "not_to_confuse": "",
        "tags": (),
        "related": ("tayny-pokupatel", "standart-obsluzhivaniya"),
    },
    {
        "slug": "tayny-pokupatel",
        "term_ru": "Тайный покупатель",
        "term_en": "Mystery shopper",
        "category": SERVICE,
        "aliases": "тайный клиент, mystery shopping",
        "definition_ru": (
            "Проверяющий, который звонит, пишет в чат или приходит в офис под видом обычного "
            "клиента и оценивает разговор по стандартам обслуживания. Узнать его нельзя, да "
            "и не нужно: говорите с каждым так, как говорили бы с проверяющим."
        ),
        "definition_en": (
            "An assessor who calls, chats or visits the office posing as an ordinary customer "
            "and scores the conversation against the service standards. You cannot tell who "
            "they are, so treat every customer the same way."
        ),
        "example": (
            "Коллеге: «По тайному покупателю у нас в офисе опять минус за итог разговора — "
            "давайте в конце всегда повторять тариф и цену»."
        ),
        "not_to_confuse": (
            "Контроль качества слушает записи настоящих разговоров; тайный покупатель сам "
            "играет роль клиента."
        ),
        "tags": (),
        "related": ("standart-obsluzhivaniya", "tochka-kontakta"),
    },
    {
        "slug": "standart-obsluzhivaniya",
        "term_ru": "Стандарт обслуживания",
        "term_en": "Service standard",
        "category": SERVICE,
        "aliases": "стандарт сервиса",
        "definition_ru": (
            "Наша общая договорённость о том, как говорить с клиентами: как приветствовать, "
            "извиняться, отказывать, заканчивать разговор. Это не текст для чтения вслух: "
            "слова свои, а смысл общий. По стандартам оценивают звонки и визиты тайного "
            "покупателя."
        ),
        "definition_en": (
            "Our shared agreement on how we talk to customers: greeting, apologising, saying "
            "no, closing the conversation. It is not a text to read out: the words are yours, "
            "the meaning is common. Calls and mystery-shopper visits are scored against it."
        ),
        "example": (
            "Коллеге: «По стандарту мы не говорим „успокойтесь“ — лучше признать проблему и "
            "сразу сказать, что делаешь»."
        ),
        "not_to_confuse": (
            "Скрипт задаёт слова, стандарт — смысл и правила. У нас стандарты, а дословных "
            "скриптов почти нет."
        ),
        "tags": (TAG_FIRST_WEEK,),
        "related": ("skript", "odno-okno", "tayny-pokupatel"),
    },
    {
        "slug": "skript",
        "term_ru": "Скрипт",
        "term_en": "Call script",
        "category": SERVICE,
        "aliases": "скрипт разговора, сценарий разговора, речевой модуль",
        "definition_ru": (
            "Заранее написанный текст разговора, который оператор произносит почти дословно. "
            "В «Волне» дословных скриптов мало: обязательны только проговаривание условий "
            "перед сменой тарифа и ясное «Подключаем?» — в остальном работают стандарты "
            "обслуживания."
        ),
        "definition_en": (
            "A prepared text an operator says almost word for word. Volna has few of them: "
            "only the conditions before a tariff change and a clear “Shall I switch it on?” "
            "are fixed; the rest is governed by the service standards."
        ),
        "example": (
            "Коллеге: «Не читай скрипт с экрана — клиент слышит. Запомни смысл и скажи "
            "своими словами»."
        ),
        "not_to_confuse": (
            "Стандарт обслуживания говорит, что должно прозвучать и чего избегать; скрипт — "
            "какими именно словами."
        ),
        "tags": (),
        "related": ("standart-obsluzhivaniya", "vozrazhenie"),
    },
    {
        "slug": "uderzhanie",
        "term_ru": "Удержание",
        "term_en": "Retention",
        "category": SERVICE,
        "aliases": "удержание клиента, удержание абонента",
        "definition_ru": (
            "Разговор с клиентом, который хочет расторгнуть договор: узнать причину и, если "
            "можно, её устранить — починить, сменить тариф, сделать перерасчёт. Уговоры и "
            "запугивание запрещены: если клиент всё же уходит, расстаёмся вежливо, и он "
            "может вернуться."
        ),
        "definition_en": (
            "Talking to a customer who wants to cancel: find the reason and, where possible, "
            "fix it — a repair, another tariff, a recalculation. No pressure or threats: if the "
            "customer still leaves, part politely, so they may come back."
        ),
        "example": (
            "Клиенту: «Жаль это слышать. Подскажите, что не устроило? Возможно, это получится "
            "исправить уже сегодня»."
        ),
        "not_to_confuse": (
            "Удержание — не отказ в расторжении: по п. 8.1 договора клиент может уйти в любой "
            "момент без штрафа, и заявление принимают в любом случае."
        ),
        "tags": (),
        "related": ("ottok", "pererashchet", "vozrazhenie"),
    },
    # --- Sales -------------------------------------------------------------------------------
    {
        "slug": "doprodazha",
        "term_ru": "Допродажа",
        "term_en": "Upsell",
        "category": SALES,
        "aliases": "апсейл, апселл, upselling",
        "definition_ru": (
            "Предложение того же продукта, но лучше и дороже: «Волну 500» вместо «Волны 100», "
            "третий модуль mesh. Допродажа уместна, когда решает проблему, о которой клиент "
            "сказал сам, и только после того, как его вопрос решён."
        ),
        "definition_en": (
            "Offering a better, dearer version of what the customer already has: Volna 500 "
            "instead of Volna 100, a third mesh module. It fits when it solves a problem the "
            "customer mentioned, and only after their question is solved."
        ),
        "example": (
            "Клиенту: «Вы говорите, вечером всё тормозит, а дома четверо. На „Волне 500“ "
            "хватит всем сразу — это 690 ₽ в месяц, роутер уже включён»."
        ),
        "not_to_confuse": (
            "Допродажа — тот же продукт, но мощнее (тариф быстрее). Кросс-продажа — другой "
            "продукт в придачу (ТВ к интернету, камера к интернету)."
        ),
        "tags": (TAG_BONUS,),
        "related": ("kross-prodazha", "navyazannaya-prodazha", "tarif"),
    },
    {
        "slug": "kross-prodazha",
        "term_ru": "Кросс-продажа",
        "term_en": "Cross-sell",
        "category": SALES,
        "aliases": "перекрёстная продажа, кросс-селл, cross-selling",
        "definition_ru": (
            "Предложение другого продукта к тому, что у клиента уже есть: телевидение к "
            "интернету, «Видеоглаз», пакет «Дом целиком» вместо двух отдельных услуг. Повод — "
            "то, что клиент сказал сам: платит за ТВ другому оператору, поцарапали машину во "
            "дворе."
        ),
        "definition_en": (
            "Offering a different product alongside what the customer has: TV with internet, "
            "a Videoglaz camera, the whole-home bundle instead of two separate services. The "
            "cue is something the customer said."
        ),
        "example": (
            "Клиенту: «Вы упомянули, что за телевизор платите Сигнал+. С нами интернет и ТВ "
            "будут в одной квитанции и дешевле — посчитать?»"
        ),
        "not_to_confuse": (
            "Кросс-продажа — другой продукт в придачу; допродажа — тот же продукт, но лучше. "
            "Оба идут в показатель продаж премии, если клиент не отказался в первые 14 дней."
        ),
        "tags": (TAG_BONUS,),
        "related": ("doprodazha", "paket-uslug", "navyazannaya-prodazha"),
    },
    {
        "slug": "navyazannaya-prodazha",
        "term_ru": "Навязанная продажа",
        "term_en": "",
        "category": SALES,
        "aliases": "навязывание услуг",
        "definition_ru": (
            "Продажа услуги, которая клиенту не нужна: уговорили, не дослушав, или "
            "предложили во время жалобы. Такие подключения обычно отменяют в первые 14 дней, "
            "и в премию они не идут, а CSAT после них падает."
        ),
        "definition_en": "",
        "example": (
            "Коллеге: «Клиент дважды сказал „нет“ — дальше это уже навязанная продажа, остановись»."
        ),
        "not_to_confuse": (
            "Допродажа решает проблему клиента; навязанная продажа решает только план "
            "продавца — и то ненадолго."
        ),
        "tags": (TAG_BONUS,),
        "related": ("doprodazha", "kross-prodazha", "csat"),
    },
    {
        "slug": "otstroyka",
        "term_ru": "Отстройка",
        "term_en": "",
        "category": SALES,
        "aliases": "отстройка от конкурентов, конкурентное преимущество",
        "definition_ru": (
            "Чем наш продукт или компания лучше конкурентов — ГорНета, Сигнал+ и Мегалинка, — "
            "причём так, чтобы клиент мог это проверить: пункт договора, цифра из прайса. "
            "Главные отстройки собраны в шпаргалке и в карточках продуктов."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «У ГорНета оптика до дома, а у нас до квартиры, поэтому вечером "
            "скорость не падает — это записано в п. 3.2 договора»."
        ),
        "not_to_confuse": (
            "Отстройка — сравнение с конкретным конкурентом; УТП — то, что отличает нас от "
            "всех сразу. Ругать конкурента — не отстройка: говорите о фактах."
        ),
        "tags": (TAG_COMPETITORS,),
        "related": ("utp", "vozrazhenie"),
    },
    {
        "slug": "utp",
        "term_ru": "УТП",
        "term_en": "Unique selling proposition",
        "category": SALES,
        "aliases": "уникальное торговое предложение, USP",
        "definition_ru": (
            "Одна главная причина выбрать именно нас, которую можно сказать одной фразой. У "
            "«Волны» это оптика до квартиры: скорость вечером та же, что утром, и она записана "
            "в договоре."
        ),
        "definition_en": (
            "The one main reason to choose us, said in a sentence. For Volna it is fibre to "
            "the flat: the speed in the evening is the same as in the morning, and the "
            "contract guarantees it."
        ),
        "example": (
            "Клиенту: «Если коротко: кабель идёт прямо к вам в квартиру, поэтому интернет не "
            "тормозит по вечерам»."
        ),
        "not_to_confuse": (
            "УТП одно на продукт или компанию; отстроек много — по одной-две против каждого "
            "конкурента."
        ),
        "tags": (TAG_COMPETITORS,),
        "related": ("otstroyka", "optika-do-kvartiry"),
    },
    {
        "slug": "vozrazhenie",
        "term_ru": "Возражение",
        "term_en": "Objection",
        "category": SALES,
        "aliases": "работа с возражениями",
        "definition_ru": (
            "Сомнение клиента, которое мешает ему согласиться: «дорого», «у соседей дешевле», "
            "«боюсь, что мастер всё разворотит». На возражение не спорят, а отвечают: уточняют, "
            "что стоит за ним, и дают факт. Готовые ответы на частые возражения есть в каждой "
            "карточке продукта."
        ),
        "definition_en": (
            "A doubt that keeps the customer from saying yes: “too expensive”, “cheaper "
            "elsewhere”, “the engineer will wreck my flat”. Do not argue: ask what is behind it "
            "and give a fact. Every product card lists answers to common objections."
        ),
        "example": (
            "Клиенту: «Да, разница есть — 40 ₽ в месяц. Зато у нас вечером скорость та же, что "
            "утром: давайте я расскажу почему»."
        ),
        "not_to_confuse": (
            "Возражение — сомнение, с ним можно работать. Отказ — решение: одно ясное «нет» "
            "значит нет, предложение в том же разговоре не повторяют."
        ),
        "tags": (TAG_COMPETITORS,),
        "related": ("otstroyka", "skript"),
    },
    {
        "slug": "paket-uslug",
        "term_ru": "Пакет услуг",
        "term_en": "Bundle",
        "category": SALES,
        "aliases": "пакет",
        "definition_ru": (
            "Несколько услуг в одном договоре по цене ниже, чем по отдельности. У «Волны» это "
            "«Дом целиком»: интернет 500 Мбит/с, ТВ и роутер за 890 ₽ вместо 1080 ₽, цена "
            "закреплена на 12 месяцев. Тариф внутри пакета по отдельности не меняют — меняется "
            "весь пакет."
        ),
        "definition_en": (
            "Several services in one contract for less than they cost separately. Volna's is "
            "the whole-home bundle: 500 Mbit/s internet, TV and a router for 890 ₽ instead of "
            "1080 ₽, with the price fixed for 12 months."
        ),
        "example": (
            "Клиенту: «По отдельности интернет и ТВ — 1080 ₽, в пакете — 890 ₽, и цена не "
            "изменится весь год»."
        ),
        "not_to_confuse": (
            "Пакет — не «тариф подороже»: это несколько услуг. Переход с «Волны 100» на «Волну "
            "500» — смена тарифа, а не пакет."
        ),
        "tags": (TAG_MONEY,),
        "related": ("kross-prodazha", "tarif", "iptv"),
    },
    # --- Technology --------------------------------------------------------------------------
    {
        "slug": "optika-do-kvartiry",
        "term_ru": "Оптика до квартиры",
        "term_en": "Fibre to the home",
        "category": TECHNOLOGY,
        "aliases": "FTTH, GPON, оптический кабель, кабель до квартиры",
        "definition_ru": (
            "Оптический кабель идёт от нашей сети прямо в квартиру клиента, а не заканчивается "
            "в подвале. Поэтому скорость ни с кем из соседей не делится и вечером не падает. "
            "Технически это сеть GPON; клиенту достаточно сказать «оптика до квартиры»."
        ),
        "definition_en": (
            "The optical cable runs from our network straight into the customer's flat instead "
            "of ending in the basement, so the speed is not shared with neighbours and does "
            "not drop in the evening. Technically it is a GPON network."
        ),
        "example": (
            "Клиенту: «Кабель заведём прямо к вам: мастер проложит тонкий провод вдоль "
            "плинтуса и сделает одно отверстие»."
        ),
        "not_to_confuse": (
            "«Оптика до дома» у конкурентов — это оптика до подвала, дальше по квартирам идёт "
            "медный кабель, и вечером скорость делят все соседи."
        ),
        "tags": (TAG_COMPETITORS,),
        "related": ("utp", "skorost-po-dogovoru", "router"),
    },
    {
        "slug": "router",
        "term_ru": "Роутер",
        "term_en": "Router",
        "category": TECHNOLOGY,
        "aliases": "маршрутизатор, Wi-Fi-роутер",
        "definition_ru": (
            "Устройство, которое принимает интернет из кабеля и раздаёт его по Wi-Fi. На "
            "«Волне 500» роутер Wi-Fi 6 входит в тариф, на «Волне 100» — в аренду за 99 ₽ в "
            "месяц, или клиент ставит свой, если тот работает на 5 ГГц. Сломался наш роутер "
            "не по вине клиента — меняем бесплатно."
        ),
        "definition_en": (
            "The box that takes the internet from the cable and shares it over Wi-Fi. On Volna "
            "500 a Wi-Fi 6 router is included; on Volna 100 it is rented for 99 ₽ a month, or "
            "the customer uses their own if it supports 5 GHz."
        ),
        "example": (
            "Клиенту: «Давайте перезагрузим роутер: выключите его из розетки на десять секунд "
            "и включите снова — я подожду»."
        ),
        "not_to_confuse": (
            "Роутер раздаёт одну сеть из одной точки; mesh-система — несколько модулей, "
            "которые вместе покрывают всю квартиру."
        ),
        "tags": (TAG_EQUIPMENT,),
        "related": ("mesh", "proverka-linii"),
    },
    {
        "slug": "mesh",
        "term_ru": "Mesh-система",
        "term_en": "Mesh Wi-Fi",
        "category": TECHNOLOGY,
        "aliases": "mesh, меш, меш-система",
        "definition_ru": (
            "Несколько модулей Wi-Fi, которые работают как одна сеть: телефон сам переходит "
            "на ближний модуль, и связь не рвётся. Два модуля — 199 ₽ в месяц в аренду, "
            "третий — ещё 90 ₽; мастер ставит их и замеряет сигнал в каждой комнате."
        ),
        "definition_en": (
            "Several Wi-Fi modules working as one network: the phone switches to the nearest "
            "one and the connection does not drop. Two modules rent for 199 ₽ a month, a third "
            "for 90 ₽ more."
        ),
        "example": (
            "Клиенту: «Если в спальне не ловит, поставим второй модуль — сеть и пароль "
            "останутся те же, ничего перенастраивать не придётся»."
        ),
        "not_to_confuse": (
            "Усилитель (репитер) создаёт вторую сеть и режет скорость примерно вдвое; mesh — "
            "одна сеть почти без потерь."
        ),
        "tags": (TAG_EQUIPMENT,),
        "related": ("router", "doprodazha"),
    },
    {
        "slug": "iptv",
        "term_ru": "IPTV",
        "term_en": "",
        "category": TECHNOLOGY,
        "aliases": "цифровое телевидение, интерактивное телевидение",
        "definition_ru": (
            "Телевидение через интернет — так работает «Волна ТВ»: 190 каналов, пауза, "
            "перемотка и архив за 72 часа, до 5 устройств на подписку. Без нашего интернета "
            "его не подключить."
        ),
        "definition_en": (
            "Television delivered over the internet, which is how Volna TV works: 190 "
            "channels, pause, rewind and a 72-hour archive on up to 5 devices. It needs our "
            "internet service."
        ),
        "example": (
            "Клиенту: «Телевидение идёт через интернет, поэтому его можно смотреть и на "
            "телефоне, и на даче — через приложение „Волна ТВ“»."
        ),
        "not_to_confuse": (
            "Кабельное ТВ (как у Сигнал+) идёт по отдельному кабелю, без перемотки и архива; "
            "эфирное ловит антенна."
        ),
        "tags": (),
        "related": ("pristavka", "paket-uslug"),
    },
    {
        "slug": "pristavka",
        "term_ru": "Приставка",
        "term_en": "Set-top box",
        "category": TECHNOLOGY,
        "aliases": "ТВ-приставка, IPTV-приставка, STB",
        "definition_ru": (
            "Коробочка, через которую «Волна ТВ» работает на обычном телевизоре без Smart TV. "
            "Подходит любой телевизор с разъёмом HDMI. Аренда — 99 ₽ в месяц, мастер "
            "подключает её и показывает, как пользоваться пультом."
        ),
        "definition_en": (
            "The box that runs Volna TV on an ordinary, non-smart television. Any TV with an "
            "HDMI socket will do. It rents for 99 ₽ a month."
        ),
        "example": (
            "Клиенту: «Если у телевизора есть разъём HDMI, всё заработает — приставку дадим в "
            "аренду за 99 ₽ в месяц»."
        ),
        "not_to_confuse": (
            "Приставка нужна не всем: на Smart TV достаточно установить приложение «Волна ТВ»."
        ),
        "tags": (TAG_EQUIPMENT,),
        "related": ("iptv",),
    },
    {
        "slug": "avariya-na-linii",
        "term_ru": "Авария на линии",
        "term_en": "",
        "category": TECHNOLOGY,
        "aliases": "авария, массовая авария, массовый сбой",
        "definition_ru": (
            "Поломка в сети, из-за которой без связи остаётся целый дом или участок. В "
            "карточке клиента, в разделе «Сервис», её видно по жёлтой полосе со сроком "
            "устранения. Пока авария не устранена, заявку на ремонт не создают: клиенту "
            "называют срок."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Да, на вашем участке авария, инженеры уже работают. Обещают "
            "восстановить связь до 18:00 — если позже, будет перерасчёт»."
        ),
        "not_to_confuse": (
            "Авария — проблема у многих сразу, чинит дежурная бригада. Неисправность у одного "
            "клиента — повод для заявки на ремонт и визита мастера."
        ),
        "tags": (TAG_REPAIR,),
        "related": ("proverka-linii", "zayavka-na-remont", "pererashchet"),
    },
    {
        "slug": "proverka-linii",
        "term_ru": "Проверка линии",
        "term_en": "",
        "category": TECHNOLOGY,
        "aliases": "проверить линию, диагностика линии",
        "definition_ru": (
            "Кнопка в разделе «Сервис» CRM: за 10–20 секунд она показывает, видит ли сеть "
            "роутер клиента. Роутер отвечает — проблема скорее в нём или в Wi-Fi; не "
            "отвечает — нужна заявка на ремонт."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Сейчас я проверю линию до вашей квартиры — это займёт около двадцати "
            "секунд»."
        ),
        "not_to_confuse": "",
        "tags": (TAG_CRM, TAG_REPAIR),
        "related": ("avariya-na-linii", "zayavka-na-remont", "router"),
    },
    # --- Contract and billing ---------------------------------------------------------------
    {
        "slug": "tarif",
        "term_ru": "Тариф",
        "term_en": "Tariff",
        "category": BILLING,
        "aliases": "тарифный план",
        "definition_ru": (
            "Условия услуги: что входит и сколько стоит в месяц. Интернет у нас — «Волна 100» "
            "и «Волна 500». Тариф меняют в CRM с 1-го числа следующего месяца или сразу, "
            "тогда плату за текущий месяц пересчитывают по дням."
        ),
        "definition_en": (
            "The terms of a service: what it includes and what it costs a month. Our internet "
            "tariffs are Volna 100 and Volna 500. A change starts on the 1st of next month, "
            "or at once with the month's charge recalculated by days."
        ),
        "example": ("Клиенту: «С 1-го числа у вас будет „Волна 500“ — 690 ₽ в месяц. Подключаем?»"),
        "not_to_confuse": (
            "Тариф — не договор: смена тарифа не требует нового договора, это заявка в CRM "
            "или в личном кабинете."
        ),
        "tags": (TAG_MONEY, TAG_FIRST_WEEK),
        "related": ("abonentskaya-plata", "paket-uslug", "doprodazha"),
    },
    {
        "slug": "abonent",
        "term_ru": "Абонент",
        "term_en": "Subscriber",
        "category": BILLING,
        "aliases": "",
        "definition_ru": (
            "Человек, у которого заключён с нами договор на услуги связи. В CRM его ФИО стоит "
            "в поле «Абонент» карточки клиента."
        ),
        "definition_en": (
            "A person who has a contract with us for telecom services. In CRM their name is in "
            "the “Subscriber” field of the customer card."
        ),
        "example": (
            "Коллеге: «Звонит не абонент, а его дочь — про платежи ей не рассказываем, только "
            "про аварию и заявку»."
        ),
        "not_to_confuse": (
            "Клиент — шире: это и тот, кто только присматривается к нам. Абонент уже "
            "подключён и платит."
        ),
        "tags": (),
        "related": ("vladelets-dogovora", "litsevoy-schet"),
    },
    {
        "slug": "litsevoy-schet",
        "term_ru": "Лицевой счёт",
        "term_en": "",
        "category": BILLING,
        "aliases": "номер лицевого счёта",
        "definition_ru": (
            "Счёт абонента у нас, на котором видно все платежи и начисления. Его номер "
            "указан в квитанции; по нему клиент платит и входит в личный кабинет."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Назовите, пожалуйста, номер лицевого счёта — он есть в любой квитанции»."
        ),
        "not_to_confuse": (
            "Лицевой счёт — не банковский счёт клиента: это наша учётная запись его платежей."
        ),
        "tags": (TAG_MONEY,),
        "related": ("kvitantsiya", "abonent", "abonentskaya-plata"),
    },
    {
        "slug": "abonentskaya-plata",
        "term_ru": "Абонентская плата",
        "term_en": "Monthly fee",
        "category": BILLING,
        "aliases": "абонплата, плата в месяц",
        "definition_ru": (
            "Сумма, которую клиент платит каждый месяц за подключённые услуги: 490 ₽ за "
            "«Волну 100», 890 ₽ за пакет «Дом целиком». Платят вперёд, до 1-го числа месяца "
            "(п. 4 договора)."
        ),
        "definition_en": (
            "What the customer pays every month for their services: 490 ₽ for Volna 100, "
            "890 ₽ for the whole-home bundle. It is paid in advance, by the 1st of the month."
        ),
        "example": (
            "Клиенту: «Абонентская плата будет 690 ₽ в месяц, подключение бесплатно, больше "
            "ничего платить не нужно»."
        ),
        "not_to_confuse": (
            "Разовые платежи — не абонентская плата: например, установка камеры за 1500 ₽ "
            "без договора на 12 месяцев."
        ),
        "tags": (TAG_MONEY,),
        "related": ("tarif", "pererashchet", "kvitantsiya"),
    },
    {
        "slug": "skorost-po-dogovoru",
        "term_ru": "Скорость по договору",
        "term_en": "Guaranteed speed",
        "category": BILLING,
        "aliases": "гарантированная скорость",
        "definition_ru": (
            "Скорость по кабелю, ниже которой мы не опускаемся, — она записана в п. 3.2 "
            "договора: не ниже 90 Мбит/с на «Волне 100» и не ниже 450 Мбит/с на «Волне 500». "
            "Если она ниже, абонент получает перерасчёт."
        ),
        "definition_en": (
            "The cable speed we never go below, written in clause 3.2 of the contract: at "
            "least 90 Mbit/s on Volna 100 and 450 Mbit/s on Volna 500. If it is lower, the "
            "subscriber gets a recalculation."
        ),
        "example": (
            "Клиенту: «По кабелю мы гарантируем не меньше 450 Мбит/с, а по Wi-Fi скорость "
            "зависит от телефона и стен — давайте проверим, где именно теряется»."
        ),
        "not_to_confuse": (
            "Скорость по договору — по кабелю. По Wi-Fi телефон обычно берёт меньше, и это не "
            "нарушение договора."
        ),
        "tags": (TAG_MONEY,),
        "related": ("optika-do-kvartiry", "pererashchet"),
    },
    {
        "slug": "pererashchet",
        "term_ru": "Перерасчёт",
        "term_en": "Recalculation",
        "category": BILLING,
        "aliases": "пересчёт платы",
        "definition_ru": (
            "Уменьшение начисления, когда клиент заплатил за то, чего не получил: перерыв "
            "связи дольше 24 часов (п. 7 договора), скорость ниже гарантированной, отказ от "
            "ТВ в первые 14 дней, смена тарифа посреди месяца. Деньги возвращаются на лицевой "
            "счёт."
        ),
        "definition_en": (
            "Reducing a charge when the customer paid for something they did not get: an "
            "outage longer than 24 hours, speed below the guaranteed level, cancelling TV "
            "within 14 days, a mid-month tariff change."
        ),
        "example": (
            "Клиенту: «Связи не было больше суток, поэтому я сделаю перерасчёт — деньги "
            "вернутся на счёт до конца недели»."
        ),
        "not_to_confuse": (
            "Перерасчёт возвращает на лицевой счёт плату за то, чего не было. Требование "
            "возместить что-то сверх этого, например испорченную технику, — уже претензия."
        ),
        "tags": (TAG_MONEY,),
        "related": ("abonentskaya-plata", "avariya-na-linii", "skorost-po-dogovoru"),
    },
    {
        "slug": "kvitantsiya",
        "term_ru": "Квитанция",
        "term_en": "",
        "category": BILLING,
        "aliases": "счёт на оплату",
        "definition_ru": (
            "Ежемесячный счёт клиента: сколько начислено, за что и до какого числа оплатить. "
            "Приходит на почту и лежит в личном кабинете; у клиента с пакетом или несколькими "
            "услугами квитанция всё равно одна."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Отправлю квитанцию за октябрь на вашу почту прямо сейчас, и она всегда "
            "есть в личном кабинете»."
        ),
        "not_to_confuse": "",
        "tags": (TAG_MONEY,),
        "related": ("litsevoy-schet", "lichny-kabinet", "abonentskaya-plata"),
    },
    {
        "slug": "lichny-kabinet",
        "term_ru": "Личный кабинет",
        "term_en": "",
        "category": BILLING,
        "aliases": "",
        "definition_ru": (
            "Раздел на сайте и в приложении «Волны», где клиент видит баланс и квитанции, "
            "платит, меняет тариф и получает уведомления — например, об изменении цен за "
            "30 дней."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Сменить тариф можно и самому, в личном кабинете, — а если удобнее, "
            "я оформлю смену прямо сейчас»."
        ),
        "not_to_confuse": "",
        "tags": (),
        "related": ("kvitantsiya", "tarif"),
    },
    {
        "slug": "vladelets-dogovora",
        "term_ru": "Владелец договора",
        "term_en": "",
        "category": BILLING,
        "aliases": "",
        "definition_ru": (
            "Тот, на чьё имя заключён договор. Только он может менять тариф и услуги и узнавать "
            "суммы и данные договора. Родственнику или соседу можно сказать лишь об аварии на "
            "адресе и о сроке визита мастера по открытой заявке; для остального нужна "
            "доверенность."
        ),
        "definition_en": "",
        "example": (
            "Клиенту: «Назовите, пожалуйста, ФИО владельца договора» — а не «Вы Анна "
            "Петровна?»: не подсказывайте ответ."
        ),
        "not_to_confuse": (
            "Владелец договора — не обязательно тот, кто платит или живёт по адресу. Договор "
            "переводят на другого человека заявлением о переоформлении."
        ),
        "tags": (TAG_LAW,),
        "related": ("abonent", "personalnye-dannye"),
    },
    {
        "slug": "personalnye-dannye",
        "term_ru": "Персональные данные",
        "term_en": "Personal data",
        "category": BILLING,
        "aliases": "ПДн, персданные",
        "definition_ru": (
            "Всё, по чему можно узнать человека: ФИО, телефон, адрес, паспорт, номер договора, "
            "платежи. Клиент даёт согласие на их обработку вместе с договором. Называть их "
            "можно только владельцу договора, а записывать — только в CRM, не на бумажках."
        ),
        "definition_en": (
            "Anything that identifies a person: name, phone, address, passport, contract "
            "number, payments. The customer consents to their processing with the contract. "
            "Share them only with the contract holder and keep them only in CRM."
        ),
        "example": (
            "Клиенту: «Я не могу назвать сумму по телефону, пока не убедилась, что говорю с "
            "владельцем договора, — это ваши персональные данные»."
        ),
        "not_to_confuse": (
            "Согласие на обработку персональных данных обязательно, согласие на рекламные "
            "SMS — нет, от него можно отказаться в любой момент."
        ),
        "tags": (TAG_LAW,),
        "related": ("vladelets-dogovora", "kartochka-klienta"),
    },
    {
        "slug": "publichnaya-oferta",
        "term_ru": "Публичная оферта",
        "term_en": "Public offer",
        "category": BILLING,
        "aliases": "оферта, договор-оферта",
        "definition_ru": (
            "Договор, опубликованный для всех: клиент принимает его, когда подключается или "
            "платит, без подписи. Так работают многие конкуренты; их сроки и условия для "
            "отстройки берите прямо из оферты. У «Волны» договор подписывают, а его образец "
            "есть в разделе документов."
        ),
        "definition_en": (
            "A contract published for everyone, accepted by connecting or paying, with no "
            "signature. Many competitors work this way, so their terms for a comparison come "
            "straight from the offer."
        ),
        "example": (
            "Клиенту: «В оферте Мегалинка написано „подключение до 10 рабочих дней“, а наш "
            "мастер обычно приезжает на следующий день»."
        ),
        "not_to_confuse": "",
        "tags": (TAG_LAW, TAG_COMPETITORS),
        "related": ("otstroyka",),
    },
    # --- Inside the company -----------------------------------------------------------------
    {
        "slug": "crm",
        "term_ru": "CRM",
        "term_en": "Customer relationship management",
        "category": INSIDE,
        "aliases": "Волна CRM, црм",
        "definition_ru": (
            "Наша рабочая система «Волна CRM»: в ней карточки клиентов, обращения, заявки "
            "мастерам, смена тарифов и отчёты. Всё, что было с клиентом, должно оказаться в "
            "CRM — иначе для коллег этого не было."
        ),
        "definition_en": (
            "Our working system, Volna CRM: customer cards, requests, repair requests, tariff "
            "changes and reports. Anything that happened with a customer must end up in CRM, "
            "or for your colleagues it never happened."
        ),
        "example": (
            "Коллеге: «Запиши в CRM, что обещала перезвонить в четыре, — вдруг клиент "
            "позвонит раньше и попадёт не к тебе»."
        ),
        "not_to_confuse": "",
        "tags": (TAG_CRM, TAG_FIRST_WEEK),
        "related": ("kartochka-klienta", "obrashchenie"),
    },
    {
        "slug": "kartochka-klienta",
        "term_ru": "Карточка клиента",
        "term_en": "Customer card",
        "category": INSIDE,
        "aliases": "карточка абонента",
        "definition_ru": (
            "Экран CRM со всем о клиенте: договор, адрес, подключённые услуги, платежи и "
            "история обращений по всем каналам. Откройте её в начале разговора — часто вопрос "
            "понятен ещё до того, как клиент его задаст."
        ),
        "definition_en": (
            "The CRM screen with everything about a customer: contract, address, services, "
            "payments and the history of requests in every channel."
        ),
        "example": (
            "Клиенту: «Вижу в карточке, что вы звонили во вторник насчёт скорости, — "
            "расскажите, что с тех пор изменилось»."
        ),
        "not_to_confuse": (
            "Карточка клиента — в CRM; карточка продукта — страница о тарифе или услуге в "
            "базе знаний."
        ),
        "tags": (TAG_CRM,),
        "related": ("crm", "obrashchenie", "abonent"),
    },
    {
        "slug": "zayavka-na-remont",
        "term_ru": "Заявка на ремонт",
        "term_en": "Repair request",
        "category": INSIDE,
        "aliases": "ремонтная заявка, заявка мастеру",
        "definition_ru": (
            "Запись клиента на визит мастера, когда связь не работает и проверка линии это "
            "подтвердила. Клиенту приходит SMS с номером заявки и временем, мастер звонит за "
            "30 минут до приезда. При аварии на адресе заявку не создают."
        ),
        "definition_en": (
            "Booking an engineer's visit when the service is down and the line check confirms "
            "it. The customer gets an SMS with the request number and the time slot."
        ),
        "example": (
            "Клиенту: «Мастер приедет завтра с 10 до 12 и позвонит за полчаса. Номер заявки "
            "придёт вам в SMS»."
        ),
        "not_to_confuse": (
            "Заявка на ремонт — для неисправности у одного клиента; при аварии на участке "
            "называют срок устранения, а не записывают мастера."
        ),
        "tags": (TAG_CRM, TAG_REPAIR),
        "related": ("master", "proverka-linii", "avariya-na-linii"),
    },
    {
        "slug": "master",
        "term_ru": "Мастер",
        "term_en": "Field engineer",
        "category": INSIDE,
        "aliases": "монтажник, выездной инженер",
        "definition_ru": (
            "Наш специалист, который приезжает к клиенту: подключает, ставит оборудование, "
            "чинит. Обычно приезжает на следующий день после заявки, в согласованное "
            "двухчасовое окно, и звонит за 30 минут."
        ),
        "definition_en": (
            "Our engineer who visits customers to connect, install equipment and repair. They "
            "usually come the day after the request, in an agreed two-hour slot."
        ),
        "example": (
            "Клиенту: «Мастер проложит кабель вдоль плинтуса, работа займёт около часа, мусор "
            "он уберёт сам»."
        ),
        "not_to_confuse": (
            "Не обещайте, что мастер приедет пораньше: окно визита уже согласовано, а "
            "мастеров по заявкам распределяет диспетчер сервиса."
        ),
        "tags": (TAG_REPAIR,),
        "related": ("zayavka-na-remont",),
    },
    {
        "slug": "premiya",
        "term_ru": "Премия",
        "term_en": "Bonus",
        "category": INSIDE,
        "aliases": "ежемесячная премия",
        "definition_ru": (
            "Ежемесячная доплата к зарплате за CSAT (40 %), FCR (35 %) и продажи (25 %). При "
            "ровно 100 % по всем целям — 15 000 ₽. Показатель ниже 70 % от цели не оплачивается, "
            "выше 120 % — оплачивается как 120 %."
        ),
        "definition_en": (
            "A monthly addition to pay for CSAT (40 %), FCR (35 %) and sales (25 %): 15,000 ₽ "
            "at exactly 100 % of every target. Below 70 % a component pays nothing; above "
            "120 % it pays as 120 %."
        ),
        "example": (
            "Коллеге: «Посмотри калькулятор на странице о премии: там видно, сколько даст "
            "ещё пять процентов FCR»."
        ),
        "not_to_confuse": (
            "Лишние продажи премию не спасут: выше 120 % они не оплачиваются, а низкий CSAT "
            "отнимает самую большую часть."
        ),
        "tags": (TAG_BONUS,),
        "related": ("csat", "fcr", "navyazannaya-prodazha"),
    },
]


def categories_ensure() -> dict[str, GlossaryCategory]:
    """The demo categories by slug: found by slug or name, created only when missing."""
    categories = {}
    for slug, name in CATEGORIES.items():
        category = (
            GlossaryCategory.objects.filter(slug=slug).first()
            or GlossaryCategory.objects.filter(name=name).first()
        )
        if category is None:
            category = GlossaryCategory(slug=slug, name=name)
            category.full_clean()
            category.save()
        categories[slug] = category
    return categories


def _existing_term(spec: dict) -> GlossaryTerm | None:
    """A term already standing for ``spec``: same slug, or the same Russian or English word."""
    match = Q(slug=spec["slug"])
    if spec["term_ru"]:
        match |= Q(term_ru__iexact=spec["term_ru"])
    if spec["term_en"]:
        match |= Q(term_en__iexact=spec["term_en"])
    return GlossaryTerm.objects.filter(match).order_by("pk").first()


def terms_ensure(*, categories: dict[str, GlossaryCategory], editor) -> int:
    """Create the missing terms and publish each with its related terms and tags; returns how
    many were created. Existing terms, and the links of existing terms, are never changed."""
    by_slug: dict[str, GlossaryTerm] = {}
    created: list[tuple[GlossaryTerm, dict]] = []
    for spec in TERMS:
        term = _existing_term(spec)
        if term is None:
            term = GlossaryTerm(
                slug=spec["slug"],
                term_ru=spec["term_ru"],
                term_en=spec["term_en"],
                aliases=spec["aliases"],
                definition_ru=spec["definition_ru"],
                definition_en=spec["definition_en"],
                example=spec["example"],
                not_to_confuse=spec["not_to_confuse"],
                category=categories[spec["category"]],
                live=False,  # goes live when its first revision is published below
            )
            term.full_clean()
            term.save()
            created.append((term, spec))
        by_slug[spec["slug"]] = term
    # Every term exists now, so the new ones can point at any of them.
    for term, spec in created:
        term.related = [by_slug[slug] for slug in spec["related"] if slug in by_slug]
        if spec["tags"]:
            term.tags.add(*spec["tags"])
        term.save_revision(user=editor).publish(user=editor)
    return len(created)


@register("glossary")
def glossary_demo_load(*, stdout) -> None:
    """The glossary of «Волна Телеком»: categories and terms. Idempotent."""
    editor = get_user_model().objects.filter(username=EDITOR_USERNAME).first()
    categories = categories_ensure()
    created = terms_ensure(categories=categories, editor=editor)
    stdout.write(
        f"  glossary: {len(TERMS)} terms ({created} created), {len(categories)} categories"
    )
