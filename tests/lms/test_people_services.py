import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from courses.models import HomePage, ProductIndexPage
from lms.people import roles
from lms.people.models import StaffProfile
from lms.people.services import (
    ERROR_USERNAME_TAKEN,
    roles_sync,
    staff_member_create,
    staff_member_leave,
    staff_profile_update,
    user_roles_set,
)
from tests.factories import (
    PASSWORD,
    JobRoleFactory,
    TeamFactory,
    UserFactory,
    staff_user,
)

User = get_user_model()
PROFILE_URL = "/accounts/profile/"


def _group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


class StaffMemberCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory(name="Контакт-центр")
        cls.job_role = JobRoleFactory(name="Оператор")
        cls.manager = UserFactory(username="boss")

    def test_creates_user_and_profile(self):
        profile = staff_member_create(
            username="anna",
            first_name="Анна",
            last_name="Иванова",
            email="anna@example.com",
            password="s3cret-pass",
            hire_date=datetime.date(2025, 3, 1),
            team=self.team,
            job_role=self.job_role,
            line_manager=self.manager,
        )

        profile.refresh_from_db()
        user = User.objects.get(username="anna")
        self.assertEqual(profile.user, user)
        self.assertEqual((user.first_name, user.last_name), ("Анна", "Иванова"))
        self.assertEqual(user.email, "anna@example.com")
        self.assertTrue(user.is_active)
        self.assertTrue(user.check_password("s3cret-pass"))
        self.assertEqual(profile.team, self.team)
        self.assertEqual(profile.job_role, self.job_role)
        self.assertEqual(profile.line_manager, self.manager)
        self.assertEqual(profile.hire_date, datetime.date(2025, 3, 1))
        self.assertEqual(profile.status, StaffProfile.Status.ONBOARDING)

    def test_hire_date_defaults_to_today(self):
        profile = staff_member_create(username="anna")

        self.assertEqual(profile.hire_date, timezone.localdate())

    def test_every_staff_member_is_a_learner(self):
        profile = staff_member_create(username="anna")

        self.assertEqual(_group_names(profile.user), {roles.LEARNERS})

    def test_roles_are_added_to_learner(self):
        profile = staff_member_create(username="anna", roles_=[roles.AUTHORS, roles.MENTORS])

        self.assertEqual(_group_names(profile.user), {roles.LEARNERS, roles.AUTHORS, roles.MENTORS})

    def test_without_password_the_account_cannot_log_in(self):
        profile = staff_member_create(username="anna")

        self.assertFalse(profile.user.has_usable_password())
        self.assertFalse(self.client.login(username="anna", password=""))

    def test_with_password_the_account_can_log_in(self):
        staff_member_create(username="anna", password=PASSWORD)

        self.assertTrue(self.client.login(username="anna", password=PASSWORD))

    def test_duplicate_username_raises_value_error(self):
        staff_member_create(username="anna")

        with self.assertRaisesMessage(ValueError, str(ERROR_USERNAME_TAKEN % {"username": "anna"})):
            staff_member_create(username="anna", first_name="Другая")

        self.assertEqual(User.objects.filter(username="anna").count(), 1)
        self.assertEqual(StaffProfile.objects.filter(user__username="anna").count(), 1)

    def test_unknown_role_creates_nothing(self):
        with self.assertRaisesMessage(ValueError, "Unknown roles: Wizards"):
            staff_member_create(username="anna", roles_=["Wizards"])

        self.assertFalse(User.objects.filter(username="anna").exists())
        self.assertFalse(StaffProfile.objects.filter(user__username="anna").exists())

    def test_invalid_username_is_rejected(self):
        with self.assertRaises(ValidationError):
            staff_member_create(username="anna smith!")

        self.assertFalse(User.objects.filter(username="anna smith!").exists())

    def test_created_as_left_is_locked_at_once(self):
        profile = staff_member_create(
            username="anna", password=PASSWORD, status=StaffProfile.Status.LEFT
        )

        profile.refresh_from_db()
        self.assertFalse(profile.user.is_active)
        self.assertEqual(profile.left_on, timezone.localdate())
        self.assertFalse(self.client.login(username="anna", password=PASSWORD))


class UserRolesSetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.other_group = Group.objects.create(name="Book club")

    def setUp(self):
        self.user = staff_user(roles=[roles.AUTHORS, roles.MENTORS])
        self.user.groups.add(self.other_group)

    def test_sets_exactly_the_named_roles(self):
        user_roles_set(user=self.user, role_names=[roles.LEARNERS, roles.CONTENT_LEADS])

        self.assertEqual(
            _group_names(self.user), {roles.LEARNERS, roles.CONTENT_LEADS, "Book club"}
        )

    def test_empty_list_removes_every_role_but_keeps_other_groups(self):
        user_roles_set(user=self.user, role_names=[])

        self.assertEqual(_group_names(self.user), {"Book club"})

    def test_unknown_role_raises_and_changes_nothing(self):
        with self.assertRaisesMessage(ValueError, "Unknown roles: Pirates, Wizards"):
            user_roles_set(user=self.user, role_names=[roles.LEARNERS, "Wizards", "Pirates"])

        self.assertEqual(
            _group_names(self.user),
            {roles.LEARNERS, roles.AUTHORS, roles.MENTORS, "Book club"},
        )

    def test_is_idempotent(self):
        user_roles_set(user=self.user, role_names=[roles.MANAGERS])
        user_roles_set(user=self.user, role_names=[roles.MANAGERS])

        self.assertEqual(_group_names(self.user), {roles.MANAGERS, "Book club"})


class StaffProfileUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.team = TeamFactory()

    def setUp(self):
        self.user = staff_user(username="anna")
        self.profile = self.user.staff_profile

    def test_changes_fields(self):
        staff_profile_update(profile=self.profile, team=self.team, status=StaffProfile.Status.SOLO)

        self.profile.refresh_from_db()
        self.assertEqual(self.profile.team, self.team)
        self.assertEqual(self.profile.status, StaffProfile.Status.SOLO)
        self.assertTrue(self.profile.user.is_active)

    def test_invalid_status_is_rejected(self):
        with self.assertRaises(ValidationError):
            staff_profile_update(profile=self.profile, status="retired")

        self.profile.refresh_from_db()
        self.assertEqual(self.profile.status, StaffProfile.Status.ONBOARDING)

    def test_status_left_locks_the_account(self):
        staff_profile_update(profile=self.profile, status=StaffProfile.Status.LEFT)

        self.user.refresh_from_db()
        self.profile.refresh_from_db()
        self.assertFalse(self.user.is_active)
        self.assertEqual(self.profile.left_on, timezone.localdate())

    def test_status_left_keeps_a_given_leaving_date(self):
        staff_profile_update(
            profile=self.profile,
            status=StaffProfile.Status.LEFT,
            left_on=datetime.date(2025, 1, 31),
        )

        self.profile.refresh_from_db()
        self.assertEqual(self.profile.left_on, datetime.date(2025, 1, 31))

    def test_coming_back_restores_the_account(self):
        staff_profile_update(profile=self.profile, status=StaffProfile.Status.LEFT)

        staff_profile_update(profile=self.profile, status=StaffProfile.Status.SOLO)

        self.user.refresh_from_db()
        self.profile.refresh_from_db()
        self.assertTrue(self.user.is_active)
        self.assertEqual(self.profile.status, StaffProfile.Status.SOLO)
        self.assertIsNone(self.profile.left_on)
        self.assertTrue(self.client.login(username="anna", password=PASSWORD))

    def test_coming_back_as_onboarding_keeps_that_status(self):
        staff_profile_update(profile=self.profile, status=StaffProfile.Status.LEFT)

        staff_profile_update(profile=self.profile, status=StaffProfile.Status.ONBOARDING)

        self.profile.refresh_from_db()
        self.assertEqual(self.profile.status, StaffProfile.Status.ONBOARDING)
        self.assertTrue(self.profile.user.is_active)

    def test_other_changes_while_left_keep_the_account_locked(self):
        staff_profile_update(profile=self.profile, status=StaffProfile.Status.LEFT)

        staff_profile_update(profile=self.profile, team=self.team)

        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)

    def test_does_not_reactivate_an_account_locked_for_another_reason(self):
        self.user.is_active = False
        self.user.save(update_fields=["is_active"])

        staff_profile_update(profile=self.profile, team=self.team)

        self.user.refresh_from_db()
        self.assertFalse(self.user.is_active)


class StaffMemberLeaveTests(TestCase):
    def setUp(self):
        self.user = staff_user(username="anna", roles=[roles.AUTHORS])
        self.profile = self.user.staff_profile

    def test_open_session_loses_access_on_the_next_request(self):
        self.assertTrue(self.client.login(username="anna", password=PASSWORD))
        self.assertEqual(self.client.get(PROFILE_URL).status_code, 200)

        staff_member_leave(profile=self.profile)

        response = self.client.get(PROFILE_URL)
        self.assertRedirects(
            response,
            f"{reverse('login')}?next={PROFILE_URL}",
            fetch_redirect_response=False,
        )

    def test_open_admin_session_loses_access_too(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)

        staff_member_leave(profile=self.profile)

        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_login_fails_after_leaving(self):
        staff_member_leave(profile=self.profile)

        self.assertFalse(self.client.login(username="anna", password=PASSWORD))

    def test_login_page_post_fails_after_leaving(self):
        staff_member_leave(profile=self.profile)

        response = self.client.post(reverse("login"), {"username": "anna", "password": PASSWORD})

        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_marks_profile_as_left_on_the_given_date(self):
        staff_member_leave(profile=self.profile, on=datetime.date(2025, 2, 14))

        self.profile.refresh_from_db()
        self.assertEqual(self.profile.status, StaffProfile.Status.LEFT)
        self.assertEqual(self.profile.left_on, datetime.date(2025, 2, 14))
        self.assertTrue(self.profile.has_left)

    def test_coming_back_restores_login(self):
        staff_member_leave(profile=self.profile)

        staff_profile_update(profile=self.profile, status=StaffProfile.Status.SOLO)

        self.assertTrue(self.client.login(username="anna", password=PASSWORD))
        self.assertEqual(self.client.get(PROFILE_URL).status_code, 200)


def _snapshot() -> dict:
    """Everything roles_sync controls, in comparable form."""
    groups = Group.objects.filter(name__in=roles.ROLE_LABELS)
    return {
        "groups": sorted(groups.values_list("name", flat=True)),
        "model": {
            g.name: sorted(g.permissions.values_list("content_type__app_label", "codename"))
            for g in groups
        },
        "page": sorted(
            GroupPagePermission.objects.filter(group__in=groups).values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection": sorted(
            GroupCollectionPermission.objects.filter(group__in=groups).values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "tasks": sorted(GroupApprovalTask.objects.values_list("name", flat=True)),
    }


class RolesSyncTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        cls.home = HomePage.objects.get()
        cls.products = ProductIndexPage.objects.get()
        cls.learner = staff_user(username="learner")
        cls.mentor = staff_user(username="mentor", roles=[roles.MENTORS])
        cls.author = staff_user(username="author", roles=[roles.AUTHORS])
        cls.lead = staff_user(username="lead", roles=[roles.CONTENT_LEADS])
        cls.manager = staff_user(username="manager", roles=[roles.MANAGERS])
        cls.administrator = staff_user(username="admin", roles=[roles.ADMINISTRATORS])

    def _fresh(self, user):
        # Permission checks cache on the user object.
        return User.objects.get(pk=user.pk)

    def test_groups_exist_after_migrate(self):
        self.assertEqual(
            set(Group.objects.filter(name__in=roles.ROLE_LABELS).values_list("name", flat=True)),
            set(roles.ROLE_LABELS),
        )

    def test_is_idempotent(self):
        roles_sync()
        first = _snapshot()

        groups = roles_sync()

        self.assertEqual(_snapshot(), first)
        self.assertEqual(set(groups), set(roles.ROLE_LABELS))
        self.assertEqual(Workflow.objects.filter(name=roles.REVIEW_WORKFLOW_NAME).count(), 1)
        self.assertEqual(GroupApprovalTask.objects.filter(name=roles.REVIEW_TASK_NAME).count(), 1)

    def test_apps_grant_their_own_permissions(self):
        # courses/role_permissions.py grants CRM snippet rights; lms.people names none of them.
        self.assertIn("courses.add_crmrelease", roles.model_permissions(roles.CONTENT_LEADS))
        self.assertNotIn("courses.add_crmrelease", roles.model_permissions(roles.AUTHORS))
        self.assertFalse(
            any(p.startswith("courses.") for p in roles.MODEL_PERMISSIONS[roles.AUTHORS])
        )

    def test_model_permissions_are_exactly_the_declared_ones(self):
        for name in roles.ROLE_LABELS:
            if name == roles.ADMINISTRATORS:
                continue
            dotted = roles.model_permissions(name)
            with self.subTest(role=name):
                group = Group.objects.get(name=name)
                held = {
                    f"{app}.{codename}"
                    for app, codename in group.permissions.values_list(
                        "content_type__app_label", "codename"
                    )
                }
                self.assertEqual(held, set(dotted))

    def test_administrators_get_every_permission(self):
        group = Group.objects.get(name=roles.ADMINISTRATORS)

        self.assertEqual(group.permissions.count(), Permission.objects.count())

    def test_restores_a_removed_permission_and_removes_an_added_one(self):
        authors = Group.objects.get(name=roles.AUTHORS)
        authors.permissions.remove(Permission.objects.get(codename="access_admin"))
        authors.permissions.add(Permission.objects.get(codename="delete_crmrelease"))
        publish = Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        )
        GroupPagePermission.objects.create(group=authors, page=self.root, permission=publish)

        roles_sync()

        codenames = set(authors.permissions.values_list("codename", flat=True))
        self.assertIn("access_admin", codenames)
        self.assertNotIn("delete_crmrelease", codenames)
        self.assertFalse(
            GroupPagePermission.objects.filter(group=authors, permission=publish).exists()
        )

    def test_removes_page_permissions_from_roles_that_have_none(self):
        # roles_sync promises the groups hold exactly the declared permissions; a page
        # permission granted to managers by hand in the admin must not survive it.
        managers = Group.objects.get(name=roles.MANAGERS)
        change = Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        )
        GroupPagePermission.objects.create(group=managers, page=self.root, permission=change)

        roles_sync()

        self.assertFalse(GroupPagePermission.objects.filter(group=managers).exists())

    def test_removes_collection_permissions_outside_the_declaration(self):
        authors = Group.objects.get(name=roles.AUTHORS)
        delete_image = Permission.objects.get(
            content_type__app_label="wagtailimages", codename="delete_image"
        )
        GroupCollectionPermission.objects.create(
            group=authors, collection=Collection.get_first_root_node(), permission=delete_image
        )

        roles_sync()

        self.assertFalse(
            GroupCollectionPermission.objects.filter(
                group=authors, permission=delete_image
            ).exists()
        )

    def test_authors_edit_pages_but_cannot_publish(self):
        author = self._fresh(self.author)
        permissions = self.home.permissions_for_user(author)

        self.assertTrue(author.has_perm(roles.ADMIN_ACCESS))
        self.assertTrue(permissions.can_edit())
        self.assertTrue(self.products.permissions_for_user(author).can_add_subpage())
        self.assertFalse(permissions.can_publish())
        self.assertFalse(
            GroupPagePermission.objects.filter(
                group__name=roles.AUTHORS, permission__codename="publish_page"
            ).exists()
        )

    def test_authors_reach_the_admin(self):
        self.client.force_login(self.author)

        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)

    def test_content_leads_can_publish(self):
        lead = self._fresh(self.lead)
        permissions = self.home.permissions_for_user(lead)

        self.assertTrue(lead.has_perm(roles.ADMIN_ACCESS))
        self.assertTrue(permissions.can_edit())
        self.assertTrue(permissions.can_publish())
        self.assertTrue(permissions.can_lock())

    def test_learners_and_mentors_have_no_admin_access(self):
        for user in (self.learner, self.mentor):
            with self.subTest(user=user.username):
                fresh = self._fresh(user)
                self.assertFalse(fresh.has_perm(roles.ADMIN_ACCESS))
                self.assertFalse(self.home.permissions_for_user(fresh).can_edit())

                self.client.force_login(user)
                response = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_managers_manage_people_but_not_pages(self):
        manager = self._fresh(self.manager)

        self.assertTrue(manager.has_perm(roles.ADMIN_ACCESS))
        self.assertTrue(manager.has_perm("people.change_staffprofile"))
        self.assertFalse(self.home.permissions_for_user(manager).can_edit())

    def test_administrators_hold_every_model_and_page_permission(self):
        administrator = self._fresh(self.administrator)

        self.assertTrue(administrator.has_perm("people.delete_staffprofile"))
        self.assertTrue(self.home.permissions_for_user(administrator).can_publish())

    def test_review_workflow_is_attached_to_the_root_page(self):
        workflow = WorkflowPage.objects.get(page=self.root).workflow

        self.assertEqual(workflow.name, roles.REVIEW_WORKFLOW_NAME)
        self.assertTrue(workflow.active)
        self.assertEqual(self.home.get_workflow(), workflow)

    def test_review_task_is_approved_by_content_leads(self):
        workflow = WorkflowPage.objects.get(page=self.root).workflow

        tasks = [task.specific for task in workflow.tasks.all()]
        self.assertEqual(len(tasks), 1)
        task = tasks[0]
        self.assertIsInstance(task, GroupApprovalTask)
        self.assertEqual(task.name, roles.REVIEW_TASK_NAME)
        self.assertEqual(list(task.groups.values_list("name", flat=True)), [roles.CONTENT_LEADS])

    def test_reactivates_a_disabled_workflow(self):
        Workflow.objects.filter(name=roles.REVIEW_WORKFLOW_NAME).update(active=False)

        roles_sync()

        self.assertTrue(Workflow.objects.get(name=roles.REVIEW_WORKFLOW_NAME).active)


class StaffScopeServiceTests(TestCase):
    """``staff_profile_update``/``staff_profile_create`` enforce the manager's scope."""

    @classmethod
    def setUpTestData(cls):
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.team = TeamFactory()
        cls.team.managers.add(cls.manager)
        cls.member = staff_user(team=cls.team)
        cls.outsider = staff_user(team=TeamFactory())

    def test_manager_changes_own_team_member(self):
        profile = staff_profile_update(
            profile=self.member.staff_profile,
            changed_by=self.manager,
            status=StaffProfile.Status.SOLO,
        )
        self.assertEqual(profile.status, StaffProfile.Status.SOLO)

    def test_manager_cannot_change_someone_else(self):
        with self.assertRaises(PermissionDenied):
            staff_profile_update(
                profile=self.outsider.staff_profile, changed_by=self.manager,
                status=StaffProfile.Status.LEFT,
            )  # fmt: skip
        self.outsider.refresh_from_db()
        self.assertTrue(self.outsider.is_active)

    def test_manager_cannot_move_a_member_out_of_reach(self):
        from lms.people.services import staff_profile_update

        elsewhere = TeamFactory()
        with self.assertRaises(PermissionDenied), transaction.atomic():
            staff_profile_update(
                profile=self.member.staff_profile, changed_by=self.manager, team=elsewhere
            )
        self.assertEqual(StaffProfile.objects.get(pk=self.member.staff_profile.pk).team, self.team)
