from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from lms.core.spreadsheets import wagtail_exports_guard

        # Wagtail's reports and listings write author-chosen text into CSV and XLSX.
        wagtail_exports_guard()
