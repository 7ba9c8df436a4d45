"""Admin wiring for people: staff profiles, teams and job roles, for managers; sign-in lockouts,
for administrators."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from lms.people.admin_views import hire_menu_item, lockouts_menu_item, people_admin_urls
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.selectors import staff_profile_can_manage, staff_profiles_managed_by
from lms.people.services import staff_profile_update
from lms.people.staff_import_admin import (
    staff_import_history_menu_item,
    staff_import_menu_item,
)

PROFILE_FIELDS = ["user", "team", "job_role", "line_manager", "hire_date", "status", "left_on"]


def _profile_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in PROFILE_FIELDS[1:]}


class StaffProfileCreateView(CreateView):
    """A new staff record is made by hiring the person, on one form (account, record, roles,
    mentor): the listing's add button leads there."""

    def get(self, request, *args, **kwargs):
        return redirect("people_admin:hire")

    post = get


class StaffProfileIndexView(IndexView):
    add_item_label = _("Hire a person")


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
    index_view_class = StaffProfileIndexView
    add_view_class = StaffProfileCreateView
    # A copy would be a second record made past the hiring rules: new people are hired.
    copy_view_enabled = False
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
    submenu_hook = "register_people_menu_item"


register_snippet(PeopleViewSetGroup)
hooks.register("register_settings_menu_item", lockouts_menu_item)

# «Принять сотрудника»: one form for a new person, in the People menu.
hooks.register("register_admin_urls", people_admin_urls)
hooks.register("register_people_menu_item", hire_menu_item)
hooks.register("register_settings_menu_item", staff_import_menu_item)
hooks.register("register_settings_menu_item", staff_import_history_menu_item)
