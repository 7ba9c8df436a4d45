"""Admin wiring for people: staff profiles, teams and job roles, for managers."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from lms.people.models import JobRole, StaffProfile, Team
from lms.people.services import staff_profile_update

PROFILE_FIELDS = ["user", "team", "job_role", "line_manager", "hire_date", "status", "left_on"]


class StaffProfileEditView(EditView):
    def save_instance(self):
        # Through the service, so that marking someone as "left" locks their account at once.
        changes = {name: self.form.cleaned_data[name] for name in PROFILE_FIELDS[1:]}
        return staff_profile_update(profile=self.form.instance, **changes)


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff")
    edit_view_class = StaffProfileEditView
    list_display = ["__str__", "team", "job_role", "hire_date", "status"]
    list_filter = ["status", "team", "job_role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    panels = [FieldPanel(name) for name in PROFILE_FIELDS]


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name"]
    panels = [FieldPanel("name"), FieldPanel("description")]


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
