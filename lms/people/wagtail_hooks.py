"""Admin wiring for people: staff profiles, teams and job roles, for managers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from lms.people.admin_views import (
    staff_import_admin_urls,
    staff_import_history_menu_item,
    staff_import_menu_item,
)
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.selectors import staff_profile_can_manage, staff_profiles_managed_by
from lms.people.services import staff_profile_create, staff_profile_update

PROFILE_FIELDS = ["user", "team", "job_role", "line_manager", "hire_date", "status", "left_on"]


def _profile_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in PROFILE_FIELDS[1:]}


class StaffProfileCreateView(CreateView):
    def save_instance(self):
        # Through the service: the person becomes a learner, and "left" locks the account.
        profile = staff_profile_create(
            user=self.form.cleaned_data["user"],
            created_by=self.request.user,
            **_profile_fields(self.form),
        )
        log(instance=profile, action="wagtail.create", user=self.request.user)
        return profile


class StaffProfileEditView(EditView):
    def get_object(self, queryset=None):
        profile = super().get_object(queryset)
        if not staff_profile_can_manage(user=self.request.user, profile=profile):
            raise PermissionDenied
        return profile

    def save_instance(self):
        # Through the service, so that marking someone as "left" locks their account at once.
        # The form has already applied the new values to the instance; the service re-checks
        # scope against the stored record.
        stored = StaffProfile.objects.get(pk=self.form.instance.pk)
        profile = staff_profile_update(
            profile=stored, changed_by=self.request.user, **_profile_fields(self.form)
        )
        log(instance=profile, action="wagtail.edit", user=self.request.user)
        return profile


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    add_view_class = StaffProfileCreateView
    edit_view_class = StaffProfileEditView
    list_display = ["__str__", "team", "job_role", "hire_date", "status"]
    list_filter = ["status", "team", "job_role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    panels = [FieldPanel(name) for name in PROFILE_FIELDS]

    def get_queryset(self, request):
        # Managers see the records of their own teams and direct reports only.
        return staff_profiles_managed_by(user=request.user)


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name"]
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("managers")]


class JobRoleViewSet(SnippetViewSet):
    model = JobRole
    icon = "tag"
    menu_label = _("Job roles")
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class PeopleViewSetGroup(SnippetViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (StaffProfileViewSet, TeamViewSet, JobRoleViewSet)


register_snippet(PeopleViewSetGroup)

hooks.register("register_admin_urls", staff_import_admin_urls)
hooks.register("register_settings_menu_item", staff_import_menu_item)
hooks.register("register_settings_menu_item", staff_import_history_menu_item)
