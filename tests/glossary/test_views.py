"""The glossary as learners see it: who may open it, the A–Z page, languages, search, the term
page, one link per term on a page, and query counts that do not grow with the glossary."""

import re

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from glossary import linking
from glossary.models import GlossaryTerm
from glossary.selectors import glossary_state_get
from glossary.services import glossary_version_bump
from lms.people import roles
from lms.people.services import staff_member_leave
from tests.courses.factories import ProductCardPageFactory
from tests.factories import staff_user
from tests.glossary.helpers import category_create, term_create, term_draft_create

INDEX_URL = "/glossary/"


def listed_slugs(html: str) -> list[str]:
    """Slugs of the terms listed (A–Z or search results), in page order."""
    return re.findall(r'<dt><a href="/glossary/([^/"]+)/">', html)


def letter_groups(html: str) -> dict[str, list[str]]:
    """``{letter: [slug, …]}`` of the A–Z sections, in page order."""
    sections = re.findall(
        r'<section class="letter-group" id="letter-([^"]+)"(.*?)</section>', html, re.DOTALL
    )
    return {letter: listed_slugs(body) for letter, body in sections}


def linked_letters(html: str) -> list[str]:
    nav = re.search(r'<nav class="alphabet".*?</nav>', html, re.DOTALL).group(0)
    return re.findall(r'<a href="#letter-([^"]+)">', nav)


def term_links(html: str) -> list[str]:
    """Slugs of the glossary links in ``html`` (auto-linked terms), in page order."""
    return re.findall(r'class="glossary-term" data-term="([^"]+)"', html)


class GlossaryAccessTests(TestCase):
    """Anonymous → login, a person who left → login, any staff member → 200; drafts 404."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.with_roles = [
            staff_user(roles=[role])
            for role in (roles.MENTORS, roles.AUTHORS, roles.CONTENT_LEADS, roles.MANAGERS)
        ]
        cls.left = staff_user()
        staff_member_leave(profile=cls.left.staff_profile)
        cls.term = term_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        cls.draft = term_draft_create(
            term_ru="Черновик", slug="chernovik", definition_ru="Ещё не проверен."
        )

    def urls(self):
        return [INDEX_URL, self.term.get_absolute_url()]

    def test_anonymous_is_sent_to_login(self):
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/?next="))

    def test_a_person_who_left_is_sent_to_login(self):
        self.client.force_login(self.left)
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/accounts/login/"))

    def test_every_staff_member_sees_the_glossary(self):
        for user in [self.learner, *self.with_roles]:
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "Тариф")

    def test_a_draft_is_not_served_to_editors_either(self):
        for user in self.with_roles:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)

    def test_a_draft_is_neither_listed_nor_served(self):
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)
        self.assertEqual(listed_slugs(self.client.get(INDEX_URL).content.decode()), ["tarif"])

    def test_an_unknown_slug_is_404(self):
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get("/glossary/no-such-term/").status_code, 404)

    def test_an_unpublished_term_disappears(self):
        self.client.force_login(self.learner)
        self.assertEqual(self.client.get(self.term.get_absolute_url()).status_code, 200)
        self.term.unpublish()
        self.assertEqual(self.client.get(self.term.get_absolute_url()).status_code, 404)
        index = self.client.get(INDEX_URL)
        self.assertEqual(listed_slugs(index.content.decode()), [])
        self.assertNotContains(index, 'href="/glossary/tarif/"')


class GlossaryAzTests(TestCase):
    """Terms under their first letters; the navigation; the category filter."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.tariffs = category_create(name="Тарифы", slug="tarify")
        cls.network = category_create(name="Сеть", slug="set")
        cls.empty = category_create(name="Пустая", slug="pustaya")
        term_draft_create(term_ru="Черновик", slug="chernovik", category=cls.empty)
        term_create(term_ru="Тариф", slug="tarif", category=cls.tariffs)
        term_create(term_ru="Ёмкость канала", slug="emkost", category=cls.network)
        term_create(term_ru="Единый счёт", slug="edinyy-schet", category=cls.tariffs)
        term_create(term_ru="абонент", slug="abonent")
        term_create(term_en="Wi-Fi", slug="wi-fi", definition_en="Wireless.", category=cls.network)
        term_create(term_ru="SIM-карта", slug="sim")
        term_create(term_ru="5G", slug="5g")
        term_create(term_ru="«Кавычки»", slug="kavychki")

    def setUp(self):
        self.client.force_login(self.learner)

    def index(self, **params) -> str:
        response = self.client.get(INDEX_URL, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_terms_are_grouped_under_first_letters(self):
        self.assertEqual(
            letter_groups(self.index()),
            {
                "А": ["abonent"],
                # Ё goes under Е, and sorts as Е: «Единый» before «Ёмкость».
                "Е": ["edinyy-schet", "emkost"],
                "Т": ["tarif"],
                # Latin letters after the Cyrillic ones.
                "S": ["sim"],
                "W": ["wi-fi"],
                # Digits and signs under "#", last.
                "#": ["5g", "kavychki"],
            },
        )

    def test_cyrillic_groups_come_before_latin_ones(self):
        self.assertEqual(list(letter_groups(self.index())), ["А", "Е", "Т", "S", "W", "#"])

    def test_letter_navigation_links_only_letters_with_terms(self):
        html = self.index()
        self.assertEqual(linked_letters(html), ["А", "Е", "Т", "S", "W"])
        nav = re.search(r'<nav class="alphabet".*?</nav>', html, re.DOTALL).group(0)
        self.assertIn('<span aria-hidden="true">Б</span>', nav)
        self.assertIn('<span aria-hidden="true">Z</span>', nav)
        for letter in linked_letters(html):
            self.assertIn(f'id="letter-{letter}"', html)

    def test_category_filter_shows_only_that_category(self):
        self.assertEqual(
            sorted(listed_slugs(self.index(category="tarify"))), ["edinyy-schet", "tarif"]
        )
        self.assertEqual(sorted(listed_slugs(self.index(category="set"))), ["emkost", "wi-fi"])

    def test_category_filter_narrows_the_letters_too(self):
        self.assertEqual(linked_letters(self.index(category="set")), ["Е", "W"])

    def test_unknown_category_shows_everything(self):
        everything = sorted(listed_slugs(self.index()))
        self.assertEqual(len(everything), 8)
        self.assertEqual(sorted(listed_slugs(self.index(category="no-such"))), everything)

    def test_only_categories_with_live_terms_are_offered(self):
        html = self.index()
        self.assertIn('href="?category=tarify"', html)
        self.assertIn('href="?category=set"', html)
        self.assertNotIn("?category=pustaya", html)


class GlossaryLanguageTests(TestCase):
    """With the switch set to English a bilingual term shows its English side; a term that
    exists only in Russian still shows its Russian text."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.bilingual = term_create(
            term_ru="Тариф",
            term_en="Plan",
            slug="tarif",
            definition_ru="Набор услуг и их цена.",
            definition_en="A bundle of services and its monthly price.",
        )
        cls.russian_only = term_create(
            term_ru="Отстройка", slug="otstroyka", definition_ru="Чем мы лучше конкурента."
        )

    def setUp(self):
        self.client.force_login(self.learner)

    def switch_to_english(self):
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    def test_russian_by_default(self):
        html = self.client.get(INDEX_URL).content.decode()
        self.assertIn(">Тариф</a>", html)
        self.assertIn("Набор услуг и их цена.", html)
        self.assertNotIn("A bundle of services", html)

    def test_the_russian_interface_has_no_english_labels(self):
        """The glossary's own labels are translated like the rest of the site."""
        self.russian_only.example = "Скажите: мы подключаем в день заявки."
        self.russian_only.not_to_confuse = "Скидка — это не отстройка."
        self.russian_only.related = [self.bilingual]
        self.russian_only.save_revision().publish()
        pages = {
            "A–Z": self.client.get(INDEX_URL).content.decode(),
            "search": self.client.get(INDEX_URL, {"q": "тариф"}).content.decode(),
            "term": self.client.get(self.russian_only.get_absolute_url()).content.decode(),
        }
        labels = (
            "Search the glossary", "Letters", "Back to A–Z", "Say it like this",
            "Don't confuse with", "Related terms", "term for", "terms for",
        )  # fmt: skip
        english = {
            name: [label for label in labels if label in html.replace("&#x27;", "'")]
            for name, html in pages.items()
        }
        self.assertEqual(english, {"A–Z": [], "search": [], "term": []})

    def test_english_a_to_z(self):
        self.switch_to_english()
        html = self.client.get(INDEX_URL).content.decode()
        self.assertIn(">Plan</a>", html)
        self.assertIn("A bundle of services and its monthly price.", html)
        self.assertNotIn("Набор услуг", html)
        self.assertIn(">Отстройка</a>", html)
        self.assertIn("Чем мы лучше конкурента.", html)
        # The heading follows the language shown: Plan goes under P.
        self.assertEqual(letter_groups(html), {"О": ["otstroyka"], "P": ["tarif"]})

    def test_english_term_page(self):
        self.switch_to_english()
        html = self.client.get(self.bilingual.get_absolute_url()).content.decode()
        self.assertIn("<h1>Plan</h1>", html)
        self.assertIn("A bundle of services and its monthly price.", html)
        html = self.client.get(self.russian_only.get_absolute_url()).content.decode()
        self.assertIn("<h1>Отстройка</h1>", html)
        self.assertIn("Чем мы лучше конкурента.", html)

    def test_english_tooltips_in_linked_text(self):
        card = ProductCardPageFactory(description="Наш тариф и отстройка.")
        self.switch_to_english()
        html = self.client.get(card.url).content.decode()
        self.assertEqual(term_links(html), ["tarif", "otstroyka"])
        self.assertIn('id="gt-tarif">A bundle of services and its monthly price.<', html)
        self.assertIn('id="gt-otstroyka">Чем мы лучше конкурента.<', html)


class TermTipTests(TestCase):
    """The one-line definition under each term (and in the tooltips) is plain text."""

    PLAIN = "Цена без скидки, включая НДС, см. прайс."

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.term = term_create(
            term_ru="Тариф",
            slug="tarif",
            definition_ru="Цена **без** скидки, <b>включая</b> НДС, см. [прайс](https://example.com).",
        )

    def test_markdown_and_html_are_dropped(self):
        self.client.force_login(self.learner)
        html = self.client.get(INDEX_URL).content.decode()
        self.assertEqual(re.findall(r"<dd>(.*?)</dd>", html), [self.PLAIN])

    def test_tooltip_in_linked_text(self):
        card = ProductCardPageFactory(description="Наш тариф.")
        self.client.force_login(self.learner)
        html = self.client.get(card.url).content.decode()
        self.assertEqual(re.findall(r'id="gt-tarif">(.*?)</span>', html), [self.PLAIN])


class GlossarySearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.tarif = term_create(
            term_ru="Тариф", slug="tarif", definition_ru="Набор услуг и их цена за месяц."
        )
        cls.otstroyka = term_create(
            term_ru="Отстройка",
            slug="otstroyka",
            aliases="УТП, выгода",
            definition_ru="Чем мы лучше конкурента: например, подключением в день заявки.",
        )
        cls.wifi = term_create(term_en="Wi-Fi", slug="wi-fi", definition_en="Wireless network.")
        cls.draft = term_draft_create(
            term_ru="Тарифная сетка", slug="setka", definition_ru="Тарифы по регионам, заявки."
        )
        cls.gone = term_create(
            term_ru="Архивный тариф", slug="arhiv", definition_ru="Снят с продажи, заявки."
        )
        cls.gone.unpublish()

    def setUp(self):
        self.client.force_login(self.learner)

    def search(self, query: str) -> list[str]:
        response = self.client.get(INDEX_URL, {"q": query})
        self.assertEqual(response.status_code, 200)
        return listed_slugs(response.content.decode())

    def test_a_word_form_finds_the_term(self):
        self.assertEqual(self.search("тарифов"), ["tarif"])
        self.assertEqual(self.search("отстройками"), ["otstroyka"])

    def test_an_alias_finds_its_term(self):
        self.assertEqual(self.search("УТП"), ["otstroyka"])
        self.assertEqual(self.search("выгоды"), ["otstroyka"])

    def test_a_word_only_in_a_definition_finds_the_term(self):
        self.assertEqual(self.search("заявки"), ["otstroyka"])

    def test_an_english_term_with_a_hyphen(self):
        self.assertEqual(self.search("wi-fi"), ["wi-fi"])

    def test_punctuation_only_queries_find_nothing_and_do_not_crash(self):
        for query in ("!!!", "...", "—", "'", '"', "*", "(", "-", "%", "C++"):
            with self.subTest(query=query):
                self.assertEqual(self.search(query), [])

    def test_results_are_live_terms_only(self):
        self.assertNotIn("setka", self.search("тарифная сетка"))
        self.assertNotIn("arhiv", self.search("архивный"))
        for slug in self.search("тариф") + self.search("заявки"):
            self.assertTrue(GlossaryTerm.objects.get(slug=slug).live, slug)

    def test_results_replace_the_a_to_z(self):
        html = self.client.get(INDEX_URL, {"q": "тарифов"}).content.decode()
        self.assertNotIn('class="letter-group"', html)
        self.assertIn('value="тарифов"', html)


class TermPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.otstroyka = term_create(
            term_ru="Отстройка", slug="otstroyka", definition_ru="Чем мы лучше конкурента."
        )
        cls.router = term_create(term_ru="Роутер", slug="router", definition_ru="Коробка Wi-Fi.")
        hidden = term_create(term_ru="Старый роутер", slug="old-router", definition_ru="Снят.")
        hidden.unpublish()
        draft = term_draft_create(term_ru="Новинка", slug="novinka", definition_ru="Скоро.")
        cls.tarif = term_create(
            term_ru="Тариф",
            slug="tarif",
            definition_ru=(
                "Набор услуг за **фиксированную** цену. Тарифы сравнивают, "
                "а отстройку от конкурента объясняют.\n\n"
                "<script>alert('tarif')</script> [ссылка](javascript:alert(1))"
            ),
            example="Ваш тариф включает роутер.",
            not_to_confuse="Тарификация — это подсчёт минут.",
            related=[cls.otstroyka, hidden, draft],
        )

    def setUp(self):
        self.client.force_login(self.learner)

    def page(self, term) -> str:
        response = self.client.get(term.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_definition_is_markdown(self):
        self.assertIn("<strong>фиксированную</strong>", self.page(self.tarif))

    def test_definition_is_sanitised(self):
        html = self.page(self.tarif)
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("javascript:", html)

    def test_term_is_not_linked_to_itself_but_other_terms_are(self):
        html = self.page(self.tarif)
        self.assertNotIn('data-term="tarif"', html)
        self.assertIn('data-term="otstroyka"', html)

    def test_live_related_terms_are_listed(self):
        html = self.page(self.tarif)
        facts = re.search(r'<dl class="facts">.*?</dl>', html, re.DOTALL).group(0)
        self.assertIn('<a href="/glossary/otstroyka/">Отстройка</a>', facts)
        self.assertNotIn("old-router", facts)
        self.assertNotIn("novinka", facts)

    def test_say_it_like_this_and_dont_confuse_with(self):
        html = self.page(self.tarif)
        self.assertIn("Ваш тариф включает роутер.", html)
        self.assertIn("Тарификация — это подсчёт минут.", html)
        self.assertEqual(html.count('class="callout'), 2)

    def test_no_callouts_when_not_set(self):
        html = self.page(self.router)
        self.assertNotIn('class="callout', html)
        self.assertNotIn("<dt>", re.search(r'<dl class="facts">.*?</dl>', html, re.S).group(0))


class FirstTermOnlyTests(TestCase):
    """A page built from several Markdown texts links each term once."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        term_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        term_create(term_ru="Отстройка", slug="otstroyka", definition_ru="Чем мы лучше.")
        cls.card = ProductCardPageFactory(
            description="Наш тариф и наша отстройка.",
            audience="Тем, кому нужен тариф подешевле и понятная отстройка.",
            objections__0__objection__answer="Сравните тарифы.",
        )

    def test_one_link_per_term_and_unique_tooltip_ids(self):
        self.client.force_login(self.learner)
        html = self.client.get(self.card.url).content.decode()
        self.assertEqual(term_links(html), ["tarif", "otstroyka"])
        ids = re.findall(r'\bid="([^"]+)"', html)
        self.assertEqual(len(ids), len(set(ids)), ids)
        self.assertEqual(html.count('id="gt-tarif"'), 1)
        # The later mentions stay as plain words.
        self.assertIn("кому нужен тариф подешевле", html)
        self.assertIn("Сравните тарифы.", html)


class GlossaryQueryCountTests(TestCase):
    """Learner pages cost the same number of queries with 20 or 2,000 live terms: warm, and
    right after a version bump (matcher rebuilt, cached HTML no longer valid)."""

    SMALL, LARGE = 20, 2000

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.category = category_create(name="Основное", slug="osnovnoe")
        named = [
            GlossaryTerm(
                term_ru="Тариф",
                slug="tarif",
                definition_ru="Набор услуг; сравните с отстройкой и роутером.",
                live=True,
                category=cls.category,
            ),
            GlossaryTerm(
                term_ru="Отстройка", slug="otstroyka", definition_ru="Чем мы лучше.", live=True
            ),
            GlossaryTerm(term_ru="Роутер", slug="router", definition_ru="Коробка.", live=True),
        ]
        GlossaryTerm.objects.bulk_create(named + cls.numbered(3, cls.SMALL))
        cls.tarif = GlossaryTerm.objects.get(slug="tarif")
        cls.tarif.related.set(GlossaryTerm.objects.filter(slug__in=["otstroyka", "router"]))
        glossary_version_bump()
        cls.card = ProductCardPageFactory(
            description="Наш тариф, наша отстройка и роутер в подарок.",
            audience="Тем, кому нужен тариф.",
        )

    @classmethod
    def numbered(cls, start: int, stop: int) -> list[GlossaryTerm]:
        return [
            GlossaryTerm(
                term_ru=f"Понятие {n}",
                term_en=f"Notion {n}",
                slug=f"ponyatie-{n}",
                aliases=f"П{n}",
                definition_ru=f"Определение понятия номер {n}.",
                live=True,
                category=cls.category if n % 2 else None,
            )
            for n in range(start, stop)
        ]

    def setUp(self):
        self.client.force_login(self.learner)

    def grow(self):
        GlossaryTerm.objects.bulk_create(self.numbered(self.SMALL, self.LARGE))
        glossary_version_bump()
        self.assertEqual(GlossaryTerm.objects.filter(live=True).count(), self.LARGE)

    def count(self, url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries), response.content.decode()

    def measure(self, url: str, *, links: bool) -> tuple[int, int]:
        """(queries warm, queries right after a version bump) for ``url``."""
        cache.clear()
        self.client.get(url)  # warm up: matcher built, linked HTML cached
        warm, html = self.count(url)
        glossary_version_bump()
        rebuilt, html_after_bump = self.count(url)
        if links:
            # The request after the bump rebuilt the matcher from every live term.
            self.assertEqual(linking._matcher["token"], str(glossary_state_get().token))
            self.assertGreaterEqual(
                len(linking._matcher["matcher"]),
                GlossaryTerm.objects.filter(live=True).count(),
            )
            self.assertIn('data-term="otstroyka"', html)
            self.assertIn('data-term="otstroyka"', html_after_bump)
        return warm, rebuilt

    def assertSameCost(self, url: str, *, links: bool):
        small = self.measure(url, links=links)
        self.grow()
        large = self.measure(url, links=links)
        self.assertEqual(small, large, f"{url}: (warm, after a bump) with 20 vs 2,000 terms")

    def test_a_to_z(self):
        self.assertSameCost(INDEX_URL, links=False)
        html = self.client.get(INDEX_URL).content.decode()
        self.assertEqual(len(listed_slugs(html)), self.LARGE)

    def test_a_to_z_filtered_by_category(self):
        self.assertSameCost(f"{INDEX_URL}?category=osnovnoe", links=False)

    def test_search(self):
        self.assertSameCost(f"{INDEX_URL}?q=тарифов", links=False)

    def test_term_page(self):
        self.assertSameCost(self.tarif.get_absolute_url(), links=True)

    def test_knowledge_page_with_linked_terms(self):
        self.assertSameCost(self.card.url, links=True)
