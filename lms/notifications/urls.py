from django.urls import path

from lms.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<id:notification_id>/open/", views.notification_open_view, name="open"),
    path("read-all/", views.notifications_read_all_view, name="read_all"),
    path("settings/", views.notification_settings_view, name="settings"),
]
