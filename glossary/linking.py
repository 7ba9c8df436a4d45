"""Auto-linking of glossary terms into rendered HTML.

One ``Matcher`` holds every live term under the dictionary forms of its words; it is built once
per glossary version per process and shared by every render. Linking walks the sanitised HTML
once: text outside links, code, headings and ``{nolink}`` passages is split into words, each
word reduced to its dictionary forms (cached), and at each word the longest term starting there
is tried first. Only the first occurrence of each term is linked.
"""

import html as html_lib
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import get_language

from glossary.morphology import WORD, normal_forms, phrase_key
from lms import markdown

TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")
EXCLUDED_TAGS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "summary"}
VOID_TAGS = {"br", "img", "hr"}
NOLINK_MARK = "glossary-nolink"
TIP_LENGTH = 220
MEMO_SECONDS = 2.0
# Between the words of a term: spaces, including a non-breaking one as nh3 writes it.
SPACE_ONLY = re.compile(r"^(?:[ \t\u00a0]|&nbsp;|&#160;)+$")


@dataclass(frozen=True)
class TermEntry:
    slug: str
    url: str
    definition_ru: str
    definition_en: str

    def tip(self, language: str) -> str:
        """The definition as one short line of plain text (worked out once per text)."""
        if language == "en":
            return plain_tip(self.definition_en or self.definition_ru)
        return plain_tip(self.definition_ru or self.definition_en)


END = ""  # the key under which a trie node keeps the term that ends there


@dataclass
class Matcher:
    """A trie of terms over the dictionary forms of their words: ``root[form][form]…[END]``."""

    root: dict = field(default_factory=dict)
    count: int = 0

    @classmethod
    def build(cls, rows: list[dict]) -> "Matcher":
        """``rows``: dicts with slug, term_ru, term_en, aliases, definition_ru, definition_en."""
        matcher = cls()
        for row in sorted(rows, key=lambda r: r["slug"]):
            entry = TermEntry(
                slug=row["slug"],
                url=reverse("glossary:term", kwargs={"slug": row["slug"]}),
                definition_ru=row["definition_ru"] or "",
                definition_en=row["definition_en"] or "",
            )
            for phrase in _phrases(row):
                key = phrase_key(phrase)
                if not key:
                    continue
                node = matcher.root
                for form in key:
                    node = node.setdefault(form, {})
                if END not in node:  # two terms with one key: the first slug wins
                    node[END] = entry
                    matcher.count += 1
        return matcher

    def __len__(self) -> int:
        return self.count

    def entries(self) -> list[TermEntry]:
        """Every term once (a term is stored under each of its phrases)."""
        found: dict[str, TermEntry] = {}
        stack = [self.root]
        while stack:
            node = stack.pop()
            for key, value in node.items():
                if key == END:
                    found.setdefault(value.slug, value)
                else:
                    stack.append(value)
        return [found[slug] for slug in sorted(found)]

    def definition_index(self) -> "DefinitionIndex":
        """The words of every definition, built on first use and kept with the matcher."""
        index = getattr(self, "_definition_index", None)
        if index is None:
            index = self._definition_index = DefinitionIndex.build(self.entries())
        return index


@dataclass
class DefinitionIndex:
    """Each term's definitions (both languages) as sequences of dictionary forms, and which
    terms' definitions hold each form, to find the terms whose definition says a given
    phrase («тарифы» finds a definition saying «тариф»)."""

    words: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    by_form: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: list[TermEntry]) -> "DefinitionIndex":
        index = cls()
        for entry in entries:
            sequences = []
            for definition in (entry.definition_ru, entry.definition_en):
                key = phrase_key(markdown.plain_text(definition)) if definition else ()
                if key:
                    sequences.append(key)
                    for form in key:
                        index.by_form.setdefault(form, set()).add(entry.slug)
            index.words[entry.slug] = sequences
        return index

    def terms_saying(self, phrase: str) -> set[str]:
        """The slugs of the terms whose definition contains ``phrase`` as whole words."""
        key = phrase_key(phrase)
        if not key:
            return set()
        candidates = set.intersection(*(self.by_form.get(form, set()) for form in key))
        return {
            slug
            for slug in candidates
            if any(_contains(sequence, key) for sequence in self.words[slug])
        }


def _contains(sequence: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return any(sequence[i : i + size] == part for i in range(len(sequence) - size + 1))


def _phrases(row: dict) -> list[str]:
    aliases = [p.strip() for line in row["aliases"].splitlines() for p in line.split(",")]
    return [p for p in (row["term_ru"], row["term_en"], *aliases) if p and p.strip()]


@lru_cache(maxsize=20_000)
def plain_tip(markdown_text: str) -> str:
    """A definition as one short line of plain text for a tooltip (not escaped)."""
    text = markdown.plain_text(markdown_text)
    if len(text) > TIP_LENGTH:
        text = text[: TIP_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


def link_html(html: str, matcher: Matcher, *, language: str, suppress=frozenset()) -> str:
    """Link the first occurrence of each term in sanitised ``html``; see the module docstring."""
    if not matcher.root:
        return html
    linked: set[str] = set(suppress)
    out: list[str] = []
    stack: list[str] = []  # open tags that forbid linking inside them
    for part in TAG.split(html):
        if not part:
            continue
        if part.startswith("<"):
            _track(part, stack)
            out.append(part)
        elif stack:
            out.append(part)
        else:
            out.append(_link_text(part, matcher, language, linked))
    return "".join(out)


def _track(tag: str, stack: list[str]) -> None:
    match = TAG_NAME.match(tag)
    if not match:
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if closing:
        if stack and stack[-1] == name:
            stack.pop()
        return
    if name in VOID_TAGS or tag.endswith("/>"):
        return
    if name in EXCLUDED_TAGS or (name == "span" and NOLINK_MARK in tag):
        stack.append(name)
    elif stack:
        stack.append(name)  # nested inside an excluded element: track to find its end


def _link_text(text: str, matcher: Matcher, language: str, linked: set[str]) -> str:
    # The text is HTML-escaped: leave the names inside entities (&quot; &nbsp;) alone.
    tokens = list(WORD.finditer(text))
    if "&" in text:
        tokens = [t for t in tokens if not _inside_entity(text, t)]
    if not tokens:
        return text
    forms = [None] * len(tokens)

    def forms_at(i: int) -> tuple[str, ...]:
        if forms[i] is None:
            forms[i] = normal_forms(tokens[i].group())
        return forms[i]

    root = matcher.root
    pieces, last, i = [], 0, 0
    while i < len(tokens):
        # Fast path: most words start no term at all.
        if not any(form in root for form in forms_at(i)):
            i += 1
            continue
        length, entry = _longest_at(i, tokens, text, forms_at, root)
        if entry is None:
            i += 1
            continue
        if entry.slug not in linked:  # later occurrences stay plain words
            start, end = tokens[i].start(), tokens[i + length - 1].end()
            pieces.append(text[last:start])
            pieces.append(_anchor(text[start:end], entry, language))
            linked.add(entry.slug)
            last = end
        i += length
    pieces.append(text[last:])
    return "".join(pieces)


def _inside_entity(text: str, token: re.Match) -> bool:
    start, end = token.start(), token.end()
    return text[end : end + 1] == ";" and (
        text[start - 1 : start] == "&" or text[start - 2 : start] == "&#"
    )


def _longest_at(i, tokens, text, forms_at, root) -> tuple[int, "TermEntry | None"]:
    """The longest term whose words start at token ``i``: (number of words, entry)."""
    best = (0, None)
    frontier = [root]
    j = i
    while frontier and j < len(tokens):
        if j > i and not SPACE_ONLY.match(text[tokens[j - 1].end() : tokens[j].start()]):
            break  # a term never spans punctuation
        forms = forms_at(j)
        frontier = [node[form] for node in frontier for form in forms if form in node]
        j += 1
        for node in frontier:
            if END in node:
                best = (j - i, node[END])
                break
    return best


def _anchor(words: str, entry: TermEntry, language: str) -> str:
    # ``words`` is already-escaped text from the sanitised HTML; everything else is escaped
    # here, so the markup is safe whatever a slug or definition holds.
    slug = html_lib.escape(entry.slug, quote=True)
    url = html_lib.escape(entry.url, quote=True)
    tip_id = f"gt-{slug}"
    tip = html_lib.escape(entry.tip(language))
    return (
        f'<span class="glossary-wrap"><a href="{url}" class="glossary-term" '
        f'data-term="{slug}" aria-describedby="{tip_id}">{words}</a>'
        f'<span class="glossary-tip" role="tooltip" id="{tip_id}">{tip}</span></span>'
    )


# --- The process-wide matcher and the version it was built from ------------------------------

_lock = threading.Lock()
# Per thread: which glossary state this thread's current request (or recent work) has seen.
_memo = threading.local()
# Per process: the matcher, shared by all threads, with the state token it was built from.
_matcher: dict = {"token": None, "matcher": None}


def version_memo_clear(*, in_request: bool = False) -> None:
    """Forget the glossary version read so far. At the start of a request (``in_request``)
    the next read then holds until the request ends."""
    _memo.state = None
    _memo.in_request = in_request


def reset_process_state() -> None:
    """Forget the matcher and the version read (tests; nothing else needs it)."""
    version_memo_clear()
    _memo.checked_at = 0.0
    _matcher.update(token=None, matcher=None)


def request_finished() -> None:
    _memo.in_request = False


def current_state() -> tuple[int, str]:
    """(version, token) of the glossary, read from the database at most once per request
    (or every couple of seconds outside requests)."""
    now = time.monotonic()
    state = getattr(_memo, "state", None)
    stale = not getattr(_memo, "in_request", False) and (
        now - getattr(_memo, "checked_at", 0.0) > MEMO_SECONDS
    )
    if state is None or stale:
        from glossary.selectors import glossary_state_get

        row = glossary_state_get()
        state = _memo.state = (row.version, str(row.token))
        _memo.checked_at = now
    return state


def current_matcher() -> Matcher:
    """The matcher for the current glossary version, rebuilt when another process changed it."""
    _, token = current_state()
    if _matcher["token"] != token:
        with _lock:
            if _matcher["token"] != token:
                from glossary.selectors import live_term_rows

                _matcher["matcher"] = Matcher.build(live_term_rows())
                _matcher["token"] = token
    return _matcher["matcher"]


def terms_revealing(phrases) -> frozenset[str]:
    """The slugs of the live terms whose definition says any of ``phrases`` (answer texts,
    numbers): linking them next to a question would show its answer in the tooltip."""
    index = current_matcher().definition_index()
    slugs: set[str] = set()
    for phrase in phrases:
        slugs |= index.terms_saying(str(phrase))
    return frozenset(slugs)


def link_terms_transform(html: str, *, suppress=frozenset()) -> str:
    """The transform ``lms.markdown.render`` runs: link terms for the active language."""
    return link_html(html, current_matcher(), language=_language(), suppress=suppress)


def cache_key() -> str:
    """What linked HTML depends on besides its text: the glossary's state and the language."""
    version, token = current_state()
    return f"glossary:{version}:{token}:{_language()}"


def _language() -> str:
    return (get_language() or "ru")[:2]
