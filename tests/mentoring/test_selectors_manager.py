"""Reads for the manager's mentoring page: their newcomers, pairings, the mentors' load and the
clearances waiting; whom each shows to whom, and their query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.people.models import StaffProfile
from mentoring.models import MentorProfile, Pairing, SoloClearance
from mentoring.selectors import (
    clearance_for_manager,
    clearances_waiting_for_manager,
    mentor_load_for_manager,
    newcomer_for_manager,
    newcomers_for_manager,
    newcomers_onboarding_among,
    pairing_for_manager,
    pairings_for_manager,
    team_for_manager,
)
from tests.factories import TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    evidence_make,
    mentor_create,
    pairing_make,
    session_make,
)
from tests.mentoring.test_views_manager import ManagerWorld


class NewcomersForManagerTests(ManagerWorld):
    def test_the_manager_s_onboarding_people_with_mentor_and_progress(self):
        clearance = self.make_clearance(self.mentee)

        newcomers = newcomers_for_manager(manager=self.manager_a)

        self.assertEqual([n.mentee for n in newcomers], [self.mentee, self.loner])
        mentee, loner = newcomers
        self.assertEqual((mentee.pairing, mentee.mentor), (self.pairing, self.mentor))
        self.assertEqual((mentee.required_signed_off, mentee.required_skills), (1, 1))
        self.assertTrue(mentee.readiness.ready)
        self.assertEqual(mentee.clearance, clearance)
        self.assertIsNone(loner.mentor)
        self.assertEqual((loner.required_signed_off, loner.required_skills), (0, 1))
        self.assertFalse(loner.readiness.ready)
        self.assertIsNone(loner.clearance)

    def test_another_manager_sees_their_team_and_their_direct_reports(self):
        report = staff_user(team=self.team_a, job_role=self.role, line_manager=self.manager_b)

        newcomers = newcomers_for_manager(manager=self.manager_b)

        self.assertEqual({n.mentee for n in newcomers}, {self.other_mentee, report})

    def test_an_administrator_sees_every_newcomer(self):
        newcomers = {n.mentee for n in newcomers_for_manager(manager=self.admin)}

        self.assertLessEqual({self.mentee, self.loner, self.other_mentee}, newcomers)
        self.assertNotIn(self.colleague, newcomers)

    def test_someone_who_manages_nobody_sees_nobody(self):
        for person in (self.mentor, self.colleague, self.mentee):
            with self.subTest(person.username):
                self.assertEqual(newcomers_for_manager(manager=person), [])


class NewcomersOnboardingAmongTests(ManagerWorld):
    def test_the_onboarding_people_of_the_given_records(self):
        profiles = StaffProfile.objects.select_related("user", "team", "job_role").filter(
            user__in=[self.mentee, self.colleague, self.other_mentee]
        )

        newcomers = newcomers_onboarding_among(profiles=profiles)

        self.assertEqual({n.mentee for n in newcomers}, {self.mentee, self.other_mentee})
        by_person = {n.mentee: n for n in newcomers}
        self.assertEqual(by_person[self.mentee].mentor, self.mentor)


class PairingsForManagerTests(ManagerWorld):
    def test_only_active_pairings_of_the_manager_s_people(self):
        Pairing.objects.create(
            mentee=self.colleague, mentor=self.mentor, status=Pairing.Status.ENDED
        )

        self.assertEqual(pairings_for_manager(manager=self.manager_a), [self.pairing])
        self.assertEqual(pairings_for_manager(manager=self.manager_b), [self.other_pairing])
        self.assertEqual(
            set(pairings_for_manager(manager=self.admin)), {self.pairing, self.other_pairing}
        )
        self.assertEqual(pairings_for_manager(manager=self.colleague), [])


class MentorLoadForManagerTests(ManagerWorld):
    def test_mentors_of_the_manager_s_people_and_of_their_teams(self):
        loads = mentor_load_for_manager(manager=self.manager_a)

        self.assertEqual([m.mentor for m in loads], [self.mentor])

        pairing_make(mentee=self.loner, mentor=self.spare)
        loads = mentor_load_for_manager(manager=self.manager_a)

        self.assertEqual({m.mentor for m in loads}, {self.mentor, self.spare})

    def test_load_capacity_and_the_most_loaded_first(self):
        loads = mentor_load_for_manager(manager=self.admin)

        self.assertEqual([m.mentor for m in loads], [self.other_mentor, self.mentor, self.spare])
        full, half, free = loads
        self.assertEqual(
            (full.load, full.capacity, full.full, full.over_capacity), (1, 1, True, False)
        )
        self.assertEqual((half.load, half.capacity, half.full), (1, 2, False))
        self.assertEqual((free.load, free.full), (0, False))

    def test_over_capacity(self):
        pairing_make(mentee=self.loner, mentor=self.other_mentor)

        (load,) = mentor_load_for_manager(manager=self.manager_b)

        self.assertEqual((load.load, load.over_capacity), (2, True))

    def test_pending_sign_offs(self):
        evidence_make(self.mentee, self.greet, 1)

        (load,) = mentor_load_for_manager(manager=self.manager_a)

        self.assertEqual(load.pending_signoffs, 1)

    def test_pending_sign_offs_count_only_the_manager_s_newcomers(self):
        # ``mentor`` also mentors a newcomer of team B who is ready for a sign-off: team A's
        # manager does not see that newcomer, so the sign-off is not theirs to chase.
        stranger = staff_user(team=self.team_b, job_role=self.role)
        pairing_make(mentee=stranger, mentor=self.mentor)
        evidence_make(stranger, self.greet, 1)

        (load,) = mentor_load_for_manager(manager=self.manager_a)
        self.assertEqual(load.pending_signoffs, 0)
        # The load stays the mentor's whole load: it is measured against their capacity.
        self.assertEqual(load.load, 2)

        of_b = {m.mentor: m for m in mentor_load_for_manager(manager=self.manager_b)}
        self.assertEqual(of_b[self.mentor].pending_signoffs, 1)

        of_admin = {m.mentor: m for m in mentor_load_for_manager(manager=self.admin)}
        self.assertEqual(of_admin[self.mentor].pending_signoffs, 1)

        evidence_make(self.mentee, self.greet, 1)
        (load,) = mentor_load_for_manager(manager=self.manager_a)
        self.assertEqual(load.pending_signoffs, 1)
        of_admin = {m.mentor: m for m in mentor_load_for_manager(manager=self.admin)}
        self.assertEqual(of_admin[self.mentor].pending_signoffs, 2)

    def test_the_team_page_shows_the_scoped_pending_sign_offs(self):
        stranger = staff_user(team=self.team_b, job_role=self.role)
        pairing_make(mentee=stranger, mentor=self.mentor)
        evidence_make(stranger, self.greet, 1)

        team = team_for_manager(manager=self.manager_a)

        self.assertEqual([(m.mentor, m.pending_signoffs) for m in team.mentors], [(self.mentor, 0)])

    def test_the_load_is_not_multiplied_by_several_teams_or_mentees(self):
        team_c = TeamFactory()
        team_c.managers.add(self.manager_a)
        MentorProfile.objects.get(user=self.mentor).teams.add(team_c)
        pairing_make(mentee=self.loner, mentor=self.mentor)

        (load,) = mentor_load_for_manager(manager=self.manager_a)

        self.assertEqual(load.load, 2)

    def test_inactive_mentors_are_left_out(self):
        MentorProfile.objects.filter(user=self.mentor).update(is_active=False)

        self.assertEqual(mentor_load_for_manager(manager=self.manager_a), [])

    def test_someone_who_manages_nobody_sees_no_mentor(self):
        self.assertEqual(mentor_load_for_manager(manager=self.colleague), [])


class ClearancesForManagerTests(ManagerWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.clearance = cls.make_clearance()

    def test_waiting_clearances_of_the_manager_s_people(self):
        self.assertEqual(clearances_waiting_for_manager(manager=self.manager_a), [self.clearance])
        self.assertEqual(clearances_waiting_for_manager(manager=self.admin), [self.clearance])
        self.assertEqual(clearances_waiting_for_manager(manager=self.manager_b), [])
        self.assertEqual(clearances_waiting_for_manager(manager=self.mentor), [])

    def test_decided_clearances_are_not_waiting(self):
        SoloClearance.objects.filter(pk=self.clearance.pk).update(
            status=SoloClearance.Status.DECLINED, decline_reason="Рано"
        )

        self.assertEqual(clearances_waiting_for_manager(manager=self.manager_a), [])


class AccessForManagerTests(ManagerWorld):
    def test_team_for_manager_is_none_for_someone_who_manages_nobody(self):
        for person in (self.mentor, self.other_mentor, self.colleague, self.mentee):
            with self.subTest(person.username):
                self.assertIsNone(team_for_manager(manager=person))
        for person in (self.manager_a, self.manager_b, self.admin):
            with self.subTest(person.username):
                self.assertIsNotNone(team_for_manager(manager=person))

    def test_a_newcomer_pairing_or_clearance_is_found_only_for_their_managers(self):
        clearance = self.make_clearance()
        finders = {
            "newcomer": lambda user: newcomer_for_manager(manager=user, mentee_id=self.mentee.pk),
            "pairing": lambda user: pairing_for_manager(manager=user, pairing_id=self.pairing.pk),
            "clearance": lambda user: clearance_for_manager(
                manager=user, clearance_id=clearance.pk
            ),
        }
        for name, find in finders.items():
            with self.subTest(name):
                self.assertIsNotNone(find(self.manager_a))
                self.assertIsNotNone(find(self.admin))
                for person in (self.manager_b, self.mentor, self.colleague, self.mentee):
                    self.assertIsNone(find(person))


class ManagerQueryCountTests(ManagerWorld):
    """Each selector costs the same with 2 and with 40 newcomers, pairings and clearances."""

    def populate(self, n):
        for i in range(n):
            mentor = mentor_create(teams=[self.team_a], status=StaffProfile.Status.SOLO)
            newcomer = staff_user(team=self.team_a, job_role=self.role)
            pairing_make(mentee=newcomer, mentor=mentor)
            session_make(mentee=newcomer, ratings=[(self.greet, INDEPENDENT)])
            if i % 2:
                self.make_clearance(newcomer)

    def counts(self, n):
        self.populate(n)
        selectors = {
            "newcomers": newcomers_for_manager,
            "pairings": pairings_for_manager,
            "mentor load": mentor_load_for_manager,
            "clearances": clearances_waiting_for_manager,
            "team": team_for_manager,
        }
        counts = {}
        for name, selector in selectors.items():
            # A fresh user object each time: the administrator check is kept on the object.
            manager = type(self.manager_a).objects.get(pk=self.manager_a.pk)
            with CaptureQueriesContext(connection) as queries:
                selector(manager=manager)
            counts[name] = len(queries)
        return counts

    # Each includes the administrator and HR checks (one query), asked once per user object;
    # without onboarding courses required for solo work, nobody's completed courses are looked
    # up.
    EXPECTED = {"newcomers": 8, "pairings": 2, "mentor load": 6, "clearances": 2, "team": 16}

    def test_with_2(self):
        self.assertEqual(self.counts(2), self.EXPECTED)

    def test_with_40(self):
        self.assertEqual(self.counts(40), self.EXPECTED)
        self.assertEqual(len(pairings_for_manager(manager=self.manager_a)), 41)
