"""View decorators and menu items shared by the apps' admin screens."""

import functools
from collections.abc import Callable

from django.core.exceptions import PermissionDenied

from wagtail.admin.menu import MenuItem


def admin_permission_required(check: Callable[..., bool]):
    """A decorator for Wagtail admin views that lets through only users for whom
    ``check(user=user)`` is true. Wagtail's admin answers the ``PermissionDenied`` with a
    redirect to the dashboard and a message; anonymous users never get this far, the admin
    sends them to log in first.

    ``assign_permission_required = admin_permission_required(assign_allowed)``
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(user=request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermittedMenuItem(MenuItem):
    """A Wagtail admin menu item shown only to users for whom ``check(user=user)`` is true:
    the same check as the view behind it (see ``admin_permission_required``)."""

    def __init__(self, label, url, *, check: Callable[..., bool], **kwargs):
        super().__init__(label, url, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(user=request.user)
