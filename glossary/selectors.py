"""Reads for the glossary."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from glossary.models import GlossaryCategory, GlossaryState, GlossaryTerm
from glossary.morphology import normal_forms, words

SEARCH_LIMIT = 50
CYRILLIC_ALPHABET = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
LATIN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER = "#"


def glossary_state_get() -> GlossaryState:
    """The glossary's version row (created on first use)."""
    state = GlossaryState.objects.filter(pk=1).first()
    if state is None:
        state, _ = GlossaryState.objects.get_or_create(pk=1)
    return state


def live_term_rows() -> list[dict]:
    """What the term matcher needs of every live term, in one query."""
    return list(
        GlossaryTerm.objects.filter(live=True).values(
            "slug", "term_ru", "term_en", "aliases", "definition_ru", "definition_en"
        )
    )


def term_queryset_for_learners() -> QuerySet[GlossaryTerm]:
    """Live terms with their category: what learners may see."""
    return GlossaryTerm.objects.filter(live=True).select_related("category")


def term_get_for_learner(*, slug: str) -> GlossaryTerm:
    """A live term with category and live related terms loaded; ``DoesNotExist`` otherwise."""
    return (
        term_queryset_for_learners()
        .prefetch_related(Prefetch("related", queryset=GlossaryTerm.objects.filter(live=True)))
        .get(slug=slug)
    )


def first_letter(term: GlossaryTerm) -> str:
    """The A–Z heading a term goes under (Ё under Е, digits and signs under #)."""
    text = term.display_term().strip()
    letter = text[:1].upper().replace("Ё", "Е") if text else OTHER
    return letter if letter in CYRILLIC_ALPHABET or letter in LATIN_ALPHABET else OTHER


@dataclass(frozen=True)
class LetterGroup:
    letter: str
    terms: list[GlossaryTerm]


@dataclass(frozen=True)
class AzListing:
    groups: list[LetterGroup]
    cyrillic: list[tuple[str, bool]]  # (letter, has terms)
    latin: list[tuple[str, bool]]

    @property
    def alphabets(self) -> list[list[tuple[str, bool]]]:
        return [self.cyrillic, self.latin]

    categories: list[GlossaryCategory]
    category: GlossaryCategory | None
    total: int


def glossary_az(*, category_slug: str = "") -> AzListing:
    """Every live term grouped under its first letter (in the active language), the letters of
    both alphabets with whether each has terms, and the categories to filter by. Two queries,
    whatever the number of terms."""
    categories = list(GlossaryCategory.objects.filter(terms__live=True).distinct())
    category = next((c for c in categories if c.slug == category_slug), None)
    terms = term_queryset_for_learners()
    if category is not None:
        terms = terms.filter(category=category)
    grouped: dict[str, list[GlossaryTerm]] = {}
    for term in sorted(terms, key=lambda t: t.display_term().casefold().replace("ё", "е")):
        grouped.setdefault(first_letter(term), []).append(term)
    order = list(CYRILLIC_ALPHABET) + list(LATIN_ALPHABET) + [OTHER]
    groups = [LetterGroup(letter=c, terms=grouped[c]) for c in order if c in grouped]
    return AzListing(
        groups=groups,
        cyrillic=[(c, c in grouped) for c in CYRILLIC_ALPHABET],
        latin=[(c, c in grouped) for c in LATIN_ALPHABET],
        categories=categories,
        category=category,
        total=sum(len(g.terms) for g in groups),
    )


def glossary_search(*, query: str) -> list[GlossaryTerm]:
    """Live terms matching ``query``: first those whose term or alias has the same dictionary
    forms as the query («тарифов» finds «Тариф»), then full-text hits in the definitions (with
    Russian stemming on PostgreSQL, word matching on SQLite)."""
    query_words = words(query)[:8]
    if not query_words:
        return []
    terms = list(term_queryset_for_learners())
    wanted = [set(normal_forms(w)) for w in query_words]
    exact = [t for t in terms if _phrase_matches(t, wanted)]
    from wagtail.search.backends import get_search_backend

    text_hits = get_search_backend().search(
        " ".join(query_words), GlossaryTerm.objects.filter(live=True).select_related("category")
    )
    seen = {t.pk for t in exact}
    rest = [t for t in text_hits[:SEARCH_LIMIT] if t.pk not in seen]
    return (exact + rest)[:SEARCH_LIMIT]


def _phrase_matches(term: GlossaryTerm, wanted: list[set[str]]) -> bool:
    for phrase in (term.term_ru, term.term_en, *term.alias_list()):
        forms = [set(normal_forms(w)) for w in words(phrase)]
        # every query word meets a word of the phrase
        if forms and all(any(w & f for f in forms) for w in wanted):
            return True
    return False
