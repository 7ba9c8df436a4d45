"""Admin wiring for people: staff profiles, teams and job roles, for managers; sign-in lockouts,
for administrators."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from lms.people.admin_views import hire_menu_item, lockouts_menu_item, people_admin_urls
from lms.people.invitations import invitations_send
from lms.people.models import JobRole, StaffProfile, Team
from lms.people.selectors import (
    staff_profile_can_manage,
    staff_profiles_managed_by,
    teams_for_hiring,
    user_sees_all_staff,
)
from lms.people.services import staff_profile_update
from lms.people.staff_import_admin import (
    staff_import_history_menu_item,
    staff_import_menu_item,
)

PROFILE_FIELDS = [
    "user", "employee_id", "middle_name", "team", "job_role", "line_manager", "hire_date", "status",
    "left_on",
]  # fmt: skip


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


class InScopeMixin:
    """For a snippet's views that open one object by id (edit, history, usage): the object
    must be one the person keeps (``in_scope(user, obj)``), else 403, so that no id typed into
    the address bar opens someone else's record."""

    def in_scope(self, user, obj) -> bool:
        raise NotImplementedError

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.in_scope(self.request.user, obj):
            raise PermissionDenied
        return obj


class StaffProfileInScope(InScopeMixin):
    def in_scope(self, user, obj) -> bool:
        return staff_profile_can_manage(user=user, profile=obj)


class StaffProfileHistoryView(StaffProfileInScope, HistoryView):
    pass


class StaffProfileUsageView(StaffProfileInScope, UsageView):
    pass


class StaffProfileEditView(StaffProfileInScope, EditView):
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
    history_view_class = StaffProfileHistoryView
    usage_view_class = StaffProfileUsageView
    list_display = ["__str__", "team", "job_role", "hire_date", "status"]
    list_filter = ["status", "team", "job_role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    panels = [FieldPanel(name) for name in PROFILE_FIELDS]

    def get_queryset(self, request):
        # Managers see the records of their own teams and direct reports only.
        return staff_profiles_managed_by(user=request.user)


class TeamInScope(InScopeMixin):
    def in_scope(self, user, obj) -> bool:
        return teams_for_hiring(user=user).filter(pk=obj.pk).exists()


class TeamCreateView(CreateView):
    def save_instance(self):
        team = super().save_instance()
        # A manager's new team is theirs to manage (only HR and administrators name managers).
        if not user_sees_all_staff(user=self.request.user):
            team.managers.add(self.request.user)
        return team


class TeamEditView(TeamInScope, EditView):
    pass


class TeamHistoryView(TeamInScope, HistoryView):
    pass


class TeamUsageView(TeamInScope, UsageView):
    pass


class TeamViewSet(SnippetViewSet):
    """Teams: a manager keeps the teams they manage; HR and administrators keep every team and
    say who manages it (the managers of a team see and keep its people's records, so naming
    them is no manager's to do)."""

    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name"]
    add_view_class = TeamCreateView
    edit_view_class = TeamEditView
    history_view_class = TeamHistoryView
    usage_view_class = TeamUsageView
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        # Held by HR and administrators alone: the permission to import staff, who may place
        # anyone anywhere already.
        FieldPanel("managers", permission="people.add_staffimport"),
    ]

    def get_queryset(self, request):
        return teams_for_hiring(user=request.user)


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


class InviteBulkAction(SnippetBulkAction):
    """«Отправить приглашение»: a new one-time link to set a password, for the selected people
    (or one person, from their row's menu). Only the records the user may edit are acted on;
    others are left out without being named."""

    display_name = _("Send invitation")
    action_type = "invite"
    aria_label = _("Send an invitation to the selected people")
    template_name = "people/admin/confirm_bulk_invite.html"
    action_priority = 20
    models = [StaffProfile]

    def get_actionable_objects(self):
        ids = [pk for pk in self.request.GET.getlist("id") if pk.isdigit()]
        managed = staff_profiles_managed_by(user=self.request.user).select_related("user")
        return list(managed.filter(pk__in=ids)), {"items_with_no_access": []}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        sent = invitations_send(user_ids=[profile.user_id for profile in objects])
        return sent, len(objects) - sent

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d invitation sent.", "%(count)d invitations sent.", num_parent_objects
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d person has no email or has left: nothing was sent to them.",
                "%(count)d people have no email or have left: nothing was sent to them.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


def invite_listing_button(snippet, user, next_url=None):
    """A "Send invitation" item in each staff row's menu, through the bulk action."""
    if not isinstance(snippet, StaffProfile):
        return []
    url = reverse("wagtail_bulk_action", args=("people", "staffprofile", "invite"))
    query = {"id": snippet.pk, **({"next": next_url} if next_url else {})}
    return [ListingButton(_("Send invitation"), url=f"{url}?{urlencode(query)}", priority=40)]


hooks.register("register_bulk_action", InviteBulkAction)
hooks.register("register_snippet_listing_buttons", invite_listing_button)


def record_listing_button(snippet, user, next_url=None):
    """A "Full record" item in each staff row's menu: the person's page of the reports app,
    reached by its URL name alone (this app does not import the apps that build on it)."""
    if not isinstance(snippet, StaffProfile):
        return []
    try:
        url = reverse("reports:person", args=[snippet.user_id])
    except NoReverseMatch:
        return []
    return [ListingButton(_("Full record"), url=url, priority=30)]


hooks.register("register_snippet_listing_buttons", record_listing_button)
