"""Aiken, Moodle's simplest question format: single-choice questions only.

    What does NPS measure?
    A. Call length
    B) How likely a customer is to recommend us
    ANSWER: B

Read with Moodle's own rules: a question is one or more lines of text; an option is a capital
letter, ``.`` or ``)``, an optional space or tab, and the text (``A)Text``, ``A.Text`` and
``A) Text`` are all options); ``ANSWER:`` (capitals, as Moodle reads it; a space after the
colon or not) names the right letter, and a lower-case letter there means its capital. A line
"Answer: …" in other case is text, as in Moodle. Blank lines are allowed anywhere.

HTML typed in the text is kept: a question whose text has tags is in HTML format, otherwise
plain text; an option with tags is HTML too (the bank keeps choices as plain text, so the
importer turns it into text and says so).

The options are read by the question type that claims Aiken's questions
(``QuestionType.aiken_claims``: single choice). Reading gives the same drafts as the GIFT reader (``quizzes.gift.QuestionDraft``), with every
problem at its line: no ``ANSWER`` line, an answer that is not one of the letters, fewer than
two options.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from quizzes.gift import ChoiceDraft, ParsedFile, QuestionDraft, problem_for, question_label
from quizzes.types import reading_types

OPTION = re.compile(r"^([A-Z])[.)][ \t]?(.*)$")
ANSWER = re.compile(r"^ANSWER:(.*)$")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<!--")
MIN_OPTIONS = 2

ERROR_NO_ANSWER = _("the question has no ANSWER: line after its options")
ERROR_ANSWER_NOT_OPTION = _("ANSWER: %(answer)s is not one of the options (%(letters)s)")
ERROR_FEW_OPTIONS = _("a question needs at least two options (A. …, B. …)")
ERROR_DUPLICATE_OPTION = _("the option %(letter)s appears twice")
ERROR_ANSWER_WITHOUT_QUESTION = _("ANSWER: with no question before it")


@dataclass
class AikenQuestion:
    """One question as written: its text lines, its options and the ``ANSWER:`` letter."""

    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line
    answer: str = ""
    failed: bool = False


class _AikenReader:
    def __init__(self) -> None:
        self.result = ParsedFile()
        self.current: AikenQuestion | None = None

    def error(self, question: AikenQuestion | None, line: int, message) -> None:
        label = ""
        if question is not None:
            label = question_label(title="", text=" ".join(question.text))
            question.failed = True
        self.result.errors.append(problem_for(line, label, message))

    def read(self, content: str) -> ParsedFile:
        for number, raw in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if answer := ANSWER.match(line):
                self._answer(answer.group(1).strip(), number)
            elif (option := OPTION.match(line)) and self.current and self.current.text:
                self._option(option.group(1), option.group(2).strip(), number)
            else:
                if self.current and self.current.options:
                    # Text after the options starts a new question: the last one had no answer.
                    self.error(self.current, self.current.line, ERROR_NO_ANSWER)
                    self.current = None
                if self.current is None:
                    self.current = AikenQuestion(line=number)
                self.current.text.append(line)
        if self.current is not None:
            self.error(self.current, self.current.line, ERROR_NO_ANSWER)
        return self.result

    def _option(self, letter: str, text: str, number: int) -> None:
        question = self.current
        if any(known == letter for known, _text, _line in question.options):
            self.error(question, number, ERROR_DUPLICATE_OPTION % {"letter": letter})
        question.options.append((letter, text, number))

    def _answer(self, answer: str, number: int) -> None:
        question, self.current = self.current, None
        if question is None:
            self.error(None, number, ERROR_ANSWER_WITHOUT_QUESTION)
            return
        letters = [letter for letter, _text, _line in question.options]
        if len(question.options) < MIN_OPTIONS:
            self.error(question, question.line, ERROR_FEW_OPTIONS)
        # Moodle reads the first character after the colon as the letter.
        answer = answer.strip()[:1].upper()
        if answer not in letters:
            known = ", ".join(letters) or "—"
            message = ERROR_ANSWER_NOT_OPTION % {"answer": answer or "—", "letters": known}
            self.error(question, number, message)
        question.answer = answer
        text = "\n".join(question.text)
        draft = QuestionDraft(
            line=question.line,
            kind="",
            text=text,
            text_format=text_format(text),
            has_errors=question.failed,
        )
        # The type that reads Aiken's options (single choice) says so (``aiken_claims``).
        for qtype in reading_types():
            if qtype.aiken_claims(question, draft, self):
                draft.kind = qtype.code
                qtype.aiken_read(question, draft, self)
                self.result.questions.append(draft)
                return

    # --- Aiken's syntax, for the types reading the options -----------------------------------

    @staticmethod
    def choice_draft(text: str, line: int = 0, **kwargs) -> ChoiceDraft:
        """A choice, an accepted answer or an item, as read."""
        return ChoiceDraft(text=text, line=line, **kwargs)

    @staticmethod
    def text_format(text: str) -> str:
        return text_format(text)


def text_format(text: str) -> str:
    """HTML when the text has tags, else plain text (kept exactly as typed)."""
    return "html" if HTML_TAG.search(text) else "plain"


def aiken_parse(content: str) -> ParsedFile:
    """Read Aiken text into single-choice drafts. Never raises on bad input: every problem is
    in ``errors`` with its line and the question's first words."""
    return _AikenReader().read(content)
