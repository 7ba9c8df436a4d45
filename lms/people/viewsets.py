"""The Wagtail admin's users and groups, with the product's roles named as people know them.

The role groups keep stable English identifiers in the database ("Learners", "Mentors", …: the
code looks them up by name); everywhere the admin shows a group, a role is shown by its label in
the reader's language instead (``roles.role_label``): the groups listing, the group's own screens
and messages, the group checkboxes of the user forms and the users listing's group filter.
Groups an administrator adds are shown by their name, as typed.

Wagtail swaps these viewsets in through ``lms.people.apps.WagtailUsersConfig`` (its
``user_viewset`` and ``group_viewset``), the supported way to customise both.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm
from wagtail.users.views import groups, users

import django_filters

from lms.people import roles

HELP_ROLE_NAME = _(
    "A role of the product: people see it under this name in their language, and its name "
    "cannot be changed."
)


def group_label(group) -> str:
    """How the admin names ``group``: a role by its label, any other group by its name."""
    return str(roles.role_label(group.name))


class _RoleLabelsMixin:
    def label_from_instance(self, obj):
        return group_label(obj)


class RoleGroupMultipleChoiceField(_RoleLabelsMixin, forms.ModelMultipleChoiceField):
    """Group checkboxes labelled as people know the roles."""


class RoleGroupFilterField(_RoleLabelsMixin, django_filters.fields.ModelMultipleChoiceField):
    """The users listing's group filter, labelled as people know the roles (the filter's
    chosen values, shown above the listing, take the same labels)."""


class _RoleLabelsUserFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = group_label


class RoleUserCreationForm(_RoleLabelsUserFormMixin, UserCreationForm):
    pass


class RoleUserEditForm(_RoleLabelsUserFormMixin, UserEditForm):
    pass


class RoleUserFilterSet(users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the group filter here; its form field is made later, from this class.
        self.filters["group"].field_class = RoleGroupFilterField


class UserViewSet(users.UserViewSet):
    filterset_class = RoleUserFilterSet

    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm


class RoleNameInput(forms.TextInput):
    """Shows a role group's name as its label (the field is disabled, so what it shows is never
    posted back: the stored name stays the identifier)."""

    def format_value(self, value):
        return super().format_value(roles.role_label(value) if value else value)


class RoleGroupForm(GroupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.name in roles.ROLE_LABELS:
            name = self.fields["name"]
            name.disabled = True
            name.widget = RoleNameInput(attrs=name.widget.attrs)
            name.help_text = HELP_ROLE_NAME


class _GroupLabelMixin:
    """The group's screens name it by its label: title, breadcrumbs and messages."""

    def get_page_subtitle(self):
        return group_label(self.object)

    def _message(self, template, group):
        return capfirst(template % {"object": group_label(group)}) if template else None


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Name"),
            accessor=group_label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]

    def search_queryset(self, queryset):
        # Search the labels too, so "наставники" finds the Mentors role.
        found = super().search_queryset(queryset)
        if not self.is_searching:
            return found
        query = self.search_query.casefold()
        labelled = [
            name for name in roles.ROLE_LABELS if query in str(roles.role_label(name)).casefold()
        ]
        return found | queryset.filter(name__in=labelled)


class GroupEditView(_GroupLabelMixin, groups.EditView):
    def get_success_message(self, instance):
        return self._message(self.success_message, instance)


class GroupDeleteView(_GroupLabelMixin, groups.DeleteView):
    def get_success_message(self):
        return self._message(self.success_message, self.object)


class GroupViewSet(groups.GroupViewSet):
    index_view_class = GroupIndexView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView

    def get_form_class(self, for_update=False):
        return RoleGroupForm
