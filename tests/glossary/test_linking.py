"""Auto-linking of glossary terms: word forms, overlaps, exclusions, suppression, caching and
the version every process checks."""

from django.core.cache import cache
from django.test import TestCase
from django.utils import translation

from glossary import linking
from glossary.models import GlossaryState, GlossaryTerm
from glossary.morphology import normal_forms, phrase_key
from glossary.services import glossary_version_bump
from lms.markdown import render


def publish(**fields) -> GlossaryTerm:
    term = GlossaryTerm(**fields)
    term.full_clean()
    term.save()
    term.save_revision().publish()
    return term


def linked_slugs(html: str) -> list[str]:
    import re

    return re.findall(r'data-term="([^"]+)"', html)


class MorphologyTests(TestCase):
    def test_russian_word_forms_share_a_dictionary_form(self):
        for word in ("отстройку", "отстройки", "отстройках", "Отстройкой"):
            with self.subTest(word=word):
                self.assertIn("отстройка", normal_forms(word))

    def test_phrase_key_uses_each_words_dictionary_form(self):
        self.assertEqual(phrase_key("Точка контакта"), ("точка", "контакт"))
        self.assertEqual(phrase_key("точках контакта"), ("точка", "контакт"))

    def test_english_plurals_and_case(self):
        self.assertIn("plan", normal_forms("Plans"))
        self.assertIn("query", normal_forms("queries"))
        self.assertIn("nps", normal_forms("NPS"))

    def test_yo_reads_as_ye(self):
        self.assertEqual(normal_forms("ёлка")[0], normal_forms("елка")[0])


class LinkingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.otstroyka = publish(
            term_ru="Отстройка", slug="otstroyka", aliases="УТП",
            definition_ru="Чем мы **лучше** конкурента, и как это доказать.",
        )  # fmt: skip
        cls.tochka = publish(
            term_ru="Точка контакта", slug="tochka-kontakta",
            definition_ru="Любое место, где клиент встречает компанию.",
        )  # fmt: skip
        cls.kontakt = publish(term_ru="Контакт", slug="kontakt", definition_ru="Связь с клиентом.")
        cls.nps = publish(
            term_ru="NPS", term_en="NPS", slug="nps", aliases="индекс лояльности",
            definition_ru="Готов ли клиент нас советовать.", definition_en="Net promoter score.",
        )  # fmt: skip
        cls.plan = publish(term_en="Tariff plan", slug="tariff-plan", definition_en="A price list.")

    def setUp(self):
        cache.clear()
        linking.version_memo_clear()

    def test_every_word_form_links_to_its_term(self):
        for text in ("Про отстройку.", "Наши отстройки сильнее.", "В отстройках нет лишнего."):
            with self.subTest(text=text):
                self.assertEqual(linked_slugs(render(text)), ["otstroyka"])

    def test_multi_word_term_in_another_case(self):
        html = render("Во всех точках контакта улыбаемся.")
        self.assertEqual(linked_slugs(html), ["tochka-kontakta"])
        self.assertIn(">точках контакта</a>", html)

    def test_longest_term_wins_where_terms_overlap(self):
        # «Контакт» is a term too, but «точка контакта» covers it here.
        self.assertEqual(linked_slugs(render("Точка контакта важна.")), ["tochka-kontakta"])
        self.assertEqual(linked_slugs(render("Контакт с клиентом.")), ["kontakt"])

    def test_case_insensitive_whole_words_and_aliases(self):
        self.assertEqual(linked_slugs(render("наш nps вырос")), ["nps"])
        self.assertEqual(linked_slugs(render("Индекс лояльности вырос")), ["nps"])
        self.assertEqual(linked_slugs(render("NPSка и сверхотстройка")), [])

    def test_english_plural(self):
        self.assertEqual(linked_slugs(render("Compare tariff plans first.")), ["tariff-plan"])

    def test_only_the_first_occurrence_is_linked(self):
        html = render("Отстройка раз. Отстройка два. УТП три.")
        self.assertEqual(linked_slugs(html), ["otstroyka"])
        self.assertEqual(html.count("glossary-tip"), 1)

    def test_never_inside_links_code_or_headings(self):
        text = (
            "## Отстройка в заголовке\n\n"
            "[отстройка в ссылке](https://example.com) и `отстройка в коде`\n\n"
            "    отстройка в блоке кода\n\n"
            "А здесь отстройка."
        )
        html = render(text)
        self.assertEqual(linked_slugs(html), ["otstroyka"])
        self.assertIn('А здесь <span class="glossary-wrap">', html)

    def test_a_term_is_not_linked_across_punctuation(self):
        # Not «точка контакта»; only the single word that is a term of its own.
        self.assertEqual(linked_slugs(render("Точка, контакта нет.")), ["kontakt"])

    def test_suppressed_terms_stay_plain(self):
        self.assertEqual(linked_slugs(render("Что такое NPS?", suppress={"nps"})), [])
        self.assertEqual(linked_slugs(render("Что такое NPS?")), ["nps"])

    def test_authors_can_suppress_a_passage(self):
        html = render("Вопрос: что такое {nolink}NPS{/nolink}? А NPS тут можно.")
        self.assertEqual(linked_slugs(html), ["nps"])
        self.assertIn('<span class="glossary-nolink">NPS</span>', html)

    def test_tooltip_carries_the_plain_definition_in_the_active_language(self):
        html = render("Наш NPS.")
        self.assertIn("Готов ли клиент нас советовать.", html)
        with translation.override("en"):
            self.assertIn("Net promoter score.", render("Our NPS."))
        self.assertIn("Чем мы лучше конкурента", render("Отстройка"))  # Markdown stripped

    def test_link_markup_is_accessible(self):
        html = render("Отстройка.")
        self.assertIn('aria-describedby="gt-otstroyka"', html)
        self.assertIn('role="tooltip" id="gt-otstroyka"', html)
        self.assertIn('href="/glossary/otstroyka/"', html)

    def test_entities_are_not_words(self):
        publish(term_en="Amp", slug="amp", definition_en="Must not link inside an entity.")
        self.assertEqual(linked_slugs(render("AT&T и R&D")), [])
        self.assertEqual(linked_slugs(render("An amp here.")), ["amp"])

    def test_a_non_breaking_space_joins_the_words_of_a_term(self):
        html = render("Во всех точках\u00a0контакта.")
        self.assertEqual(linked_slugs(html), ["tochka-kontakta"])

    def test_hostile_terms_cannot_inject_markup(self):
        # Saved past full_clean (as a data migration or raw SQL could): the linker escapes
        # every value it writes, and its output is not sanitised again.
        GlossaryTerm.objects.create(
            term_ru="Ловушка", slug='x" onmouseover="alert(1)', live=True,
            definition_ru='</span><script>alert(2)</script><img src=x onerror=alert(3)> [x](javascript:alert(4))',
        )  # fmt: skip
        glossary_version_bump()
        html = render("Это ловушка.")
        self.assertEqual(len(linked_slugs(html)), 1)
        for bad in ("<script", "onerror=", 'onmouseover="', "<img", "javascript:"):
            self.assertNotIn(bad, html)
        self.assertEqual(html.count("</span>"), 2)  # the tooltip and its wrapper, nothing more

    def test_authors_cannot_fake_glossary_markup(self):
        html = render(
            '<a href="https://evil.example" class="glossary-term" data-term="tarif" '
            'aria-describedby="gt-otstroyka">x</a><span class="glossary-tip" id="gt-otstroyka">'
            "ложь</span>"
        )
        self.assertNotIn("glossary-term", html)
        self.assertNotIn("data-term", html)
        self.assertNotIn('id="gt-', html)

    def test_tooltip_is_plain_text_that_keeps_what_the_definition_says(self):
        publish(
            term_ru="Скорость", slug="skorost",
            definition_ru="Скорость > 100 Мбит/с, 2*3 и <https://example.com> & [прайс](/p/).",
        )  # fmt: skip
        html = render("Скорость.")
        tip = html.split('role="tooltip" id="gt-skorost">')[1].split("</span>")[0]
        self.assertEqual(tip, "Скорость &gt; 100 Мбит/с, 2*3 и https://example.com &amp; прайс.")

    def test_draft_terms_do_not_link(self):
        # As the admin saves a new draft: not live, with a revision.
        draft = GlossaryTerm(
            term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.", live=False
        )
        draft.save()
        draft.save_revision()
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [])


class CacheAndVersionTests(TestCase):
    def setUp(self):
        cache.clear()
        linking.version_memo_clear()

    def test_publishing_a_term_changes_the_next_render(self):
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [])
        publish(term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.")
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), ["eskalatsiya"])

    def test_unpublishing_a_term_removes_its_links(self):
        term = publish(term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.")
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), ["eskalatsiya"])
        term.unpublish()
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [])

    def test_deleting_a_term_removes_its_links(self):
        term = publish(term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.")
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), ["eskalatsiya"])
        term.delete()
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [])

    def test_rendered_html_is_cached_per_glossary_version(self):
        publish(term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.")
        render("Нужна эскалация.")
        with self.assertNumQueries(0):
            render("Нужна эскалация.")  # same text, same version: from the cache

    def test_another_process_publishing_is_seen_on_the_next_request(self):
        # This process builds its matcher, then "another process" publishes a term: it writes
        # the term and bumps the version row, and nothing reaches this process's memory.
        linking.version_memo_clear(in_request=True)
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [])
        term = GlossaryTerm.objects.create(
            term_ru="Эскалация", slug="eskalatsiya", definition_ru="Передача выше.", live=True
        )
        GlossaryState.objects.filter(pk=1).update(
            version=999, token="00000000-0000-0000-0000-000000000001"
        )
        # Within the same request the version read once still holds…
        self.assertEqual(linked_slugs(render("Нужна эскалация!")), [])
        # …and the next request sees the change.
        linking.version_memo_clear(in_request=True)
        self.assertEqual(linked_slugs(render("Нужна эскалация.")), [term.slug])

    def test_version_bump_returns_increasing_versions(self):
        first = glossary_version_bump()
        self.assertEqual(glossary_version_bump(), first + 1)

    def test_queries_per_render_do_not_grow_with_terms(self):
        def queries_for_a_fresh_render(text: str) -> int:
            cache.clear()
            linking.version_memo_clear(in_request=True)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                render(text)
            return len(ctx.captured_queries)

        GlossaryTerm.objects.bulk_create(
            GlossaryTerm(term_ru=f"Термин {i}", slug=f"t{i}", definition_ru="Пример.", live=True)
            for i in range(20)
        )
        glossary_version_bump()
        few = queries_for_a_fresh_render("Термин 5 и отстройка.")
        GlossaryTerm.objects.bulk_create(
            GlossaryTerm(term_ru=f"Слово {i}", slug=f"s{i}", definition_ru="Пример.", live=True)
            for i in range(2000)
        )
        glossary_version_bump()
        many = queries_for_a_fresh_render("Термин 5 и отстройка.")
        self.assertEqual(few, many)
