"""Word forms: every word is reduced to its dictionary forms, so «отстройках» and «отстройку»
both meet «отстройка», and "plans" meets "plan".

Russian goes through pymorphy3 with the OpenCorpora dictionary that ships in the
``pymorphy3-dicts-ru`` package (nothing is downloaded). Latin-script words get a small English
plural rule. Results are cached per process: a text's words repeat, and a glossary's do too.
"""

import re
from functools import cache, lru_cache

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
DIGITS = re.compile(r"^\d+$")


@cache
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _english_singular(word: str) -> str:
    if len(word) <= 3 or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def normal_forms(word: str) -> tuple[str, ...]:
    """Every dictionary form ``word`` may be of, lower-cased, most likely first; ё reads as е."""
    lowered = word.lower().replace("ё", "е")
    if DIGITS.match(lowered):
        return (lowered,)
    if CYRILLIC.search(lowered):
        forms = []
        for parse in _analyzer().parse(lowered):
            form = parse.normal_form.replace("ё", "е")
            if form not in forms:
                forms.append(form)
        return tuple(forms) or (lowered,)
    singular = _english_singular(lowered)
    return (singular,) if singular == lowered else (singular, lowered)


def words(text: str) -> list[str]:
    """The words of ``text`` in order (hyphenated words and Wi-Fi count as one)."""
    return WORD.findall(text)


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The key a glossary phrase is stored under: each word's most likely dictionary form."""
    return tuple(normal_forms(w)[0] for w in words(phrase))
