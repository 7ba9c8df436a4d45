"""«Принять сотрудника»: one admin form makes a new person's account, staff record, roles and
mentor pairing, and their job role's onboarding plan follows; managers hire only into their own
teams (or as line manager), administrators anywhere; a refusal keeps everything typed."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from wagtail.models import ModelLogEntry

from courses.models import Assignment
from lms.people import roles
from lms.people.models import StaffProfile
from lms.people.selectors import username_for_email
from lms.people.services import (
    ERROR_EMAIL_TAKEN,
    ERROR_EMPLOYEE_ID_TAKEN,
    ERROR_NO_LOGIN,
    ERROR_NOT_YOUR_STAFF,
    ERROR_USERNAME_TAKEN,
    staff_member_hire,
)
from mentoring.models import MentorProfile, Pairing
from mentoring.services import ERROR_MENTOR_FULL
from tests.courses.factories import course_create, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user

User = get_user_model()

HIRE_URL = "/admin/people/hire/"


class HireSetupMixin:
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Контакт-центр")
        cls.other_team = TeamFactory(name="Офис продаж")
        cls.operator = JobRoleFactory(name="Оператор")
        cls.basics = course_create(lessons=1, title="Основы")
        onboarding_plan_create(cls.operator, [(cls.basics, 3)])
        cls.manager = staff_user(username="boss", roles=[roles.MANAGERS])
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(username="otherboss", roles=[roles.MANAGERS])
        cls.other_team.managers.add(cls.other_manager)
        cls.admin = staff_user(username="root", roles=[roles.ADMINISTRATORS])
        cls.learner = staff_user(username="learner", team=cls.team)
        cls.mentor = staff_user(username="olga", team=cls.team, roles=[roles.MENTORS])
        MentorProfile.objects.create(user=cls.mentor, capacity=1)

    def form_data(self, **changes) -> dict:
        data = {
            "first_name": "Никита",
            "last_name": "Орлов",
            "email": "N.Orlov@volna.example",
            "username": "",
            "employee_id": "000123",
            "team": self.team.pk,
            "job_role": self.operator.pk,
            "line_manager": self.manager.pk,
            "mentor": self.mentor.pk,
            "hire_date": "2026-03-02",
            "roles": [],
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def hired(self) -> StaffProfile | None:
        return StaffProfile.objects.select_related("user").filter(employee_id="000123").first()


class HireViewTests(HireSetupMixin, TestCase):
    def test_who_may_open_the_form(self):
        cases = [
            (None, False),
            (self.learner, False),
            (self.mentor, False),
            (self.other_manager, True),  # a manager: hires into their own team
            (self.manager, True),
            (self.admin, True),
        ]
        for user, allowed in cases:
            with self.subTest(user=getattr(user, "username", "anonymous")):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                response = self.client.get(HIRE_URL)
                if allowed:
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("form", response.context)
                else:
                    self.assertEqual(response.status_code, 302)
                    self.assertNotIn("form", response.context or {})

    def test_who_may_hire_into_the_team(self):
        cases = [
            (None, False),
            (self.learner, False),
            (self.other_manager, False),
            (self.manager, True),
            (self.admin, True),
        ]
        for user, allowed in cases:
            with self.subTest(user=getattr(user, "username", "anonymous")):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                response = self.client.post(HIRE_URL, self.form_data(mentor=""))
                profile = self.hired()
                self.assertEqual(profile is not None, allowed)
                # No half-made account either: an account with that email exists only if hired.
                self.assertEqual(
                    User.objects.filter(email__iexact="n.orlov@volna.example").count(), allowed
                )
                if allowed:
                    self.assertRedirects(
                        response,
                        reverse("wagtailsnippets_people_staffprofile:list"),
                        fetch_redirect_response=False,
                    )
                    profile.user.delete()
                elif user is self.other_manager:
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(ERROR_NOT_YOUR_STAFF, response.context["form"].errors["team"])

    def test_a_manager_hires_with_everything_on_one_form(self):
        self.client.force_login(self.manager)
        response = self.client.post(HIRE_URL, self.form_data(roles=[roles.MENTORS]))
        self.assertEqual(response.status_code, 302)

        profile = self.hired()
        user = profile.user
        self.assertEqual(user.username, "n.orlov")
        self.assertEqual((user.first_name, user.last_name), ("Никита", "Орлов"))
        self.assertEqual(user.email, "N.Orlov@volna.example")
        self.assertTrue(user.is_active)
        self.assertEqual(profile.team, self.team)
        self.assertEqual(profile.job_role, self.operator)
        self.assertEqual(profile.line_manager, self.manager)
        self.assertEqual(profile.hire_date, datetime.date(2026, 3, 2))
        self.assertEqual(profile.status, StaffProfile.Status.ONBOARDING)
        self.assertEqual(
            set(user.groups.values_list("name", flat=True)), {roles.LEARNERS, roles.MENTORS}
        )
        # The pairing is made, by the manager who hired.
        pairing = Pairing.objects.get(mentee=user)
        self.assertEqual(
            (pairing.mentor, pairing.paired_by, pairing.status),
            (self.mentor, self.manager, Pairing.Status.ACTIVE),
        )
        # The job role's onboarding plan is assigned, due by its days from the hire date.
        assignment = Assignment.objects.get(user=user)
        self.assertEqual(
            (assignment.course_id, assignment.source),
            (self.basics.pk, Assignment.Source.ONBOARDING),
        )
        # The hire is in the record's history, and the person can set a password by email.
        self.assertTrue(
            ModelLogEntry.objects.filter(object_id=str(profile.pk), action="wagtail.create")
            .filter(user_id=self.manager.pk)
            .exists()
        )
        self.assertTrue(user.has_usable_password())

    def test_an_administrator_hires_into_any_team_with_any_role(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            HIRE_URL,
            self.form_data(
                team=self.other_team.pk,
                line_manager=self.other_manager.pk,
                mentor="",
                roles=[roles.AUTHORS, roles.CONTENT_LEADS],
            ),
        )
        self.assertEqual(response.status_code, 302)
        profile = self.hired()
        self.assertEqual(profile.team, self.other_team)
        self.assertEqual(
            set(profile.user.groups.values_list("name", flat=True)),
            {roles.LEARNERS, roles.AUTHORS, roles.CONTENT_LEADS},
        )

    def test_a_manager_can_give_only_the_mentor_and_manager_roles(self):
        self.client.force_login(self.manager)
        response = self.client.get(HIRE_URL)
        offered = [value for value, _ in response.context["form"].fields["roles"].choices]
        self.assertEqual(offered, [roles.MENTORS, roles.MANAGERS])
        response = self.client.post(HIRE_URL, self.form_data(roles=[roles.ADMINISTRATORS]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("roles", response.context["form"].errors)
        self.assertIsNone(self.hired())

    def test_a_taken_email_keeps_everything_typed_and_creates_nothing(self):
        staff_user(username="someone", email="n.orlov@volna.example")
        self.client.force_login(self.manager)
        response = self.client.post(HIRE_URL, self.form_data(roles=[roles.MENTORS]))
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(
            form.errors["email"], [ERROR_EMAIL_TAKEN % {"email": "N.Orlov@volna.example"}]
        )
        self.assertContains(response, 'value="Никита"')
        self.assertContains(response, 'value="000123"')
        self.assertContains(response, 'value="N.Orlov@volna.example"')
        self.assertEqual(form["roles"].value(), [roles.MENTORS])
        self.assertIsNone(self.hired())

    def test_a_mentor_without_room_refuses_the_pairing_and_nothing_is_created(self):
        Pairing.objects.create(mentor=self.mentor, mentee=self.learner)  # capacity 1: full
        self.client.force_login(self.manager)
        users_before = User.objects.count()
        response = self.client.post(HIRE_URL, self.form_data())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["mentor"],
            [str(ERROR_MENTOR_FULL % {"load": 1, "capacity": 1})],
        )
        self.assertContains(response, 'value="Орлов"')
        self.assertEqual(User.objects.count(), users_before)
        self.assertFalse(Assignment.objects.filter(course=self.basics).exists())

    def test_no_email_and_no_username_is_refused_in_plain_words(self):
        self.client.force_login(self.manager)
        response = self.client.post(HIRE_URL, self.form_data(email="", username=""))
        self.assertEqual(response.context["form"].errors["username"], [ERROR_NO_LOGIN])
        self.assertIsNone(self.hired())

    def test_a_manager_hiring_outside_their_teams_must_be_the_line_manager(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            HIRE_URL, self.form_data(team="", line_manager=self.other_manager.pk, mentor="")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(ERROR_NOT_YOUR_STAFF, response.context["form"].non_field_errors())
        self.assertIsNone(self.hired())
        response = self.client.post(HIRE_URL, self.form_data(team="", mentor=""))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.hired().line_manager, self.manager)

    def test_the_staff_listing_add_button_leads_to_the_hire_form(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("wagtailsnippets_people_staffprofile:add"))
        self.assertRedirects(response, HIRE_URL, fetch_redirect_response=False)
        response = self.client.post(reverse("wagtailsnippets_people_staffprofile:add"), {})
        self.assertRedirects(response, HIRE_URL, fetch_redirect_response=False)
        listing = self.client.get(reverse("wagtailsnippets_people_staffprofile:list"))
        self.assertContains(listing, "Принять сотрудника")
        # No copying a record either: that would make one past the hiring rules.
        self.assertNotContains(listing, "/admin/snippets/people/staffprofile/copy/")
        copy = f"/admin/snippets/people/staffprofile/copy/{self.learner.staff_profile.pk}/"
        self.assertEqual(self.client.get(copy).status_code, 404)

    def test_the_form_speaks_russian_and_english_and_labels_the_roles(self):
        self.client.force_login(self.admin)
        response = self.client.get(HIRE_URL)
        self.assertContains(response, "Принять сотрудника")
        for label in ("Наставники", "Руководители", "Авторы", "Ведущие контента"):
            self.assertContains(response, label)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(HIRE_URL)
        self.assertContains(response, "Hire a person")
        self.assertContains(response, "Content leads")

    def test_the_people_menu_offers_hiring_to_managers(self):
        self.client.force_login(self.manager)
        self.assertContains(self.client.get("/admin/"), HIRE_URL)


class HireServiceTests(HireSetupMixin, TestCase):
    def hire(self, **changes):
        fields = {
            "hired_by": self.manager,
            "first_name": "Никита",
            "last_name": "Орлов",
            "email": "n.orlov@volna.example",
            "employee_id": "000123",
            "team": self.team,
            "job_role": self.operator,
            "line_manager": self.manager,
        }
        fields.update(changes)
        return staff_member_hire(**fields)

    def test_a_manager_may_not_give_roles_beyond_their_own(self):
        for role in (roles.AUTHORS, roles.CONTENT_LEADS, roles.ADMINISTRATORS):
            with self.subTest(role=role), self.assertRaises(PermissionDenied):
                self.hire(roles_=[role])
        self.assertIsNone(self.hired())

    def test_a_taken_employee_id_or_username_is_refused_by_field(self):
        self.hire()
        with self.assertRaises(ValidationError) as refused:
            self.hire(email="other@volna.example", username="n.orlov")
        self.assertEqual(
            refused.exception.message_dict,
            {
                "username": [ERROR_USERNAME_TAKEN % {"username": "n.orlov"}],
                "employee_id": [ERROR_EMPLOYEE_ID_TAKEN % {"employee_id": "000123"}],
            },
        )

    def test_the_username_from_the_email_is_made_unique(self):
        staff_user(username="n.orlov")
        staff_user(username="N.Orlov2")
        self.assertEqual(username_for_email(email="N.Orlov@volna.example"), "n.orlov3")
        self.assertEqual(self.hire().user.username, "n.orlov3")

    def test_a_pairing_the_mentoring_rules_refuse_undoes_the_whole_hire(self):
        self.mentor.mentor_profile.is_active = False
        self.mentor.mentor_profile.save()
        with self.assertRaises(ValidationError) as refused:
            self.hire(mentor=self.mentor)
        self.assertIn("mentor", refused.exception.message_dict)
        self.assertIsNone(self.hired())
        self.assertFalse(User.objects.filter(username="n.orlov").exists())
