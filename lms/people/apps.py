from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from lms.people import checks  # noqa: F401  (registers the sign-in settings checks)
        from lms.people.roles import group_str

        # Groups are named by their identifiers; everywhere a group is shown as text (form
        # choices, listings, the Django admin) people read the role's label instead.
        Group.__str__ = group_str

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        # Content leads get an inbox item when a page, term or quiz waits for their review.
        from lms.people.notifications import connect as review_notifications_connect

        review_notifications_connect()
        # Every sign-in is remembered, so that a leaver's sessions can all be ended at once.
        user_logged_in.connect(_signed_in, dispatch_uid="people.login_session")
        user_logged_out.connect(_signed_out, dispatch_uid="people.logout_session")


def _signed_in(sender, request, user, **kwargs):
    from lms.people.services import login_session_record

    session = getattr(request, "session", None)
    login_session_record(user=user, session_key=getattr(session, "session_key", None))


def _signed_out(sender, request, user, **kwargs):
    from lms.people.services import login_session_forget

    session = getattr(request, "session", None)
    login_session_forget(session_key=getattr(session, "session_key", None))


def _sync_roles_after_migrate(sender, using="default", verbosity=1, **kwargs):
    # Groups and their permissions are configuration, not demo data: every database gets them
    # right after migrate. Permissions of apps later in INSTALLED_APPS are created here first,
    # since their own post_migrate handlers may not have run yet.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from wagtail.snippets.models import create_extra_permissions

    from lms.people.services import roles_sync

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    # Wagtail's publish / lock / unlock permissions of snippets, also made after migrate.
    create_extra_permissions(apps.get_app_config("wagtailsnippets"), using=using)
    roles_sync()
