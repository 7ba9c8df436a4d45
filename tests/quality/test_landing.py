"""The quality page (``quality:home``) where QA evaluators land, quality's links in the main
navigation, the person picker's search and the mentor's list of their mentees' evaluations:
the permission matrix of each, and a fixed number of queries on the lists."""

import json

from django.test import TestCase
from django.urls import reverse

from lms.core.landing import landing_url_for
from lms.core.navigation import links_for
from lms.people import roles
from mentoring.models import Pairing
from quality.forms import ERROR_NO_PERSON, ERROR_SEVERAL_PEOPLE, person_label
from quality.models import Evaluation
from quality.services.reviews import evaluation_dispute
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import mentor_create, pairing_make
from tests.quality.factories import EvaluationPeople, evaluation_make


class Matrix(EvaluationPeople):
    """``EvaluationPeople`` with HR, a mentor of someone else and a person without mentor."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hr = staff_user(roles=[roles.HR], first_name="Вера", last_name="Кадрова")
        cls.other_mentor = mentor_create(first_name="Семён", last_name="Чужой")
        cls.other_mentee = staff_user(team=cls.team, first_name="Лев", last_name="Другой")
        pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.detail = reverse("quality:evaluation_detail", args=[cls.evaluation.pk])

    def get(self, user, url, **params):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url, params)

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class HomeTests(Matrix, TestCase):
    url = reverse("quality:home")

    def test_anonymous_goes_to_sign_in(self):
        self.assert_login_redirect(self.get(None, self.url))

    def test_evaluators_see_the_form_link_and_the_evaluations_they_may_see(self):
        evaluate = reverse("quality:evaluation_new")
        for user in (self.manager, self.qa, self.qa2, self.hr, self.admin):
            with self.subTest(user=user.username):
                response = self.get(user, self.url)
                self.assertContains(response, evaluate)
                self.assertContains(response, self.detail)
                self.assertContains(response, "waves-title")
        # A manager of another team evaluates their own people, not this one.
        response = self.get(self.other_manager, self.url)
        self.assertContains(response, evaluate)
        self.assertNotContains(response, self.detail)

    def test_learners_see_only_their_own(self):
        response = self.get(self.person, self.url)
        self.assertContains(response, self.detail)
        self.assertContains(response, reverse("quality:my_evaluations"))
        self.assertNotContains(response, reverse("quality:evaluation_new"))
        response = self.get(self.learner, self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.detail)
        self.assertNotContains(response, reverse("quality:evaluation_new"))
        self.assertNotContains(response, "waves-title")

    def test_mentors_see_their_mentees_evaluations_only(self):
        response = self.get(self.mentor, self.url)
        self.assertContains(response, self.detail)
        self.assertContains(response, reverse("quality:mentee_evaluations"))
        self.assertNotContains(response, reverse("quality:evaluation_new"))
        response = self.get(self.other_mentor, self.url)
        self.assertContains(response, "mentees-title")
        self.assertNotContains(response, self.detail)

    def test_disputes_wait_for_resolvers_but_not_the_original_evaluator(self):
        evaluation_dispute(evaluation=self.evaluation, user=self.person, reason="Не согласен")
        for user in (self.manager, self.qa2, self.admin):
            with self.subTest(user=user.username):
                section = self.get(user, self.url).content.decode().split('id="recent-title"')[0]
                self.assertIn(self.detail, section)
        section = self.get(self.qa, self.url).content.decode().split('id="recent-title"')[0]
        self.assertNotIn(self.detail, section)

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.get(self.qa2, self.url)
        with self.assertNumQueries(12) as first:
            self.client.get(self.url)
        for _ in range(6):
            evaluation = evaluation_make(evaluator=self.qa, person=self.person, scorecard=self.scorecard)  # fmt: skip
            evaluation_dispute(evaluation=evaluation, user=self.person, reason="Нет")
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(self.url)


class LandingTests(Matrix, TestCase):
    def test_qa_evaluators_land_on_the_quality_page(self):
        self.assertEqual(landing_url_for(self.qa), reverse("quality:home"))

    def test_a_qa_evaluator_who_manages_a_team_lands_on_the_team(self):
        boss = staff_user(roles=[roles.QA_EVALUATORS, roles.MANAGERS])
        self.assertEqual(landing_url_for(boss), reverse("reports:dashboard"))

    def test_the_others_land_where_they_did(self):
        self.assertEqual(landing_url_for(self.learner), "/")
        self.assertEqual(landing_url_for(self.mentor), reverse("mentoring:mentees"))

    def test_signing_in_takes_the_qa_evaluator_there(self):
        self.qa.set_password("pw")
        self.qa.save()
        response = self.client.post(
            reverse("login"), {"username": self.qa.username, "password": "pw"}, follow=True
        )
        self.assertEqual(response.redirect_chain[-1][0], reverse("quality:home"))


class NavigationTests(Matrix, TestCase):
    def names(self, user):
        return {link.name for link in links_for(user)} & {"quality", "my_evaluations"}

    def test_who_sees_which_link(self):
        expected = {
            self.person: {"my_evaluations"},
            self.learner: set(),
            self.mentor: {"quality"},  # a mentee of theirs was evaluated
            self.other_mentor: set(),
            self.manager: {"quality"},
            self.other_manager: {"quality"},
            self.qa: {"quality"},
            self.hr: {"quality"},
            self.admin: {"quality"},
        }
        for user, names in expected.items():
            with self.subTest(user=user.username):
                self.assertEqual(self.names(user), names)

    def test_an_ended_pairing_ends_the_mentors_link(self):
        Pairing.objects.filter(mentor=self.mentor).update(status=Pairing.Status.ENDED)
        self.assertEqual(self.names(self.mentor), set())

    def test_still_one_query(self):
        with self.assertNumQueries(1):
            links_for(self.person)

    def test_the_page_shows_the_links(self):
        response = self.get(self.person, reverse("quality:my_evaluations"))
        self.assertContains(response, f'href="{reverse("quality:my_evaluations")}"')
        self.assertNotContains(response, f'href="{reverse("quality:home")}"')


class PeopleSearchTests(Matrix, TestCase):
    url = reverse("quality:people_search")

    def found(self, user, q):
        response = self.get(user, self.url, q=q)
        self.assertEqual(response.status_code, 200)
        return [row["id"] for row in json.loads(response.content)["results"]]

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url, q="Нов"))
        for user in (self.person, self.learner, self.mentor, self.other_mentor):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url, q="Нов").status_code, 403)
        for user in (self.manager, self.qa, self.hr, self.admin):
            with self.subTest(user=user.username):
                self.assertIn(self.person.pk, self.found(user, "Нов"))
        # A manager finds only their own people, however the name is typed.
        self.assertEqual(self.found(self.other_manager, "Нов"), [])
        self.assertEqual(self.found(self.other_manager, self.person.username), [])

    def test_any_case_any_word_never_oneself(self):
        self.assertEqual(self.found(self.qa, "новиков"), [self.person.pk])
        self.assertEqual(self.found(self.qa, "иван НОВ"), [self.person.pk])
        self.assertEqual(self.found(self.qa, self.person.username), [self.person.pk])
        self.assertNotIn(self.qa.pk, self.found(self.qa, "Контроль"))

    def test_rows_carry_the_label_the_form_reads_back(self):
        response = self.get(self.qa, self.url, q="Новиков")
        row = json.loads(response.content)["results"][0]
        self.assertEqual(row["label"], person_label(self.person))
        self.assertEqual(row["team"], self.team.name)

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.get(self.qa, self.url, q="а")
        with self.assertNumQueries(4) as first:
            self.client.get(self.url, {"q": "а"})
        team = TeamFactory()
        for n in range(5):
            staff_user(team=team, first_name="Анна", last_name=f"Новая{n}")
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(self.url, {"q": "а"})


class PickerFormTests(Matrix, TestCase):
    url = reverse("quality:evaluation_new")

    def post(self, user, person):
        self.client.force_login(user)
        ids = self.ids
        return self.client.post(
            self.url,
            {
                "scorecard": self.scorecard.pk,
                "person": person,
                "channel": "phone",
                "contact_date": "2026-11-05",
                f"c{ids['greeting']}": "yes",
                f"c{ids['need']}": "yes",
                f"c{ids['product']}": "4",
                f"c{ids['polite']}": "yes",
            },
        )

    def test_a_picked_suggestion_or_typed_words_find_the_person(self):
        for typed in (person_label(self.person), "новиков", "Иван Новиков"):
            with self.subTest(typed=typed):
                response = self.post(self.manager, typed)
                self.assertEqual(response.status_code, 302)
        self.assertEqual(Evaluation.objects.filter(person=self.person).count(), 4)

    def test_someone_outside_the_scope_is_never_found(self):
        response = self.post(self.other_manager, person_label(self.person))
        self.assertContains(response, 'value="' + person_label(self.person), status_code=400)
        message = ERROR_NO_PERSON % {"query": person_label(self.person)}
        self.assertContains(response, message, status_code=400)
        self.assertEqual(Evaluation.objects.count(), 1)

    def test_several_matches_are_named_and_the_typed_text_kept(self):
        namesake = staff_user(team=self.team, first_name="Иван", last_name="Новиченко")
        response = self.post(self.manager, "Иван Нов")
        self.assertContains(response, 'value="Иван Нов"', status_code=400)
        names = f"{person_label(self.person)}, {person_label(namesake)}"
        message = ERROR_SEVERAL_PEOPLE % {"query": "Иван Нов", "names": names}
        self.assertContains(response, message, status_code=400)
        self.assertEqual(Evaluation.objects.count(), 1)

    def test_the_preselected_person_shows_as_their_label(self):
        self.client.force_login(self.qa)
        response = self.client.get(self.url, {"person": self.person.pk})
        self.assertContains(response, f'value="{person_label(self.person)}"', count=2)


class MenteeEvaluationsTests(Matrix, TestCase):
    url = reverse("quality:mentee_evaluations")

    def test_matrix(self):
        self.assert_login_redirect(self.get(None, self.url))
        for user in (self.person, self.learner, self.manager, self.other_manager, self.qa,
                     self.hr, self.admin):  # fmt: skip
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, self.url).status_code, 403)
        self.assertContains(self.get(self.mentor, self.url), self.detail)
        self.assertNotContains(self.get(self.other_mentor, self.url), self.detail)

    def test_the_mentor_reads_the_detail_but_may_not_act(self):
        response = self.get(self.mentor, self.detail)
        self.assertEqual(response.status_code, 200)
        for name in ("evaluation_acknowledge", "evaluation_dispute", "evaluation_resolve"):
            self.assertNotContains(response, reverse(f"quality:{name}", args=[self.evaluation.pk]))
        self.assertEqual(self.get(self.other_mentor, self.detail).status_code, 404)

    def test_an_ended_pairing_ends_the_reading(self):
        Pairing.objects.filter(mentor=self.mentor).update(status=Pairing.Status.ENDED)
        response = self.get(self.mentor, self.url)
        self.assertNotContains(response, self.detail)
        self.assertEqual(self.get(self.mentor, self.detail).status_code, 404)

    def test_the_queries_do_not_grow_with_the_rows(self):
        self.get(self.mentor, self.url)
        with self.assertNumQueries(8) as first:
            self.client.get(self.url)
        for _ in range(5):
            evaluation_make(evaluator=self.qa, person=self.person, scorecard=self.scorecard)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(self.url)
