import re
from html.parser import HTMLParser

from django.test import TestCase, override_settings

from lms import markdown
from lms.markdown import ALLOWED_TAGS, URL_SCHEMES, register_html_transform, render

BEFORE = "Текст до вставки"
AFTER = "Текст после вставки"

# (name, Markdown source, whether the text after the vector must survive). A vector that opens
# a raw-text element and never closes it (the way an attacker would) may swallow what follows.
XSS_VECTORS = [
    ("script", "<script>alert(1)</script>", True),
    ("script mixed case", "<ScRiPt>alert(1)</sCrIpT>", True),
    ("script with src", '<script src="https://evil.example/x.js"></script>', True),
    ("img onerror", "<img src=x onerror=alert(1)>", True),
    ("img onerror quoted", '<img src="x" onerror="alert(document.cookie)">', True),
    ("markdown javascript link", "[click](javascript:alert(1))", True),
    ("markdown javascript link mixed case", "[click](JaVaScRiPt:alert(1))", True),
    ("markdown javascript link entity", "[click](&#106;avascript:alert(1))", True),
    ("raw a href javascript", '<a href="javascript:alert(1)">click</a>', True),
    ("raw a href javascript mixed case", '<a href="JAVAscript:alert(1)">click</a>', True),
    ("decimal entity", '<a href="&#106;avascript:alert(1)">click</a>', True),
    ("hex entities", '<a href="&#x6A;&#x61;vascript:alert(1)">click</a>', True),
    ("entity in the middle", '<a href="javas&#99;ript:alert(1)">click</a>', True),
    ("padded entities", '<a href="&#0000106&#0000097vascript:alert(1)">click</a>', True),
    ("tab inside scheme", '<a href="jav\tascript:alert(1)">click</a>', True),
    ("encoded tab inside scheme", '<a href="jav&#x09;ascript:alert(1)">click</a>', True),
    ("encoded newline inside scheme", '<a href="java&#x0A;script:alert(1)">click</a>', True),
    ("encoded carriage return", '<a href="java&#13;script:alert(1)">click</a>', True),
    ("leading whitespace", '<a href=" \t javascript:alert(1)">click</a>', True),
    ("leading control character", '<a href="&#x01;javascript:alert(1)">click</a>', True),
    (
        "data text/html link",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        True,
    ),
    ("raw data link", '<a href="data:text/html,<script>alert(1)</script>">click</a>', True),
    ("vbscript", '<a href="vbscript:msgbox(1)">click</a>', True),
    ("svg onload", "<svg onload=alert(1)>", True),
    ("svg with script", "<svg><script>alert(1)</script></svg>", True),
    ("iframe", '<iframe src="https://evil.example"></iframe>', True),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>', True),
    ("object", '<object data="https://evil.example/x.swf"></object>', True),
    ("embed", '<embed src="https://evil.example/x.swf">', True),
    ("style element", "<style>body { display: none }</style>", True),
    ("style attribute", '<p style="background:url(javascript:alert(1))">styled</p>', True),
    ("style attribute on span", '<span style="position:fixed;top:0">overlay</span>', True),
    ("form action", '<form action="https://evil.example"><input name="password"></form>', True),
    ("button formaction", '<button formaction="javascript:alert(1)">go</button>', True),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">', True),
    ("base href", '<base href="https://evil.example/">', True),
    ("link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', True),
    ("a onclick", '<a href="https://ok.example/" onclick="alert(1)">ok</a>', True),
    ("p onmouseover", '<p onmouseover="alert(1)">hover</p>', True),
    (
        "strong onfocus autofocus",
        '<strong tabindex="1" autofocus onfocus="alert(1)">x</strong>',
        True,
    ),
    ("details ontoggle", "<details open ontoggle=alert(1)><summary>s</summary>d</details>", True),
    ("math mglyph style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", False),
    (
        "math mXSS comment",
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;'
        '&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
        False,
    ),
    ("math href", '<math href="javascript:alert(1)">click</math>', True),
    ("markdown image javascript", "![picture](javascript:alert(1))", True),
    (
        "markdown image data svg",
        "![picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        True,
    ),
    ("reference-style javascript", "[click][evil]\n\n[evil]: javascript:alert(1)", True),
    ("reference-style with title", '[click][evil]\n\n[evil]: javascript:alert(1) "title"', True),
    ("title breaking quotes", '[click](https://ok.example/ "a" onmouseover="alert(1)")', True),
    ("title escaped quotes", '[click](https://ok.example/ "a\\" onmouseover=\\"alert(1)")', True),
    (
        "raw title breaking",
        '<a href="https://ok.example/" title="x"onmouseover="alert(1)">ok</a>',
        True,
    ),
    ("comment hiding script", "<!-- --><script>alert(1)</script><!-- -->", True),
    ("script inside comment", "<!-- <script>alert(1)</script> -->", True),
    ("conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]-->", True),
    (
        "noscript nesting",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        True,
    ),
    ("template nesting", "<template><script>alert(1)</script></template>", True),
    ("template img", "<template><img src=x onerror=alert(1)></template>", True),
    ("textarea breakout", "<textarea></textarea><img src=x onerror=alert(1)>", True),
    ("title element breakout", "<title></title><img src=x onerror=alert(1)>", True),
    ("autolink javascript", "<javascript:alert(1)>", True),
    ("img srcset", '<img srcset="javascript:alert(1)" src="https://ok.example/a.png">', True),
    ("div class outside allow-list", '<div class="evil-overlay" id="x">boxed</div>', True),
]

_ON_ATTRIBUTE = re.compile(r"^on", re.IGNORECASE)
_DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|svg|math|form|meta|base|link|template|noscript"
    r"|button|input|textarea|title)\b",
    re.IGNORECASE,
)
# As browsers parse a URL (WHATWG): C0 controls and spaces around it are stripped, ASCII tab and
# newline are removed anywhere in it.
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")


class _Collector(HTMLParser):
    """Collects every start tag with its attributes, and the text, as a browser would see them
    (entities in attribute values are decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", [("comment", data)]))


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _url_scheme(url: str) -> str | None:
    cleaned = _URL_TAB_NEWLINE.sub("", url.strip(_URL_EDGES)).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


class RenderTests(TestCase):
    def test_empty_or_blank_input_gives_empty_string(self):
        for text in (None, "", "   \n\t "):
            with self.subTest(text=text):
                self.assertEqual(render(text), "")

    def test_emphasis_and_strong(self):
        html = render("Это *важно* и **очень важно**.")

        self.assertEqual(html, "<p>Это <em>важно</em> и <strong>очень важно</strong>.</p>")

    def test_unordered_and_ordered_lists(self):
        html = render("- один\n- два\n\n3. три\n4. четыре")

        self.assertInHTML("<ul><li>один</li><li>два</li></ul>", html)
        self.assertInHTML('<ol start="3"><li>три</li><li>четыре</li></ol>', html)

    def test_link_keeps_https_href_and_gets_rel(self):
        html = render("[Тарифы](https://example.com/tariffs)")

        self.assertInHTML(
            '<a href="https://example.com/tariffs" rel="noopener noreferrer">Тарифы</a>', html
        )

    def test_mailto_and_tel_links_are_kept(self):
        html = render("[Почта](mailto:help@example.com) и [звонок](tel:+78000000000)")

        self.assertIn('href="mailto:help@example.com"', html)
        self.assertIn('href="tel:+78000000000"', html)

    def test_tables_from_the_extra_extension(self):
        html = render("| Тариф | Цена |\n|-------|------|\n| Базовый | 500 |\n")

        self.assertInHTML(
            "<table><thead><tr><th>Тариф</th><th>Цена</th></tr></thead>"
            "<tbody><tr><td>Базовый</td><td>500</td></tr></tbody></table>",
            html,
        )

    def test_h1_is_demoted_to_h2(self):
        html = render("# Заголовок\n\n## Подзаголовок")

        self.assertNotIn("<h1", html)
        self.assertInHTML("<h2>Заголовок</h2>", html)
        self.assertInHTML("<h2>Подзаголовок</h2>", html)

    def test_raw_h1_is_demoted_too(self):
        html = render("<h1>Сырой заголовок</h1>")

        self.assertNotIn("<h1", html)
        self.assertInHTML("<h2>Сырой заголовок</h2>", html)

    def test_single_newline_becomes_line_break(self):
        html = render("первая строка\nвторая строка")

        self.assertInHTML("<p>первая строка<br>вторая строка</p>", html)

    def test_fenced_code_keeps_language_class(self):
        html = render("```python\nprint(1)\n```")

        self.assertIn('<code class="language-python">', html)

    def test_class_attribute_keeps_only_allowed_names(self):
        html = render('<span class="term evil glossary-link glossary-nolink">слово</span>')

        # Authors keep only the {nolink} marker; glossary markup is the linker's alone.
        self.assertIn('class="glossary-nolink"', html)
        self.assertNotIn("evil", html)
        self.assertNotIn("glossary-link", html)

    def test_markdown_inside_text_is_not_double_escaped(self):
        html = render("Цена < 500 ₽ & без скрытых платежей")

        self.assertIn("&lt; 500 ₽ &amp; без", html)


class InertHtmlAssertions:
    def assertInert(self, html: str):
        parsed = _parse(html)
        for tag, attributes in parsed.tags:
            self.assertIn(tag, ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}")
            for name, value in attributes:
                self.assertIsNone(
                    _ON_ATTRIBUTE.match(name), f"event handler {name} survived in {html!r}"
                )
                self.assertNotIn(name, {"style", "id", "srcset", "formaction", "srcdoc"}, html)
                if name in {"href", "src", "action", "formaction", "xlink:href"}:
                    scheme = _url_scheme(value or "")
                    self.assertTrue(
                        scheme is None or scheme in URL_SCHEMES,
                        f"{name}={value!r} has scheme {scheme!r} in {html!r}",
                    )
        self.assertIsNone(_DANGEROUS_TAG.search(html), f"dangerous tag in {html!r}")


class SanitiseXssTests(InertHtmlAssertions, TestCase):
    """Every vector comes out inert, and the ordinary text around it survives."""

    def test_vectors(self):
        self.assertGreaterEqual(len(XSS_VECTORS), 25)
        for name, vector, keeps_after in XSS_VECTORS:
            with self.subTest(vector=name):
                html = render(f"{BEFORE}\n\n{vector}\n\n{AFTER}")

                self.assertInert(html)
                text = "".join(_parse(html).text)
                self.assertIn(BEFORE, text)
                if keeps_after:
                    self.assertIn(AFTER, text)

    def test_vectors_inline_in_a_sentence(self):
        for name, vector, _keeps_after in XSS_VECTORS:
            with self.subTest(vector=name):
                html = render(f"{BEFORE} {vector} {AFTER}")

                self.assertInert(html)
                self.assertIn(BEFORE, "".join(_parse(html).text))

    def test_safe_parts_of_a_vector_survive(self):
        cases = [
            (
                '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
                'href="https://ok.example/"',
            ),
            ('<p onmouseover="alert(1)">hover</p>', "hover"),
            (
                "<details open ontoggle=alert(1)><summary>s</summary>d</details>",
                "<summary>s</summary>",
            ),
            ('<p style="color:red">styled</p>', "styled"),
            ("[click](javascript:alert(1))", ">click</a>"),
        ]
        for vector, kept in cases:
            with self.subTest(vector=vector):
                self.assertIn(kept, render(vector))

    def test_link_title_with_quotes_stays_inside_the_title(self):
        html = render('[click](https://ok.example/ "a" onmouseover="alert(1)")')

        (tag, attributes), *_ = [t for t in _parse(html).tags if t[0] == "a"]
        names = [name for name, _ in attributes]
        self.assertEqual(sorted(names), ["href", "rel", "title"])

    def test_sanitise_alone_strips_script_and_handlers(self):
        html = markdown.sanitise('<p onclick="x()">a</p><script>b()</script>')

        self.assertEqual(html, "<p>a</p>")


class RegisterHtmlTransformTests(InertHtmlAssertions, TestCase):
    def register(self, transform):
        register_html_transform(transform)
        self.addCleanup(markdown.unregister_html_transform, transform)
        return transform

    def test_transform_changes_the_output(self):
        def highlight(html, **kwargs):
            return html.replace("тариф", '<span class="glossary-x">тариф</span>')

        self.register(highlight)

        self.assertEqual(render("Наш тариф."), '<p>Наш <span class="glossary-x">тариф</span>.</p>')

    def test_transform_output_is_sanitised_again(self):
        def malicious(html, **kwargs):
            return (
                html
                + "<script>alert(1)</script>"
                + '<a href="javascript:alert(2)" onclick="alert(3)">link</a>'
                + '<img src=x onerror="alert(4)">'
                + '<span class="glossary-x evil" style="color:red" onmouseover="alert(5)">t</span>'
            )

        self.register(malicious)

        html = render("Обычный текст")

        self.assertInert(html)
        self.assertIn("Обычный текст", html)
        self.assertNotIn("alert", html)
        self.assertIn('<span class="glossary-x">t</span>', html)

    def test_transform_receives_sanitised_html(self):
        seen = []

        def spy(html, **kwargs):
            seen.append(html)
            return html

        self.register(spy)

        render("Привет <script>alert(1)</script>")

        self.assertEqual(len(seen), 1)
        self.assertNotIn("<script", seen[0])
        self.assertIn("Привет", seen[0])

    def test_registering_twice_applies_once(self):
        def exclaim(html, **kwargs):
            return html + "<p>!</p>"

        self.register(exclaim)
        register_html_transform(exclaim)

        self.assertEqual(render("Текст").count("<p>!</p>"), 1)

    def test_unregister_removes_the_transform(self):
        def exclaim(html, **kwargs):
            return html + "<p>!</p>"

        self.register(exclaim)
        self.assertIn("<p>!</p>", render("Текст"))

        markdown.unregister_html_transform(exclaim)

        self.assertNotIn("<p>!</p>", render("Текст"))

    def test_unregister_of_unknown_transform_is_ignored(self):
        before = render("Текст")

        markdown.unregister_html_transform(lambda html, **kwargs: html + "x")

        self.assertEqual(render("Текст"), before)

    def test_decorator_form_returns_the_function(self):
        def identity(html, **kwargs):
            return html

        self.assertIs(self.register(identity), identity)


class ImageSourceTests(TestCase):
    """Images only from the site's own media and static files, or an https host an
    administrator listed in MARKDOWN_IMAGE_HOSTS: no tracking pixels in learner content. A
    dropped image leaves its alt text, so the reader loses nothing."""

    def image_sources(self, html: str) -> list[str | None]:
        return [dict(attrs).get("src") for tag, attrs in _parse(html).tags if tag == "img"]

    def assertDropped(self, source: str, alt: str = "схема"):
        html = render(source)
        self.assertEqual(self.image_sources(html), [], f"image kept in {html!r}")
        self.assertIn(alt, "".join(_parse(html).text))

    def test_own_media_and_static_images_are_kept(self):
        for src in ("/media/images/scheme.png", "/static/lms/img/favicon.svg"):
            with self.subTest(src=src):
                html = render(f"![схема]({src})")
                self.assertEqual(self.image_sources(html), [src])
                self.assertIn('alt="схема"', html)

    def test_a_tracking_pixel_is_dropped_and_its_alt_text_stays(self):
        html = render(f"{BEFORE} ![схема](https://tracker.example/pixel.gif?u=anna) {AFTER}")

        self.assertEqual(self.image_sources(html), [])
        self.assertEqual(" ".join("".join(_parse(html).text).split()), f"{BEFORE} схема {AFTER}")

    def test_raw_img_tags_follow_the_same_rule(self):
        self.assertDropped('<img src="https://tracker.example/p.gif" alt="схема" title="t">')
        self.assertEqual(
            self.image_sources(render('<img src="/media/a.png" alt="схема">')), ["/media/a.png"]
        )

    def test_every_foreign_spelling_is_dropped(self):
        sources = [
            "https://tracker.example/p.gif",
            "http://tracker.example/p.gif",
            "//tracker.example/p.gif",
            "///tracker.example/p.gif",
            "/\\tracker.example/p.gif",
            "HTTPS://TRACKER.EXAMPLE/p.gif",
            "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "p.gif",
            "../media/p.gif",
            "/media/../accounts/logout/",
            "/media/%2e%2e/accounts/logout/",
            "/mediax/p.gif",
        ]
        for src in sources:
            with self.subTest(src=src, spelling="markdown"):
                self.assertDropped(f"![схема]({src})")
            with self.subTest(src=src, spelling="raw"):
                self.assertDropped(f'<img src="{src}" alt="схема">')
        for src in (
            "&#104;ttps://tracker.example/p.gif",
            "&#x2F;&#x2F;tracker.example/p.gif",
            "/\tmedia/../x.gif",
            " //tracker.example/p.gif",
            "/media/a.gif\n//tracker",
        ):
            with self.subTest(src=src, spelling="entities and whitespace"):
                self.assertDropped(f'<img src="{src}" alt="схема">')

    def test_alt_text_is_kept_escaped(self):
        html = render('<img src="https://tracker.example/p.gif" alt="<b>1 & 2</b> &quot;x&quot;">')

        self.assertNotIn("<b>", html)
        self.assertIn("<b>1 & 2</b>", "".join(_parse(html).text))
        self.assertIn('"x"', "".join(_parse(html).text))

    def test_an_image_without_alt_text_disappears(self):
        html = render(f"{BEFORE} ![](https://tracker.example/p.gif) {AFTER}")

        self.assertNotIn("<img", html)
        self.assertIn(AFTER, html)

    @override_settings(MARKDOWN_IMAGE_HOSTS=["images.example.com"])
    def test_an_allowed_https_host_is_kept(self):
        src = "https://images.example.com/scheme.png"
        self.assertEqual(self.image_sources(render(f"![схема]({src})")), [src])
        for other in (
            "http://images.example.com/scheme.png",
            "https://images.example.com.evil.example/scheme.png",
            "https://evil.example@images.example.com/scheme.png",
            "https://images.example.com:8443/scheme.png",
            "//images.example.com/scheme.png",
            "https://sub.images.example.com/scheme.png",
        ):
            with self.subTest(src=other):
                self.assertDropped(f"![схема]({other})")

    def test_the_host_list_is_part_of_the_cached_result(self):
        src = "https://images.example.com/scheme.png"
        self.assertEqual(self.image_sources(render(f"![схема]({src})")), [])
        with self.settings(MARKDOWN_IMAGE_HOSTS=["images.example.com"]):
            self.assertEqual(self.image_sources(render(f"![схема]({src})")), [src])
        self.assertEqual(self.image_sources(render(f"![схема]({src})")), [])

    @override_settings(MEDIA_URL="https://cdn.example.com/media/")
    def test_media_on_another_host_counts_as_the_sites_own(self):
        src = "https://cdn.example.com/media/scheme.png"
        self.assertEqual(self.image_sources(render(f"![схема]({src})")), [src])
        self.assertDropped("![схема](https://cdn.example.com/elsewhere.png)")


class RenderFormatTests(TestCase):
    """Text in each of Moodle's formats renders as its author wrote it, sanitised."""

    def test_markdown_is_markdown(self):
        self.assertIn("<strong>да</strong>", markdown.render_format("**да**", "markdown"))

    def test_html_keeps_pre_with_its_line_breaks_and_drops_scripts(self):
        html = markdown.render_format("<pre>a\n  b</pre><script>x()</script>", "html")
        self.assertIn("<pre>a\n  b</pre>", html)
        self.assertNotIn("script", html)

    def test_plain_is_shown_as_typed(self):
        html = markdown.render_format("**не жирный** <b>\nвторая строка", "plain")
        self.assertIn("**не жирный** &lt;b&gt;<br>вторая строка", html)

    def test_moodle_keeps_html_and_line_breaks(self):
        html = markdown.render_format("<b>да</b>\nнет<img src=x onerror=y>", "moodle")
        self.assertIn("<b>да</b><br>нет", html)
        self.assertNotIn("onerror", html)
