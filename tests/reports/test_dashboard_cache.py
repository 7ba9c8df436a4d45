"""The dashboard keeps its slowest figures (quiz results, questions failed, recall) for a few
minutes: shown "as of" when computed, computed again on "Refresh", and never one scope's
figures for another (``reports.selectors.dashboard``, ``CACHE_SECONDS``)."""

from django.urls import reverse

import pytest

from lms.people import roles
from lms.people.models import StaffProfile, Team
from quizzes.models import AttemptQuestion
from tests.factories import staff_user
from tests.reports.test_dashboard_views import company

URL = reverse("reports:dashboard")


def dashboard_of(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response


def figures(response):
    """What the kept figures say: people per quiz, wrong answers and cards per topic."""
    dashboard = response.context["dashboard"]
    return (
        [q.people for q in dashboard.quizzes.quizzes],
        [(q.wrong, q.asked) for q in dashboard.quizzes.failed],
        [t.cards for t in dashboard.review.topics],
    )


@pytest.mark.django_db
def test_the_kept_figures_show_when_they_were_computed_until_refreshed(client):
    manager = company(4)
    first = dashboard_of(client, manager)
    assert figures(first) == ([4], [(2, 4)], [4])
    assert first.context["dashboard"].as_of is not None
    html = first.content.decode()
    assert 'id="figures-as-of"' in html
    assert f'href="{URL}?refresh=1"' in html

    AttemptQuestion.objects.update(correct=False)
    kept = dashboard_of(client, manager)
    assert figures(kept) == ([4], [(2, 4)], [4])
    assert kept.context["dashboard"].as_of == first.context["dashboard"].as_of

    refreshed = dashboard_of(client, manager, "?refresh=1")
    assert figures(refreshed) == ([4], [(4, 4)], [4])
    # The refresh parameter is not a filter: the form is not bound, nothing is flagged.
    assert not refreshed.context["form"].is_bound
    assert figures(dashboard_of(client, manager)) == ([4], [(4, 4)], [4])


@pytest.mark.django_db
def test_the_refresh_link_keeps_the_filters(client):
    manager = company(2)
    team = Team.objects.get(managers=manager)
    response = dashboard_of(client, manager, f"?team={team.pk}")
    assert f'href="{URL}?team={team.pk}&amp;refresh=1"' in response.content.decode()


@pytest.mark.django_db
def test_one_scope_never_sees_the_figures_kept_for_another(client):
    manager_a, manager_b = company(3), company(5)
    team_a, team_b = Team.objects.get(managers=manager_a), Team.objects.get(managers=manager_b)
    hr = staff_user(roles=(roles.HR,))

    # Every other person of a company answers wrongly, from the first one.
    assert figures(dashboard_of(client, manager_a)) == ([3], [(2, 3)], [3])
    # Another manager, another team: their own figures, not the ones just kept.
    assert figures(dashboard_of(client, manager_b)) == ([5], [(3, 5)], [5])
    # HR sees everyone, then each team by the filter.
    assert figures(dashboard_of(client, hr)) == ([5, 3], [(2, 3), (3, 5)], [8])
    assert figures(dashboard_of(client, hr, f"?team={team_a.pk}")) == ([3], [(2, 3)], [3])
    assert figures(dashboard_of(client, hr, f"?team={team_b.pk}")) == ([5], [(3, 5)], [5])
    # And the managers still get theirs, from the cache.
    assert figures(dashboard_of(client, manager_a)) == ([3], [(2, 3)], [3])

    # A person leaving changes the people counted: a new key, not the old figures.
    left = StaffProfile.objects.filter(team=team_a).exclude(user=manager_a).first()
    left.status = StaffProfile.Status.LEFT
    left.save()
    assert figures(dashboard_of(client, manager_a))[0] == [2]
