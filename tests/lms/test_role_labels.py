"""The role groups are shown as people know them, in their language, everywhere the admin names
a group, while the database keeps the stable identifiers the code looks the groups up by."""

import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from lms.people import roles
from lms.people.viewsets import RoleGroupForm
from tests.factories import staff_user

RUSSIAN = {
    roles.LEARNERS: "Обучающиеся",
    roles.MENTORS: "Наставники",
    roles.AUTHORS: "Авторы",
    roles.CONTENT_LEADS: "Ведущие контента",
    roles.MANAGERS: "Руководители",
    roles.HR: "Кадровая служба",
    roles.QA_EVALUATORS: "Контролёры качества",
    roles.ADMINISTRATORS: "Администраторы",
}
ENGLISH = {
    roles.LEARNERS: "Learners",
    roles.MENTORS: "Mentors",
    roles.AUTHORS: "Authors",
    roles.CONTENT_LEADS: "Content leads",
    roles.MANAGERS: "Managers",
    roles.HR: "HR",
    roles.QA_EVALUATORS: "QA evaluators",
    roles.ADMINISTRATORS: "Administrators",
}

# Wagtail's own starter groups: no roles of the product, labelled as Wagtail's.
WAGTAIL_GROUPS = {
    "ru": {"Редакторы (Wagtail)", "Модераторы (Wagtail)"},
    "en": {"Editors (Wagtail)", "Moderators (Wagtail)"},
}


def listed_titles(response) -> set[str]:
    """The titles of the rows of the listing on the page, as shown."""
    html = response.content.decode()
    return set(re.findall(r'<td class="title">.*?<a href="[^"]*">\s*([^<]*?)\s*</a>', html, re.S))


def checkbox_labels(response, field: str) -> set[str]:
    """The labels of the checkboxes of ``field`` in the form on the page."""
    bound = response.context["form"][field]
    return {str(choice.choice_label) for choice in bound}


class RoleLabelTranslationTests(TestCase):
    def test_the_labels_are_the_agreed_words_in_both_languages(self):
        for language, expected in (("ru", RUSSIAN), ("en", ENGLISH)):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual({n: str(roles.role_label(n)) for n in roles.ROLE_LABELS}, expected)

    def test_a_group_that_is_no_role_keeps_its_name(self):
        self.assertEqual(roles.role_label("Night shift"), "Night shift")


class AdminRoleLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.person = staff_user(roles=[roles.MENTORS])
        cls.groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLE_LABELS)}
        cls.custom = Group.objects.create(name="Night shift")

    def setUp(self):
        self.client.force_login(self.admin)

    def in_english(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_groups_listing_shows_the_labels(self):
        for language, labels in (("ru", RUSSIAN), ("en", ENGLISH)):
            with self.subTest(language=language):
                if language == "en":
                    self.in_english()
                response = self.client.get(reverse("wagtailusers_groups:index"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    listed_titles(response),
                    {*labels.values(), *WAGTAIL_GROUPS[language], "Night shift"},
                )

    def test_groups_listing_search_finds_a_role_by_its_label(self):
        response = self.client.get(reverse("wagtailusers_groups:index"), {"q": "наставн"})
        self.assertEqual(list(response.context["object_list"]), [self.groups[roles.MENTORS]])

    def test_group_edit_screen_shows_the_label_and_keeps_the_identifier(self):
        mentors = self.groups[roles.MENTORS]
        response = self.client.get(reverse("wagtailusers_groups:edit", args=[mentors.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Наставники"')
        self.assertTrue(response.context["form"].fields["name"].disabled)
        self.assertEqual(response.context["page_subtitle"], "Наставники")
        self.assertNotContains(response, 'value="Mentors"')

        self.in_english()
        response = self.client.get(reverse("wagtailusers_groups:edit", args=[mentors.pk]))
        self.assertContains(response, 'value="Mentors"')

    def test_a_role_group_cannot_be_renamed_from_its_form(self):
        mentors = self.groups[roles.MENTORS]
        held = set(mentors.permissions.all())
        shown = RoleGroupForm(instance=mentors).fields["permissions"].queryset
        form = RoleGroupForm(
            {"name": "Renamed", "permissions": [p.pk for p in held if p in shown]},
            instance=mentors,
        )
        self.assertTrue(form.is_valid(), form.errors)
        form.save()
        mentors.refresh_from_db()
        self.assertEqual(mentors.name, roles.MENTORS)
        self.assertEqual(set(mentors.permissions.all()), held)

    def test_another_group_can_still_be_named_and_renamed(self):
        form = RoleGroupForm({"name": "Evening shift", "permissions": []}, instance=self.custom)
        self.assertFalse(form.fields["name"].disabled)
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.save().name, "Evening shift")

    def test_user_edit_and_create_forms_label_the_group_checkboxes(self):
        pages = [
            reverse("wagtailusers_users:edit", args=[self.person.pk]),
            reverse("wagtailusers_users:add"),
        ]
        for language, labels in (("ru", RUSSIAN), ("en", ENGLISH)):
            for url in pages:
                with self.subTest(language=language, url=url):
                    if language == "en":
                        self.in_english()
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(
                        checkbox_labels(response, "groups"),
                        {*labels.values(), *WAGTAIL_GROUPS[language], "Night shift"},
                    )
                    for label in labels.values():
                        self.assertContains(response, label)

    def test_saving_a_user_keeps_the_groups_by_identifier(self):
        self.in_english()
        url = reverse("wagtailusers_users:edit", args=[self.person.pk])
        form = self.client.get(url).context["form"]
        data = {
            "username": self.person.username,
            "email": "mentor@example.com",
            "first_name": "Ольга",
            "last_name": "Лебедева",
            "is_active": "on",
            "groups": [self.groups[roles.LEARNERS].pk, self.groups[roles.AUTHORS].pk],
        }
        self.assertIn("groups", form.fields)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(
            set(self.person.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.AUTHORS},
        )

    def test_users_listing_filter_shows_the_labels(self):
        for language, labels in (("ru", RUSSIAN), ("en", ENGLISH)):
            with self.subTest(language=language):
                if language == "en":
                    self.in_english()
                response = self.client.get(reverse("wagtailusers_users:index"))
                self.assertEqual(response.status_code, 200)
                bound = response.context["filters"].form["group"]
                self.assertEqual(
                    {str(choice.choice_label) for choice in bound},
                    {*labels.values(), *WAGTAIL_GROUPS[language], "Night shift"},
                )

    def test_the_chosen_group_filter_is_shown_by_its_label(self):
        mentors = self.groups[roles.MENTORS]
        response = self.client.get(reverse("wagtailusers_users:index"), {"group": mentors.pk})
        self.assertEqual([f.value for f in response.context["active_filters"]], ["Наставники"])
        self.assertEqual(list(response.context["object_list"]), [self.person])

    def test_own_profile_page_shows_the_labels(self):
        self.client.force_login(self.person)
        response = self.client.get(reverse("profile"))
        self.assertContains(response, "Обучающиеся, Наставники")


class GroupsNamedEverywhereTests(TestCase):
    """Every other screen that names groups (Wagtail's workflow tasks and page privacy, the
    Django admin) shows the labels too, since a group reads as its label wherever it is text."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.admin.is_superuser = True
        cls.admin.is_staff = True
        cls.admin.save()

    def setUp(self):
        self.client.force_login(self.admin)

    def test_str_of_a_group_is_its_label_and_the_name_stays(self):
        mentors = Group.objects.get(name=roles.MENTORS)
        with translation.override("ru"):
            self.assertEqual(str(mentors), "Наставники")
        with translation.override("en"):
            self.assertEqual(str(mentors), "Mentors")
        self.assertEqual(Group.objects.get(pk=mentors.pk).name, "Mentors")

    def test_the_review_task_lists_the_groups_by_label(self):
        from wagtail.models import GroupApprovalTask

        task = GroupApprovalTask.objects.get(name=roles.REVIEW_TASK_NAME)
        response = self.client.get(reverse("wagtailadmin_workflows:edit_task", args=[task.pk]))
        self.assertEqual(response.status_code, 200)
        labels = checkbox_labels(response, "groups")
        self.assertIn("Ведущие контента", labels)
        self.assertIn("Кадровая служба", labels)
        self.assertNotIn(roles.CONTENT_LEADS, labels)

    def test_page_privacy_lists_the_groups_by_label(self):
        from wagtail.models import Page

        page = Page.objects.filter(depth=2).first()
        response = self.client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.json()["html"]
        self.assertIn("Обучающиеся", html)
        self.assertNotIn(">Learners<", html)

    def test_the_django_admin_lists_the_groups_by_label(self):
        response = self.client.get(reverse("admin:auth_group_changelist"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Руководители")
        self.assertContains(response, "Редакторы (Wagtail)")
