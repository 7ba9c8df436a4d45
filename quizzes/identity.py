"""Who a question is across files: this bank's own key, and a question's content fingerprint.

- ``bank_key()`` names this site's question bank in the files it exports (``// [id:12]
  [bank:KEY]``). An import takes ``[id:N]`` as a question of this bank only beside this key;
  any other id is a foreign one, matched only among the questions the same source created
  (``Question.import_source`` and ``Question.import_id``). The key is ``QUESTION_BANK_KEY``
  when set, else derived from ``SECRET_KEY``, so two sites never share it by accident.
- ``question_fingerprint()`` is a stable hash of what a question says as the bank stores it:
  type, title, texts and their formats, points, the grading options and every part (choices,
  accepted answers, numbers, pairs) in order. Category, tags and the links to knowledge are not
  content: they are filing. Importing a file without ids finds the questions it created before
  by this hash, so importing it again is a no-op.

Neither imports the models: the model, the importer and the GIFT writer all use them.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.utils.crypto import salted_hmac

BANK_KEY_LENGTH = 16
FINGERPRINT_LENGTH = 64


def bank_key() -> str:
    """This site's bank key: ``QUESTION_BANK_KEY``, else 16 hex digits derived from
    ``SECRET_KEY`` (stable while the secret is)."""
    configured = getattr(settings, "QUESTION_BANK_KEY", "")
    if configured:
        return configured
    return salted_hmac("quizzes.identity.bank_key", "question-bank").hexdigest()[:BANK_KEY_LENGTH]


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _number(value) -> str:
    if value is None:
        return ""
    number = Decimal(value).normalize()
    # "1E+1" and "10" are the same number; write it plainly.
    return format(number, "f")


def _children(question, name: str) -> list:
    """The question's parts of ``name``, in memory when the form or the importer set them,
    else from the database (nothing for a question not saved yet)."""
    if question.pk is None and name not in getattr(question, "_cluster_related_objects", {}):
        return []
    return list(getattr(question, name).all())


def question_fingerprint(question, *, choices=None, accepted=None, numbers=None, pairs=None) -> str:
    """The content hash of ``question`` (hex SHA-256). Parts not given are read from the
    question (in memory or the database), in their order."""
    if choices is None:
        choices = _children(question, "choices")
    if accepted is None:
        accepted = _children(question, "accepted_answers")
    if numbers is None:
        numbers = _children(question, "numeric_answers")
    if pairs is None:
        pairs = _children(question, "pairs")
    content = [
        question.type,
        _text(question.title),
        _text(question.text),
        question.text_format,
        _text(question.explanation),
        question.explanation_format,
        question.points,
        bool(question.partial_credit),
        question.correct_bool,
        question.matching_credit,
        _text(question.grading_notes),
        [
            [_text(c.text), bool(c.is_correct), _number(c.weight), _text(c.feedback)]
            for c in choices
        ],
        [_text(a.text) for a in accepted],
        [
            [_number(n.value), _number(n.tolerance), _number(n.weight), _text(n.feedback)]
            for n in numbers
        ],
        [[_text(p.left), _text(p.right)] for p in pairs],
    ]
    encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
