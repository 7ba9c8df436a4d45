"""Factories for mentoring.

- ``mentor_create(capacity=2, teams=(), job_roles=(), **profile)``: a staff member in the Mentors
  role with an active mentor profile; returns the user.
- ``PracticeSkillFactory(job_role=...)``: a skill required for solo work, two sessions per
  sign-off.
- ``pairing_make(mentee=..., mentor=...)``: an active pairing written directly (no capacity or
  permission rules), for building data; the rules are ``mentoring.services.pairing_create``'s.
- ``session_make(mentee=..., mentor=..., ratings=[(skill, rating)], ...)``: a supervised
  session of the newcomer's active pairing, written directly.
- ``evidence_make(mentee, skill, n)``: ``n`` sessions rating ``skill`` independent, no stepping in.
"""

import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from lms.people import roles
from mentoring.models import (
    MentorProfile,
    Pairing,
    PracticeSkill,
    SkillRating,
    SupervisedSession,
)
from tests.factories import staff_user

INDEPENDENT = SkillRating.Rating.INDEPENDENT
WITH_SUPPORT = SkillRating.Rating.WITH_SUPPORT
NEEDED_HELP = SkillRating.Rating.NEEDED_HELP


def mentor_create(*, capacity=2, teams=(), job_roles=(), is_active=True, roles_=(), **profile):
    user = staff_user(roles=[roles.MENTORS, *roles_], **profile)
    mentor_profile = MentorProfile.objects.create(user=user, capacity=capacity, is_active=is_active)
    mentor_profile.teams.set(teams)
    mentor_profile.job_roles.set(job_roles)
    return user


class PracticeSkillFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Навык {n}")
    required_for_solo = True
    sessions_required = 2
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = PracticeSkill


def pairing_make(*, mentee, mentor, **fields) -> Pairing:
    # Paired a month ago unless told otherwise, so sessions dated in the past fall inside it.
    fields.setdefault("started_at", timezone.now() - datetime.timedelta(days=30))
    return Pairing.objects.create(mentee=mentee, mentor=mentor, **fields)


def session_make(
    *,
    mentee,
    mentor=None,
    ratings=(),
    stepped_in=False,
    occurred_at=None,
    acknowledged=False,
    **fields,
) -> SupervisedSession:
    pairing = Pairing.objects.filter(mentee=mentee, status=Pairing.Status.ACTIVE).first()
    if pairing is None:
        pairing = Pairing.objects.filter(mentee=mentee).first()
    session = SupervisedSession.objects.create(
        pairing=pairing,
        mentee=mentee,
        mentor=mentor or pairing.mentor,
        occurred_at=occurred_at or timezone.now() - datetime.timedelta(hours=1),
        channel=fields.pop("channel", SupervisedSession.Channel.PHONE),
        situation=fields.pop("situation", "Клиент спрашивает про тариф"),
        mentor_stepped_in=stepped_in,
        acknowledged_at=timezone.now() if acknowledged else None,
        **fields,
    )
    SkillRating.objects.bulk_create(
        SkillRating(session=session, skill=skill, rating=rating) for skill, rating in ratings
    )
    return session


def evidence_make(mentee, skill, n, **kwargs) -> list[SupervisedSession]:
    return [session_make(mentee=mentee, ratings=[(skill, INDEPENDENT)], **kwargs) for _ in range(n)]
