"""The admin's staff import (Settings → Staff import: upload → preview → confirm) and its history
(``lms/people/staff_import_admin.py``)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from wagtail import hooks

from lms.people import admin_views, roles, staff_import_admin
from lms.people.models import StaffImport, StaffProfile
from tests.factories import JobRoleFactory, staff_user
from tests.lms.staff_files import HEADER, csv_file, person

IMPORT_URL = "/admin/people/import/"
CONFIRM_URL = "/admin/people/import/confirm/"
HISTORY_URL = "/admin/people/import/history/"


def upload(rows, name="staff.csv"):
    return SimpleUploadedFile(name, csv_file(rows), content_type="text/csv")


class WiringTests(TestCase):
    def test_urls_and_settings_menu_items(self):
        self.assertIn(admin_views.people_admin_urls, hooks.get_hooks("register_admin_urls"))
        self.assertIn(
            staff_import_admin.staff_import_menu_item,
            hooks.get_hooks("register_settings_menu_item"),
        )
        self.assertEqual(reverse("people_admin:staff_import"), IMPORT_URL)
        self.assertEqual(reverse("people_admin:staff_import_history"), HISTORY_URL)


class PermissionTests(TestCase):
    """Anonymous, learner, manager, administrator against the import and the history."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.administrator = staff_user(roles=[roles.ADMINISTRATORS])
        cls.record = StaffImport.objects.create(file_name="old.csv")
        cls.detail_url = reverse("people_admin:staff_import_detail", args=[cls.record.pk])

    def assert_turned_away(self, url):
        response = self.client.get(url)
        self.assertIn(response.status_code, (302, 403), url)
        if response.status_code == 302:
            self.assertNotEqual(response["Location"], url)

    def test_anonymous_goes_to_the_admin_login(self):
        for url in (IMPORT_URL, HISTORY_URL, self.detail_url):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn("/admin/login/", response["Location"])
        response = self.client.post(CONFIRM_URL, {"digest": "x"})
        self.assertIn("/admin/login/", response["Location"])

    def test_a_learner_is_turned_away(self):
        self.client.force_login(self.learner)
        for url in (IMPORT_URL, HISTORY_URL, self.detail_url):
            self.assert_turned_away(url)
        response = self.client.post(IMPORT_URL, {"file": upload([HEADER, person("A1")])})
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())

    def test_a_manager_is_turned_away(self):
        # An import reaches people outside the manager's teams: administrators only.
        self.client.force_login(self.manager)
        for url in (IMPORT_URL, HISTORY_URL, self.detail_url):
            self.assert_turned_away(url)
        response = self.client.post(IMPORT_URL, {"file": upload([HEADER, person("A1")])})
        self.assertIn(response.status_code, (302, 403))
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())

    def test_an_administrator_does_both(self):
        self.client.force_login(self.administrator)
        for url in (IMPORT_URL, HISTORY_URL, self.detail_url):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_the_menu_items_follow_the_same_checks(self):
        self.client.force_login(self.manager)
        menu = self.client.get("/admin/").content.decode()
        self.assertNotIn(IMPORT_URL, menu)
        self.assertNotIn(HISTORY_URL, menu)

        self.client.force_login(self.administrator)
        menu = self.client.get("/admin/").content.decode()
        self.assertIn(IMPORT_URL, menu)
        self.assertIn(HISTORY_URL, menu)


class FlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        JobRoleFactory(name="Оператор")
        cls.administrator = staff_user(roles=[roles.ADMINISTRATORS])

    def setUp(self):
        self.client.force_login(self.administrator)

    def test_upload_preview_confirm(self):
        response = self.client.post(
            IMPORT_URL, {"file": upload([HEADER, person("A1"), person("A2", manager="A1")])}
        )

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "staff-import-confirm")
        self.assertContains(response, "<code>A2</code>", html=True)
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())

        response = self.client.post(CONFIRM_URL, {"digest": response.context["digest"]})

        record = StaffImport.objects.get()
        self.assertRedirects(
            response, reverse("people_admin:staff_import_detail", args=[record.pk])
        )
        self.assertEqual(record.imported_by, self.administrator)
        self.assertEqual(record.created, 2)
        manager = StaffProfile.objects.get(employee_id="A1").user
        self.assertEqual(StaffProfile.objects.get(employee_id="A2").line_manager, manager)
        detail = self.client.get(response["Location"])
        self.assertContains(detail, "<code>A2</code>", html=True)

    def test_errors_with_line_and_column_and_no_confirm(self):
        response = self.client.post(
            IMPORT_URL,
            {"file": upload([HEADER, person("A1"), person("A2", hired="31.02.2026")])},
        )

        self.assertNotContains(response, "staff-import-confirm")
        self.assertContains(response, "<td>3</td><td>дата приёма</td>", html=False)
        self.assertEqual(response.context["digest"], "")
        response = self.client.post(CONFIRM_URL, {"digest": "anything"})
        self.assertRedirects(response, IMPORT_URL)
        self.assertFalse(StaffProfile.objects.filter(employee_id="A1").exists())

    def test_the_options_chosen_at_upload_are_used_at_confirmation(self):
        staff_user()  # without an employee ID: never deactivated
        self.client.post(CONFIRM_URL)  # nothing waiting: no effect
        rows = [HEADER, person("A1"), person("A2", job_role="Новая должность")]
        preview = self.client.post(IMPORT_URL, {"file": upload(rows), "create_roles": "on"})

        self.client.post(CONFIRM_URL, {"digest": preview.context["digest"]})

        self.assertEqual(
            StaffProfile.objects.get(employee_id="A2").job_role.name, "Новая должность"
        )

    def test_the_preview_lists_the_first_200_people_and_counts_the_rest(self):
        rows = [HEADER, *[person(f"A{n}") for n in range(1, 206)]]

        response = self.client.post(IMPORT_URL, {"file": upload(rows)})

        self.assertEqual(len(response.context["changed_rows"]), 200)
        self.assertEqual(response.context["more_rows"], 5)

    def test_the_preview_is_in_russian(self):
        response = self.client.post(
            IMPORT_URL,
            {"file": upload([HEADER, person("A1", hired="31.02.2026")])},
            HTTP_ACCEPT_LANGUAGE="ru",
        )

        self.assertContains(response, "не дата")
