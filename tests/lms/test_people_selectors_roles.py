"""``lms.people.selectors.user_has_role``: the role question other apps ask."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from lms.people import roles
from lms.people.selectors import user_has_role, user_is_administrator
from tests.factories import staff_user


class UserHasRoleTests(TestCase):
    def test_holds_the_roles_given_and_no_other(self):
        user = staff_user(roles=[roles.QA_EVALUATORS])
        self.assertTrue(user_has_role(user=user, role=roles.QA_EVALUATORS))
        self.assertTrue(user_has_role(user=user, role=roles.LEARNERS))
        self.assertFalse(user_has_role(user=user, role=roles.MANAGERS))

    def test_anonymous_and_inactive_hold_none(self):
        self.assertFalse(user_has_role(user=AnonymousUser(), role=roles.LEARNERS))
        user = staff_user(roles=[roles.QA_EVALUATORS])
        user.is_active = False
        self.assertFalse(user_has_role(user=user, role=roles.QA_EVALUATORS))

    def test_several_role_questions_ask_the_database_once(self):
        user = staff_user(roles=[roles.MANAGERS])
        with self.assertNumQueries(1):
            user_has_role(user=user, role=roles.QA_EVALUATORS)
            user_has_role(user=user, role=roles.MANAGERS)
            user_is_administrator(user=user)
