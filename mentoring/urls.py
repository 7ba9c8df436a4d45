"""The mentoring screens: the mentor's mentees and session form, the newcomer's practice, and
the manager's pairings, mentor load, clearances and time to solo."""

from django.urls import path

from mentoring.views import manager, mentor, newcomer

app_name = "mentoring"
urlpatterns = [
    # The mentor.
    path("mentees/", mentor.mentee_list_view, name="mentees"),
    path("mentees/<id:mentee_id>/", mentor.mentee_detail_view, name="mentee"),
    path("mentees/<id:mentee_id>/sessions/new/", mentor.session_log_view, name="session_new"),
    path(
        "mentees/<id:mentee_id>/skills/<id:skill_id>/signoff/",
        mentor.signoff_create_view,
        name="signoff_create",
    ),
    path("signoffs/<id:signoff_id>/revoke/", mentor.signoff_revoke_view, name="signoff_revoke"),
    path(
        "mentees/<id:mentee_id>/clearance/",
        mentor.clearance_request_view,
        name="clearance_request",
    ),
    # The newcomer.
    path("practice/", newcomer.practice_view, name="practice"),
    path(
        "sessions/<id:session_id>/acknowledge/",
        newcomer.session_acknowledge_view,
        name="session_acknowledge",
    ),
    # The manager.
    path("team/", manager.team_view, name="team"),
    path("team/newcomers/<id:mentee_id>/pair/", manager.pairing_create_view, name="pair"),
    path("pairings/<id:pairing_id>/end/", manager.pairing_end_view, name="pairing_end"),
    path(
        "clearances/<id:clearance_id>/confirm/",
        manager.clearance_confirm_view,
        name="clearance_confirm",
    ),
    path(
        "clearances/<id:clearance_id>/decline/",
        manager.clearance_decline_view,
        name="clearance_decline",
    ),
]
