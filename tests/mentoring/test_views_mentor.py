"""The mentor's screens: who may open each one, what they show, that the session form keeps what
was typed when it is refused and stores exactly what was posted, the sign-off, revocation and
clearance buttons, and that the lists cost the same number of queries with little and much data."""

import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from lms.people import roles
from lms.people.models import StaffProfile
from mentoring.models import Pairing, SignOff, SkillRating, SoloClearance, SupervisedSession
from mentoring.selectors import MISSING_COURSE, MISSING_SKILL, MISSING_SKILL_SIGNOFF_ONLY
from mentoring.services import (
    ERROR_ALREADY_SIGNED_OFF,
    ERROR_BEFORE_PAIRING,
    ERROR_EVIDENCE_SHORT,
    ERROR_NO_RATINGS,
    ERROR_NOT_ACTIVE_MENTOR,
    ERROR_NOT_MENTOR_OR_ADMIN,
    ERROR_OWN_SKILLS,
    ERROR_SESSION_IN_FUTURE,
    clearance_request,
    signoff_create,
    signoff_revoke,
)
from mentoring.views.mentor import (
    ERROR_NOT_A_MENTOR,
    ERROR_NOT_READY_LIST,
    MESSAGE_CLEARANCE_REQUESTED,
    MESSAGE_REVOKED,
    MESSAGE_SESSION_LOGGED,
    MESSAGE_SIGNED_OFF,
)
from tests.courses.factories import course_create, onboarding_plan_create
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
CHAT = SupervisedSession.Channel.CHAT


def _en(text) -> str:
    with translation.override("en"):
        return str(text)


def _between(text: str, start: str, end: str) -> str:
    """The part of ``text`` from ``start`` to the first ``end`` after it; fails when absent."""
    head, found, tail = text.partition(start)
    assert found, f"{start!r} not found"
    return tail.partition(end)[0]


def _client(user=None) -> Client:
    """A client signed in as ``user`` (anonymous without one) that reads the English interface."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class MentorScreensWorld(TestCase):
    """Two teams with a manager each; in team A ``mentee`` paired with ``mentor``, another pair
    (``other_mentor`` and ``other_mentee``) and a colleague; an administrator. The job role has
    a skill required for solo work (``greet``) and an optional one (``upsell``)."""

    @classmethod
    def setUpTestData(cls):
        cls.team_a = TeamFactory(name="Контакт-центр")
        cls.team_b = TeamFactory(name="Офис продаж")
        cls.role = JobRoleFactory(name="Оператор")
        cls.manager_b = staff_user(roles=[roles.MANAGERS], username="manager_b")
        cls.team_b.managers.add(cls.manager_b)
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS], username="admin")
        cls.mentor = mentor_create(username="mentor", first_name="Мария", last_name="Наставник")
        cls.other_mentor = mentor_create(username="other_mentor", team=cls.team_a)
        cls.mentee = staff_user(
            username="newbie",
            first_name="Пётр",
            last_name="Новичков",
            team=cls.team_a,
            job_role=cls.role,
        )
        cls.other_mentee = staff_user(
            username="other_newbie", first_name="Ольга", last_name="Другая", job_role=cls.role
        )
        cls.colleague = staff_user(username="colleague", team=cls.team_a, job_role=cls.role)
        cls.pairing = pairing_make(mentee=cls.mentee, mentor=cls.mentor)
        pairing_make(mentee=cls.other_mentee, mentor=cls.other_mentor)
        cls.greet = PracticeSkillFactory(job_role=cls.role, title="Поприветствовать")
        cls.upsell = PracticeSkillFactory(
            job_role=cls.role, title="Предложить допродажу", required_for_solo=False
        )
        cls.lesson = course_create(lessons=0, title="Как приветствовать клиента")
        cls.greet.teaching_pages.add(cls.lesson)

    @classmethod
    def everyone_else(cls):
        """Signed-in people who are neither the mentee's mentor nor an administrator."""
        return [cls.other_mentor, cls.colleague, cls.mentee, cls.manager_b]

    def assert_login_redirect(self, response, url):
        self.assertRedirects(
            response, f"{reverse('login')}?next={url}", fetch_redirect_response=False
        )

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, escape(_en(message)), status_code=403)

    def assert_kept_out(self, actor, response, message):
        """The newcomer and an administrator are told why (403); anyone else learns nothing,
        not even that the newcomer or the sign-off exists (404)."""
        if actor in (self.mentee, self.admin):
            self.assert_refused(response, message)
        else:
            self.assertEqual(response.status_code, 404)

    def mentee_url(self, mentee=None):
        return reverse("mentoring:mentee", args=[(mentee or self.mentee).pk])

    def sign_off_greet(self):
        evidence_make(self.mentee, self.greet, 2)
        return signoff_create(mentee=self.mentee, skill=self.greet, signed_by=self.mentor)


class MenteeListViewTests(MentorScreensWorld):
    url = reverse("mentoring:mentees")

    def test_anonymous_is_sent_to_log_in(self):
        self.assert_login_redirect(_client().get(self.url), self.url)

    def test_people_without_a_mentor_profile_are_refused_with_the_reason(self):
        for actor in [self.colleague, self.mentee, self.manager_b, self.admin]:
            with self.subTest(actor=actor.username):
                self.assert_refused(_client(actor).get(self.url), ERROR_NOT_A_MENTOR)

    def test_a_mentor_sees_only_their_own_mentees(self):
        response = _client(self.other_mentor).get(self.url)

        self.assertContains(response, "Ольга Другая")
        self.assertNotContains(response, "Пётр Новичков")

    def test_a_mentor_without_mentees_sees_an_empty_state(self):
        response = _client(mentor_create()).get(self.url)

        self.assertContains(response, "You have no mentees right now.")

    def test_a_mentor_who_stopped_taking_mentees_still_sees_the_ones_they_have(self):
        self.mentor.mentor_profile.is_active = False
        self.mentor.mentor_profile.save()

        self.assertContains(_client(self.mentor).get(self.url), "Пётр Новичков")

    def test_each_mentee_shows_role_skills_next_step_and_the_session_button(self):
        evidence_make(self.mentee, self.upsell, 2)
        session_make(mentee=self.mentee, ratings=[(self.greet, WITH_SUPPORT)])

        response = _client(self.mentor).get(self.url)

        self.assertContains(response, "Пётр Новичков")
        self.assertContains(response, "Контакт-центр")
        self.assertContains(response, "Оператор")
        self.assertContains(response, "Next to practise: Поприветствовать (2 more independent")
        self.assertContains(response, "Sign-offs due:")
        self.assertContains(response, "Предложить допродажу")
        self.assertContains(response, "3 sessions not yet acknowledged.")
        self.assertContains(response, "Last session:")
        self.assertContains(response, reverse("mentoring:session_new", args=[self.mentee.pk]))
        self.assertNotContains(response, "Ready for solo work.")

    def test_each_mentee_is_a_summary_with_the_details_folded_away(self):
        evidence_make(self.mentee, self.upsell, 2)
        self.sign_off_greet()

        html = _client(self.mentor).get(self.url).content.decode()

        card = _between(html, f'id="mentee-{self.mentee.pk}-name"', '<li class="card')
        summary = card.split('<details class="mentee-card__details">')[0]
        details = _between(card, '<details class="mentee-card__details">', "</details>")
        # At a glance: signed off of all skills, sign-offs due, the session button.
        self.assertIn("1 of 2 skills signed off", summary)
        self.assertIn("1 sign-off due", summary)
        self.assertIn(reverse("mentoring:session_new", args=[self.mentee.pk]), card)
        self.assertNotIn(reverse("mentoring:session_new", args=[self.mentee.pk]), details)
        # On demand (closed, a native element that needs no script): the matrix and the rest.
        self.assertIn("<summary>Skills and progress", details)
        self.assertIn('class="skill-matrix"', details)
        self.assertIn("Sign-offs due:", details)
        self.assertIn(reverse("reports:person", args=[self.mentee.pk]), details)
        self.assertNotIn('class="skill-matrix"', summary)

    def test_a_ready_mentee_gets_the_clearance_hint(self):
        self.sign_off_greet()

        response = _client(self.mentor).get(self.url)

        self.assertContains(response, "Ready for solo work.")
        self.assertContains(response, "Ask the manager for clearance")
        self.assertContains(response, "✓")

    def test_once_clearance_is_asked_for_the_hint_says_it_waits(self):
        self.sign_off_greet()
        clearance_request(mentee=self.mentee, requested_by=self.mentor)

        response = _client(self.mentor).get(self.url)

        self.assertContains(response, "Clearance asked for: waiting for the manager.")
        self.assertNotContains(response, "Ask the manager for clearance")


class MenteeDetailViewTests(MentorScreensWorld):
    def test_anonymous_is_sent_to_log_in(self):
        url = self.mentee_url()
        self.assert_login_redirect(_client().get(url), url)

    def test_anyone_but_the_active_mentor_or_an_administrator_gets_404(self):
        for actor in self.everyone_else():
            with self.subTest(actor=actor.username):
                self.assertEqual(_client(actor).get(self.mentee_url()).status_code, 404)

    def test_an_unknown_person_is_404_too(self):
        url = reverse("mentoring:mentee", args=[999999])
        self.assertEqual(_client(self.mentor).get(url).status_code, 404)

    def test_the_former_mentor_of_an_ended_pairing_gets_404(self):
        Pairing.objects.filter(pk=self.pairing.pk).update(status=Pairing.Status.ENDED)

        self.assertEqual(_client(self.mentor).get(self.mentee_url()).status_code, 404)

    def test_the_mentor_and_an_administrator_see_the_page(self):
        for actor in [self.mentor, self.admin]:
            with self.subTest(actor=actor.username):
                response = _client(actor).get(self.mentee_url())
                self.assertContains(response, "Пётр Новичков")

    def test_the_page_shows_the_newcomer_s_team_job_role_and_status(self):
        response = _client(self.mentor).get(self.mentee_url())

        self.assertContains(response, "<dd>Контакт-центр</dd>", html=True)
        self.assertContains(response, "<dd>Оператор</dd>", html=True)
        self.assertContains(
            response, f"<dd>{_en(StaffProfile.Status.ONBOARDING.label)}</dd>", html=True
        )

    def test_a_newcomer_working_solo_is_said_so_and_offered_no_clearance(self):
        self.sign_off_greet()
        StaffProfile.objects.filter(user=self.mentee).update(status=StaffProfile.Status.SOLO)

        response = _client(self.admin).get(self.mentee_url())

        self.assertContains(response, "Works solo")
        self.assertNotContains(
            response, reverse("mentoring:clearance_request", args=[self.mentee.pk])
        )

    def test_only_the_mentor_gets_the_session_button(self):
        session_url = reverse("mentoring:session_new", args=[self.mentee.pk])
        self.assertContains(_client(self.mentor).get(self.mentee_url()), session_url)
        self.assertNotContains(_client(self.admin).get(self.mentee_url()), session_url)

    def test_a_skill_with_enough_evidence_gets_a_sign_off_button(self):
        evidence_make(self.mentee, self.greet, 2)
        action = reverse("mentoring:signoff_create", args=[self.mentee.pk, self.greet.pk])

        for actor in [self.mentor, self.admin]:
            with self.subTest(actor=actor.username):
                self.assertContains(_client(actor).get(self.mentee_url()), action)
        upsell_action = reverse("mentoring:signoff_create", args=[self.mentee.pk, self.upsell.pk])
        self.assertNotContains(_client(self.mentor).get(self.mentee_url()), upsell_action)

    def test_sign_offs_show_with_revoke_link_and_the_history_with_reasons(self):
        sign_off = self.sign_off_greet()
        signoff_revoke(signoff=sign_off, revoked_by=self.admin, reason="Грубил клиенту")
        after = timezone.now() + datetime.timedelta(seconds=1)
        evidence_make(self.mentee, self.greet, 2, occurred_at=after)
        live = signoff_create(mentee=self.mentee, skill=self.greet, signed_by=self.mentor)

        response = _client(self.mentor).get(self.mentee_url())

        self.assertContains(response, reverse("mentoring:signoff_revoke", args=[live.pk]))
        self.assertNotContains(response, reverse("mentoring:signoff_revoke", args=[sign_off.pk]))
        self.assertContains(response, "Грубил клиенту")
        self.assertContains(response, "Revoked by admin on")
        self.assertContains(response, "on the evidence of 2 sessions")

    def test_sessions_show_latest_first_with_their_feedback(self):
        session_make(
            mentee=self.mentee,
            ratings=[(self.greet, NEEDED_HELP)],
            situation="Старый звонок",
            occurred_at=timezone.now() - datetime.timedelta(days=3),
        )
        session_make(
            mentee=self.mentee,
            ratings=[(self.greet, INDEPENDENT)],
            situation="Новый звонок",
            strengths="Спокойный тон",
        )

        content = _client(self.mentor).get(self.mentee_url()).content.decode()

        self.assertLess(content.index("Новый звонок"), content.index("Старый звонок"))
        self.assertIn("Спокойный тон", content)

    def test_not_ready_lists_exactly_what_is_missing_and_offers_no_clearance(self):
        course = course_create(lessons=1, title="Стандарты обслуживания")
        onboarding_plan_create(self.role, [(course, 7)])
        evidence_make(self.mentee, self.greet, 1)

        response = _client(self.mentor).get(self.mentee_url())

        self.assertContains(
            response, _en(MISSING_SKILL % {"skill": "Поприветствовать", "needed": 1})
        )
        self.assertContains(response, _en(MISSING_COURSE % {"course": "Стандарты обслуживания"}))
        self.assertNotContains(
            response, reverse("mentoring:clearance_request", args=[self.mentee.pk])
        )

    def test_a_ready_mentee_gets_the_clearance_button_until_one_is_asked_for(self):
        self.sign_off_greet()
        action = reverse("mentoring:clearance_request", args=[self.mentee.pk])

        self.assertContains(_client(self.mentor).get(self.mentee_url()), action)

        SoloClearance.objects.create(mentee=self.mentee, requested_by=self.mentor)
        response = _client(self.mentor).get(self.mentee_url())
        self.assertNotContains(response, action)
        self.assertContains(response, "waiting for the manager")


class SessionLogViewTests(MentorScreensWorld):
    def url(self, mentee=None):
        return reverse("mentoring:session_new", args=[(mentee or self.mentee).pk])

    def form_data(self, **changes):
        data = {
            "channel": CHAT,
            "situation": "Клиент хочет сменить тариф",
            f"rating_{self.greet.pk}": INDEPENDENT,
            f"rating_{self.upsell.pk}": "",
            "strengths": "Хорошо выяснил потребность",
            "to_improve": "Меньше слов-паразитов",
            "stepped_in_note": "",
            "occurred_at": "",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    def test_anonymous_is_sent_to_log_in(self):
        self.assert_login_redirect(_client().get(self.url()), self.url())
        self.assert_login_redirect(_client().post(self.url(), self.form_data()), self.url())

    def test_anyone_but_the_active_mentor_is_refused_administrators_included(self):
        for actor in [*self.everyone_else(), self.admin]:
            with self.subTest(actor=actor.username):
                client = _client(actor)
                self.assert_kept_out(actor, client.get(self.url()), ERROR_NOT_ACTIVE_MENTOR)
                self.assert_kept_out(
                    actor, client.post(self.url(), self.form_data()), ERROR_NOT_ACTIVE_MENTOR
                )
        self.assertFalse(SupervisedSession.objects.exists())

    def test_the_form_offers_the_channels_every_skill_and_its_teaching_pages(self):
        response = _client(self.mentor).get(self.url())

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="phone" id="id_channel_0" required checked')
        for skill in (self.greet, self.upsell):
            for rating in SkillRating.Rating.values:
                self.assertContains(response, f'name="rating_{skill.pk}" value="{rating}"')
        self.assertContains(response, "Как приветствовать клиента")
        self.assertContains(response, 'type="datetime-local"')

    def test_a_session_is_stored_with_the_ratings_exactly_as_posted(self):
        data = self.form_data(
            **{f"rating_{self.upsell.pk}": NEEDED_HELP},
            mentor_stepped_in="on",
            stepped_in_note="Подсказал про скидку",
            suggested_lessons=[self.lesson.pk],
        )

        response = _client(self.mentor).post(self.url(), data)

        self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
        session = SupervisedSession.objects.get()
        self.assertEqual(
            (session.pairing, session.mentor, session.mentee, session.channel),
            (self.pairing, self.mentor, self.mentee, CHAT),
        )
        self.assertEqual(session.situation, "Клиент хочет сменить тариф")
        self.assertEqual(
            sorted(session.ratings.values_list("skill_id", "rating")),
            sorted([(self.greet.pk, INDEPENDENT), (self.upsell.pk, NEEDED_HELP)]),
        )
        self.assertTrue(session.mentor_stepped_in)
        self.assertEqual(session.stepped_in_note, "Подсказал про скидку")
        self.assertEqual(session.strengths, "Хорошо выяснил потребность")
        self.assertEqual(session.to_improve, "Меньше слов-паразитов")
        self.assertEqual([p.pk for p in session.suggested_lessons.all()], [self.lesson.pk])
        self.assertLess(timezone.now() - session.occurred_at, datetime.timedelta(minutes=1))
        self.assertEqual(
            _messages(response), [_en(MESSAGE_SESSION_LOGGED) % {"name": "Пётр Новичков"}]
        )

    def test_the_ratings_come_first_and_the_rest_is_folded_away(self):
        html = _client(self.mentor).get(self.url()).content.decode()

        form = _between(html, 'class="session-form"', "</form>")
        ratings = form.index(f'name="rating_{self.greet.pk}"')
        self.assertLess(ratings, form.index('name="situation"'))
        self.assertLess(form.index('name="situation"'), form.index("<details"))
        sections = form.split("<details")[1:]
        self.assertEqual(len(sections), 3)
        for section in sections:
            self.assertFalse(section.startswith(' class="form-section" open'), section[:80])
        for name in ("strengths", "to_improve", "stepped_in_note", "channel", "occurred_at"):
            self.assertIn(f'name="{name}"', "".join(sections))

    def test_a_refused_form_opens_the_sections_that_hold_what_was_typed(self):
        data = self.form_data(**{f"rating_{self.greet.pk}": ""}, channel=PHONE)

        html = _client(self.mentor).post(self.url(), data).content.decode()

        feedback, lessons, channel = _between(html, 'class="session-form"', "</form>").split(
            "<details"
        )[1:]
        self.assertTrue(feedback.startswith(' class="form-section" open'))
        self.assertIn("Хорошо выяснил потребность", feedback)
        self.assertFalse(lessons.startswith(' class="form-section" open'))
        self.assertFalse(channel.startswith(' class="form-section" open'))

    def test_a_note_on_stepping_in_with_the_box_unticked_is_kept_and_the_box_ticked(self):
        data = self.form_data(stepped_in_note="Забрал звонок на себя")

        response = _client(self.mentor).post(self.url(), data)

        self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
        session = SupervisedSession.objects.get()
        self.assertTrue(session.mentor_stepped_in)
        self.assertEqual(session.stepped_in_note, "Забрал звонок на себя")

    def test_a_skill_left_unrated_is_not_practised(self):
        _client(self.mentor).post(self.url(), self.form_data())

        session = SupervisedSession.objects.get()
        self.assertEqual(
            list(session.ratings.values_list("skill_id", "rating")), [(self.greet.pk, INDEPENDENT)]
        )

    def test_a_past_time_is_kept(self):
        day = timezone.localdate() - datetime.timedelta(days=3)
        _client(self.mentor).post(
            self.url(), self.form_data(occurred_at=f"{day.isoformat()}T14:30")
        )

        occurred = timezone.localtime(SupervisedSession.objects.get().occurred_at)
        self.assertEqual((occurred.date(), occurred.hour, occurred.minute), (day, 14, 30))

    def test_a_time_before_the_pairing_is_refused_on_its_field(self):
        for typed in ("2001-03-05T14:30", "0001-01-01T00:10"):
            with self.subTest(typed=typed):
                response = _client(self.mentor).post(self.url(), self.form_data(occurred_at=typed))

                self.assertContains(response, _en(ERROR_BEFORE_PAIRING), status_code=400)
                self.assertContains(response, typed, status_code=400)
        self.assertFalse(SupervisedSession.objects.exists())

    def test_sending_the_same_form_twice_saves_one_session(self):
        response = _client(self.mentor).get(self.url())
        submission = response.context["form"]["submission_id"].value()
        data = self.form_data(submission_id=str(submission))

        for _ in range(2):
            response = _client(self.mentor).post(self.url(), data)
            self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)

        self.assertEqual(SupervisedSession.objects.count(), 1)
        self.assertEqual(str(SupervisedSession.objects.get().submission_id), str(submission))

    def test_a_page_id_no_database_holds_is_an_invalid_choice(self):
        response = _client(self.mentor).post(
            self.url(), self.form_data(suggested_lessons=["9" * 30])
        )

        self.assertEqual(response.status_code, 400)
        self.assertIn("suggested_lessons", response.context["form"].errors)
        self.assertFalse(SupervisedSession.objects.exists())

    def test_without_ratings_the_service_refuses_and_everything_typed_stays(self):
        data = self.form_data(
            **{f"rating_{self.greet.pk}": ""},
            mentor_stepped_in="on",
            stepped_in_note="Взяла трубку",
            suggested_lessons=[self.lesson.pk],
            occurred_at="2024-03-05T14:30",
        )

        response = _client(self.mentor).post(self.url(), data)

        self.assertContains(response, _en(ERROR_NO_RATINGS), status_code=400)
        self.assertFalse(SupervisedSession.objects.exists())
        for typed in (
            "Клиент хочет сменить тариф",
            "Хорошо выяснил потребность",
            "Меньше слов-паразитов",
            "Взяла трубку",
            'value="2024-03-05T14:30"',
            'value="chat" id="id_channel_1" required checked',
            'name="mentor_stepped_in" id="id_mentor_stepped_in" checked',
            f'value="{self.lesson.pk}" id="id_suggested_lessons_0" checked',
        ):
            self.assertContains(response, typed, status_code=400)

    def test_a_time_in_the_future_is_refused_on_its_field_keeping_the_ratings(self):
        future = timezone.localtime() + datetime.timedelta(days=1)

        response = _client(self.mentor).post(
            self.url(), self.form_data(occurred_at=future.strftime("%Y-%m-%dT%H:%M"))
        )

        self.assertContains(response, _en(ERROR_SESSION_IN_FUTURE), status_code=400)
        self.assertContains(
            response,
            f'value="{INDEPENDENT}" id="id_rating_{self.greet.pk}_3" checked',
            status_code=400,
        )
        self.assertFalse(SupervisedSession.objects.exists())

    def test_an_empty_situation_is_refused_by_the_form(self):
        response = _client(self.mentor).post(self.url(), self.form_data(situation="  "))

        self.assertEqual(response.status_code, 400)
        self.assertFalse(SupervisedSession.objects.exists())

    def test_an_unknown_person_is_404(self):
        url = reverse("mentoring:session_new", args=[999999])
        self.assertEqual(_client(self.mentor).get(url).status_code, 404)


class SignoffCreateViewTests(MentorScreensWorld):
    def url(self, skill=None):
        return reverse("mentoring:signoff_create", args=[self.mentee.pk, (skill or self.greet).pk])

    def test_anonymous_is_sent_to_log_in(self):
        self.assert_login_redirect(_client().post(self.url()), self.url())

    def test_only_post(self):
        self.assertEqual(_client(self.mentor).get(self.url()).status_code, 405)

    def test_anyone_but_the_mentor_or_an_administrator_is_refused(self):
        evidence_make(self.mentee, self.greet, 2)
        for actor in self.everyone_else():
            with self.subTest(actor=actor.username):
                message = ERROR_OWN_SKILLS if actor == self.mentee else ERROR_NOT_MENTOR_OR_ADMIN
                self.assert_kept_out(actor, _client(actor).post(self.url()), message)
        self.assertFalse(SignOff.objects.exists())

    def test_the_mentor_and_an_administrator_sign_off(self):
        evidence_make(self.mentee, self.greet, 2)
        evidence_make(self.mentee, self.upsell, 2)
        for actor, skill in [(self.mentor, self.greet), (self.admin, self.upsell)]:
            with self.subTest(actor=actor.username):
                response = _client(actor).post(self.url(skill))
                self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
                self.assertEqual(
                    _messages(response), [_en(MESSAGE_SIGNED_OFF) % {"skill": skill.title}]
                )
                sign_off = SignOff.objects.get(skill=skill)
                self.assertEqual((sign_off.signed_by, sign_off.evidence.count()), (actor, 2))

    def test_short_evidence_is_refused_with_a_message_and_nothing_saved(self):
        evidence_make(self.mentee, self.greet, 1)

        response = _client(self.mentor).post(self.url())

        self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
        expected = ERROR_EVIDENCE_SHORT % {"skill": "Поприветствовать", "needed": 1}
        self.assertEqual(_messages(response), [_en(expected)])
        self.assertFalse(SignOff.objects.exists())

    def test_signing_off_twice_never_makes_a_second_live_sign_off(self):
        evidence_make(self.mentee, self.greet, 2)
        client = _client(self.mentor)
        client.post(self.url(), follow=True)

        response = client.post(self.url())

        self.assertEqual(_messages(response), [_en(ERROR_ALREADY_SIGNED_OFF)])
        self.assertEqual(SignOff.objects.filter(revoked_at__isnull=True).count(), 1)

    def test_an_unknown_skill_is_404(self):
        url = reverse("mentoring:signoff_create", args=[self.mentee.pk, 999999])
        self.assertEqual(_client(self.mentor).post(url).status_code, 404)


class SignoffRevokeViewTests(MentorScreensWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        evidence_make(cls.mentee, cls.greet, 2)
        cls.sign_off = signoff_create(mentee=cls.mentee, skill=cls.greet, signed_by=cls.mentor)
        cls.url = reverse("mentoring:signoff_revoke", args=[cls.sign_off.pk])

    def test_anonymous_is_sent_to_log_in(self):
        self.assert_login_redirect(_client().get(self.url), self.url)
        self.assert_login_redirect(_client().post(self.url, {"reason": "x"}), self.url)

    def test_anyone_but_the_mentor_or_an_administrator_is_refused(self):
        for actor in self.everyone_else():
            with self.subTest(actor=actor.username):
                message = ERROR_OWN_SKILLS if actor == self.mentee else ERROR_NOT_MENTOR_OR_ADMIN
                client = _client(actor)
                self.assert_kept_out(actor, client.get(self.url), message)
                self.assert_kept_out(
                    actor, client.post(self.url, {"reason": "Просто так"}), message
                )
        self.sign_off.refresh_from_db()
        self.assertTrue(self.sign_off.is_live)

    def test_an_unknown_sign_off_is_404(self):
        url = reverse("mentoring:signoff_revoke", args=[999999])
        self.assertEqual(_client(self.mentor).get(url).status_code, 404)

    def test_the_mentor_and_an_administrator_see_the_sign_off_and_the_form(self):
        for actor in [self.mentor, self.admin]:
            with self.subTest(actor=actor.username):
                response = _client(actor).get(self.url)
                self.assertContains(response, "Поприветствовать")
                self.assertContains(response, 'name="reason"')
                self.assertContains(response, "2 sessions")

    def test_a_reason_is_required_and_nothing_changes_without_one(self):
        response = _client(self.mentor).post(self.url, {"reason": "   "})

        self.assertContains(response, 'name="reason"', status_code=400)
        self.assertContains(response, "field__error", status_code=400)
        self.sign_off.refresh_from_db()
        self.assertTrue(self.sign_off.is_live)

    def test_revoking_records_who_and_why_and_goes_back_to_the_mentee(self):
        response = _client(self.admin).post(self.url, {"reason": "Жалоба клиента"})

        self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
        self.assertEqual(
            _messages(response), [_en(MESSAGE_REVOKED) % {"skill": "Поприветствовать"}]
        )
        self.sign_off.refresh_from_db()
        self.assertEqual(
            (self.sign_off.is_live, self.sign_off.revoked_by, self.sign_off.revoke_reason),
            (False, self.admin, "Жалоба клиента"),
        )

    def test_revoking_twice_is_refused_on_the_form(self):
        client = _client(self.mentor)
        client.post(self.url, {"reason": "Первый раз"})

        response = client.post(self.url, {"reason": "Второй раз"})

        self.assertContains(response, "This sign-off has already been revoked.", status_code=400)
        self.sign_off.refresh_from_db()
        self.assertEqual(self.sign_off.revoke_reason, "Первый раз")


class ClearanceRequestViewTests(MentorScreensWorld):
    def url(self):
        return reverse("mentoring:clearance_request", args=[self.mentee.pk])

    def test_anonymous_is_sent_to_log_in(self):
        self.assert_login_redirect(_client().post(self.url()), self.url())

    def test_only_post(self):
        self.assertEqual(_client(self.mentor).get(self.url()).status_code, 405)

    def test_anyone_but_the_mentor_or_an_administrator_is_refused(self):
        self.sign_off_greet()
        for actor in self.everyone_else():
            with self.subTest(actor=actor.username):
                message = ERROR_OWN_SKILLS if actor == self.mentee else ERROR_NOT_MENTOR_OR_ADMIN
                self.assert_kept_out(actor, _client(actor).post(self.url()), message)
        self.assertFalse(SoloClearance.objects.exists())

    def test_the_mentor_and_an_administrator_ask_for_clearance(self):
        self.sign_off_greet()
        for actor in [self.mentor, self.admin]:
            with self.subTest(actor=actor.username):
                SoloClearance.objects.all().delete()
                response = _client(actor).post(self.url())
                self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
                self.assertEqual(
                    _messages(response),
                    [_en(MESSAGE_CLEARANCE_REQUESTED) % {"name": "Пётр Новичков"}],
                )
                clearance = SoloClearance.objects.get()
                self.assertEqual(
                    (clearance.requested_by, clearance.status),
                    (actor, SoloClearance.Status.REQUESTED),
                )

    def test_not_ready_lists_exactly_what_is_missing(self):
        course = course_create(lessons=1, title="Стандарты обслуживания")
        onboarding_plan_create(self.role, [(course, 7)])
        evidence_make(self.mentee, self.greet, 2)

        response = _client(self.mentor).post(self.url())

        self.assertRedirects(response, self.mentee_url(), fetch_redirect_response=False)
        with translation.override("en"):
            missing = " ".join(
                [
                    str(MISSING_SKILL_SIGNOFF_ONLY % {"skill": "Поприветствовать"}),
                    str(MISSING_COURSE % {"course": "Стандарты обслуживания"}),
                ]
            )
            expected = ERROR_NOT_READY_LIST % {"missing": missing}
        self.assertEqual(_messages(response), [expected])
        self.assertFalse(SoloClearance.objects.exists())

    def test_asking_twice_is_refused_with_a_message(self):
        self.sign_off_greet()
        client = _client(self.mentor)
        client.post(self.url(), follow=True)

        response = client.post(self.url())

        self.assertEqual(
            _messages(response), ["A clearance for this newcomer is already waiting or confirmed."]
        )
        self.assertEqual(SoloClearance.objects.count(), 1)


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm up: site root paths and the like are cached after the first page
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


class MenteeListQueryCountTests(TestCase):
    """The list costs the same with 2 and with 40 mentees, each with sessions and sign-offs."""

    # The session and the user; the mentor's pairings (with their last session and the count
    # not acknowledged), the skills, the sign-offs, the evidence, the onboarding courses required
    # for solo work and those completed; the page's menu (its links, the user's permissions).
    QUERIES = 11

    @classmethod
    def setUpTestData(cls):
        role = JobRoleFactory()
        team = TeamFactory()
        onboarding_plan_create(role, [(course_create(lessons=1), 7)])
        skills = [PracticeSkillFactory(job_role=role) for _ in range(3)]
        cls.few = mentor_create(capacity=20)
        cls.many = mentor_create(capacity=20)
        for mentor, count in [(cls.few, 2), (cls.many, 40)]:
            for _ in range(count):
                mentee = staff_user(job_role=role, team=team)
                pairing_make(mentee=mentee, mentor=mentor)
                evidence_make(mentee, skills[0], 2)
                session_make(mentee=mentee, ratings=[(skills[1], WITH_SUPPORT)])
                SignOff.objects.create(mentee=mentee, skill=skills[0], signed_by=mentor)

    def test_the_same_queries_for_2_and_40_mentees(self):
        url = reverse("mentoring:mentees")
        self.assertEqual(_count_queries(_client(self.few), url), self.QUERIES)
        self.assertEqual(_count_queries(_client(self.many), url), self.QUERIES)


class MenteeDetailQueryCountTests(TestCase):
    """One mentee's page costs the same with few and with many sessions and sign-offs."""

    # The session and the user; the mentee and their active pairing (may I see this?); the
    # practice (profile, skills, sign-offs, evidence, required courses and those completed,
    # sessions with their ratings and suggested pages, the sign-off history with its evidence,
    # the mentor, the latest clearance); the menu (links, permissions); the site, for the pages'
    # links.
    QUERIES = 21

    @classmethod
    def setUpTestData(cls):
        role = JobRoleFactory()
        onboarding_plan_create(role, [(course_create(lessons=1), 7)])
        skills = [PracticeSkillFactory(job_role=role) for _ in range(3)]
        lessons = [course_create(lessons=0) for _ in range(2)]
        cls.mentor = mentor_create(capacity=5)
        cls.few, cls.many = staff_user(job_role=role), staff_user(job_role=role)
        for mentee, count in [(cls.few, 1), (cls.many, 25)]:
            pairing_make(mentee=mentee, mentor=cls.mentor)
            for n in range(count):
                session = session_make(
                    mentee=mentee,
                    ratings=[(skills[0], INDEPENDENT), (skills[1], WITH_SUPPORT)],
                    acknowledged=n % 2 == 0,
                    mentee_reflection="Понял",
                    strengths="Хорошо",
                    to_improve="Быстрее",
                )
                session.suggested_lessons.set(lessons)
            for _ in range(count):
                sign_off = SignOff.objects.create(
                    mentee=mentee, skill=skills[2], signed_by=cls.mentor
                )
                sign_off.evidence.add(session)
                signoff_revoke(signoff=sign_off, revoked_by=cls.mentor, reason="Снова ошибки")

    def test_the_same_queries_for_few_and_many_sessions(self):
        client = _client(self.mentor)
        few = _count_queries(client, reverse("mentoring:mentee", args=[self.few.pk]))
        many = _count_queries(client, reverse("mentoring:mentee", args=[self.many.pk]))
        self.assertEqual((few, many), (self.QUERIES, self.QUERIES))
