"""Wagtail admin views for managers: assign a course to people, teams and job roles, follow
the assignments of the people they manage, and see where each of them stands with the
refresher policies (certifications).

Only people who may change staff records (managers, administrators) get in, and each sees and
assigns only within their own scope (``lms.people.selectors.staff_profiles_managed_by``); the
service re-checks that scope. The hook functions at the end are registered in
``courses/wagtail_hooks.py``.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.widgets import AdminDateInput

from courses.models import Assignment, CoursePage, RefresherPolicy
from courses.selectors import (
    OVERDUE,
    CertificationState,
    assignable_staff,
    assignable_teams,
    assignments_of_managed_staff,
    certification_rows,
)
from courses.services import ERROR_NOT_YOUR_STAFF, course_assign, end_of_day
from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.people.models import JobRole, StaffProfile, Team

ASSIGN_PERMISSION = "people.change_staffprofile"
ASSIGNMENTS_PER_PAGE = 50
CERTIFICATIONS_PER_PAGE = 50

ERROR_DUE_IN_PAST = _("The due date has already passed.")
MESSAGE_ASSIGNED = _("“%(course)s”: newly assigned: %(created)s; already had it: %(already)s.")


def assign_allowed(user) -> bool:
    """Whether ``user`` may assign courses and see assignments: whoever may change staff
    records (managers, administrators)."""
    return user.is_active and user.has_perm(ASSIGN_PERMISSION)


# Only people who may assign courses.
assign_permission_required = admin_permission_required(assign_allowed)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


class CourseAssignForm(forms.Form):
    """What to assign, to whom, and by when. The choices are limited to the manager's scope;
    naming anyone else fails validation with the service's own message."""

    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.none(), label=_("Course"), empty_label=None
    )
    people = StaffChoiceField(
        queryset=StaffProfile.objects.none(),
        required=False,
        label=_("People"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        error_messages={"invalid_choice": ERROR_NOT_YOUR_STAFF},
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=_("Teams"),
        help_text=_("Everyone in the team now who has not left."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": ERROR_NOT_YOUR_STAFF},
    )
    job_roles = forms.ModelMultipleChoiceField(
        queryset=JobRole.objects.none(),
        required=False,
        label=_("Job roles"),
        help_text=_("Everyone you manage in these job roles."),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        required=False,
        label=_("Due date"),
        help_text=_("Due by the end of that day. Leave empty for no deadline."),
        widget=AdminDateInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["people"].queryset = assignable_staff(user=user)
        self.fields["teams"].queryset = assignable_teams(user=user)
        self.fields["job_roles"].queryset = JobRole.objects.order_by("name")

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day is not None and day < timezone.localdate():
            raise ValidationError(ERROR_DUE_IN_PAST)
        return day

    def due_at(self) -> datetime.datetime | None:
        day = self.cleaned_data["due_date"]
        if day is None:
            return None
        return end_of_day(day)


@assign_permission_required
def course_assign_view(request):
    """The assign form (GET, optionally with ``?course=<id>`` chosen); assigning (POST), then
    back to the assignments of that course with "N assigned, M already had it". A refusal by
    the service is shown on the form, with everything typed kept."""
    user = request.user
    if request.method == "POST":
        form = CourseAssignForm(request.POST, user=user)
    else:
        form = CourseAssignForm(user=user, initial={"course": request.GET.get("course")})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = course_assign(
                course=data["course"],
                assigned_by=user,
                due_at=form.due_at(),
                users=[profile.user for profile in data["people"]],
                teams=list(data["teams"]),
                job_roles=list(data["job_roles"]),
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or ERROR_NOT_YOUR_STAFF)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                MESSAGE_ASSIGNED
                % {
                    "course": data["course"].title,
                    "created": result.created,
                    "already": result.already_assigned,
                },
            )
            query = urlencode({"course": data["course"].pk})
            return redirect(f"{reverse('courses_admin:assignments')}?{query}")
    return TemplateResponse(request, "courses/admin/course_assign.html", {"form": form})


class AssignmentFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=CoursePage.objects.order_by("title"),
        required=False,
        label=_("Course"),
        empty_label=_("All courses"),
    )
    status = forms.ChoiceField(
        choices=[
            ("", _("Any status")),
            (Assignment.Status.ASSIGNED, Assignment.Status.ASSIGNED.label),
            (Assignment.Status.IN_PROGRESS, Assignment.Status.IN_PROGRESS.label),
            (OVERDUE, Assignment.Status.OVERDUE.label),
            (Assignment.Status.COMPLETED, Assignment.Status.COMPLETED.label),
        ],
        required=False,
        label=_("Status"),
    )


@assign_permission_required
def assignment_list_view(request):
    """Assignments of the people the user manages, filtered by course and status, paginated;
    overdue ones stand out. A fixed number of queries whatever the number of assignments."""
    filters = AssignmentFilterForm(request.GET or None)
    course_id, status = None, ""
    if filters.is_bound and filters.is_valid():
        course = filters.cleaned_data["course"]
        course_id = course.pk if course else None
        status = filters.cleaned_data["status"]
    paginator = WagtailPaginator(
        assignments_of_managed_staff(user=request.user, course_id=course_id, status=status),
        ASSIGNMENTS_PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "courses/admin/assignment_list.html",
        {
            "filters": filters if filters.is_bound else AssignmentFilterForm(),
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "assign_url": reverse("courses_admin:assign")
            + (f"?{urlencode({'course': course_id})}" if course_id else ""),
        },
    )


class CertificationFilterForm(forms.Form):
    policy = forms.ModelChoiceField(
        queryset=RefresherPolicy.objects.none(),
        required=False,
        label=_("Policy"),
        empty_label=_("All policies"),
    )
    state = forms.ChoiceField(
        choices=[("", _("Any state")), *CertificationState.LABELS.items()],
        required=False,
        label=_("State"),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label=_("Team"), empty_label=_("All teams")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = RefresherPolicy.objects.filter(active=True).order_by(
            "title", "pk"
        )
        self.fields["team"].queryset = assignable_teams(user=user).order_by("name")


@assign_permission_required
def certification_list_view(request):
    """The certifications of the people the user manages (administrators: everyone), filtered
    by policy, state and team, paginated; what has expired or was never done comes first. A
    fixed number of queries whatever the number of people."""
    filters = CertificationFilterForm(request.GET or None, user=request.user)
    chosen = {}
    if filters.is_bound and filters.is_valid():
        chosen = filters.cleaned_data
    rows = certification_rows(
        user=request.user,
        policy=chosen.get("policy"),
        state=chosen.get("state", ""),
        team=chosen.get("team"),
    )
    paginator = WagtailPaginator(rows, CERTIFICATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "courses/admin/certification_list.html",
        {
            "filters": filters if filters.is_bound else CertificationFilterForm(user=request.user),
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "expiring_soon": CertificationState.EXPIRING_SOON,
        },
    )


urlpatterns = [
    path("assign/", course_assign_view, name="assign"),
    path("assignments/", assignment_list_view, name="assignments"),
    path("certifications/", certification_list_view, name="certifications"),
]


# --- Hook functions (registered in courses/wagtail_hooks.py) -----------------------------------


def course_assign_admin_urls():
    """``register_admin_urls``: /admin/courses/assign/, /admin/courses/assignments/ and
    /admin/courses/certifications/."""
    return [path("courses/", include((urlpatterns, "courses_admin")))]


def course_assign_menu_item():
    """``register_admin_menu_item``: "Assignments" (with "Assign a course" on the page), for
    managers and administrators."""
    return PermittedMenuItem(
        _("Assignments"),
        reverse("courses_admin:assignments"),
        name="course-assignments",
        icon_name="calendar-check",
        order=231,
        check=assign_allowed,
    )


def certification_menu_item():
    """``register_admin_menu_item``: "Certifications", beside "Assignments", for managers and
    administrators."""
    return PermittedMenuItem(
        _("Certifications"),
        reverse("courses_admin:certifications"),
        name="course-certifications",
        icon_name="success",
        order=232,
        check=assign_allowed,
    )
