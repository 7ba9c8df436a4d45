"""Request bodies, the same for every endpoint (``lms.api.bodies``): text with a NUL character
is refused with 422, and an action whose body is optional takes no body, an empty one or ``{}``.
"""

from django.test import TestCase

from courses.models import LessonProgress
from lms.api.bodies import ERROR_NUL
from mentoring.models import SignOff, SupervisedSession
from mentoring.services import signoff_create
from quizzes.models import Attempt, AttemptQuestion
from tests.api.helpers import API, bearer, token_for
from tests.api.test_mentoring import MentoringData
from tests.courses.factories import course_create, course_lessons
from tests.factories import staff_user
from tests.mentoring.factories import INDEPENDENT, evidence_make, session_make
from tests.quizzes.factories import quiz_create, short_text_create, true_false_create

M = f"{API}/mentoring"
NUL = "\x00"


class NulCharacterTests(MentoringData, TestCase):
    """Each endpoint named in the report, on every database: 422 with the field's location, and
    nothing saved (PostgreSQL cannot store NUL in text or jsonb; SQLite would keep it)."""

    def assert_nul_refused(self, response, loc):
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(
            response.json(),
            {"detail": [{"type": "nul_character", "loc": loc, "msg": str(ERROR_NUL)}]},
        )

    def session_payload(self, **changes):
        return {
            "mentee_id": self.mentee.pk,
            "channel": "phone",
            "situation": "Клиент недоволен сроками доставки",
            "ratings": [{"skill_id": self.skill.pk, "rating": "independent"}],
            **changes,
        }

    def test_session_text(self):
        for field in ("situation", "strengths", "to_improve", "stepped_in_note"):
            with self.subTest(field=field):
                body = self.session_payload(**{field: f"Клиент{NUL}недоволен"})
                self.assert_nul_refused(
                    self.post(self.mentor, f"{M}/sessions", body), ["body", field]
                )
        self.assertFalse(SupervisedSession.objects.exists())

    def test_nested_values_and_keys(self):
        rating = {"skill_id": self.skill.pk, "rating": "independent", f"note{NUL}": "x"}
        body = self.session_payload(ratings=[rating])
        self.assert_nul_refused(
            self.post(self.mentor, f"{M}/sessions", body), ["body", "ratings", 0, f"note{NUL}"]
        )
        self.assertFalse(SupervisedSession.objects.exists())

    def test_signoff_revoke_reason(self):
        evidence_make(self.mentee, self.skill, 2)
        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        url = f"{M}/signoffs/{sign_off.pk}/revoke"
        response = self.post(self.mentor, url, {"reason": f"Снова{NUL}путает"})
        self.assert_nul_refused(response, ["body", "reason"])
        self.assertTrue(SignOff.objects.get().is_live)

    def test_acknowledgement_reflection(self):
        session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        url = f"{M}/sessions/{session.pk}/acknowledge"
        response = self.post(self.mentee, url, {"reflection": f"Понял{NUL}"})
        self.assert_nul_refused(response, ["body", "reflection"])
        session.refresh_from_db()
        self.assertIsNone(session.acknowledged_at)
        self.assertEqual(session.mentee_reflection, "")

    def test_short_text_answer(self):
        learner = staff_user()
        quiz = quiz_create(questions=[short_text_create()])
        client = self.client_class()
        headers = bearer(token_for(learner))
        attempt_id = client.post(f"{API}/quizzes/{quiz.pk}/attempts", headers=headers).json()["id"]
        row = AttemptQuestion.objects.get(attempt_id=attempt_id)
        response = client.put(
            f"{API}/attempts/{attempt_id}/answers/{row.question_id}",
            {"text": f"тариф{NUL}"},
            content_type="application/json",
            headers=headers,
        )
        self.assert_nul_refused(response, ["body", "text"])
        row.refresh_from_db()
        self.assertIsNone(row.response)

    def test_an_escaped_backslash_before_u0000_is_ordinary_text(self):
        session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
        self.client.force_login(self.mentee)
        response = self.client.post(
            f"{M}/sessions/{session.pk}/acknowledge",
            '{"reflection": "C:\\\\u0000"}',
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["mentee_reflection"], "C:\\u0000")


class OptionalBodyTests(MentoringData, TestCase):
    """Every POST endpoint whose body has no required field, in the three ways a client sends
    "nothing": no body at all (no Content-Type either), an empty JSON body, and ``{}``."""

    FORMS = {
        "no body": {},
        "empty JSON body": {"headers": {"Content-Type": "application/json", "Content-Length": "0"}},
        "{}": {"data": "{}", "content_type": "application/json"},
    }

    def send(self, user, url, form):
        self.client.force_login(user)
        return self.client.generic("POST", url, **self.FORMS[form])

    def test_acknowledging_a_session(self):
        for form in self.FORMS:
            with self.subTest(form=form):
                session = session_make(mentee=self.mentee, ratings=[(self.skill, INDEPENDENT)])
                response = self.send(self.mentee, f"{M}/sessions/{session.pk}/acknowledge", form)
                self.assertEqual(response.status_code, 200, response.content)
                session.refresh_from_db()
                self.assertIsNotNone(session.acknowledged_at)

    def test_starting_and_submitting_an_attempt(self):
        quiz = quiz_create(questions=[true_false_create()])
        for form in self.FORMS:
            with self.subTest(form=form):
                start = self.send(self.mentee, f"{API}/quizzes/{quiz.pk}/attempts", form)
                self.assertEqual(start.status_code, 201, start.content)
                attempt_id = start.json()["id"]
                submit = self.send(self.mentee, f"{API}/attempts/{attempt_id}/submit", form)
                self.assertEqual(submit.status_code, 200, submit.content)
                self.assertTrue(Attempt.objects.get(pk=attempt_id).is_submitted)

    def test_completing_a_lesson(self):
        for form in self.FORMS:
            with self.subTest(form=form):
                lesson = course_lessons(course_create(lessons=1))[0]
                response = self.send(self.mentee, f"{API}/lessons/{lesson.pk}/complete", form)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertTrue(
                    LessonProgress.objects.filter(
                        user=self.mentee, lesson=lesson, completed_at__isnull=False
                    ).exists()
                )

    def test_a_required_field_is_still_required(self):
        evidence_make(self.mentee, self.skill, 2)
        sign_off = signoff_create(mentee=self.mentee, skill=self.skill, signed_by=self.mentor)
        for form in self.FORMS:
            with self.subTest(form=form):
                response = self.send(self.mentor, f"{M}/signoffs/{sign_off.pk}/revoke", form)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["detail"][0]["loc"], ["body", "payload", "reason"])
        self.assertTrue(SignOff.objects.get().is_live)
