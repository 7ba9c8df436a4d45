"""No admin listing shows a raw True/False: yes/no fields read «Да»/«Нет», the published state
is Wagtail's status tag."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import TestCase
from django.urls import reverse

from wagtail.snippets.models import get_snippet_models

from lms.people import roles
from tests.factories import staff_user
from tests.mentoring.factories import mentor_create


class ListingBooleansTests(TestCase):
    def test_no_snippet_listing_names_a_yes_no_field_as_is(self):
        for model in get_snippet_models():
            viewset = model.snippet_viewset
            for column in viewset.list_display:
                if not isinstance(column, str) or column == "__str__":
                    continue
                try:
                    field = model._meta.get_field(column)
                except FieldDoesNotExist:  # a method or property, not a field
                    continue
                with self.subTest(model=model.__name__, column=column):
                    self.assertNotIsInstance(field, models.BooleanField)

    def test_a_listing_says_yes_and_no_in_words(self):
        admin = staff_user(roles=[roles.ADMINISTRATORS])
        mentor_create(is_active=True)
        mentor_create(is_active=False)
        self.client.force_login(admin)
        response = self.client.get(reverse("wagtailsnippets_mentoring_mentorprofile:list"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertRegex(html, r"<td[^>]*>\s*Да\s*</td>")
        self.assertRegex(html, r"<td[^>]*>\s*Нет\s*</td>")
        self.assertNotIn(">True<", html)
        self.assertNotIn(">False<", html)
