"""The manager's screens: the team page, pairing a newcomer, ending a pairing, confirming and
declining a clearance; who may open and do each, and the team page's query count."""

import datetime

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import Pairing, SoloClearance
from mentoring.selectors import MISSING_SKILL, REASON_FULL, REASON_SAME_TEAM
from mentoring.services import (
    ERROR_CLEARANCE_DECIDED,
    ERROR_MENTOR_FULL,
    ERROR_NOT_A_MENTOR,
    ERROR_NOT_ONBOARDING,
    ERROR_PAIRING_ENDED,
    clearance_request,
    signoff_create,
    signoff_revoke,
)
from mentoring.views.manager import (
    ERROR_NOT_A_MANAGER,
    MESSAGE_CLEARED,
    MESSAGE_DECLINED,
    MESSAGE_PAIRED,
    MESSAGE_PAIRING_ENDED,
)
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
    session_make,
)

TEAM_URL = reverse("mentoring:team")
HIRED_DAYS_AGO = 30


def en(text) -> str:
    with translation.override("en"):
        return str(text)


def login_url(url: str) -> str:
    return f"{reverse('login')}?next={url}"


class ManagerWorld(TestCase):
    """Team A (``manager_a``) with a newcomer paired with ``mentor`` (who mentors team A and
    the job role), a newcomer without a mentor (``loner``) and a colleague working solo; team B
    (``manager_b``) with a newcomer paired with ``other_mentor`` (full); ``spare``, a free
    mentor of the job role who concerns nobody's team; an administrator. The job role has one
    skill, ``greet``, needing one independent session."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Контакт-центр")
        cls.team_b = TeamFactory(name="Офис продаж")
        cls.role = JobRoleFactory(name="Оператор")
        cls.manager_a = staff_user(roles=[roles.MANAGERS], username="manager_a")
        cls.manager_b = staff_user(roles=[roles.MANAGERS], username="manager_b")
        cls.team_a.managers.add(cls.manager_a)
        cls.team_b.managers.add(cls.manager_b)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin")
        cls.mentor = mentor_create(
            username="mentor",
            first_name="Мария",
            last_name="Наставникова",
            team=cls.team_a,
            teams=[cls.team_a],
            job_roles=[cls.role],
            status=StaffProfile.Status.SOLO,
        )
        cls.other_mentor = mentor_create(
            username="other_mentor",
            first_name="Олег",
            last_name="Занятов",
            capacity=1,
            team=cls.team_b,
            teams=[cls.team_b],
            status=StaffProfile.Status.SOLO,
        )
        cls.spare = mentor_create(
            username="spare", first_name="Семён", last_name="Свободнов", job_roles=[cls.role]
        )
        cls.mentee = staff_user(
            username="newbie",
            first_name="Ника",
            last_name="Новикова",
            team=cls.team_a,
            job_role=cls.role,
            hire_date=timezone.localdate() - datetime.timedelta(days=HIRED_DAYS_AGO),
        )
        cls.loner = staff_user(
            username="loner",
            first_name="Лев",
            last_name="Одинцов",
            team=cls.team_a,
            job_role=cls.role,
        )
        cls.colleague = staff_user(
            username="colleague",
            first_name="Катя",
            last_name="Коллегова",
            team=cls.team_a,
            job_role=cls.role,
            status=StaffProfile.Status.SOLO,
        )
        cls.other_mentee = staff_user(
            username="other_newbie",
            first_name="Борис",
            last_name="Бэшкин",
            team=cls.team_b,
            job_role=cls.role,
        )
        cls.pairing = pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        cls.other_pairing = pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.greet = PracticeSkillFactory(
            job_role=cls.role, title="Поприветствовать", sessions_required=1
        )

    def setUp(self):
        # Assertions name the English texts: they must not depend on what is translated.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def as_(self, user):
        self.client.force_login(user)
        return self.client

    @classmethod
    def make_clearance(cls, mentee=None) -> SoloClearance:
        mentee = mentee or cls.mentee
        evidence_make(mentee, cls.greet, 1)
        signoff_create(mentee=mentee, skill=cls.greet, signed_by=cls.admin)
        return clearance_request(mentee=mentee, requested_by=cls.admin)

    def outsiders(self):
        """Everyone who must not act on team A's newcomer (the matrix's wrong people)."""
        return {
            "the mentor of another pair": self.other_mentor,
            "the newcomer's mentor": self.mentor,
            "a colleague": self.colleague,
            "the mentee": self.mentee,
            "a manager of another team": self.manager_b,
        }


class TeamViewTests(ManagerWorld):
    def test_anonymous_is_sent_to_log_in(self):
        self.assertRedirects(self.client.get(TEAM_URL), login_url(TEAM_URL))

    def test_people_who_manage_nobody_are_refused(self):
        for label, person in {
            "the mentor of another pair": self.other_mentor,
            "a colleague": self.colleague,
            "the mentee": self.mentee,
        }.items():
            with self.subTest(label):
                response = self.as_(person).get(TEAM_URL)

                self.assertContains(response, en(ERROR_NOT_A_MANAGER), status_code=403)

    def test_a_manager_of_another_team_sees_only_their_own_people(self):
        response = self.as_(self.manager_b).get(TEAM_URL)

        self.assertContains(response, "Борис Бэшкин")
        self.assertNotContains(response, "Ника Новикова")
        self.assertNotContains(response, "Лев Одинцов")

    def test_an_administrator_sees_everyone(self):
        response = self.as_(self.admin).get(TEAM_URL)

        for name in ("Борис Бэшкин", "Ника Новикова", "Лев Одинцов", "Семён Свободнов"):
            self.assertContains(response, name)

    def test_the_manager_sees_their_newcomers_with_mentor_and_readiness(self):
        response = self.as_(self.manager_a).get(TEAM_URL)

        newcomers = response.context["team"].newcomers
        self.assertEqual([n.mentee for n in newcomers], [self.mentee, self.loner])
        self.assertContains(response, "Mentor: Мария Наставникова")
        self.assertContains(response, "No mentor")
        self.assertContains(response, "0 of 1 skill signed off", count=2)
        self.assertContains(response, reverse("mentoring:pair", args=[self.mentee.pk]))
        self.assertContains(response, reverse("mentoring:pair", args=[self.loner.pk]))
        self.assertContains(response, "Change mentor")
        self.assertNotContains(response, "Катя Коллегова")  # working solo already

    def test_active_pairings_with_start_end_button_and_override_reason(self):
        self.pairing.override_reason = "Других наставников нет"
        self.pairing.save()

        response = self.as_(self.manager_a).get(TEAM_URL)

        self.assertEqual(response.context["team"].pairings, [self.pairing])
        self.assertContains(response, "Ника Новикова with Мария Наставникова")
        self.assertContains(response, "Других наставников нет")
        self.assertContains(response, reverse("mentoring:pairing_end", args=[self.pairing.pk]))
        self.assertNotContains(
            response, reverse("mentoring:pairing_end", args=[self.other_pairing.pk])
        )

    def test_mentor_load_of_the_mentors_that_concern_the_manager(self):
        evidence_make(self.mentee, self.greet, 1)

        response = self.as_(self.manager_a).get(TEAM_URL)

        loads = {m.mentor: m for m in response.context["team"].mentors}
        self.assertEqual(set(loads), {self.mentor})
        self.assertEqual((loads[self.mentor].load, loads[self.mentor].capacity), (1, 2))
        self.assertEqual(loads[self.mentor].pending_signoffs, 1)
        self.assertContains(response, "1 of 2 mentees")
        self.assertContains(response, "1 sign-off waiting to be given.")

    def test_clearances_waiting_with_confirm_and_decline(self):
        clearance = self.make_clearance()

        response = self.as_(self.manager_a).get(TEAM_URL)

        self.assertEqual(response.context["team"].clearances, [clearance])
        self.assertContains(response, reverse("mentoring:clearance_confirm", args=[clearance.pk]))
        self.assertContains(response, reverse("mentoring:clearance_decline", args=[clearance.pk]))
        self.assertNotContains(self.as_(self.manager_b).get(TEAM_URL), "Confirm solo work")

    def test_time_to_solo_per_newcomer_team_and_mentor(self):
        SoloClearance.objects.create(
            mentee=self.colleague,
            requested_by=self.mentor,
            status=SoloClearance.Status.CONFIRMED,
            decided_by=self.manager_a,
            decided_at=timezone.now(),
            days_to_solo=21,
        )
        Pairing.objects.create(
            mentee=self.colleague,
            mentor=self.mentor,
            status=Pairing.Status.ENDED,
            started_at=timezone.now() - datetime.timedelta(days=20),
            ended_at=timezone.now(),
        )

        response = self.as_(self.manager_a).get(TEAM_URL)

        self.assertContains(response, "1 newcomer cleared: 21.0 days from hire on average")
        self.assertContains(response, "By team")
        self.assertContains(response, "By mentor")
        figures = response.context["time_to_solo"]
        self.assertEqual([f.group for f in figures.teams], [self.team_a])
        self.assertEqual([f.group for f in figures.mentors], [self.mentor])
        self.assertNotContains(self.as_(self.manager_b).get(TEAM_URL), "By newcomer")

    def test_a_post_is_not_allowed(self):
        self.assertEqual(self.as_(self.manager_a).post(TEAM_URL).status_code, 405)


class TeamQueryCountTests(ManagerWorld):
    """The team page costs the same number of queries with 2 and with 40 of everything."""

    def populate(self, n):
        for i in range(n):
            mentor = mentor_create(
                team=self.team_a,
                teams=[self.team_a],
                capacity=3,
                status=StaffProfile.Status.SOLO,
            )
            newcomer = staff_user(team=self.team_a, job_role=self.role)
            pairing_make(mentee=newcomer, mentor=mentor, override_reason="Причина")
            session_make(
                mentee=newcomer,
                ratings=[(self.greet, INDEPENDENT)],
                acknowledged=bool(i % 2),
            )
            if i % 2:
                signoff_create(mentee=newcomer, skill=self.greet, signed_by=self.admin)
                clearance_request(mentee=newcomer, requested_by=self.admin)
            cleared = staff_user(
                team=self.team_a, job_role=self.role, status=StaffProfile.Status.SOLO
            )
            Pairing.objects.create(
                mentee=cleared,
                mentor=mentor,
                status=Pairing.Status.ENDED,
                started_at=timezone.now() - datetime.timedelta(days=10),
                ended_at=timezone.now(),
            )
            SoloClearance.objects.create(
                mentee=cleared,
                requested_by=mentor,
                status=SoloClearance.Status.CONFIRMED,
                decided_by=self.manager_a,
                decided_at=timezone.now(),
                days_to_solo=10 + i,
            )

    def assert_queries(self, user, n, expected):
        self.populate(n)
        client = self.as_(user)
        client.get(TEAM_URL)
        with self.assertNumQueries(expected):
            response = client.get(TEAM_URL)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_manager_with_2(self):
        response = self.assert_queries(self.manager_a, 2, 23)

        self.assertEqual(len(response.context["team"].pairings), 3)

    def test_a_manager_with_40(self):
        response = self.assert_queries(self.manager_a, 40, 23)

        self.assertEqual(len(response.context["team"].pairings), 41)
        self.assertEqual(len(response.context["team"].clearances), 20)
        self.assertEqual(len(response.context["time_to_solo"].newcomers), 40)

    def test_an_administrator_with_2(self):
        self.assert_queries(self.admin, 2, 22)

    def test_an_administrator_with_40(self):
        self.assert_queries(self.admin, 40, 22)


class PairViewTests(ManagerWorld):
    def url(self, mentee=None):
        return reverse("mentoring:pair", args=[(mentee or self.loner).pk])

    def test_anonymous_is_sent_to_log_in(self):
        self.assertRedirects(self.client.get(self.url()), login_url(self.url()))

    def test_anyone_who_does_not_manage_the_newcomer_gets_404(self):
        people = {**self.outsiders(), "the newcomer themselves": self.loner}
        for label, person in people.items():
            with self.subTest(label):
                client = self.as_(person)

                self.assertEqual(client.get(self.url()).status_code, 404)
                response = client.post(self.url(), {"mentor": self.spare.pk})
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Pairing.objects.filter(mentee=self.loner).exists())

    def test_someone_who_works_solo_or_left_is_not_offered_for_pairing(self):
        for status in (StaffProfile.Status.SOLO, StaffProfile.Status.LEFT):
            with self.subTest(status=status):
                StaffProfile.objects.filter(user=self.loner).update(status=status)

                response = self.as_(self.manager_a).get(self.url())

                self.assertContains(response, escape(en(ERROR_NOT_ONBOARDING)), status_code=403)
                self.assertNotIn("suggestions", response.context)

    def test_the_manager_and_an_administrator_see_ranked_suggestions_with_reasons(self):
        for person in (self.manager_a, self.admin):
            with self.subTest(person.username):
                response = self.as_(person).get(self.url())

                suggestions = response.context["suggestions"]
                self.assertEqual(
                    [s.mentor for s in suggestions], [self.mentor, self.spare, self.other_mentor]
                )
                self.assertContains(
                    response, escape(en(REASON_SAME_TEAM % {"team": "Контакт-центр"}))
                )
                self.assertContains(response, en(REASON_FULL % {"load": 1, "capacity": 1}))
                self.assertContains(response, "Pair with Мария Наставникова")
                self.assertContains(response, "Pair with Олег Занятов")

    def test_only_a_full_mentor_has_the_reason_field(self):
        response = self.as_(self.manager_a).get(self.url())

        self.assertContains(response, f'id="reason-{self.other_mentor.pk}"')
        self.assertNotContains(response, f'id="reason-{self.spare.pk}"')

    def test_pairing_with_a_free_mentor(self):
        response = self.as_(self.manager_a).post(self.url(), {"mentor": self.spare.pk}, follow=True)

        self.assertRedirects(response, TEAM_URL)
        names = {"mentee": "Лев Одинцов", "mentor": "Семён Свободнов"}
        self.assertContains(response, en(MESSAGE_PAIRED % names))
        pairing = Pairing.objects.get(mentee=self.loner, status=Pairing.Status.ACTIVE)
        self.assertEqual((pairing.mentor, pairing.paired_by), (self.spare, self.manager_a))
        self.assertEqual(pairing.override_reason, "")

    def test_an_administrator_pairs_anyone(self):
        response = self.as_(self.admin).post(self.url(self.other_mentee), {"mentor": self.spare.pk})

        self.assertRedirects(response, TEAM_URL)
        self.assertEqual(
            Pairing.objects.get(mentee=self.other_mentee, status=Pairing.Status.ACTIVE).mentor,
            self.spare,
        )

    def test_changing_the_mentor_ends_the_current_pairing(self):
        response = self.as_(self.manager_a).post(self.url(self.mentee), {"mentor": self.spare.pk})

        self.assertRedirects(response, TEAM_URL)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.ENDED)

    def test_a_full_mentor_without_a_reason_is_refused_on_the_form(self):
        response = self.as_(self.manager_a).post(
            self.url(), {"mentor": self.other_mentor.pk, "override_reason": "   "}
        )

        self.assertEqual(response.status_code, 400)
        message = en(ERROR_MENTOR_FULL % {"load": 1, "capacity": 1})
        self.assertEqual(response.context["form"].errors["override_reason"], [message])
        self.assertContains(response, message, status_code=400)
        self.assertFalse(Pairing.objects.filter(mentee=self.loner).exists())

    def test_a_full_mentor_with_a_reason_is_paired_and_the_reason_kept(self):
        response = self.as_(self.manager_a).post(
            self.url(),
            {"mentor": self.other_mentor.pk, "override_reason": "Других наставников нет"},
        )

        self.assertRedirects(response, TEAM_URL)
        pairing = Pairing.objects.get(mentee=self.loner, status=Pairing.Status.ACTIVE)
        self.assertEqual(pairing.mentor, self.other_mentor)
        self.assertEqual(pairing.override_reason, "Других наставников нет")

    def test_a_refused_reason_is_kept_in_the_mentor_s_card(self):
        reason = "Очень подробно. " * 150

        response = self.as_(self.manager_a).post(
            self.url(), {"mentor": self.other_mentor.pk, "override_reason": reason}
        )

        self.assertEqual(response.status_code, 400)
        self.assertIn("override_reason", response.context["form"].errors)
        self.assertContains(response, reason[:200], status_code=400)
        self.assertFalse(Pairing.objects.filter(mentee=self.loner).exists())

    def test_someone_who_is_not_an_active_mentor_is_refused(self):
        for mentor_id in (self.colleague.pk, 999_999):
            with self.subTest(mentor_id):
                response = self.as_(self.manager_a).post(self.url(), {"mentor": mentor_id})

                self.assertContains(response, en(ERROR_NOT_A_MENTOR), status_code=400)
        self.assertFalse(Pairing.objects.filter(mentee=self.loner).exists())

    def test_a_post_without_a_mentor_is_refused(self):
        response = self.as_(self.manager_a).post(self.url(), {})

        self.assertEqual(response.status_code, 400)
        self.assertIn("mentor", response.context["form"].errors)


class PairingEndViewTests(ManagerWorld):
    def setUp(self):
        super().setUp()
        self.url = reverse("mentoring:pairing_end", args=[self.pairing.pk])

    def assert_active(self, expected=True):
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status == Pairing.Status.ACTIVE, expected)

    def test_anonymous_is_sent_to_log_in(self):
        self.assertRedirects(self.client.post(self.url), login_url(self.url))
        self.assert_active()

    def test_get_is_not_allowed(self):
        self.assertEqual(self.as_(self.manager_a).get(self.url).status_code, 405)

    def test_anyone_who_does_not_manage_the_newcomer_gets_404(self):
        for label, person in self.outsiders().items():
            with self.subTest(label):
                self.assertEqual(self.as_(person).post(self.url).status_code, 404)
        self.assert_active()

    def test_the_manager_ends_the_pairing(self):
        response = self.as_(self.manager_a).post(self.url, follow=True)

        self.assertRedirects(response, TEAM_URL)
        names = {"mentee": "Ника Новикова", "mentor": "Мария Наставникова"}
        self.assertContains(response, en(MESSAGE_PAIRING_ENDED % names))
        self.assert_active(False)

    def test_an_administrator_ends_the_pairing(self):
        self.assertRedirects(self.as_(self.admin).post(self.url), TEAM_URL)
        self.assert_active(False)

    def test_ending_again_says_it_has_already_ended(self):
        self.as_(self.manager_a).post(self.url)

        response = self.as_(self.manager_a).post(self.url, follow=True)

        self.assertContains(response, en(ERROR_PAIRING_ENDED))


class ClearanceConfirmViewTests(ManagerWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clearance = cls.make_clearance()

    def setUp(self):
        super().setUp()
        self.url = reverse("mentoring:clearance_confirm", args=[self.clearance.pk])

    def assert_waiting(self):
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.REQUESTED)

    def test_anonymous_is_sent_to_log_in(self):
        self.assertRedirects(self.client.post(self.url), login_url(self.url))
        self.assert_waiting()

    def test_get_is_not_allowed(self):
        self.assertEqual(self.as_(self.manager_a).get(self.url).status_code, 405)

    def test_anyone_who_does_not_manage_the_newcomer_gets_404(self):
        for label, person in self.outsiders().items():
            with self.subTest(label):
                self.assertEqual(self.as_(person).post(self.url).status_code, 404)
        self.assert_waiting()

    def test_confirming_makes_the_newcomer_work_solo(self):
        response = self.as_(self.manager_a).post(self.url, follow=True)

        self.assertRedirects(response, TEAM_URL)
        self.assertContains(response, en(MESSAGE_CLEARED % {"mentee": "Ника Новикова"}))
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.CONFIRMED)
        self.assertEqual(self.clearance.days_to_solo, HIRED_DAYS_AGO)
        profile = StaffProfile.objects.get(user=self.mentee)
        self.assertEqual(profile.status, StaffProfile.Status.SOLO)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.ENDED)

    def test_an_administrator_confirms(self):
        self.assertRedirects(self.as_(self.admin).post(self.url), TEAM_URL)
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.CONFIRMED)

    def test_a_newcomer_no_longer_ready_is_refused_with_what_is_missing(self):
        sign_off = self.mentee.sign_offs.get()
        signoff_revoke(signoff=sign_off, revoked_by=self.admin, reason="Поспешили")

        response = self.as_(self.manager_a).post(self.url)

        self.assertEqual(response.status_code, 400)
        missing = en(MISSING_SKILL % {"skill": "Поприветствовать", "needed": 1})
        self.assertContains(response, missing, status_code=400)
        self.assertContains(response, "Ника Новикова cannot be cleared", status_code=400)
        self.assert_waiting()
        self.assertEqual(
            StaffProfile.objects.get(user=self.mentee).status, StaffProfile.Status.ONBOARDING
        )

    def test_a_decided_clearance_is_said_so(self):
        self.as_(self.manager_a).post(self.url)

        response = self.as_(self.manager_a).post(self.url, follow=True)

        self.assertContains(response, en(ERROR_CLEARANCE_DECIDED))


class ClearanceDeclineViewTests(ManagerWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clearance = cls.make_clearance()

    def setUp(self):
        super().setUp()
        self.url = reverse("mentoring:clearance_decline", args=[self.clearance.pk])

    def assert_waiting(self):
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.REQUESTED)

    def test_anonymous_is_sent_to_log_in(self):
        self.assertRedirects(self.client.get(self.url), login_url(self.url))
        self.assertRedirects(self.client.post(self.url, {"reason": "Нет"}), login_url(self.url))
        self.assert_waiting()

    def test_anyone_who_does_not_manage_the_newcomer_gets_404(self):
        for label, person in self.outsiders().items():
            with self.subTest(label):
                client = self.as_(person)
                self.assertEqual(client.get(self.url).status_code, 404)
                self.assertEqual(client.post(self.url, {"reason": "Нет"}).status_code, 404)
        self.assert_waiting()

    def test_the_manager_and_an_administrator_get_the_form(self):
        for person in (self.manager_a, self.admin):
            with self.subTest(person.username):
                response = self.as_(person).get(self.url)

                self.assertContains(response, "Decline the clearance of Ника Новикова")
                self.assertContains(response, 'name="reason"')

    def test_a_reason_is_required(self):
        for data in ({"reason": "   "}, {}):
            with self.subTest(data):
                response = self.as_(self.manager_a).post(self.url, data)

                self.assertEqual(response.status_code, 400)
                self.assertIn("reason", response.context["form"].errors)
        self.assert_waiting()

    def test_declining_with_a_reason(self):
        response = self.as_(self.manager_a).post(
            self.url, {"reason": "Сначала курс по тарифам"}, follow=True
        )

        self.assertRedirects(response, TEAM_URL)
        self.assertContains(response, en(MESSAGE_DECLINED % {"mentee": "Ника Новикова"}))
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.DECLINED)
        self.assertEqual(self.clearance.decline_reason, "Сначала курс по тарифам")
        self.assertEqual(self.clearance.decided_by, self.manager_a)
        self.assertEqual(
            StaffProfile.objects.get(user=self.mentee).status, StaffProfile.Status.ONBOARDING
        )

    def test_a_decided_clearance_sends_back_to_the_team_page(self):
        self.as_(self.manager_a).post(self.url, {"reason": "Рано"})

        response = self.as_(self.manager_a).get(self.url, follow=True)

        self.assertRedirects(response, TEAM_URL)
        self.assertContains(response, en(ERROR_CLEARANCE_DECIDED))

    def test_other_methods_are_not_allowed(self):
        self.assertEqual(self.as_(self.manager_a).put(self.url).status_code, 405)
