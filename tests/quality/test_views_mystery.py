"""The mystery-shopping pages (``quality/views/mystery.py``): who may open them and what each
reader sees."""

from django.test import TestCase
from django.urls import reverse

from tests.quality.test_selectors_mystery import WavesData


class WaveViewTests(WavesData, TestCase):
    def url(self, wave=None):
        return reverse("quality:wave", args=[(wave or self.summer).pk])

    def get_as(self, user, url=None):
        self.client.force_login(user)
        return self.client.get(url or self.url())

    def test_anonymous_is_sent_to_sign_in(self):
        for url in (self.url(), reverse("quality:waves")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("login"), response["Location"])

    def test_a_learner_and_a_person_evaluated_are_refused(self):
        for user in (self.learner, self.a):
            self.assertEqual(self.get_as(user).status_code, 403)
            self.assertEqual(self.get_as(user, reverse("quality:waves")).status_code, 403)

    def test_the_manager_sees_their_team_only(self):
        response = self.get_as(self.manager)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Алексеева")
        self.assertContains(response, "Борисов")
        self.assertNotContains(response, "Глебов")
        self.assertContains(response, "↑ +5,84")
        self.assertContains(response, "↓ -20,00")

    def test_the_manager_of_another_team_sees_theirs_only(self):
        response = self.get_as(self.other_manager)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Глебов")
        self.assertNotContains(response, "Алексеева")

    def test_qa_evaluators_and_administrators_see_everyone(self):
        for user in (self.qa, self.admin):
            response = self.get_as(user)
            self.assertEqual(response.status_code, 200)
            for name in ("Алексеева", "Борисов", "Васина", "Глебов"):
                self.assertContains(response, name)
        response = self.get_as(self.qa, reverse("quality:waves"))
        self.assertContains(response, self.url())
        self.assertContains(response, self.url(self.winter))

    def test_an_unknown_wave_is_not_found(self):
        response = self.get_as(self.qa, reverse("quality:wave", args=[999999]))
        self.assertEqual(response.status_code, 404)

    def test_queries_are_fixed(self):
        self.client.force_login(self.qa)
        self.client.get(self.url())  # warm the session and site caches
        with self.assertNumQueries(NUM_QUERIES):
            self.client.get(self.url())


NUM_QUERIES = 12  # session, user, menu badges, roles, the wave, and the comparison's 6
