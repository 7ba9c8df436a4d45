from django.urls import path

from lms.people.oidc import views

# The callback's name is the one mozilla-django-oidc reverses for the redirect URI.
urlpatterns = [
    path("authenticate/", views.OIDCSignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", views.OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
]
