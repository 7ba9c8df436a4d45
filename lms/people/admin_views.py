"""Wagtail admin views of the people app.

- «Принять сотрудника» / "Hire a person": one screen that makes the account, the staff record,
  the roles and the mentor pairing of a new person, through ``staff_member_hire``. Managers and
  administrators get in (whoever may add staff records); a manager hires only into the teams
  they manage or as the line manager, and gives only the roles a manager may give; the service
  re-checks all of it. A refusal is shown on the form with everything typed kept.
- Sign-in lockouts, for administrators: who is locked out of signing in, and from where, with a
  button that lifts a lockout (django-axes keeps the attempts; Django's admin lists them raw).

The hook functions at the end are registered in ``lms/people/wagtail_hooks.py``.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from wagtail.admin import messages
from wagtail.admin.widgets import AdminDateInput
from wagtail.log_actions import log

from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.people import hiring, roles
from lms.people.invitations import invitations_send_later
from lms.people.models import JobRole, person_name
from lms.people.selectors import (
    line_managers_for_hiring,
    roles_grantable_by,
    sign_in_lockouts_current,
    teams_for_hiring,
)
from lms.people.services import (
    ERROR_NOT_YOUR_STAFF,
    sign_in_lockout_release,
    staff_member_hire,
)
from lms.people.staff_import_admin import staff_import_urlpatterns

HIRE_PERMISSION = "people.add_staffprofile"

MESSAGE_HIRED = _("Done: %(name)s is on the staff list.")


def hire_allowed(user) -> bool:
    """Whether ``user`` may hire: whoever may add staff records (managers, administrators)."""
    return user.is_active and user.has_perm(HIRE_PERMISSION)


hire_permission_required = admin_permission_required(hire_allowed)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class HireForm(forms.Form):
    """The new person's details. Choices are limited to what the acting person may choose;
    naming anything else fails validation in plain words."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Where the new person gets their messages and the link to set a password."),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the part of the email before @ (made unique)."),
    )
    employee_id = forms.CharField(
        label=_("Employee ID"),
        max_length=64,
        required=False,
        help_text=_("The personnel number in the HR system."),
    )
    team = forms.ModelChoiceField(
        queryset=None,
        label=_("Team"),
        required=False,
        error_messages={"invalid_choice": ERROR_NOT_YOUR_STAFF},
    )
    job_role = forms.ModelChoiceField(
        queryset=JobRole.objects.order_by("name"),
        label=_("Job role"),
        required=False,
        help_text=_("The job role's onboarding plan is assigned at once."),
    )
    line_manager = PersonChoiceField(queryset=None, label=_("Line manager"), required=False)
    mentor = PersonChoiceField(
        queryset=None,
        label=_("Mentor"),
        required=False,
        help_text=_("Pairs the new person with this mentor at once."),
    )
    hire_date = forms.DateField(
        label=_("Hire date"), initial=timezone.localdate, widget=AdminDateInput
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone is a learner; tick what else the person does."),
    )
    send_invitation = forms.BooleanField(
        label=_("Send an invitation"),
        required=False,
        initial=True,
        help_text=_("Email the person a one-time link to set their password (needs an email)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_for_hiring(user=user).order_by("name")
        self.fields["line_manager"].queryset = line_managers_for_hiring(user=user)
        self.fields["roles"].choices = [
            (name, roles.role_label(name)) for name in roles_grantable_by(user=user)
        ]
        pairing = hiring.mentor_pairing()
        if pairing is None:
            del self.fields["mentor"]
        else:
            self.fields["mentor"].queryset = pairing.candidates()

    def hire_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "username": data["username"],
            "employee_id": data["employee_id"],
            "team": data["team"],
            "job_role": data["job_role"],
            "line_manager": data["line_manager"],
            "mentor": data.get("mentor"),
            "hire_date": data["hire_date"],
            "roles_": data["roles"],
        }

    def add_refusal(self, error: ValidationError) -> None:
        """Show the service's refusal beside the field it names (or above the form)."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


@hire_permission_required
def staff_hire_view(request):
    """The hire form (GET); hiring (POST), then the staff list with "X is hired"."""
    user = request.user
    if request.method == "POST":
        form = HireForm(request.POST, user=user)
    else:
        form = HireForm(user=user, initial={"line_manager": user.pk})
    if form.is_bound and form.is_valid():
        try:
            profile = staff_member_hire(hired_by=user, **form.hire_kwargs())
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or ERROR_NOT_YOUR_STAFF)
        except ValidationError as refusal:
            form.add_refusal(refusal)
        else:
            log(instance=profile, action="wagtail.create", user=user)
            if form.cleaned_data["send_invitation"]:
                invitations_send_later(user_ids=[profile.user_id])
            messages.success(
                request,
                MESSAGE_HIRED % {"name": person_name(profile.user)},
                buttons=[
                    messages.button(
                        reverse("wagtailsnippets_people_staffprofile:edit", args=[profile.pk]),
                        _("Edit"),
                    )
                ],
            )
            return redirect("wagtailsnippets_people_staffprofile:list")
    return TemplateResponse(request, "people/admin/hire.html", {"form": form})


hire_urlpatterns = [path("people/hire/", staff_hire_view, name="hire")]


# --- Sign-in lockouts ---------------------------------------------------------------------------

# Administrators hold every model permission (``lms.people.roles``); no other role holds this.
RELEASE_PERMISSION = "axes.delete_accessattempt"

MESSAGE_RELEASED = _("“%(username)s” can sign in from %(ip)s again.")
MESSAGE_NOT_LOCKED = _("“%(username)s” was not locked out at %(ip)s.")
ERROR_RELEASE_INVALID = _("Choose a lockout from the list to lift.")


def lockouts_admin_allowed(user) -> bool:
    """Whether ``user`` may see and lift sign-in lockouts: administrators only. A permission
    rather than a group check, so the menu costs no query (Django caches permissions)."""
    return user.is_active and user.has_perm(RELEASE_PERMISSION)


lockouts_admin_required = admin_permission_required(lockouts_admin_allowed)


class LockoutReleaseForm(forms.Form):
    username = forms.CharField(max_length=255)
    ip = forms.GenericIPAddressField()


@lockouts_admin_required
@require_GET
def lockout_list_view(request):
    """The current sign-in lockouts, latest first, each with an "Unlock" button."""
    return TemplateResponse(
        request,
        "people/admin/lockout_list.html",
        {"lockouts": sign_in_lockouts_current()},
    )


@lockouts_admin_required
@require_POST
def lockout_release_view(request):
    """Lift one lockout (a username at an address) and go back to the list."""
    form = LockoutReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, ERROR_RELEASE_INVALID)
        return redirect("people_admin:lockouts")
    username, ip = form.cleaned_data["username"], form.cleaned_data["ip"]
    removed = sign_in_lockout_release(username=username, ip_address=ip, released_by=request.user)
    message = MESSAGE_RELEASED if removed else MESSAGE_NOT_LOCKED
    messages.success(request, message % {"username": username, "ip": ip})
    return redirect("people_admin:lockouts")


lockout_urlpatterns = [
    path("sign-in-lockouts/", lockout_list_view, name="lockouts"),
    path("sign-in-lockouts/release/", lockout_release_view, name="lockout_release"),
]


# --- Hook functions (registered in lms/people/wagtail_hooks.py) ---------------------------------


def people_admin_urls():
    """``register_admin_urls``: /admin/people/hire/, /admin/people/import/… (see
    ``lms.people.staff_import_admin``) and /admin/sign-in-lockouts/, in one namespace."""
    urls = hire_urlpatterns + lockout_urlpatterns + staff_import_urlpatterns
    return [path("", include((urls, "people_admin")))]


def hire_menu_item():
    """The "Hire a person" item of the People menu, for managers and administrators."""
    return PermittedMenuItem(
        _("Hire a person"),
        reverse("people_admin:hire"),
        name="people-hire",
        icon_name="plus",
        order=10,
        check=hire_allowed,
    )


def lockouts_menu_item():
    """``register_settings_menu_item``: "Sign-in lockouts", for administrators."""
    return PermittedMenuItem(
        _("Sign-in lockouts"),
        reverse("people_admin:lockouts"),
        name="sign-in-lockouts",
        icon_name="lock",
        order=910,
        check=lockouts_admin_allowed,
    )
