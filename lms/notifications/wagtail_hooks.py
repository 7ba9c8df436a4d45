"""Admin wiring for notifications: the failed email digests, for administrators."""

from wagtail import hooks

from lms.notifications.admin_views import digest_failed_menu_item, notifications_admin_urls

hooks.register("register_admin_urls", notifications_admin_urls)
hooks.register("register_settings_menu_item", digest_failed_menu_item)
