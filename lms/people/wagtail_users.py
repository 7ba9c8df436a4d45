"""The app config that stands in for ``wagtail.users`` in INSTALLED_APPS.

It is Wagtail's users app (same label, models and templates) with the admin's users and groups
naming the product's roles as people know them (see ``lms.people.viewsets``). It lives apart from
``lms.people.apps`` so that module keeps one app config, the one Django picks for the app.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    group_viewset = "lms.people.viewsets.GroupViewSet"
    user_viewset = "lms.people.viewsets.UserViewSet"
