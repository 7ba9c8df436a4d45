"""Writes for mentoring: pairing, sessions, sign-offs and revocations, solo clearance; the rules
of each and who may call it."""

import datetime
import uuid
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page

from courses.models import Assignment, OnboardingPlanItem
from courses.services import assignment_create, lesson_complete
from lms.people import roles
from lms.people.models import StaffProfile
from mentoring import services
from mentoring.models import Pairing, SignOff, SkillRating, SoloClearance, SupervisedSession
from mentoring.selectors import MissingItem
from mentoring.services import (
    EvidenceShort,
    MentorAtCapacity,
    MentoringInvalid,
    MentoringNotAllowed,
    NotReadyForSolo,
    clearance_confirm,
    clearance_decline,
    clearance_request,
    pairing_create,
    pairing_end,
    session_acknowledge,
    session_log,
    signoff_create,
    signoff_revoke,
)
from tests.courses.factories import course_create, course_lessons, onboarding_plan_create
from tests.factories import JobRoleFactory, TeamFactory, staff_user
from tests.mentoring.factories import (
    INDEPENDENT,
    NEEDED_HELP,
    WITH_SUPPORT,
    PracticeSkillFactory,
    evidence_make,
    mentor_create,
    pairing_make,
    session_make,
)

PHONE = SupervisedSession.Channel.PHONE
HIRED_DAYS_AGO = 30


class _Rollback(Exception):
    pass


def outcome(call):
    """Run ``call`` in a savepoint that is always rolled back; return what it raised (None if
    it succeeded), so one test can try the same action as several people."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return None
    except (MentoringNotAllowed, ValidationError) as error:
        return error


class MentoringWorld(TestCase):
    """Two teams with a manager each; in team A a newcomer paired with ``mentor``, another pair
    (``other_mentor`` and ``other_mentee``), a colleague; an administrator."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Контакт-центр")
        cls.team_b = TeamFactory(name="Офис продаж")
        cls.role = JobRoleFactory(name="Оператор")
        cls.other_role = JobRoleFactory(name="Продавец")
        cls.manager_a = staff_user(roles=[roles.MANAGERS], username="manager_a")
        cls.manager_b = staff_user(roles=[roles.MANAGERS], username="manager_b")
        cls.team_a.managers.add(cls.manager_a)
        cls.team_b.managers.add(cls.manager_b)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin")
        cls.mentor = mentor_create(
            username="mentor", team=cls.team_a, teams=[cls.team_a], job_roles=[cls.role]
        )
        cls.other_mentor = mentor_create(username="other_mentor", team=cls.team_a)
        cls.mentee = staff_user(
            username="newbie",
            team=cls.team_a,
            job_role=cls.role,
            hire_date=timezone.localdate() - datetime.timedelta(days=HIRED_DAYS_AGO),
        )
        cls.other_mentee = staff_user(username="other_newbie", team=cls.team_a, job_role=cls.role)
        cls.colleague = staff_user(username="colleague", team=cls.team_a, job_role=cls.role)
        cls.pairing = pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.skill = PracticeSkillFactory(job_role=cls.role, title="Выяснить потребность")
        cls.foreign_skill = PracticeSkillFactory(job_role=cls.other_role, title="Выкладка")

    def assert_matrix(self, call, allowed, denied, message):
        for actor in allowed:
            with self.subTest(actor=actor.username):
                self.assertIsNone(outcome(lambda actor=actor: call(actor)))
        for actor in denied:
            with self.subTest(actor=actor.username):
                error = outcome(lambda actor=actor: call(actor))
                self.assertIsInstance(error, MentoringNotAllowed)
                self.assertEqual(error.message, message)


class PairingCreateTests(MentoringWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.newcomer = staff_user(username="fresh", team=cls.team_a, job_role=cls.role)
        cls.spare = mentor_create(username="spare", capacity=1)

    def test_a_manager_of_the_newcomer_pairs_them(self):
        pairing = pairing_create(mentee=self.newcomer, mentor=self.spare, paired_by=self.manager_a)

        pairing.refresh_from_db()
        self.assertEqual(pairing.status, Pairing.Status.ACTIVE)
        self.assertEqual(pairing.mentor, self.spare)
        self.assertEqual(pairing.paired_by, self.manager_a)
        self.assertEqual(pairing.override_reason, "")

    def test_only_a_newcomer_still_onboarding_is_paired(self):
        for status in (StaffProfile.Status.SOLO, StaffProfile.Status.LEFT):
            with self.subTest(status=status):
                StaffProfile.objects.filter(user=self.newcomer).update(status=status)

                error = outcome(
                    lambda: pairing_create(
                        mentee=self.newcomer, mentor=self.spare, paired_by=self.manager_a
                    )
                )

                self.assertIsInstance(error, MentoringInvalid)
                self.assertEqual(error.message, services.ERROR_NOT_ONBOARDING)
        self.assertFalse(Pairing.objects.filter(mentee=self.newcomer).exists())

    def test_permission_matrix(self):
        self.assert_matrix(
            lambda actor: pairing_create(mentee=self.newcomer, mentor=self.spare, paired_by=actor),
            allowed=[self.manager_a, self.admin],
            denied=[
                self.manager_b,
                self.mentor,
                self.other_mentor,
                self.colleague,
                self.newcomer,
                self.spare,
            ],
            message=services.ERROR_NOT_MANAGER,
        )

    def test_a_line_manager_outside_the_team_may_pair(self):
        line_manager = staff_user(roles=[roles.MANAGERS], team=self.team_b)
        report = staff_user(team=self.team_b, line_manager=line_manager)

        pairing = pairing_create(mentee=report, mentor=self.spare, paired_by=line_manager)

        self.assertEqual(pairing.mentee, report)

    def test_nobody_mentors_themselves(self):
        self_minded = mentor_create(team=self.team_a)

        with self.assertRaises(MentoringInvalid) as caught:
            pairing_create(mentee=self_minded, mentor=self_minded, paired_by=self.manager_a)

        self.assertEqual(caught.exception.message, services.ERROR_SELF_PAIRING)

    def test_the_mentor_needs_an_active_mentor_profile(self):
        resting = mentor_create(is_active=False)
        for mentor in (self.colleague, resting):
            with self.subTest(mentor=mentor.username), self.assertRaises(MentoringInvalid) as c:
                pairing_create(mentee=self.newcomer, mentor=mentor, paired_by=self.manager_a)
            self.assertEqual(c.exception.message, services.ERROR_NOT_A_MENTOR)
        self.assertFalse(Pairing.objects.filter(mentee=self.newcomer).exists())

    def test_a_full_mentor_is_refused_without_a_reason(self):
        pairing_make(mentee=self.colleague, mentor=self.spare)

        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(MentorAtCapacity) as caught:
                pairing_create(
                    mentee=self.newcomer,
                    mentor=self.spare,
                    paired_by=self.manager_a,
                    override_reason=reason,
                )
            self.assertEqual(
                caught.exception.message, services.ERROR_MENTOR_FULL % {"load": 1, "capacity": 1}
            )
        self.assertFalse(Pairing.objects.filter(mentee=self.newcomer).exists())

    def test_an_override_reason_pairs_beyond_capacity_and_is_recorded(self):
        pairing_make(mentee=self.colleague, mentor=self.spare)

        pairing = pairing_create(
            mentee=self.newcomer,
            mentor=self.spare,
            paired_by=self.manager_a,
            override_reason="  Второй наставник в отпуске  ",
        )

        pairing.refresh_from_db()
        self.assertEqual(pairing.override_reason, "Второй наставник в отпуске")
        self.assertEqual(
            Pairing.objects.filter(mentor=self.spare, status=Pairing.Status.ACTIVE).count(), 2
        )

    def test_a_reason_is_not_recorded_when_no_override_was_needed(self):
        pairing = pairing_create(
            mentee=self.newcomer, mentor=self.spare, paired_by=self.manager_a, override_reason="x"
        )

        self.assertEqual(pairing.override_reason, "")

    def test_ended_pairings_do_not_use_capacity(self):
        pairing_make(
            mentee=self.colleague,
            mentor=self.spare,
            status=Pairing.Status.ENDED,
            ended_at=timezone.now(),
        )

        pairing = pairing_create(mentee=self.newcomer, mentor=self.spare, paired_by=self.manager_a)

        self.assertEqual(pairing.status, Pairing.Status.ACTIVE)

    def test_a_new_pairing_ends_the_previous_one(self):
        pairing = pairing_create(mentee=self.mentee, mentor=self.spare, paired_by=self.manager_a)

        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.ENDED)
        self.assertIsNotNone(self.pairing.ended_at)
        self.assertEqual(
            list(Pairing.objects.filter(mentee=self.mentee, status=Pairing.Status.ACTIVE)),
            [pairing],
        )

    def test_pairing_again_with_the_current_mentor_changes_nothing(self):
        again = pairing_create(mentee=self.mentee, mentor=self.mentor, paired_by=self.manager_a)

        self.assertEqual(again.pk, self.pairing.pk)
        self.assertEqual(Pairing.objects.filter(mentee=self.mentee).count(), 1)

    def test_the_database_keeps_one_active_pairing_per_newcomer(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            pairing_make(mentee=self.mentee, mentor=self.spare)


class PairingEndTests(MentoringWorld):
    def test_a_manager_ends_a_pairing(self):
        pairing = pairing_end(pairing=self.pairing, ended_by=self.manager_a)

        pairing.refresh_from_db()
        self.assertEqual(pairing.status, Pairing.Status.ENDED)
        self.assertIsNotNone(pairing.ended_at)

    def test_permission_matrix(self):
        self.assert_matrix(
            lambda actor: pairing_end(pairing=self.pairing, ended_by=actor),
            allowed=[self.manager_a, self.admin],
            denied=[self.manager_b, self.mentor, self.other_mentor, self.colleague, self.mentee],
            message=services.ERROR_NOT_MANAGER,
        )

    def test_ending_twice_is_refused(self):
        pairing_end(pairing=self.pairing, ended_by=self.manager_a)

        with self.assertRaises(MentoringInvalid) as caught:
            pairing_end(pairing=self.pairing, ended_by=self.manager_a)

        self.assertEqual(caught.exception.message, services.ERROR_PAIRING_ENDED)


class SessionLogTests(MentoringWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.crm = PracticeSkillFactory(job_role=cls.role, title="Записать звонок в CRM")

    def log(self, **overrides):
        fields = {
            "mentor": self.mentor,
            "mentee": self.mentee,
            "channel": PHONE,
            "situation": "Клиент недоволен счётом",
            "ratings": [(self.skill, INDEPENDENT), (self.crm, WITH_SUPPORT)],
        }
        fields.update(overrides)
        return session_log(**fields)

    def test_the_active_mentor_logs_a_session_with_ratings_and_feedback(self):
        page = Page.objects.get(depth=2)
        at = timezone.now() - datetime.timedelta(hours=2)

        session = self.log(
            occurred_at=at,
            mentor_stepped_in=True,
            stepped_in_note="Подсказал про рассрочку",
            strengths="Спокойный тон",
            to_improve="Уточнять номер договора",
            suggested_pages=[page],
        )

        session.refresh_from_db()
        self.assertEqual(session.pairing, self.pairing)
        self.assertEqual(session.occurred_at, at)
        self.assertTrue(session.mentor_stepped_in)
        self.assertEqual(session.stepped_in_note, "Подсказал про рассрочку")
        self.assertEqual(session.strengths, "Спокойный тон")
        self.assertEqual(session.to_improve, "Уточнять номер договора")
        self.assertEqual(list(session.suggested_lessons.all()), [page])
        self.assertEqual(
            set(session.ratings.values_list("skill_id", "rating")),
            {(self.skill.pk, INDEPENDENT), (self.crm.pk, WITH_SUPPORT)},
        )
        self.assertIsNone(session.acknowledged_at)

    def test_a_note_about_stepping_in_is_kept_and_marks_that_the_mentor_did(self):
        session = self.log(mentor_stepped_in=False, stepped_in_note="  Взял трубку сам ")

        session.refresh_from_db()
        self.assertTrue(session.mentor_stepped_in)
        self.assertEqual(session.stepped_in_note, "Взял трубку сам")

    def test_without_a_note_an_unticked_box_stays_unticked(self):
        session = self.log(mentor_stepped_in=False, stepped_in_note="   ")

        session.refresh_from_db()
        self.assertFalse(session.mentor_stepped_in)
        self.assertEqual(session.stepped_in_note, "")

    def test_only_the_active_mentor_may_log(self):
        former = mentor_create()
        pairing_make(
            mentee=self.mentee, mentor=former, status=Pairing.Status.ENDED, ended_at=timezone.now()
        )
        self.assert_matrix(
            lambda actor: self.log(mentor=actor),
            allowed=[self.mentor],
            denied=[
                self.other_mentor,
                self.colleague,
                self.mentee,
                self.manager_a,
                self.manager_b,
                self.admin,
                former,
            ],
            message=services.ERROR_NOT_ACTIVE_MENTOR,
        )

    def test_a_newcomer_without_a_pairing_cannot_get_a_session(self):
        with self.assertRaises(MentoringNotAllowed):
            self.log(mentee=self.colleague)

    def test_rule_breaking_sessions_are_refused_with_the_field_at_fault(self):
        cases = {
            "no ratings": ({"ratings": []}, "ratings", services.ERROR_NO_RATINGS),
            "twice": (
                {"ratings": [(self.skill, INDEPENDENT), (self.skill, NEEDED_HELP)]},
                "ratings",
                services.ERROR_SKILL_RATED_TWICE,
            ),
            "other role": (
                {"ratings": [(self.foreign_skill, INDEPENDENT)]},
                "ratings",
                services.ERROR_SKILL_NOT_OF_ROLE % {"skill": "Выкладка"},
            ),
            "future": (
                {"occurred_at": timezone.now() + datetime.timedelta(minutes=10)},
                "occurred_at",
                services.ERROR_SESSION_IN_FUTURE,
            ),
        }
        for name, (overrides, field, message) in cases.items():
            with self.subTest(name), self.assertRaises(MentoringInvalid) as caught:
                self.log(**overrides)
            self.assertEqual(caught.exception.field, field)
            self.assertEqual(caught.exception.message, message)
            self.assertEqual(caught.exception.message_dict, {field: [str(message)]})
        self.assertFalse(SupervisedSession.objects.exists())

    def test_a_phone_clock_a_little_ahead_is_accepted(self):
        session = self.log(occurred_at=timezone.now() + datetime.timedelta(minutes=2))

        self.assertTrue(SupervisedSession.objects.filter(pk=session.pk).exists())

    def test_invalid_fields_save_nothing(self):
        cases = {
            "channel": {"channel": "pigeon"},
            "situation": {"situation": "   "},
            "rating": {"ratings": [(self.skill, "brilliant")]},
        }
        for name, overrides in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError):
                self.log(**overrides)
        self.assertFalse(SupervisedSession.objects.exists())
        self.assertFalse(SkillRating.objects.exists())


class SessionAcknowledgeTests(MentoringWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = session_make(mentee=cls.mentee, ratings=[(cls.skill, WITH_SUPPORT)])

    def test_the_newcomer_acknowledges_with_a_reflection(self):
        session = session_acknowledge(
            session=self.session, mentee=self.mentee, reflection=" Буду уточнять договор "
        )

        session.refresh_from_db()
        self.assertIsNotNone(session.acknowledged_at)
        self.assertEqual(session.mentee_reflection, "Буду уточнять договор")

    def test_acknowledging_again_changes_nothing(self):
        first = session_acknowledge(session=self.session, mentee=self.mentee, reflection="Понял")

        again = session_acknowledge(session=self.session, mentee=self.mentee, reflection="Другое")

        again.refresh_from_db()
        self.assertEqual(again.acknowledged_at, first.acknowledged_at)
        self.assertEqual(again.mentee_reflection, "Понял")

    def test_only_the_newcomer_may_acknowledge(self):
        self.assert_matrix(
            lambda actor: session_acknowledge(session=self.session, mentee=actor),
            allowed=[self.mentee],
            denied=[
                self.mentor,
                self.other_mentor,
                self.other_mentee,
                self.colleague,
                self.manager_a,
                self.admin,
            ],
            message=services.ERROR_NOT_YOUR_SESSION,
        )


class SignOffCreateTests(MentoringWorld):
    def test_enough_independent_sessions_sign_the_skill_off_with_them_as_evidence(self):
        sessions = evidence_make(self.mentee, self.skill, 2)

        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        sign_off.refresh_from_db()
        self.assertTrue(sign_off.is_live)
        self.assertEqual(sign_off.signed_by, self.mentor)
        self.assertEqual(set(sign_off.evidence.all()), set(sessions))

    def test_short_evidence_is_refused_saying_how_many_more_are_needed(self):
        evidence_make(self.mentee, self.skill, 1)

        with self.assertRaises(EvidenceShort) as caught:
            signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(caught.exception.needed, 1)
        self.assertEqual(
            caught.exception.message,
            services.ERROR_EVIDENCE_SHORT % {"skill": self.skill.title, "needed": 1},
        )
        self.assertFalse(SignOff.objects.exists())

    def test_only_independent_ratings_of_this_skill_without_stepping_in_count(self):
        other_skill = PracticeSkillFactory(job_role=self.role)
        session_make(mentee=self.mentee, ratings=[(self.skill, WITH_SUPPORT)])
        session_make(mentee=self.mentee, ratings=[(self.skill, NEEDED_HELP)])
        session_make(mentee=self.mentee, ratings=[(other_skill, INDEPENDENT)])
        # Stepping in disqualifies the session even though the skill was rated independent.
        session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)], stepped_in=True)
        session_make(mentee=self.other_mentee, ratings=[(self.skill, INDEPENDENT)])
        counted = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])

        with self.assertRaises(EvidenceShort) as caught:
            signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.assertEqual(caught.exception.needed, 1)

        session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.assertEqual(len(sign_off.evidence.all()), 2)
        self.assertIn(counted, sign_off.evidence.all())

    def test_sessions_with_a_previous_mentor_count(self):
        evidence_make(self.mentee, self.skill, 1, mentor=self.other_mentor)
        evidence_make(self.mentee, self.skill, 1)

        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(sign_off.evidence.count(), 2)

    def test_permission_matrix(self):
        evidence_make(self.mentee, self.skill, 2)
        self.assert_matrix(
            lambda actor: signoff_create(mentee=self.mentee, skill=self.skill, signed_by=actor),
            allowed=[self.mentor, self.admin],
            denied=[self.other_mentor, self.colleague, self.manager_a, self.manager_b],
            message=services.ERROR_NOT_MENTOR_OR_ADMIN,
        )
        self.assert_matrix(
            lambda actor: signoff_create(mentee=self.mentee, skill=self.skill, signed_by=actor),
            allowed=[],
            denied=[self.mentee],
            message=services.ERROR_OWN_SKILLS,
        )

    def test_an_administrator_cannot_sign_themselves_off(self):
        admin_mentee = staff_user(
            roles=[roles.ADMINISTRATORS], team=self.team_a, job_role=self.role
        )
        pairing_make(mentee=admin_mentee, mentor=mentor_create())
        evidence_make(admin_mentee, self.skill, 2)

        with self.assertRaises(MentoringNotAllowed) as caught:
            signoff_create(mentee=admin_mentee, skill=self.skill, signed_by=admin_mentee)

        self.assertEqual(caught.exception.message, services.ERROR_OWN_SKILLS)

    def test_a_skill_of_another_job_role_is_refused(self):
        with self.assertRaises(MentoringInvalid) as caught:
            signoff_create(mentee=self.mentee, skill=self.foreign_skill, signed_by=self.mentor)

        self.assertEqual(
            caught.exception.message, services.ERROR_SKILL_NOT_OF_ROLE % {"skill": "Выкладка"}
        )

    def test_a_second_live_sign_off_is_refused(self):
        evidence_make(self.mentee, self.skill, 2)
        signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        with self.assertRaises(MentoringInvalid) as caught:
            signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.admin)

        self.assertEqual(caught.exception.message, services.ERROR_ALREADY_SIGNED_OFF)
        self.assertEqual(SignOff.objects.count(), 1)

    def test_the_database_refuses_a_second_live_sign_off(self):
        SignOff.objects.create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        with self.assertRaises(IntegrityError), transaction.atomic():
            SignOff.objects.create(mentee=self.mentee, skill=self.skill, signed_by=self.admin)

    def test_after_a_revocation_only_later_sessions_count(self):
        evidence_make(
            self.mentee, self.skill, 2, occurred_at=timezone.now() - datetime.timedelta(days=2)
        )
        first = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        signoff_revoke(signoff=first, revoked_by=self.mentor, reason="Ошибся с тарифом")

        with self.assertRaises(EvidenceShort) as caught:
            signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        self.assertEqual(caught.exception.needed, 2)

        later = evidence_make(self.mentee, self.skill, 2, occurred_at=timezone.now())
        second = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)

        self.assertEqual(set(second.evidence.all()), set(later))
        self.assertEqual(
            list(SignOff.objects.filter(mentee=self.mentee).order_by("pk")), [first, second]
        )


class SignOffRevokeTests(MentoringWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sessions = evidence_make(cls.mentee, cls.skill, 2)
        cls.sign_off = signoff_create(mentee=cls.mentee, skill=cls.skill, signed_by=cls.mentor)

    def test_revoking_keeps_the_sign_off_with_who_when_and_why(self):
        revoked = signoff_revoke(
            signoff=self.sign_off, revoked_by=self.mentor, reason=" Грубил клиенту "
        )

        revoked.refresh_from_db()
        self.assertFalse(revoked.is_live)
        self.assertEqual(revoked.revoked_by, self.mentor)
        self.assertEqual(revoked.revoke_reason, "Грубил клиенту")
        self.assertEqual(revoked.signed_by, self.mentor)
        self.assertEqual(set(revoked.evidence.all()), set(self.sessions))

    def test_a_reason_is_required(self):
        for reason in ("", "  "):
            with self.subTest(reason=reason), self.assertRaises(MentoringInvalid) as caught:
                signoff_revoke(signoff=self.sign_off, revoked_by=self.mentor, reason=reason)
            self.assertEqual(caught.exception.field, "reason")
            self.assertEqual(caught.exception.message, services.ERROR_REASON_REQUIRED)
        self.sign_off.refresh_from_db()
        self.assertTrue(self.sign_off.is_live)

    def test_revoking_twice_is_refused_and_keeps_the_first_reason(self):
        signoff_revoke(signoff=self.sign_off, revoked_by=self.mentor, reason="Первая причина")

        with self.assertRaises(MentoringInvalid) as caught:
            signoff_revoke(signoff=self.sign_off, revoked_by=self.admin, reason="Вторая")

        self.assertEqual(caught.exception.message, services.ERROR_ALREADY_REVOKED)
        self.sign_off.refresh_from_db()
        self.assertEqual(self.sign_off.revoke_reason, "Первая причина")
        self.assertEqual(self.sign_off.revoked_by, self.mentor)

    def test_permission_matrix(self):
        def revoke(actor):
            return signoff_revoke(signoff=self.sign_off, revoked_by=actor, reason="Причина")

        self.assert_matrix(
            revoke,
            allowed=[self.mentor, self.admin],
            denied=[self.other_mentor, self.colleague, self.manager_a, self.manager_b],
            message=services.ERROR_NOT_MENTOR_OR_ADMIN,
        )
        self.assert_matrix(revoke, [], [self.mentee], services.ERROR_OWN_SKILLS)

    def test_the_mentor_who_signed_may_not_revoke_once_no_longer_the_mentor(self):
        pairing_create(mentee=self.mentee, mentor=self.other_mentor, paired_by=self.manager_a)

        with self.assertRaises(MentoringNotAllowed):
            signoff_revoke(signoff=self.sign_off, revoked_by=self.mentor, reason="Причина")
        signoff_revoke(signoff=self.sign_off, revoked_by=self.other_mentor, reason="Причина")

    def test_the_database_refuses_a_revocation_without_a_reason(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            SignOff.objects.filter(pk=self.sign_off.pk).update(revoked_at=timezone.now())


class ClearanceWorld(MentoringWorld):
    """The newcomer's job role requires ``skill`` (one session) and the course ``basics``;
    ``extra`` (a skill) and ``elective`` (a course) are not required for solo work."""

    @classmethod
    def setUpTestData(cls):
        cls.basics = course_create(lessons=1, title="Основы")
        cls.elective = course_create(lessons=1, title="Факультатив")
        super().setUpTestData()
        plan = onboarding_plan_create(cls.role, [(cls.basics, 7), (cls.elective, 14)])
        OnboardingPlanItem.objects.filter(plan=plan, course=cls.elective).update(
            required_for_solo=False
        )
        cls.skill.sessions_required = 1
        cls.skill.save()
        cls.extra = PracticeSkillFactory(job_role=cls.role, required_for_solo=False)

    @classmethod
    def make_ready(cls, mentee):
        # The plan is made after the newcomer, so their course is assigned here.
        assignment_create(user=mentee, course=cls.basics, source=Assignment.Source.ONBOARDING)
        lesson_complete(user=mentee, lesson=course_lessons(cls.basics)[0])
        evidence_make(mentee, cls.skill, 1)
        return signoff_create(mentee=mentee, skill=cls.skill, signed_by=cls.admin)


class ClearanceRequestTests(ClearanceWorld):
    def test_refusal_lists_exactly_what_is_missing(self):
        with self.assertRaises(NotReadyForSolo) as caught:
            clearance_request(mentee=self.mentee, requested_by=self.mentor)

        missing = caught.exception.missing
        self.assertEqual(caught.exception.message, services.ERROR_NOT_READY)
        self.assertEqual([item.kind for item in missing], [MissingItem.SKILL, MissingItem.COURSE])
        self.assertEqual(missing[0].skill, self.skill)
        self.assertEqual(missing[0].sessions_needed, 1)
        self.assertEqual(missing[1].course.pk, self.basics.pk)
        self.assertFalse(SoloClearance.objects.exists())

    def test_a_ready_newcomer_is_put_forward(self):
        self.make_ready(self.mentee)

        clearance = clearance_request(mentee=self.mentee, requested_by=self.mentor)

        clearance.refresh_from_db()
        self.assertEqual(clearance.status, SoloClearance.Status.REQUESTED)
        self.assertEqual(clearance.requested_by, self.mentor)
        profile = StaffProfile.objects.get(user=self.mentee)
        self.assertEqual(profile.status, StaffProfile.Status.ONBOARDING)

    def test_permission_matrix(self):
        self.make_ready(self.mentee)

        def request(actor):
            return clearance_request(mentee=self.mentee, requested_by=actor)

        self.assert_matrix(
            request,
            allowed=[self.mentor, self.admin],
            denied=[self.other_mentor, self.colleague, self.manager_a, self.manager_b],
            message=services.ERROR_NOT_MENTOR_OR_ADMIN,
        )
        self.assert_matrix(request, [], [self.mentee], services.ERROR_OWN_SKILLS)

    def test_a_waiting_or_confirmed_clearance_blocks_another(self):
        self.make_ready(self.mentee)
        clearance_request(mentee=self.mentee, requested_by=self.mentor)

        with self.assertRaises(MentoringInvalid) as caught:
            clearance_request(mentee=self.mentee, requested_by=self.mentor)

        self.assertEqual(caught.exception.message, services.ERROR_CLEARANCE_OPEN)

    def test_someone_already_solo_is_refused(self):
        self.make_ready(self.mentee)
        StaffProfile.objects.filter(user=self.mentee).update(status=StaffProfile.Status.SOLO)

        with self.assertRaises(MentoringInvalid) as caught:
            clearance_request(mentee=self.mentee, requested_by=self.mentor)

        self.assertEqual(caught.exception.message, services.ERROR_ALREADY_SOLO)

    def test_without_a_job_role_nobody_is_ready(self):
        drifter = staff_user(team=self.team_a)
        pairing_make(mentee=drifter, mentor=mentor_create())

        with self.assertRaises(NotReadyForSolo) as caught:
            clearance_request(mentee=drifter, requested_by=self.admin)

        self.assertEqual([i.kind for i in caught.exception.missing], [MissingItem.JOB_ROLE])


class ClearanceDecisionTests(ClearanceWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sign_off = cls.make_ready(cls.mentee)
        cls.clearance = clearance_request(mentee=cls.mentee, requested_by=cls.mentor)

    def test_confirming_clears_for_solo_ends_the_pairing_and_records_days_to_solo(self):
        clearance = clearance_confirm(clearance=self.clearance, decided_by=self.manager_a)

        clearance.refresh_from_db()
        self.assertEqual(clearance.status, SoloClearance.Status.CONFIRMED)
        self.assertEqual(clearance.decided_by, self.manager_a)
        self.assertIsNotNone(clearance.decided_at)
        self.assertEqual(clearance.days_to_solo, HIRED_DAYS_AGO)
        profile = StaffProfile.objects.get(user=self.mentee)
        self.assertEqual(profile.status, StaffProfile.Status.SOLO)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.ENDED)

    def test_permission_matrix(self):
        for decide in (
            lambda actor: clearance_confirm(clearance=self.clearance, decided_by=actor),
            lambda actor: clearance_decline(
                clearance=self.clearance, decided_by=actor, reason="Рано"
            ),
        ):
            self.assert_matrix(
                decide,
                allowed=[self.manager_a, self.admin],
                denied=[
                    self.manager_b,
                    self.mentor,
                    self.other_mentor,
                    self.colleague,
                    self.mentee,
                ],
                message=services.ERROR_NOT_MANAGER,
            )

    def test_a_decided_clearance_cannot_be_decided_again(self):
        clearance_confirm(clearance=self.clearance, decided_by=self.manager_a)

        for decide in (
            lambda: clearance_confirm(clearance=self.clearance, decided_by=self.admin),
            lambda: clearance_decline(clearance=self.clearance, decided_by=self.admin, reason="x"),
        ):
            with self.assertRaises(MentoringInvalid) as caught:
                decide()
            self.assertEqual(caught.exception.message, services.ERROR_CLEARANCE_DECIDED)

    def test_readiness_is_checked_again_when_confirming(self):
        signoff_revoke(signoff=self.sign_off, revoked_by=self.mentor, reason="Сорвался")

        with self.assertRaises(NotReadyForSolo) as caught:
            clearance_confirm(clearance=self.clearance, decided_by=self.manager_a)

        self.assertEqual([i.skill for i in caught.exception.missing], [self.skill])
        self.clearance.refresh_from_db()
        self.assertEqual(self.clearance.status, SoloClearance.Status.REQUESTED)
        profile = StaffProfile.objects.get(user=self.mentee)
        self.assertEqual(profile.status, StaffProfile.Status.ONBOARDING)

    def test_declining_needs_a_reason_and_lets_the_mentor_ask_again(self):
        with self.assertRaises(MentoringInvalid) as caught:
            clearance_decline(clearance=self.clearance, decided_by=self.manager_a, reason=" ")
        self.assertEqual(caught.exception.field, "reason")

        declined = clearance_decline(
            clearance=self.clearance, decided_by=self.manager_a, reason="Пусть ещё поработает"
        )

        declined.refresh_from_db()
        self.assertEqual(declined.status, SoloClearance.Status.DECLINED)
        self.assertEqual(declined.decline_reason, "Пусть ещё поработает")
        again = clearance_request(mentee=self.mentee, requested_by=self.mentor)
        self.assertEqual(again.status, SoloClearance.Status.REQUESTED)
        self.pairing.refresh_from_db()
        self.assertEqual(self.pairing.status, Pairing.Status.ACTIVE)


class ReviewFindingsTests(ClearanceWorld):
    """Rules added after the review of the screens: sessions dated before their pairing, the
    same submission twice, an administrator deciding for themselves, two pairings at once."""

    def log(self, **overrides):
        fields = {
            "mentor": self.mentor,
            "mentee": self.mentee,
            "channel": PHONE,
            "situation": "Клиент недоволен счётом",
            "ratings": [(self.skill, INDEPENDENT)],
        }
        fields.update(overrides)
        return session_log(**fields)

    def test_a_session_before_its_pairing_is_refused(self):
        before = self.pairing.started_at - datetime.timedelta(minutes=1)

        with self.assertRaises(MentoringInvalid) as caught:
            self.log(occurred_at=before)

        self.assertEqual(caught.exception.field, "occurred_at")
        self.assertEqual(caught.exception.message, services.ERROR_BEFORE_PAIRING)
        self.assertFalse(SupervisedSession.objects.exists())

    def test_the_same_submission_saves_one_session(self):
        submission = uuid.uuid4()

        first = self.log(submission_id=submission)
        second = self.log(submission_id=submission, situation="Другая ситуация")

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(SupervisedSession.objects.count(), 1)
        self.assertEqual(SkillRating.objects.count(), 1)

    def test_an_administrator_neither_pairs_nor_clears_themselves(self):
        admin_newcomer = staff_user(
            roles=[roles.ADMINISTRATORS],
            username="admin_newcomer",
            team=self.team_a,
            job_role=self.role,
        )
        spare = mentor_create(username="spare_for_admin")

        error = outcome(
            lambda: pairing_create(mentee=admin_newcomer, mentor=spare, paired_by=admin_newcomer)
        )
        self.assertIsInstance(error, MentoringNotAllowed)
        self.assertEqual(error.message, services.ERROR_OWN_DECISION)

        pairing_make(mentee=admin_newcomer, mentor=spare)
        self.make_ready(admin_newcomer)
        clearance = clearance_request(mentee=admin_newcomer, requested_by=spare)
        for decide in (
            lambda: clearance_confirm(clearance=clearance, decided_by=admin_newcomer),
            lambda: clearance_decline(clearance=clearance, decided_by=admin_newcomer, reason="x"),
        ):
            error = outcome(decide)
            self.assertIsInstance(error, MentoringNotAllowed)
            self.assertEqual(error.message, services.ERROR_OWN_DECISION)
        # Another administrator may.
        clearance_confirm(clearance=clearance, decided_by=self.admin)

    def test_a_pairing_saved_in_between_is_a_clear_refusal(self):
        newcomer = staff_user(username="contested", team=self.team_a, job_role=self.role)
        spare = mentor_create(username="spare_race")
        pairing_make(mentee=newcomer, mentor=self.other_mentor)

        # As if the other pairing had been saved after this call looked for one.
        with mock.patch.object(services, "_active_pairing", return_value=None):
            error = outcome(
                lambda: pairing_create(mentee=newcomer, mentor=spare, paired_by=self.manager_a)
            )

        self.assertIsInstance(error, MentoringInvalid)
        self.assertEqual(error.message, services.ERROR_PAIRED_MEANWHILE)
