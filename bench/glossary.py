"""Benchmark: link glossary terms into a 5,000-word lesson against 2,000 terms.

Prints the time to build the matcher, and the median time of a full uncached render (Markdown,
sanitising, linking, sanitising again) with the word-form cache cold and warm; the target is
a warm render within 20 ms. Run: .venv/bin/python bench/glossary.py [--terms N] [--words N]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django

django.setup()

from django.utils import translation

from glossary import linking
from glossary.morphology import _analyzer, normal_forms
from lms import markdown

NOUNS = """
абонент адрес акция аналитик анкета аренда база баланс бонус вызов выгода гарантия график
договор доступ задача заказ заявка звонок значение игра интернет канал карта касса качество
клиент код комиссия компания конкурент контакт контроль кредит линия листовка лицензия метка
модем модуль мастер номер норма оборудование обращение окно оплата опрос оператор отдел отзыв
отчёт очередь пакет пароль перенос период план платёж подарок подключение поиск покупатель
помощь порог портал поток правило предложение приставка продажа продукт профиль проверка
программа промокод пульт работа разговор район расчёт реклама ремонт решение роутер сбой
связь сервис сеть скидка скорость скрипт служба смена событие согласие сообщение состав
список срок ставка стандарт статус стоимость страница сумма счёт тариф телевизор тест
точка трафик услуга условие устройство участок филиал форма функция цена чат шаблон экран
""".split()
ADJECTIVES = """
новый базовый домашний личный лицевой мобильный общий основной платный полный разовый
семейный сетевой срочный цифровой быстрый входящий годовой дневной ночной
""".split()


def build_terms(count: int, rng: random.Random) -> list[dict]:
    analyzer = _analyzer()
    phrases = set(NOUNS)
    while len(phrases) < count:
        noun = analyzer.parse(rng.choice(NOUNS))[0]
        if rng.random() < 0.5:
            adjective = analyzer.parse(rng.choice(ADJECTIVES))[0]
            gender = noun.tag.gender or "masc"
            adj = adjective.inflect({gender, "nomn", "sing"})
            phrases.add(f"{adj.word if adj else adjective.word} {noun.word}")
        else:
            other = analyzer.parse(rng.choice(NOUNS))[0].inflect({"gent", "sing"})
            phrases.add(f"{noun.word} {other.word if other else ''}".strip())
    rows = []
    for i, phrase in enumerate(sorted(phrases)[:count]):
        rows.append(
            {
                "slug": f"term-{i}",
                "term_ru": phrase.capitalize(),
                "term_en": "",
                "aliases": "",
                "definition_ru": f"Определение термина «{phrase}»: простыми словами, одна фраза.",
                "definition_en": "",
            }
        )
    return rows


def build_lesson(words: int, rng: random.Random) -> str:
    analyzer = _analyzer()
    cases = ["nomn", "gent", "datv", "accs", "ablt", "loct"]
    filler = "и в на с по для как что это когда если клиент сразу всегда".split()
    paragraphs, current = [], []
    for _ in range(words):
        if rng.random() < 0.35:
            word = analyzer.parse(rng.choice(NOUNS))[0]
            form = word.inflect({rng.choice(cases), rng.choice(["sing", "plur"])})
            current.append(form.word if form else word.word)
        else:
            current.append(rng.choice(filler))
        if len(current) >= 60:
            paragraphs.append(" ".join(current).capitalize() + ".")
            current = []
    paragraphs.append(" ".join(current) + ".")
    return "\n\n".join(paragraphs)


def render_uncached(text: str, matcher: linking.Matcher) -> str:
    """Exactly what ``lms.markdown.render`` does on a cache miss, with ``matcher`` in place of
    the one a process builds from the database."""
    linking.current_matcher = lambda: matcher
    return markdown._render_uncached(text, frozenset())


def median_ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(20261124)
    translation.activate("ru")

    rows = build_terms(args.terms, rng)
    lesson = build_lesson(args.words, rng)
    normal_forms.cache_clear()

    start = time.perf_counter()
    matcher = linking.Matcher.build(rows)
    build_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    html = render_uncached(lesson, matcher)
    cold_ms = (time.perf_counter() - start) * 1000
    links = html.count('class="glossary-term"')

    warm_ms = median_ms(lambda: render_uncached(lesson, matcher), args.repeat)
    plain_ms = median_ms(lambda: render_uncached(lesson, linking.Matcher()), args.repeat)

    print(
        f"terms: {len(matcher)} phrases from {len(rows)} terms; lesson: {len(lesson.split())} words"
    )
    print(f"matcher build: {build_ms:.0f} ms (once per glossary version per process)")
    print(f"render, word-form cache cold: {cold_ms:.1f} ms; {links} terms linked")
    print(f"render without linking (Markdown + sanitising only): {plain_ms:.1f} ms (median)")
    print(
        f"glossary: {args.words} words, {args.terms} terms, render {warm_ms:.1f} ms (median, warm)"
    )


if __name__ == "__main__":
    main()
