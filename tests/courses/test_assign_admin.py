"""Assigning a course from the admin, and the assignments list (``courses/admin_views.py``)."""

import datetime
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail import hooks

from courses import admin_views
from courses.models import Assignment
from courses.services import ERROR_NOBODY_CHOSEN, ERROR_NOT_YOUR_STAFF
from lms.people import roles
from lms.people.models import StaffProfile
from tests.courses.factories import course_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user

ASSIGN_URL = "/admin/courses/assign/"
LIST_URL = "/admin/courses/assignments/"


class AssignAdminFixture(TestCase):
    """A manager of the sales team, a colleague's support team, and a course.

    Sales: Anna and Boris (operators) and Vera, who has left. Support: Gleb (an operator)."""

    @classmethod
    def setUpTestData(cls):
        cls.sales = TeamFactory(name="Продажи")
        cls.support = TeamFactory(name="Поддержка")
        cls.operator = JobRoleFactory(name="Оператор")
        cls.manager = staff_user(roles=[roles.MANAGERS], first_name="Мария")
        cls.sales.managers.add(cls.manager)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.anna = staff_user(first_name="Анна", team=cls.sales, job_role=cls.operator)
        cls.boris = staff_user(first_name="Борис", team=cls.sales)
        cls.vera = staff_user(first_name="Вера", team=cls.sales, status=StaffProfile.Status.LEFT)
        cls.gleb = staff_user(first_name="Глеб", team=cls.support, job_role=cls.operator)
        cls.course = course_create(title="Тарифы", lessons=1)

    def profile(self, user):
        return user.staff_profile.pk

    def assignment_count(self, course=None):
        return Assignment.objects.filter(course=course or self.course).count()


class AssignAdminWiringTests(TestCase):
    def test_hooks_and_urls(self):
        self.assertIn(admin_views.course_assign_admin_urls, hooks.get_hooks("register_admin_urls"))
        self.assertIn(
            admin_views.course_assign_menu_item, hooks.get_hooks("register_admin_menu_item")
        )
        self.assertEqual(reverse("courses_admin:assign"), ASSIGN_URL)
        self.assertEqual(reverse("courses_admin:assignments"), LIST_URL)


class AssignAdminPermissionTests(AssignAdminFixture):
    """Anonymous, learner, author, manager, administrator against both pages."""

    def test_anonymous_goes_to_admin_login(self):
        for url in (ASSIGN_URL, LIST_URL):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/admin/login/", response["Location"])

    def test_learner_and_author_are_turned_away(self):
        for user in (self.anna, self.author):
            self.client.force_login(user)
            for url in (ASSIGN_URL, LIST_URL):
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertNotEqual(response["Location"], url)
            response = self.client.post(
                ASSIGN_URL, {"course": self.course.pk, "people": [self.profile(self.anna)]}
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(self.assignment_count(), 0)

    def test_manager_chooses_only_among_their_people(self):
        self.client.force_login(self.manager)
        response = self.client.get(ASSIGN_URL)
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual({p.user for p in form.fields["people"].queryset}, {self.anna, self.boris})
        self.assertEqual(list(form.fields["teams"].queryset), [self.sales])
        self.assertContains(response, "Анна")
        self.assertNotContains(response, "Глеб")
        self.assertNotContains(response, "Вера")

    def test_administrator_chooses_among_everyone(self):
        self.client.force_login(self.admin)
        response = self.client.get(ASSIGN_URL)
        self.assertEqual(response.status_code, 200)
        people = {p.user for p in response.context["form"].fields["people"].queryset}
        self.assertLessEqual({self.anna, self.boris, self.gleb, self.manager}, people)
        self.assertNotIn(self.vera, people)
        self.assertEqual(
            set(response.context["form"].fields["teams"].queryset), {self.sales, self.support}
        )

    def test_menu_item_shows_to_managers_only(self):
        item = admin_views.course_assign_menu_item()
        self.assertEqual(item.url, LIST_URL)
        for user, shown in ((self.manager, True), (self.admin, True), (self.author, False)):
            with self.subTest(user=user.username):
                request = RequestFactory().get("/admin/")
                request.user = user
                self.assertIs(item.is_shown(request), shown)


class CourseAssignViewTests(AssignAdminFixture):
    def setUp(self):
        self.client.force_login(self.manager)

    def test_assigning_a_team_twice_creates_assignments_once(self):
        data = {"course": self.course.pk, "teams": [self.sales.pk]}
        response = self.client.post(ASSIGN_URL, data, follow=True)
        self.assertRedirects(response, f"{LIST_URL}?course={self.course.pk}")
        self.assertContains(
            response,
            admin_views.MESSAGE_ASSIGNED
            % {"course": self.course.title, "created": 2, "already": 0},
        )
        assigned = Assignment.objects.filter(course=self.course)
        self.assertEqual({a.user for a in assigned}, {self.anna, self.boris})
        self.assertTrue(all(a.source == Assignment.Source.MANUAL for a in assigned))
        self.assertTrue(all(a.assigned_by == self.manager for a in assigned))

        response = self.client.post(ASSIGN_URL, data, follow=True)
        self.assertContains(
            response,
            admin_views.MESSAGE_ASSIGNED
            % {"course": self.course.title, "created": 0, "already": 2},
        )
        self.assertEqual(self.assignment_count(), 2)

    def test_people_and_due_date(self):
        due = timezone.localdate() + datetime.timedelta(days=7)
        self.client.post(
            ASSIGN_URL,
            {"course": self.course.pk, "people": [self.profile(self.boris)], "due_date": due},
        )
        assignment = Assignment.objects.get(course=self.course)
        self.assertEqual(assignment.user, self.boris)
        due_at = timezone.localtime(assignment.due_at)
        self.assertEqual((due_at.date(), due_at.hour, due_at.minute), (due, 23, 59))

    def test_job_role_reaches_only_the_managers_people(self):
        self.client.post(ASSIGN_URL, {"course": self.course.pk, "job_roles": [self.operator.pk]})
        self.assertEqual(
            [a.user for a in Assignment.objects.filter(course=self.course)], [self.anna]
        )

    def test_person_out_of_scope_is_refused_and_the_form_kept(self):
        due = timezone.localdate() + datetime.timedelta(days=3)
        anna, gleb = self.profile(self.anna), self.profile(self.gleb)
        for extra in ({"people": [anna, gleb]}, {"people": [anna], "teams": [self.support.pk]}):
            with self.subTest(extra=extra):
                response = self.client.post(
                    ASSIGN_URL,
                    {"course": self.course.pk, "due_date": due.isoformat(), **extra},
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, ERROR_NOT_YOUR_STAFF)
                form = response.context["form"]
                self.assertEqual(form["course"].value(), str(self.course.pk))
                self.assertEqual(form["due_date"].value(), due.isoformat())
                self.assertEqual(self.assignment_count(), 0)

    def test_someone_who_left_cannot_be_assigned(self):
        response = self.client.post(
            ASSIGN_URL, {"course": self.course.pk, "people": [self.profile(self.vera)]}
        )
        self.assertContains(response, ERROR_NOT_YOUR_STAFF)
        self.assertEqual(self.assignment_count(), 0)

    def test_a_refusal_by_the_service_is_shown_on_the_form(self):
        refusal = PermissionDenied(ERROR_NOT_YOUR_STAFF)
        with mock.patch.object(admin_views, "course_assign", side_effect=refusal):
            response = self.client.post(
                ASSIGN_URL, {"course": self.course.pk, "people": [self.profile(self.anna)]}
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].non_field_errors(), [ERROR_NOT_YOUR_STAFF])

    def test_nobody_chosen(self):
        response = self.client.post(ASSIGN_URL, {"course": self.course.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, ERROR_NOBODY_CHOSEN)
        self.assertEqual(self.assignment_count(), 0)

    def test_due_date_in_the_past(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        response = self.client.post(
            ASSIGN_URL,
            {"course": self.course.pk, "teams": [self.sales.pk], "due_date": yesterday},
        )
        self.assertContains(response, admin_views.ERROR_DUE_IN_PAST)
        self.assertEqual(self.assignment_count(), 0)

    def test_course_preselected_from_the_query_string(self):
        response = self.client.get(ASSIGN_URL, {"course": self.course.pk})
        self.assertEqual(response.context["form"]["course"].value(), str(self.course.pk))


class AssignmentListViewTests(AssignAdminFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_course = course_create(title="Роутеры", lessons=1)
        now = timezone.now()
        cls.late = Assignment.objects.create(
            user=cls.anna, course=cls.course, source=Assignment.Source.MANUAL,
            due_at=now - datetime.timedelta(days=2),
        )  # fmt: skip
        cls.on_time = Assignment.objects.create(
            user=cls.boris, course=cls.other_course, source=Assignment.Source.ONBOARDING,
            due_at=now + datetime.timedelta(days=5),
        )  # fmt: skip
        cls.foreign = Assignment.objects.create(
            user=cls.gleb, course=cls.course, source=Assignment.Source.MANUAL
        )

    def listed(self, response):
        return list(response.context["page_obj"].object_list)

    def test_manager_sees_only_their_people(self):
        self.client.force_login(self.manager)
        response = self.client.get(LIST_URL)
        self.assertEqual(self.listed(response), [self.late, self.on_time])
        self.assertNotContains(response, "Глеб")

    def test_administrator_sees_everyone(self):
        self.client.force_login(self.admin)
        response = self.client.get(LIST_URL)
        self.assertEqual(set(self.listed(response)), {self.late, self.on_time, self.foreign})

    def test_overdue_is_highlighted(self):
        self.client.force_login(self.manager)
        response = self.client.get(LIST_URL)
        self.assertContains(response, 'class="assignment-overdue"', count=1)

    def test_filters(self):
        self.client.force_login(self.manager)
        for params, expected in [
            ({"course": self.course.pk}, [self.late]),
            ({"course": self.other_course.pk}, [self.on_time]),
            ({"status": "overdue"}, [self.late]),
            ({"status": Assignment.Status.ASSIGNED}, [self.on_time]),
            ({"status": Assignment.Status.COMPLETED}, []),
            ({"course": self.other_course.pk, "status": "overdue"}, []),
        ]:
            with self.subTest(params=params):
                self.assertEqual(self.listed(self.client.get(LIST_URL, params)), expected)

    def test_queries_do_not_grow_with_assignments(self):
        self.client.force_login(self.manager)
        self.client.get(LIST_URL)
        with CaptureQueriesContext(connection) as small:
            self.client.get(LIST_URL)
        Assignment.objects.bulk_create(
            Assignment(
                user=[self.anna, self.boris][index % 2],
                course=self.course,
                source=Assignment.Source.MANUAL,
                status=Assignment.Status.COMPLETED,
                completed_at=timezone.now(),
            )
            for index in range(70)
        )
        with self.assertNumQueries(len(small.captured_queries)):
            response = self.client.get(LIST_URL)
        self.assertEqual(len(self.listed(response)), admin_views.ASSIGNMENTS_PER_PAGE)
        self.assertEqual(response.context["page_obj"].paginator.count, 72)
        second = self.client.get(LIST_URL, {"p": 2})
        self.assertEqual(len(self.listed(second)), 72 - admin_views.ASSIGNMENTS_PER_PAGE)
