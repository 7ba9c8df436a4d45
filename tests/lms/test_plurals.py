"""Russian plurals: a number beside a noun takes the form the number needs (1 and 21 «день»,
2–4 and 22 «дня», 5–20 and 25 «дней»); the catalogues hold three Russian forms for every plural
entry; and the source keeps no pattern that shows a count without a plural form."""

import json
import re
from pathlib import Path

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import ngettext

from courses.models.knowledge import ProductCardPage, length_hint_forms
from glossary import importing as glossary_importing
from lms.api import services as api_services
from lms.core import importing as core_importing
from lms.core import tabular
from lms.notifications.models import Notification
from mentoring import services as mentoring_services
from quality.admin_views import MESSAGE_WAVE_IMPORTED
from quality.notifications import WEAK_SPOT
from quality.services import scoring
from quizzes import importing as quiz_importing
from quizzes import moodle_xml
from quizzes import services as quiz_services
from quizzes.review_services import ERROR_DAILY_LIMIT
from quizzes.types import cloze, open_answer
from reports.notifications import OVERDUE_REMINDER
from reports.notifications_exports import EXPORT_READY
from tests.lms import plural_audit

# The numbers every string is read with, and the Russian form each needs: 0 one, 1 few, 2 many.
FORM_OF = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2}
RU_PO = plural_audit.ROOT / "lms/locale/ru/LC_MESSAGES/django.po"
EN_PO = plural_audit.ROOT / "lms/locale/en/LC_MESSAGES/django.po"


def template_block(path: str, marker: str) -> Template:
    """The blocktranslate of the real template ``path`` that contains ``marker``, on its own."""
    source = (plural_audit.ROOT / path).read_text(encoding="utf-8")
    for match in plural_audit.BLOCKTRANS.finditer(source):
        if marker in match.group(0):
            return Template("{% load i18n %}" + match.group(0))
    raise AssertionError(f"no blocktranslate with {marker!r} in {path}")


def rendered(path: str, marker: str, context: dict) -> str:
    return " ".join(template_block(path, marker).render(Context(context)).split())


# name → (the text for a number n, the three Russian forms of the part that must agree with n).
PYTHON_CASES = {
    "review daily limit": (
        lambda n: ERROR_DAILY_LIMIT % {"limit": n},
        ("{n} карточка в день", "{n} карточки в день", "{n} карточек в день"),
    ),
    "API token name": (
        lambda n: api_services.ERROR_NAME_TOO_LONG % {"limit": n},
        ("не больше {n} символа.", "не больше {n} символов.", "не больше {n} символов."),
    ),
    "file rows": (
        lambda n: tabular.ERROR_TOO_MANY_ROWS % {"max": n},
        ("больше {n} строки;", "больше {n} строк;", "больше {n} строк;"),
    ),
    "file cells": (
        lambda n: tabular.ERROR_TOO_MANY_CELLS % {"max": n},
        ("не больше {n} ячейки", "не больше {n} ячеек", "не больше {n} ячеек"),
    ),
    "packed workbook": (
        lambda n: tabular.ERROR_PACKED_TOO_TIGHT % {"name": "x", "ratio": n},
        ("в {n} раз —", "в {n} раза —", "в {n} раз —"),
    ),
    "file lines": (
        lambda n: tabular.ERROR_TOO_MANY_LINES % {"max": n},
        ("не больше {n} строки", "не больше {n} строк", "не больше {n} строк"),
    ),
    "imported cell": (
        lambda n: core_importing.ERROR_TOO_LONG % {"value": "x", "max": n},
        ("длиннее {n} символа", "длиннее {n} символов", "длиннее {n} символов"),
    ),
    "glossary tag": (
        lambda n: glossary_importing.ERROR_TAG_TOO_LONG % {"tag": "x", "max": n},
        ("длиннее {n} символа", "длиннее {n} символов", "длиннее {n} символов"),
    ),
    "cloze gaps": (
        lambda n: cloze.ERROR_TOO_MANY % {"max": n},
        ("не больше {n} пропуска.", "не больше {n} пропусков.", "не больше {n} пропусков."),
    ),
    "open answer": (
        lambda n: open_answer.ERROR_TOO_LONG % {"max": n},
        ("не больше {n} символа.", "не больше {n} символов.", "не больше {n} символов."),
    ),
    "open answer points": (
        lambda n: quiz_services.ERROR_POINTS % {"max": n},
        ("от 0 до {n} балла.", "от 0 до {n} баллов.", "от 0 до {n} баллов."),
    ),
    "Moodle file size": (
        lambda n: moodle_xml.ERROR_TOO_BIG % {"max": n},
        ("больше {n} байта;", "больше {n} байт;", "больше {n} байт;"),
    ),
    "Moodle depth": (
        lambda n: moodle_xml.ERROR_TOO_DEEP % {"max": n},
        ("глубже {n} уровня", "глубже {n} уровней", "глубже {n} уровней"),
    ),
    "question category": (
        lambda n: quiz_importing.ERROR_CATEGORY_TOO_LONG % {"max": n},
        ("длиннее {n} символа", "длиннее {n} символов", "длиннее {n} символов"),
    ),
    "question tag": (
        lambda n: quiz_importing.ERROR_TAG_TOO_LONG % {"tag": "x", "max": n},
        ("длиннее {n} символа", "длиннее {n} символов", "длиннее {n} символов"),
    ),
    "question id": (
        lambda n: quiz_importing.ERROR_ID_TOO_LONG % {"id": "x", "max": n},
        ("не более {n} символа)", "не более {n} символов)", "не более {n} символов)"),
    ),
    "bank key": (
        lambda n: quiz_importing.ERROR_BANK_TOO_LONG % {"bank": "x", "max": n},
        ("не более {n} символа)", "не более {n} символов)", "не более {n} символов)"),
    ),
    "questions per file": (
        lambda n: quiz_importing.ERROR_TOO_MANY_QUESTIONS % {"max": n},
        ("не больше {n} вопроса", "не больше {n} вопросов", "не больше {n} вопросов"),
    ),
    "question text": (
        lambda n: quiz_importing.ERROR_TEXT_TOO_LONG % {"what": "текст", "max": n},
        ("не более {n} символа)", "не более {n} символов)", "не более {n} символов)"),
    ),
    "source name": (
        lambda n: quiz_importing.ERROR_SOURCE_TOO_LONG % {"max": n},
        ("не более {n} символа)", "не более {n} символов)", "не более {n} символов)"),
    ),
    "mentor capacity": (
        lambda n: mentoring_services.ERROR_MENTOR_FULL % {"load": 1, "capacity": n},
        ("из {n} новичка.", "из {n} новичков.", "из {n} новичков."),
    ),
    "evaluation points": (
        lambda n: scoring.ERROR_POINTS % {"max": n},
        ("от 0 до {n} балла.", "от 0 до {n} баллов.", "от 0 до {n} баллов."),
    ),
    "overdue reminder": (
        lambda n: OVERDUE_REMINDER.title % {"sender": "Анна", "count": n},
        (
            "у вас {n} просроченное задание.",
            "у вас {n} просроченных задания.",
            "у вас {n} просроченных заданий.",
        ),
    ),
    "export ready": (
        lambda n: EXPORT_READY.title % {"report": "Сводка", "rows": n},
        ("({n} строка)", "({n} строки)", "({n} строк)"),
    ),
    "weak spot": (
        lambda n: (
            WEAK_SPOT.title
            % {
                "person": "Анна",
                "threshold": 80,
                "criterion": "Приветствие",
                "below": 1,
                "of_last": n,
                "evidence": "—",
                "training": "—",
            }
        ),
        ("из {n} последней оценки", "из {n} последних оценок", "из {n} последних оценок"),
    ),
    "mystery shopping, nothing changed": (
        lambda n: (
            ngettext(
                "Nothing changed: %(unchanged)s visit is already in the wave.",
                "Nothing changed: all %(unchanged)s visits are already in the wave.",
                n,
            )
            % {"unchanged": n}
        ),
        ("{n} визит уже в волне", "все {n} визита уже в волне", "все {n} визитов уже в волне"),
    ),
    "staff without email": (
        lambda n: (
            ngettext(
                "%(count)d person has no email or has left: nothing was sent to them.",
                "%(count)d people have no email or have left: nothing was sent to them.",
                n,
            )
            % {"count": n}
        ),
        (
            "{n} сотрудник без почты или уже не работает",
            "{n} сотрудника без почты или уже не работают",
            "{n} сотрудников без почты или уже не работают",
        ),
    ),
}

# name → (template, a marker inside its blocktranslate, the context for n, the three forms).
TEMPLATE_CASES = {
    "sign-in lockout": (
        "lms/templates/registration/lockout.html",
        "wrong password",
        lambda n: {"failure_limit": n},
        ("{n} раз подряд", "{n} раза подряд", "{n} раз подряд"),
    ),
    "failed digests": (
        "lms/notifications/templates/notifications/admin/digest_failed_list.html",
        "A digest is tried",
        lambda n: {"max_attempts": n},
        ("отправить {n} раз;", "отправить {n} раза;", "отправить {n} раз;"),
    ),
    "course progress": (
        "courses/templates/courses/includes/progress.html",
        "lesson done",
        lambda n: {"outline": {"done": 0, "total": n}},
        ("из {n} урока", "из {n} уроков", "из {n} уроков"),
    ),
    "graded open answer": (
        "quizzes/templates/quizzes/queue/grade.html",
        "point, by",
        lambda n: {
            "answer": {"score": 1, "graded_by": {"get_full_name": "Анна", "get_username": "anna"}},
            "maximum": n,
        },
        ("из {n} балла,", "из {n} баллов,", "из {n} баллов,"),
    ),
    "mentor's skill progress": (
        "mentoring/templates/mentoring/mentor/mentee_detail.html",
        "independent session",
        lambda n: {"progress": {"independent_sessions": 0, "sessions_required": n}},
        (
            "из {n} самостоятельной сессии",
            "из {n} самостоятельных сессий",
            "из {n} самостоятельных сессий",
        ),
    ),
    "newcomer's skill progress": (
        "mentoring/templates/mentoring/newcomer/practice.html",
        "independent session",
        lambda n: {"progress": {"independent_sessions": 0, "sessions_required": n}},
        (
            "из {n} самостоятельной сессии",
            "из {n} самостоятельных сессий",
            "из {n} самостоятельных сессий",
        ),
    ),
    "evaluation answer": (
        "quality/templates/quality/evaluations/detail.html",
        "point{% plural",
        lambda n: {"answer": {"points": 0}, "criterion": {"max_points": n}},
        ("0 из {n} балла", "0 из {n} баллов", "0 из {n} баллов"),
    ),
    "calibration answer": (
        "quality/templates/quality/calibration/detail.html",
        "point{% plural",
        lambda n: {"answer": {"points": 0}, "criterion": {"max_points": n}},
        ("0 из {n} балла", "0 из {n} баллов", "0 из {n} баллов"),
    ),
    "exemplary answer": (
        "quality/templates/quality/examples/list.html",
        "point{% plural",
        lambda n: {"answer": {"points": 0}, "criterion": {"max_points": n}},
        ("0 из {n} балла", "0 из {n} баллов", "0 из {n} баллов"),
    ),
    "criterion scale": (
        "quality/templates/quality/evaluations/_criteria.html",
        "0–{{ max }} point",
        lambda n: {"row": {"criterion": {"max_points": n}}},
        ("0–{n} балл", "0–{n} балла", "0–{n} баллов"),
    ),
    "cards reviewed": (
        "reports/templates/reports/record/person.html",
        "Cards reviewed",
        lambda n: {"review": {"recent_days": n}},
        ("за последний {n} день", "за последние {n} дня", "за последние {n} дней"),
    ),
}


class RussianFormsTests(SimpleTestCase):
    def test_python_messages_take_the_form_of_their_number(self):
        for name, (render, forms) in PYTHON_CASES.items():
            for n, form in FORM_OF.items():
                with self.subTest(name, n=n), translation.override("ru"):
                    self.assertIn(forms[form].format(n=n), str(render(n)))

    def test_template_messages_take_the_form_of_their_number(self):
        for name, (path, marker, context, forms) in TEMPLATE_CASES.items():
            for n, form in FORM_OF.items():
                with self.subTest(name, n=n), translation.override("ru"):
                    self.assertIn(forms[form].format(n=n), rendered(path, marker, context(n)))

    def test_english_says_one_and_many(self):
        with translation.override("en"):
            self.assertIn("(1 card a day)", ERROR_DAILY_LIMIT % {"limit": 1})
            self.assertIn("(2 cards a day)", ERROR_DAILY_LIMIT % {"limit": 2})
            progress = "courses/templates/courses/includes/progress.html"
            one = rendered(progress, "lesson done", {"outline": {"done": 1, "total": 1}})
            self.assertEqual(one, "1 of 1 lesson done")
            self.assertEqual(
                rendered(progress, "lesson done", {"outline": {"done": 1, "total": 21}}),
                "1 of 21 lessons done",
            )

    def test_a_notification_title_takes_its_form_from_its_details(self):
        notification = Notification(
            kind=OVERDUE_REMINDER.key, params={"sender": "Анна Петрова", "count": 22}
        )
        with translation.override("ru"):
            self.assertEqual(
                notification.title, "Анна Петрова напоминает: у вас 22 просроченных задания."
            )
        with translation.override("en"):
            notification.params["count"] = 1
            self.assertEqual(
                notification.title, "Анна Петрова reminds you: 1 of your assignments is overdue."
            )

    def test_the_length_hint_has_a_form_for_each_plural_category(self):
        with translation.override("ru"):
            forms = json.loads(length_hint_forms())
            help_text = str(ProductCardPage._meta.get_field("description").help_text)
        self.assertEqual(forms["one"], "{n} символ; в хорошем описании их {min}–{max}.")
        self.assertEqual(forms["few"], "{n} символа; в хорошем описании их {min}–{max}.")
        self.assertEqual(forms["many"], "{n} символов; в хорошем описании их {min}–{max}.")
        self.assertEqual(forms["other"], forms["many"])
        self.assertIn("400–800 символов, не больше 1200", help_text)
        with translation.override("en"):
            forms = json.loads(length_hint_forms())
        self.assertEqual(forms["one"], "{n} character; a good description has {min}–{max}.")
        self.assertEqual(forms["other"], "{n} characters; a good description has {min}–{max}.")

    def test_a_grouped_limit_is_shown_grouped_and_counted_as_a_number(self):
        with translation.override("ru"):
            message = tabular.ERROR_TOO_MANY_ROWS % {"max": tabular.grouped(50_001)}
        self.assertRegex(message, r"^в файле больше 50\s001 строки; ")
        with translation.override("en"):
            message = tabular.ERROR_TOO_MANY_ROWS % {"max": tabular.grouped(1)}
        self.assertEqual(
            message, "the file has more than 1 row; split the file: at most 1 row per import"
        )

    def test_a_sentence_around_two_counts_stays_neutral(self):
        # «импортировано визитов — N» reads right for any N: the one Russian form repeats.
        with translation.override("ru"):
            for n in FORM_OF:
                message = MESSAGE_WAVE_IMPORTED % {"wave": "Весна", "created": n, "unchanged": 0}
                self.assertIn(f"импортировано визитов — {n},", message)


class CatalogueTests(SimpleTestCase):
    def test_russian_uses_the_standard_three_form_rule(self):
        header, _entries = plural_audit.po_entries(RU_PO.read_text(encoding="utf-8"))
        self.assertEqual(header["Plural-Forms"], plural_audit.RU_PLURAL_FORMS)

    def test_english_uses_two_forms(self):
        header, _entries = plural_audit.po_entries(EN_PO.read_text(encoding="utf-8"))
        self.assertEqual(header["Plural-Forms"], "nplurals=2; plural=(n != 1);")

    def test_every_russian_plural_entry_has_three_written_forms(self):
        text = RU_PO.read_text(encoding="utf-8")
        self.assertGreater(text.count("msgid_plural"), 100)
        self.assertEqual(plural_audit.plural_entry_findings(text, 3, require_text=True), [])

    def test_every_english_plural_entry_has_two_forms(self):
        text = EN_PO.read_text(encoding="utf-8")
        self.assertEqual(plural_audit.plural_entry_findings(text, 2, require_text=False), [])

    def test_the_catalogue_check_finds_a_missing_an_extra_and_an_empty_form(self):
        planted = (
            'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
            'msgstr[0] "%(n)s день"\nmsgstr[1] "%(n)s дня"\n\n'
            'msgid "%(n)s card"\nmsgid_plural "%(n)s cards"\n'
            'msgstr[0] "%(n)s карточка"\nmsgstr[1] "%(n)s карточки"\n'
            'msgstr[2] "%(n)s карточек"\nmsgstr[3] "%(n)s карточки"\n\n'
            'msgid "%(n)s point"\nmsgid_plural "%(n)s points"\n'
            'msgstr[0] "%(n)s балл"\nmsgstr[1] ""\nmsgstr[2] "%(n)s баллов"\n\n'
            'msgid "%(n)s lesson"\nmsgid_plural "%(n)s lessons"\n'
            'msgstr[0] "%(n)s урок"\nmsgstr[1] "%(n)s урока"\nmsgstr[2] "%(n)s уроков"\n'
        )
        problems = plural_audit.plural_entry_findings(planted, 3, require_text=True)
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("'%(n)s day'", problems[0])
        self.assertIn("'%(n)s card'", problems[1])
        self.assertIn("an empty form for '%(n)s point'", problems[2])

    def test_no_russian_message_guesses_the_gender_of_a_name(self):
        self.assertEqual(plural_audit.gender_findings(RU_PO.read_text(encoding="utf-8")), [])

    def test_the_gender_check_finds_a_hedged_verb(self):
        planted = (
            'msgid "%(who)s evaluated it"\nmsgstr "%(who)s оценил(а) контакт"\n\n'
            'msgid "Evaluated by %(who)s"\nmsgstr "Кто оценил: %(who)s"\n'
        )
        problems = plural_audit.gender_findings(planted)
        self.assertEqual(len(problems), 1)
        self.assertIn("оценил(а)", problems[0])


class SourceAuditTests(SimpleTestCase):
    def test_the_source_shows_no_count_without_a_plural_form(self):
        findings = plural_audit.project_findings()
        self.assertEqual([str(finding) for finding in findings], [])

    def test_the_audit_reads_every_app(self):
        for app in plural_audit.APPS:
            with self.subTest(app=app):
                self.assertTrue((plural_audit.ROOT / app).is_dir())

    def test_python_gettext_with_a_counted_noun_is_found(self):
        planted = (
            "from django.utils.translation import gettext_lazy as _, ngettext, pgettext\n"
            'A = _("the tag is longer than %(max)s characters")\n'
            'B = _("%(count)s of your assignments")\n'
            'C = pgettext("import", "{n} more sessions needed")\n'
            'D = ngettext("%(count)s card", "%(count)s cards", 2)\n'
            'E = _("Question %(number)s of %(total)s")\n'
            'F = _("%(mentor)s asks you to clear %(mentee)s")\n'
        )
        findings = plural_audit.python_findings(planted)
        self.assertEqual([finding.line for finding in findings], [2, 3, 4])
        self.assertEqual(findings[1].problem, "count placeholder in gettext")

    def test_a_template_count_without_plural_is_found(self):
        planted = "\n".join(
            [
                "{% load i18n %}",
                "{% blocktranslate with total=items|length %}{{ total }} questions{% endblocktranslate %}",
                "{% blocktranslate with counter=n %}Found: {{ counter }}{% endblocktranslate %}",
                "<p>{{ days }} {% translate 'days' %}</p>",
                "<p>{{ items|length }} вопросов</p>",
                "{% blocktranslate count total=n %}{{ total }} question{% plural %}"
                "{{ total }} questions{% endblocktranslate %}",
                "{% blocktranslate with number=n total=t %}Question {{ number }} of {{ total }}"
                "{% endblocktranslate %}",
                "{% blocktranslate trimmed with done=d needed=n %}",
                "    {{ done }} of {{ needed }} independent sessions",
                "{% endblocktranslate %}",
            ]
        )
        findings = plural_audit.template_findings(planted)
        self.assertEqual([finding.line for finding in findings], [2, 3, 8, 4, 5])
        self.assertEqual(findings[1].problem, "count bound without count")
        self.assertEqual(findings[2].text, "%(done)s of %(needed)s independent sessions")

    def test_javascript_writing_a_count_by_hand_is_found(self):
        glued = "el.textContent = `${count} cards left`;\nlabel = total + ' вопросов';\n"
        substituted = 'hint.textContent = template.replace("{n}", n);\n'
        chosen = (
            "const rules = new Intl.PluralRules(document.documentElement.lang);\n"
            'hint.textContent = forms[rules.select(n)].replace("{n}", n);\n'
        )
        self.assertEqual(len(plural_audit.javascript_findings(glued)), 2)
        self.assertEqual(len(plural_audit.javascript_findings(substituted)), 1)
        self.assertEqual(plural_audit.javascript_findings(chosen), [])

    def test_the_length_hint_script_chooses_its_words_by_plural_category(self):
        script = Path(plural_audit.ROOT / "courses/static/courses/js/length-hint.js").read_text(
            encoding="utf-8"
        )
        self.assertIn("Intl.PluralRules", script)
        self.assertIsNotNone(re.search(r"forms\[plurals\.select\(n\)\]", script))
