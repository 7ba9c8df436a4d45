"""The checks behind tests/lms/test_plurals.py: source patterns that put a number next to a noun
without a plural form, and the shape of the plural entries in the catalogues.

Each check takes text and returns findings, so the tests run it on the project and on planted
examples. What a finding means, and how to fix it, is in docs/translations.md.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("lms", "glossary", "courses", "quizzes", "mentoring", "quality", "reports")

RU_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)

# Placeholder names that hold a count. A number under another name (a date, a version, a
# percentage) is never followed by a counted noun in this code base.
NUMERIC_NAME = re.compile(
    r"^(n|num|count|counter|total|max|min|limit|minutes|hours|days|weeks|months|rows|lines|"
    r"size|depth|done|needed|used|load|capacity|points|created|updated|changed|unchanged|"
    r"deactivated|shown|below|of_last|left|evidence|visits|ratio|average|median|\w+_count|"
    r"\w+_total)$"
)
# Placeholders reserved for ngettext: a plain gettext message may not use them at all.
COUNT_PLACEHOLDER = re.compile(r"%\((count|counter)\)[sd]|\{(count|counter|n)\}")
# Words ending in "s" that are not plural nouns.
NOT_NOUNS = {"is", "was", "has", "does", "its", "this", "his", "us", "as", "yes", "plus", "less"}
# A placeholder, up to two words, then a plural noun: "%(max)s characters", "{n} more sessions".
COUNTED = re.compile(
    r"(?:%\((?P<py>\w+)\)[sd]|\{(?P<brace>\w+)\}|\{\{\s*(?P<tpl>\w+)\s*\}\})"
    r"(?P<between>(?: [a-z-]+){0,2}?) (?P<noun>[a-z]+s)\b"
)

GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "_lazy"}
PGETTEXT_CALLS = {"pgettext", "pgettext_lazy"}

BLOCKTRANS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<args>.*?)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
OTHER_TRANS_TAG = re.compile(r"\{%\s*(?:trans|translate)\s.*?%\}", re.S)
HARDCODED_RUSSIAN_COUNT = re.compile(r"\{\{[^}]*\}\}[ \u00a0]*[а-яё]{3,}", re.I)

JS_COUNT_SUBSTITUTION = re.compile(r"""["'`](?:\{n\}|\{count\}|%\(count\)[sd])["'`]""")
JS_COUNT_BEFORE_WORD = re.compile(
    r"""\$\{\s*(?P<name>\w+)\s*\}[ \u00a0]+[A-Za-zА-Яа-яЁё]"""
    r"""|(?P<name2>\w+)\s*\+\s*["'][ \u00a0]+[A-Za-zА-Яа-яЁё]"""
)

# Counted nouns left as they are, each with its reason.
ALLOWED = {
    # The value is a fraction (median days, "12.5"); Russian reads «12,5 дн.».
    "%(days)s days",
    # The maximum is a decimal score; Russian reads «Баллы: 7 из 8 (88 %)».
    "%(score)s of %(max)s points (%(percent)s %%)",
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}: {self.text!r}"


def _counted_nouns(message: str) -> list[str]:
    """The "placeholder … noun" runs in ``message`` that need a plural form."""
    found = []
    for match in COUNTED.finditer(message):
        name = match.group("py") or match.group("brace") or match.group("tpl")
        if NUMERIC_NAME.match(name) and match.group("noun") not in NOT_NOUNS:
            found.append(match.group(0))
    return found


def _as_msgid(body: str) -> str:
    """A blocktranslate body as its message id: {{ x }} → %(x)s, % → %%."""
    text = body.replace("%", "%%")
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", r"%(\1)s", text)


def python_findings(source: str, path: str = "<planted>") -> list[Finding]:
    """gettext calls whose message counts something: they must be ngettext calls."""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        index = 0 if name in GETTEXT_CALLS else 1 if name in PGETTEXT_CALLS else None
        if index is None or len(node.args) <= index:
            continue
        arg = node.args[index]
        if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
            continue
        message = arg.value
        if message in ALLOWED:
            continue
        if COUNT_PLACEHOLDER.search(message):
            findings.append(Finding(path, node.lineno, message, "count placeholder in gettext"))
        elif _counted_nouns(message):
            findings.append(Finding(path, node.lineno, message, "counted noun in gettext"))
    return findings


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def template_findings(source: str, path: str = "<planted>") -> list[Finding]:
    """blocktranslate without count around a counted noun, a count bound in a blocktranslate
    without count, a number glued to a {% translate %}, hard-coded Russian after a number."""
    findings = []

    def line_of(offset: int) -> int:
        return source.count("\n", 0, offset) + 1

    for match in BLOCKTRANS.finditer(source):
        args, body = match.group("args"), match.group("body")
        if re.search(r"\bcount\b", args) or "{% plural %}" in body:
            continue
        message = " ".join(_as_msgid(body).split()) if "trimmed" in args else _as_msgid(body)
        if message in ALLOWED:
            continue
        if re.search(r"\b(count|counter)=", args):
            problem = "count bound without count"
        elif _counted_nouns(" ".join(body.split())):
            problem = "counted noun without count"
        else:
            continue
        findings.append(Finding(path, line_of(match.start()), message.strip(), problem))
    # Blank out what was read above, keeping every offset, so line numbers stay true.
    outside = BLOCKTRANS.sub(_blank, source)
    for match in re.finditer(r"\{\{\s*(\w+)[^}]*\}\}\s*\{%\s*trans(?:late)?\s", outside):
        if NUMERIC_NAME.match(match.group(1)):
            findings.append(
                Finding(path, line_of(match.start()), match.group(0), "number before translate")
            )
    outside = OTHER_TRANS_TAG.sub(_blank, outside)
    for match in HARDCODED_RUSSIAN_COUNT.finditer(outside):
        findings.append(
            Finding(path, line_of(match.start()), match.group(0), "Russian after {{ }}")
        )
    return findings


def javascript_findings(source: str, path: str = "<planted>") -> list[Finding]:
    """Script that writes a count next to words: it must take the words from the page in
    every plural form and choose with Intl.PluralRules."""
    findings = []
    for match in JS_COUNT_BEFORE_WORD.finditer(source):
        name = match.group("name") or match.group("name2")
        if NUMERIC_NAME.match(name):
            line = source.count("\n", 0, match.start()) + 1
            findings.append(Finding(path, line, match.group(0), "count glued to words"))
    if JS_COUNT_SUBSTITUTION.search(source) and "Intl.PluralRules" not in source:
        findings.append(Finding(path, 1, "{n}", "count substituted without Intl.PluralRules"))
    return findings


def project_findings() -> list[Finding]:
    findings = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*")):
            relative = str(path.relative_to(ROOT))
            if "/migrations/" in relative or not path.is_file():
                continue
            if path.suffix == ".py":
                findings += python_findings(path.read_text(encoding="utf-8"), relative)
            elif path.suffix in (".html", ".txt") and "/templates/" in relative:
                findings += template_findings(path.read_text(encoding="utf-8"), relative)
            elif path.suffix == ".js" and "/static/" in relative:
                findings += javascript_findings(path.read_text(encoding="utf-8"), relative)
    return findings


# --- The catalogues ---------------------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    forms: dict[int, str] | None = None


def _unquote(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def po_entries(text: str) -> tuple[dict[str, str], list[Entry]]:
    """The header's fields and the entries of a .po file (obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$', line)
        if match:
            key, value = match.group(1), _unquote(match.group(3))
            if key == "msgctxt" or (
                key == "msgid" and (current is None or current.msgstr or current.forms)
            ):
                current = Entry(line=number)
                entries.append(current)
            if key == "msgctxt":
                continue
        elif line.startswith('"') and current is not None and key:
            value = _unquote(line[1:-1])
        else:
            continue
        if key == "msgid":
            current.msgid += value
        elif key == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif key == "msgstr":
            current.msgstr += value
        elif key and key.startswith("msgstr["):
            index = int(key[7:-1])
            current.forms = current.forms or {}
            current.forms[index] = current.forms.get(index, "") + value
    header = {}
    if entries and entries[0].msgid == "":
        for field in entries.pop(0).msgstr.splitlines():
            name, _, value = field.partition(":")
            header[name.strip()] = value.strip()
    return header, entries


def plural_entry_findings(text: str, nplurals: int, *, require_text: bool) -> list[str]:
    """Plural entries without exactly ``nplurals`` forms, or (``require_text``) with an empty
    one."""
    problems = []
    for entry in po_entries(text)[1]:
        if entry.msgid_plural is None:
            continue
        forms = entry.forms or {}
        if sorted(forms) != list(range(nplurals)):
            problems.append(f"line {entry.line}: forms {sorted(forms)} for {entry.msgid!r}")
        elif require_text and not all(form.strip() for form in forms.values()):
            problems.append(f"line {entry.line}: an empty form for {entry.msgid!r}")
    return problems


# "оценил(а) %(who)s": a verb guessing the gender of the person inserted next to it.
GENDER_GUESS = re.compile(r"\w\((?:а|о|и)\)")


def gender_findings(text: str) -> list[str]:
    """Russian messages that insert a name and hedge a verb's gender with «(а)»."""
    problems = []
    for entry in po_entries(text)[1]:
        for message in [entry.msgstr, *(entry.forms or {}).values()]:
            if re.search(r"%\(\w+\)[sd]", message) and GENDER_GUESS.search(message):
                problems.append(f"line {entry.line}: {message!r}")
    return problems
