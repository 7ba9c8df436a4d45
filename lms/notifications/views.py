"""The inbox: a person's notifications, opening one (which marks it read), reading them all;
and the settings page (which kinds come by email, in which language)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.notifications.forms import NotificationSettingsForm
from lms.notifications.selectors import (
    email_language_for,
    notification_settings_for,
    notifications_for,
)
from lms.notifications.services import (
    NotificationSettingsInvalid,
    notification_read,
    notification_settings_save,
    notifications_read_all,
)

PAGE_SIZE = 30
MESSAGE_ALL_READ = _("All notifications are marked read.")
MESSAGE_SETTINGS_SAVED = _("Notification settings are saved.")


@login_required
def inbox_view(request):
    paginator = Paginator(notifications_for(recipient=request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "notifications/inbox.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_open_view(request, notification_id):
    """Mark the notification read and go where it points (only ever a local address)."""
    notification = get_object_or_404(notifications_for(recipient=request.user), pk=notification_id)
    notification_read(notification=notification, reader=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def notifications_read_all_view(request):
    notifications_read_all(reader=request.user)
    messages.success(request, MESSAGE_ALL_READ)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings_view(request):
    kind_settings = notification_settings_for(user=request.user)
    status = 200
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, kind_settings=kind_settings)
        if form.is_valid():
            try:
                notification_settings_save(
                    user=request.user,
                    muted=form.muted_kinds(),
                    language=form.cleaned_data["language"],
                )
            except NotificationSettingsInvalid as error:
                form.add_error("kinds" if error.field == "muted" else error.field, error)
            else:
                messages.success(request, MESSAGE_SETTINGS_SAVED)
                return redirect("notifications:settings")
        status = 400
    else:
        form = NotificationSettingsForm(
            initial={
                "kinds": [s.key for s in kind_settings if not s.muted],
                "language": email_language_for(user=request.user),
            },
            kind_settings=kind_settings,
        )
    return TemplateResponse(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "kind_settings": kind_settings,
            "checked": set(form["kinds"].value() or []),
        },
        status=status,
    )
