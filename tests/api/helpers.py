"""Helpers for the API tests: URLs, tokens, JSON walking."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.api.services import api_token_create

API = "/api/v1"

# Keys that carry right answers inside a snapshot; none may leave the server before submission.
ANSWER_KEYS = {
    "correct",
    "weight",
    "accepted",
    "right_order",
    "right_pairs",
    "tolerance",
    "feedback",
    "explanation",
    "explanation_html",
    "right_answer",
    "partial_credit",
}


def token_for(user, name="tests") -> str:
    """A new personal token of ``user``, as its plaintext."""
    return api_token_create(user=user, name=name)[1]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def all_keys(data) -> set[str]:
    """Every dictionary key anywhere in decoded JSON."""
    if isinstance(data, dict):
        keys = set(data)
        for value in data.values():
            keys |= all_keys(value)
        return keys
    if isinstance(data, list):
        return set().union(*(all_keys(item) for item in data)) if data else set()
    return set()


def count_queries(send) -> int:
    """The queries ``send()`` makes; it must answer 2xx."""
    with CaptureQueriesContext(connection) as ctx:
        response = send()
    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    return len(ctx.captured_queries)
