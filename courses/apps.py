from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Knowledge and courses")

    def ready(self):
        post_migrate.connect(_ensure_site_after_migrate, sender=self)


def _ensure_site_after_migrate(sender, **kwargs):
    # The page skeleton (home, knowledge base, login-only privacy) is configuration: every
    # database has it right after migrate, with or without demo data.
    from courses.services import site_structure_ensure

    site_structure_ensure()
