"""Where each person lands after signing in: the page their role works from.

``LOGIN_REDIRECT_URL`` names the landing view (``lms.core.views.landing_view``), so every way of
signing in that follows that setting (the login page, single sign-on backends) lands there when no
explicit, safe ``next`` was asked for; the view sends the person on to the first rule, by rank,
that concerns them, and anyone no rule concerns to their plan (the home page). Wagtail's own
admin login keeps going to the admin.

Apps register their rules in their ``landing`` module (found by autodiscovery), as they register
navigation links, so this module names no app. The ranks decide for a person with several roles:
administrator, then manager, then QA evaluator, then mentor, then author or content lead, then
learner.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.shortcuts import resolve_url
from django.utils.module_loading import autodiscover_modules

# Lower ranks win.
ADMINISTRATOR = 10
MANAGER = 20
QA_EVALUATOR = 25
MENTOR = 30
CONTENT = 40

# Everyone else: their own plan, the home page.
PLAN_URL = "/"


@dataclass(frozen=True)
class LandingRule:
    """``applies(user)`` says whether the rule concerns the person; ``destination`` is a URL
    name or path (or a function returning one, read when someone lands: a setting)."""

    name: str
    rank: int
    destination: str | Callable[[], str]
    applies: Callable[[AbstractBaseUser], bool]

    def url(self) -> str:
        destination = self.destination() if callable(self.destination) else self.destination
        return resolve_url(destination)


_rules: dict[str, LandingRule] = {}


def register(rule: LandingRule) -> LandingRule:
    _rules[rule.name] = rule
    return rule


@functools.cache
def _discover() -> None:
    """Import every app's ``landing`` module, once."""
    autodiscover_modules("landing")


def registered_rules() -> list[LandingRule]:
    _discover()
    return sorted(_rules.values(), key=lambda rule: (rule.rank, rule.name))


def landing_url_for(user: AbstractBaseUser) -> str:
    """Where ``user`` lands after signing in: the first rule by rank that concerns them, or
    their plan."""
    if user.is_authenticated:
        for rule in registered_rules():
            if rule.applies(user):
                return rule.url()
    return resolve_url(PLAN_URL)
