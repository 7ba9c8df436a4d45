"""``manage.py review_cards_backfill``: cards from attempts submitted before review cards
existed, counted once however often it runs."""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from quizzes.models import ReviewCard, ReviewLog
from tests.factories import staff_user
from tests.glossary.factories import GlossaryTermFactory
from tests.quizzes.review_factories import cards_create


def backfill(*usernames) -> str:
    out = StringIO()
    call_command("review_cards_backfill", *usernames, stdout=out)
    return out.getvalue()


class ReviewCardsBackfillCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        week_ago = timezone.now() - datetime.timedelta(days=7)
        cls.anna = staff_user(username="anna")
        cls.boris = staff_user(username="boris")
        cls.nobody = staff_user(username="nobody")
        term = GlossaryTermFactory(term_ru="Тариф")
        cards_create(cls.anna, 3, at=week_ago, glossary_term=term)
        cards_create(cls.boris, 2, at=week_ago)
        # As before the daily review existed: the attempts, and no cards (nor their reviews).
        ReviewCard.objects.all().delete()

    def memory(self):
        return list(ReviewCard.objects.order_by("pk").values_list("pk", "reps", "due", "stability"))

    def test_makes_the_cards_once(self):
        self.assertFalse(ReviewLog.objects.exists())

        output = backfill()

        self.assertIn("anna: 3 answers counted", output)
        self.assertIn("boris: 2 answers counted", output)
        # Anna's three questions and the term they test; Boris's two questions.
        self.assertIn("5 answers counted for 2 of 2 people, 6 review cards made", output)
        self.assertEqual(ReviewCard.objects.filter(user=self.anna).count(), 4)
        self.assertEqual(ReviewCard.objects.filter(user=self.boris).count(), 2)
        self.assertEqual(ReviewCard.objects.filter(user=self.nobody).count(), 0)
        self.assertEqual(ReviewLog.objects.count(), 5)
        before = self.memory()

        again = backfill()

        self.assertIn("0 answers counted for 0 of 2 people, 0 review cards made", again)
        self.assertNotIn("anna:", again)
        self.assertEqual(self.memory(), before)
        self.assertEqual(ReviewLog.objects.count(), 5)

    def test_only_the_people_named(self):
        output = backfill("boris")
        self.assertIn("2 answers counted for 1 of 1 people, 2 review cards made", output)
        self.assertFalse(ReviewCard.objects.filter(user=self.anna).exists())

    def test_a_name_without_attempts_is_an_error_and_changes_nothing(self):
        for name in ("nobody", "no-such-person"):
            with self.subTest(name=name), self.assertRaisesMessage(CommandError, name):
                backfill("anna", name)
        self.assertFalse(ReviewCard.objects.exists())
