from django.urls import path

from lms.people import views
from lms.people.invitations import InvitationAcceptView

urlpatterns = [
    path("invitation/<uidb64>/<token>/", InvitationAcceptView.as_view(), name="invitation_accept"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/api-tokens/", views.api_token_create_view, name="api_token_create"),
    path(
        "profile/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
