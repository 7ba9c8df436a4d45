from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.api.api import api
from lms.core.converters import ObjectIdConverter
from lms.core.views import healthz_view, landing_view, media_view
from lms.people.forms import SignInForm
from lms.people.views import AdminPasswordResetView, PasswordResetView

# <id:…> in the apps' URLs: see ObjectIdConverter.
register_converter(ObjectIdConverter, "id")

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    # Both password-reset forms are rate-limited: these replace Django's and Wagtail's own.
    path("admin/password_reset/", AdminPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/landing/", landing_view, name="landing"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("lms.people.urls")),
    # OpenID Connect sign-in; its views answer 404 while OIDC_ISSUER is unset.
    path("oidc/", include("lms.people.oidc.urls")),
    path("glossary/", include("glossary.urls")),
    path("api/v1/", api.urls),
    path("learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("notifications/", include("lms.notifications.urls")),
    path("quality/", include("quality.urls")),
    path("", include("reports.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_view, name="media")]

# Wagtail serves everything else: the page tree, from the home page down.
urlpatterns += [path("", include(wagtail_urls))]
