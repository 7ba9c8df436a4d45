"""Absolute links under ``SITE_URL`` (``lms.core.site_url``): a site served under a path
prefix gets that prefix once, whether the path was reversed in a request (which carries the
prefix) or in the worker (which does not)."""

from django.test import SimpleTestCase, override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from lms.core.site_url import absolute_url


class AbsoluteUrlTests(SimpleTestCase):
    def tearDown(self):
        clear_script_prefix()

    @override_settings(SITE_URL="https://lms.example.ru")
    def test_site_at_the_root(self):
        self.assertEqual(absolute_url("/learning/"), "https://lms.example.ru/learning/")
        self.assertEqual(absolute_url("learning/"), "https://lms.example.ru/learning/")

    @override_settings(SITE_URL="https://intranet.example.ru/nastavnik")
    def test_prefix_given_once_in_a_request_and_in_the_worker(self):
        in_worker = reverse("notifications:inbox")
        set_script_prefix("/nastavnik/")
        in_request = reverse("notifications:inbox")
        self.assertTrue(in_request.startswith("/nastavnik/"))
        expected = "https://intranet.example.ru/nastavnik" + in_worker
        self.assertEqual(absolute_url(in_worker), expected)
        self.assertEqual(absolute_url(in_request), expected)

    @override_settings(SITE_URL="https://intranet.example.ru/nastavnik")
    def test_a_path_that_only_starts_like_the_prefix_is_prefixed(self):
        self.assertEqual(
            absolute_url("/nastavnik-help/"),
            "https://intranet.example.ru/nastavnik/nastavnik-help/",
        )

    def test_absolute_addresses_are_kept(self):
        self.assertEqual(absolute_url("https://other.example/x"), "https://other.example/x")
