"""Moodle XML, the question bank format Moodle imports and exports: reading a file into drafts,
writing questions.

Reading (``moodle_xml_parse``) gives the same ``QuestionDraft``s as the GIFT and Aiken readers,
each with the line of its ``<question>``, and every problem with its line; it never touches the
bank. The file is read safely: a document type declaration (and so any entity, external or
expanding "billion laughs") is refused, and so are a file past ``IMPORT_MAX_FILE_BYTES`` and
elements nested deeper than ``MAX_DEPTH``; each with a message naming the line.

Question types, Moodle's → ours (each of ours says which Moodle types it reads and reads its own
elements: ``QuestionType.moodle_xml_reads`` and ``moodle_xml_read``; this reader reads what every
question has):

- ``multichoice``: ``<single>true`` is single choice (an answer at 100 % is the right one, other
  positive fractions are partial credit), otherwise multiple choice with partial credit by each
  answer's fraction, negative ones too. A single-answer question whose text holds the blank
  ``_____`` is a missing-word question (what Moodle makes of GIFT's missing word).
  ``multichoiceset`` (the "all-or-nothing multiple choice" plugin) is multiple choice without
  partial credit.
- ``truefalse``, ``shortanswer`` (a case-sensitive one is noted: our answers ignore case),
  ``numerical`` (each answer with its tolerance, fraction and feedback; ``*`` is Moodle's "any
  other answer"), ``matching`` (a subquestion without text is a distractor), ``ordering``
  (Moodle's qtype_ordering; the answers' fractions are their places).
- ``essay`` is an open answer, its ``<graderinfo>`` the grading notes; ``multianswer`` is a cloze
  question, its text kept in Moodle's embedded-answers syntax.
- ``gapselect`` and ``ddwtos`` with exactly one gap are missing-word questions (the gap's group
  gives the options); with more gaps they are refused, as are ``description`` and the types we
  do not have (calculated, drag and drop onto images, random, …).

``<question type="category">`` files the questions after it (the path without Moodle's context
and "top", as in GIFT); ``<name>`` is the title, ``<idnumber>`` the id, ``<defaultgrade>`` the
points, ``<generalfeedback>`` the explanation, ``<tags>`` the tags; each text keeps its
``format`` (html, moodle_auto_format, plain_text, markdown).

Images embedded in a text as ``<file name="…" encoding="base64">`` and referenced as
``@@PLUGINFILE@@/name`` come with the draft (``QuestionDraft.files``); the import stores each
distinct image once as a Wagtail image (``embedded_images_store``, called when the import is
applied, never by a preview) and the text then points at the image's file. A preview already
points at images the bank has (``embedded_images_resolve``), so importing a file again changes
nothing.

Writing (``questions_moodle_xml``) puts each question in Moodle's own form, with a category
question whenever the category changes and each image under the site's media embedded as a file.
Reading the export gives back the same questions field for field.
"""

import base64
import binascii
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET
from xml.parsers import expat

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lms import markdown
from quizzes.gift import (
    DESCRIPTION,
    CategoryLine,
    ChoiceDraft,
    EmbeddedFile,
    ImportProblem,
    NumberDraft,
    ParsedFile,
    QuestionDraft,
    category_name,
    category_path,
    problem_for,
    question_label,
    quiz_gift_filename,
    quiz_questions_for_export,
)

# Numbers are read and written exactly as the GIFT reader and writer do.
from quizzes.gift import _decimal as decimal_read
from quizzes.gift import _number_text as number_text
from quizzes.identity import bank_key
from quizzes.models import Question, Quiz
from quizzes.types import question_type, question_types, reading_types

# The types' own notes on what they could not keep, named here too as Moodle XML's words.
from quizzes.types.numeric import NOTE_UNITS  # noqa: F401
from quizzes.types.short_text import NOTE_CASE  # noqa: F401

OWN_IDNUMBER = re.compile(r"([0-9a-f]{16}|[\w.-]{1,64}):([0-9]{1,10})")

MAX_DEPTH = 24
PLUGINFILE = "@@PLUGINFILE@@/"
PLUGINFILE_REFERENCE = re.compile(r"@@PLUGINFILE@@/([^\s\"'<>)\]?#]+)")
FULL = Decimal(100)
# Moodle's format names → ours, and back.
FORMATS_READ = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
FORMATS_WRITTEN = {ours: theirs for theirs, ours in FORMATS_READ.items()}
DEFAULT_FORMAT = "moodle_auto_format"
TRUE_WORDS = ("true", "1", "yes")
XML_CONTENT_TYPE = "application/xml; charset=utf-8"

ERROR_TOO_BIG = ngettext_lazy(
    "the file is larger than %(max)s byte; split it into smaller files",
    "the file is larger than %(max)s bytes; split it into smaller files",
    "max",
)
ERROR_SYNTAX = _("the XML is not well-formed: %(message)s")
ERROR_DOCTYPE = _("a document type declaration (<!DOCTYPE …>) is not allowed in a question file")
ERROR_ENTITY = _("entity declarations are not allowed in a question file")
ERROR_TOO_DEEP = ngettext_lazy(
    "elements are nested deeper than %(max)s level",
    "elements are nested deeper than %(max)s levels",
    "max",
)
ERROR_NOT_QUIZ = _("the file is not Moodle XML: its root element is <%(tag)s>, not <quiz>")
ERROR_UNKNOWN_TYPE = _("Moodle's question type “%(type)s” is not supported; supported: %(known)s")
ERROR_DESCRIPTION = _("descriptions (text without an answer) are not supported; remove it")
ERROR_NO_TEXT = _("the question has no text")
ERROR_BAD_FRACTION = _("the fraction “%(fraction)s” is not a number from -100 to 100")
ERROR_POINTS = _("the default grade %(points)s must be a whole number from 1 to 100")
ERROR_FILE_BASE64 = _("the embedded file “%(name)s” is not valid base64")
ERROR_FILE_MISSING = _("the text refers to @@PLUGINFILE@@/%(name)s, which the file does not embed")
ERROR_FILE_NOT_IMAGE = _("the embedded file “%(name)s” is not an image; only images can be kept")


# --- Safe reading into a small tree --------------------------------------------------------------


class XmlRefused(Exception):
    def __init__(self, line: int, message):
        super().__init__(str(message))
        self.line = line
        self.message = message


@dataclass
class _Node:
    tag: str
    attrs: dict
    line: int
    children: list["_Node"] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, tag: str) -> "_Node | None":
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list["_Node"]:
        return [c for c in self.children if c.tag == tag]

    def value(self, tag: str, default: str = "") -> str:
        """The text of ``<tag>``, or of ``<tag><text>`` when it has one, stripped."""
        found = self.child(tag)
        if found is None:
            return default
        inner = found.child("text")
        return (inner.text if inner is not None else found.text).strip()


def _tree(content: str | bytes) -> _Node:
    """The document as ``_Node``s. Raises ``XmlRefused`` naming the line."""
    parser = expat.ParserCreate("utf-8" if isinstance(content, str) else None)
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = _Node("", {}, 0)
    stack = [root]

    def start(tag, attrs):
        if len(stack) > MAX_DEPTH:
            raise XmlRefused(parser.CurrentLineNumber, ERROR_TOO_DEEP % {"max": MAX_DEPTH})
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_tag):
        stack.pop()

    def data(text):
        stack[-1].parts.append(text)

    def doctype(*_args):
        raise XmlRefused(parser.CurrentLineNumber, ERROR_DOCTYPE)

    def entity(*_args):
        raise XmlRefused(parser.CurrentLineNumber, ERROR_ENTITY)

    def external(*_args):
        raise XmlRefused(parser.CurrentLineNumber, ERROR_ENTITY)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(content, True)
    except expat.ExpatError as exc:
        message = ERROR_SYNTAX % {"message": expat.errors.messages[exc.code]}
        raise XmlRefused(exc.lineno, message) from exc
    if not root.children:
        raise XmlRefused(1, ERROR_SYNTAX % {"message": "no element found"})
    return root.children[0]


# --- Reading questions ---------------------------------------------------------------------------


def supported_types() -> str:
    """Moodle's question types some registered type reads, for a message."""
    return ", ".join(sorted({name for t in question_types() for name in t.moodle_xml_reads}))


def _format(node: _Node | None, default: str = DEFAULT_FORMAT) -> str:
    written = (node.attrs.get("format") if node is not None else None) or default
    return FORMATS_READ.get(written, "moodle")


def _fraction(written: str | None) -> Decimal | None:
    try:
        value = Decimal((written or "0").strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or not -FULL <= value <= FULL:
        return None
    return value


def _plain(text: str, text_format: str) -> str:
    return markdown.plain_text(text).strip() if text_format == "html" else text


class _QuestionReader:
    def __init__(self, node: _Node, errors: list[ImportProblem], category: str | None):
        self.node = node
        self.errors = errors
        self.draft = QuestionDraft(line=node.line, kind=DESCRIPTION)  # until a type reads it
        self.draft.category = category

    def error(self, message, line: int | None = None) -> None:
        self.draft.has_errors = True
        self.errors.append(problem_for(line or self.node.line, self.draft.label, message))

    def read(self) -> QuestionDraft | None:
        node, draft = self.node, self.draft
        qtype = node.attrs.get("type", "")
        draft.title = node.value("name")
        text_node = node.child("questiontext")
        draft.text = node.value("questiontext")
        draft.text_format = _format(text_node)
        feedback_node = node.child("generalfeedback")
        draft.explanation = node.value("generalfeedback")
        draft.explanation_format = _format(feedback_node)
        if draft.title and draft.title == question_label(title="", text=draft.text):
            draft.title = ""  # our export names an untitled question by its first words
        draft.source_id = node.value("idnumber") or None
        # Our export writes "KEY:N" (this bank's key, the question's id): an import knows it as
        # the bank KEY's question N (quizzes.identity); any other idnumber is the source's own.
        own = OWN_IDNUMBER.fullmatch(draft.source_id or "")
        if own is not None:
            draft.source_bank, draft.source_id = own.group(1), own.group(2)
        tags = node.child("tags")
        if tags is not None:
            draft.tags = [t.value("text") or t.text.strip() for t in tags.all("tag")]
            draft.tags = [t for t in draft.tags if t]
        self._points()
        for holder in (text_node, feedback_node, node.child("graderinfo")):
            if holder is not None:
                self._files(holder)
        if qtype == "description":
            draft.kind = DESCRIPTION
            self.error(ERROR_DESCRIPTION)
            return draft
        # The types that read this Moodle type say whether they read this question, the more
        # particular first (see ``QuestionType.moodle_xml_claims``).
        reading = next(
            (
                t
                for t in reading_types()
                if qtype in t.moodle_xml_reads and t.moodle_xml_claims(node, draft, self)
            ),
            None,
        )
        if reading is None:
            self.error(ERROR_UNKNOWN_TYPE % {"type": qtype, "known": supported_types()})
            return None
        if not draft.text.strip():
            self.error(ERROR_NO_TEXT)
        draft.kind = reading.code
        reading.moodle_xml_read(node, draft, self)
        self._references()
        return draft

    def _points(self) -> None:
        written = self.node.value("defaultgrade")
        if not written:
            return
        value = decimal_read(written)
        if value is None or value != value.to_integral_value() or not 1 <= value <= 100:
            self.error(ERROR_POINTS % {"points": written}, self.node.child("defaultgrade").line)
            return
        self.draft.points = str(int(value))

    def _files(self, holder: _Node) -> None:
        for file_node in holder.all("file"):
            name = file_node.attrs.get("name", "")
            try:
                content = base64.b64decode("".join(file_node.text.split()), validate=True)
            except (binascii.Error, ValueError):
                self.error(ERROR_FILE_BASE64 % {"name": name}, file_node.line)
                continue
            self.draft.files.append(EmbeddedFile(name=name, content=content, line=file_node.line))

    def _references(self) -> None:
        names = {f.name for f in self.draft.files}
        for text in (self.draft.text, self.draft.explanation, self.draft.grading_notes or ""):
            for reference in PLUGINFILE_REFERENCE.findall(text):
                if unquote(reference) not in names:
                    self.error(ERROR_FILE_MISSING % {"name": unquote(reference)})

    def _answers(self) -> list[tuple[_Node, Decimal]]:
        answers = []
        for answer in self.node.all("answer"):
            fraction = _fraction(answer.attrs.get("fraction"))
            if fraction is None:
                written = answer.attrs.get("fraction", "")
                self.error(ERROR_BAD_FRACTION % {"fraction": written}, answer.line)
                continue
            answers.append((answer, fraction))
        return answers

    def _choice(self, answer: _Node, **kwargs) -> ChoiceDraft:
        text_format = _format(answer)
        feedback_node = answer.child("feedback")
        feedback = answer.value("feedback")
        if _format(feedback_node) == "html" and text_format != "html":
            feedback = _plain(feedback, "html")
        return ChoiceDraft(
            text=answer.value("text") if answer.child("text") else answer.text.strip(),
            feedback=feedback,
            line=answer.line,
            text_format=text_format,
            **kwargs,
        )

    # --- Moodle XML's syntax, for the types reading their elements ----------------------------

    format = staticmethod(_format)
    plain = staticmethod(_plain)
    decimal = staticmethod(decimal_read)

    @staticmethod
    def choice_draft(text: str, line: int = 0, **kwargs) -> ChoiceDraft:
        """A choice, an accepted answer or an item, as read."""
        return ChoiceDraft(text=text, line=line, **kwargs)

    number_draft = NumberDraft

    @staticmethod
    def flag(element: _Node, tag: str, default: bool) -> bool:
        """Moodle's yes/no ``<tag>`` of ``element`` ("true", "1", "yes"); ``default`` when
        the element is missing."""
        return element.value(tag, "true" if default else "false").lower() in TRUE_WORDS

    def answers(self) -> list[tuple[_Node, Decimal]]:
        """The question's ``<answer>``s with their fractions (a bad fraction reported and the
        answer left out)."""
        return self._answers()

    def choice(self, answer: _Node, **kwargs) -> ChoiceDraft:
        """An ``<answer>`` as a choice: its text, format and feedback, and ``kwargs``."""
        return self._choice(answer, **kwargs)


def moodle_xml_parse(content: str | bytes) -> ParsedFile:
    """Read a Moodle XML file into drafts (see the module docstring for what maps to what).

    Never raises on bad input: a file refused as a whole (not XML, a DOCTYPE, too big, too
    deep) is one error with its line; every problem of a question is an error with its line
    and the question's title or first words."""
    result = ParsedFile()
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > settings.IMPORT_MAX_FILE_BYTES:
        limit = settings.IMPORT_MAX_FILE_BYTES
        head = content[:limit]
        line = (head.count("\n") if isinstance(head, str) else head.count(b"\n")) + 1
        result.errors.append(ImportProblem(line, str(ERROR_TOO_BIG % {"max": limit})))
        return result
    try:
        root = _tree(content)
    except XmlRefused as exc:
        result.errors.append(ImportProblem(exc.line, str(exc.message)))
        return result
    if root.tag != "quiz":
        result.errors.append(ImportProblem(root.line, str(ERROR_NOT_QUIZ % {"tag": root.tag})))
        return result
    category: str | None = None
    for node in root.all("question"):
        if node.attrs.get("type") == "category":
            path = node.value("category")
            category = category_name(path) or ""
            result.categories.append(CategoryLine(node.line, path, category or None))
            continue
        draft = _QuestionReader(node, result.errors, category).read()
        if draft is not None:
            result.questions.append(draft)
    result.errors.sort(key=lambda error: error.line)
    return result


# --- Embedded images -----------------------------------------------------------------------------


def _digest(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _image_size(file: EmbeddedFile) -> tuple[int, int] | None:
    """The image's width and height, or None when Pillow cannot read it as an image."""
    from PIL import Image as PillowImage

    try:
        with PillowImage.open(io.BytesIO(file.content)) as image:
            size = image.size
            image.verify()
    except Exception:  # Pillow raises many kinds for a file it cannot read
        return None
    return size


def _referenced(draft: QuestionDraft) -> list[EmbeddedFile]:
    texts = " ".join((draft.text, draft.explanation, draft.grading_notes or ""))
    names = {unquote(name) for name in PLUGINFILE_REFERENCE.findall(texts)}
    return [file for file in draft.files if file.name in names]


def _rewrite(obj, urls: dict[str, str]) -> None:
    """Point ``@@PLUGINFILE@@/name`` references of ``obj`` (a draft or a question) at
    ``urls[name]`` where known."""

    def replace(match: re.Match) -> str:
        url = urls.get(unquote(match.group(1)))
        return url if url else match.group(0)

    for name in ("text", "explanation", "grading_notes"):
        if getattr(obj, name) is not None:  # a draft's grading notes may be unsaid
            setattr(obj, name, PLUGINFILE_REFERENCE.sub(replace, getattr(obj, name)))


def embedded_images_resolve(parsed: ParsedFile) -> ParsedFile:
    """Point the drafts' references at the images the bank already has (same content), check
    the others are images; writes nothing. One query."""
    from wagtail.images import get_image_model

    referenced = {id(draft): _referenced(draft) for draft in parsed.questions}
    digests = {_digest(f.content) for files in referenced.values() for f in files}
    if not digests:
        return parsed
    known = {}
    for image in get_image_model().objects.filter(file_hash__in=digests).order_by("pk"):
        known.setdefault(image.file_hash, image.file.url)
    for draft in parsed.questions:
        urls = {}
        for file in referenced[id(draft)]:
            digest = _digest(file.content)
            if digest in known:
                urls[file.name] = known[digest]
            elif _image_size(file) is None:
                draft.has_errors = True
                message = ERROR_FILE_NOT_IMAGE % {"name": file.name}
                parsed.errors.append(problem_for(file.line, draft.label, message))
        _rewrite(draft, urls)
    parsed.errors.sort(key=lambda error: error.line)
    return parsed


def embedded_images_store(question: Question, files: list[EmbeddedFile]) -> None:
    """Store the images ``question``'s texts still refer to as ``@@PLUGINFILE@@/name`` (one
    Wagtail image per distinct content, an existing one reused) and point the texts at them.
    For the import's apply step; the question is not saved here."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    draft_like = QuestionDraft(line=0, kind=question.type, files=files)
    draft_like.text = question.text
    draft_like.explanation = question.explanation
    draft_like.grading_notes = question.grading_notes
    urls = {}
    for file in _referenced(draft_like):
        digest = _digest(file.content)
        image = Image.objects.filter(file_hash=digest).order_by("pk").first()
        if image is None:
            name = PurePosixPath(file.name).name or "image"
            image = Image(title=PurePosixPath(name).stem[:255] or name)
            image.file.save(name, ContentFile(file.content), save=False)
            image.width, image.height = _image_size(file) or (0, 0)
            image._set_image_file_metadata()
            image.save()
        urls[file.name] = image.file.url
    _rewrite(question, urls)


# --- Writing -------------------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.root = ET.Element("quiz")

    def text(self, parent: ET.Element, tag: str, value: str, fmt: str | None = None):
        element = ET.SubElement(parent, tag)
        if fmt is not None:
            element.set("format", FORMATS_WRITTEN.get(fmt, DEFAULT_FORMAT))
        ET.SubElement(element, "text").text = value
        return element

    def embed(self, element: ET.Element, value: str) -> str:
        """``value`` with each file under the site's media written as ``@@PLUGINFILE@@/name``
        and embedded in ``element``."""
        media = settings.MEDIA_URL
        if not media or media not in value:
            return value
        pattern = re.compile(re.escape(media) + r"([^\s\"'<>)\]?#]+)")
        names: dict[str, str] = {}

        def replace(match: re.Match) -> str:
            path = unquote(match.group(1))
            if path in names:
                return PLUGINFILE + quote(names[path])
            segments = path.split("/")
            if "." in segments or ".." in segments or not default_storage.exists(path):
                return match.group(0)
            with default_storage.open(path, "rb") as handle:
                content = handle.read()
            name = PurePosixPath(path).name
            taken = set(names.values())
            stem, suffix, n = PurePosixPath(name).stem, PurePosixPath(name).suffix, 1
            while name in taken:
                n += 1
                name = f"{stem}-{n}{suffix}"
            names[path] = name
            file = ET.SubElement(element, "file", name=name, path="/", encoding="base64")
            file.text = base64.b64encode(content).decode("ascii")
            return PLUGINFILE + quote(name)

        return pattern.sub(replace, value)

    def rich(self, parent: ET.Element, tag: str, value: str, fmt: str) -> None:
        element = ET.SubElement(parent, tag, format=FORMATS_WRITTEN.get(fmt, DEFAULT_FORMAT))
        text = ET.SubElement(element, "text")
        text.text = self.embed(element, value)

    def category(self, name: str) -> None:
        question = ET.SubElement(self.root, "question", type="category")
        self.text(question, "category", category_path(name))

    def answer(self, parent, fraction, text: str, feedback: str = "", fmt: str = "plain"):
        answer = ET.SubElement(
            parent, "answer", fraction=number_text(Decimal(fraction)), format=FORMATS_WRITTEN[fmt]
        )
        ET.SubElement(answer, "text").text = text
        self.text(answer, "feedback", feedback, "plain")
        return answer

    def value(self, parent: ET.Element, tag: str, value: str) -> ET.Element:
        """``<tag>value</tag>`` in ``parent``."""
        element = ET.SubElement(parent, tag)
        element.text = value
        return element

    def element(self, parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
        return ET.SubElement(parent, tag, **attributes)

    number = staticmethod(number_text)

    def question(self, question: Question) -> None:
        qtype = question_type(question.type)
        element = ET.SubElement(self.root, "question", type=qtype.moodle_xml_type(question))
        name = question.title.strip() or question_label(title="", text=question.text)
        self.text(element, "name", name)
        self.rich(element, "questiontext", question.text, question.text_format)
        self.rich(element, "generalfeedback", question.explanation, question.explanation_format)
        ET.SubElement(element, "defaultgrade").text = str(question.points)
        ET.SubElement(element, "penalty").text = "0"
        ET.SubElement(element, "hidden").text = "0"
        ET.SubElement(element, "idnumber").text = f"{bank_key()}:{question.pk}"
        qtype.moodle_xml_write(element, question, self)
        tags = sorted(tag.name for tag in question.tags.all())
        if tags:
            holder = ET.SubElement(element, "tags")
            for tag in tags:
                self.text(holder, "tag", tag)


def questions_moodle_xml(questions: Iterable[Question]) -> bytes:
    """Questions as one Moodle XML file (UTF-8), in the order given, with a category question
    whenever the category changes. Needs ``choices``, ``accepted_answers``,
    ``numeric_answers``, ``pairs``, ``tags`` and ``category`` prefetched to stay cheap."""
    writer = _Writer()
    current: str | None = None
    for number, question in enumerate(questions):
        name = question.category.name if question.category_id else ""
        if number == 0 or name != current:
            writer.category(name)
            current = name
        writer.question(question)
    ET.indent(writer.root)
    body = ET.tostring(writer.root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def quiz_moodle_xml_export(quiz: Quiz) -> bytes:
    """The quiz's questions (see ``quizzes.gift.quiz_questions_for_export``) as Moodle XML."""
    return questions_moodle_xml(quiz_questions_for_export(quiz))


def quiz_moodle_xml_filename(quiz: Quiz) -> str:
    """A download name such as ``quiz-12-продажи.xml``."""
    return quiz_gift_filename(quiz).removesuffix(".gift") + ".xml"
