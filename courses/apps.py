from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Knowledge and courses")

    def ready(self):
        from wagtail.signals import page_published, published

        from glossary.models import GlossaryTerm
        from lms.people.signals import job_role_set, job_roles_set

        post_migrate.connect(_ensure_site_after_migrate, sender=self)
        job_role_set.connect(_assign_onboarding_plan, dispatch_uid="courses.onboarding_plan")
        job_roles_set.connect(_assign_onboarding_plans, dispatch_uid="courses.onboarding_plans")
        # Publishing content staff learn from may ask them to re-learn it (courses.services.changes).
        page_published.connect(_content_published, dispatch_uid="courses.page_relearn")
        published.connect(
            _content_published, sender=GlossaryTerm, dispatch_uid="courses.term_relearn"
        )


def _ensure_site_after_migrate(sender, **kwargs):
    # The page skeleton (home, knowledge base, login-only privacy) is configuration: every
    # database has it right after migrate, with or without demo data.
    from courses.services import site_structure_ensure

    site_structure_ensure()


def _assign_onboarding_plan(sender, profile, changed_by=None, **kwargs):
    # A new job role brings its onboarding plan; each course of it is assigned once ever.
    from courses.services import onboarding_plan_assign

    onboarding_plan_assign(profile=profile, assigned_by=changed_by)


def _assign_onboarding_plans(sender, profile_ids, changed_by=None, **kwargs):
    # The same for many people at once (a staff import), set-based.
    from courses.services import onboarding_plans_assign

    onboarding_plans_assign(profile_ids=profile_ids, assigned_by=changed_by)


def _content_published(sender, instance, revision=None, **kwargs):
    from courses.services import content_change_record
    from lms.core.models import RelearnMixin

    # Wagtail also says "published" when it only schedules a page that is not live yet: the
    # change counts when it goes live, and the signal comes again then.
    if isinstance(instance, RelearnMixin) and getattr(instance, "live", True):
        content_change_record(instance=instance, revision=revision)
