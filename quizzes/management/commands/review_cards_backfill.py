"""``manage.py review_cards_backfill [USERNAME …]``: review cards from the quiz attempts people
submitted before the daily review existed (or before their quiz showed its answers): only the
answers a quiz shows the person now make cards, as on submitting."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from quizzes.review_selectors import review_backfill_people, review_card_count
from quizzes.review_services import review_cards_backfill


class Command(BaseCommand):
    help = (
        "Make the daily review's cards from every submitted quiz attempt whose answers are not "
        "on a card yet (attempts made before review cards existed), if the quiz shows the "
        "person its right answers now, and the glossary cards of the terms those people met. "
        "Safe to run again: a second run makes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "usernames",
            nargs="*",
            help="Only these people (default: everyone with a submitted attempt).",
        )

    # English output whatever the site's language: scripts read it.
    @no_translations
    def handle(self, *args, usernames=(), **options):
        people = list(review_backfill_people(usernames=list(usernames) or None))
        missing = sorted(set(usernames) - {person.get_username() for person in people})
        if missing:
            raise CommandError(
                f"No submitted attempts for: {', '.join(missing)} (or no such username)."
            )
        cards_before = review_card_count()
        answers = touched = 0
        # One person at a time, each in their own transaction (the service's).
        for person in people:
            counted = review_cards_backfill(user=person)
            if counted:
                touched += 1
                answers += counted
                self.stdout.write(f"  {person.get_username()}: {counted} answers counted")
        made = review_card_count() - cards_before
        self.stdout.write(
            f"review cards backfill: {answers} answers counted for {touched} of {len(people)} "
            f"people, {made} review cards made"
        )
