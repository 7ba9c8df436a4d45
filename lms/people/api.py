"""People in the JSON API (mounted under /api/v1/people), for an HR system that keeps the staff
list in step without files:

- ``PUT /people/{employee_id}`` creates or updates one person with the fields of a row of a staff
  file (``lms.people.importing``): the same checks, the same writes, the same import history
  (with "API" as the file). A key left out of the body leaves that field as it is, as a missing
  column does; ``null`` or "" clears it, as an empty cell does. 201 when the person is new, 200
  otherwise, with ``changed`` false when the body matched the record (nothing is written then);
- ``GET /people?team=&status=&updated_since=`` lists people, paginated, oldest change first.

Only people who may import staff (administrators) may call either; anyone else gets 403. A
problem with a field is 422 in the validation shape, located at ``["body", field]`` (or
``["path", "employee_id"]``) with the import's own message.
"""

import datetime
from typing import Annotated

from django.http import HttpRequest

from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from lms.api.errors import ApiError
from lms.api.registry import router_register
from lms.api.schemas import ErrorOut, ValidationErrorOut
from lms.people import roles
from lms.people.importing import (
    ERROR_NO_PERMISSION,
    staff_import_allowed,
    staff_record_put,
)
from lms.people.models import StaffProfile
from lms.people.selectors import staff_profiles_listed, user_is_administrator

router = router_register(Router(tags=["people"]), prefix="/people")

PAGE_SIZE = 50
# How the API (and the file's English column) names the roles an import may give.
ROLE_NAMES = {
    roles.MENTORS: "mentor",
    roles.MANAGERS: "manager",
    roles.AUTHORS: "author",
    roles.CONTENT_LEADS: "content lead",
    roles.HR: "hr",
}

EmployeeId = Annotated[str, Path(min_length=1, max_length=64)]


class PersonIn(Schema):
    """The fields of a row of a staff file; each may be left out (kept as it is)."""

    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    email: str | None = None
    username: str | None = None
    team: str | None = Field(None, description="A team name; a new one is created.")
    job_role: str | None = Field(None, description="The name of an existing job role.")
    line_manager: str | None = Field(None, description="An employee ID or an email.")
    mentor: str | None = Field(
        None, description="An employee ID or an email; pairs them with an onboarding newcomer."
    )
    hire_date: str | None = Field(None, description="YYYY-MM-DD or DD.MM.YYYY.")
    status: str | None = Field(None, description="onboarding, solo or left.")
    left_on: str | None = Field(None, description="YYYY-MM-DD or DD.MM.YYYY.")
    roles: list[str] | str | None = Field(
        None, description="mentor, manager, author, content lead, hr (a list or comma-separated)."
    )


class PersonOut(Schema):
    """A person as the list and ``PUT`` give them, read from a staff profile of
    ``staff_profiles_listed``."""

    employee_id: str | None
    user_id: int
    username: str = Field(alias="user.username")
    last_name: str = Field(alias="user.last_name")
    first_name: str = Field(alias="user.first_name")
    middle_name: str
    email: str = Field(alias="user.email")
    team: str | None
    job_role: str | None
    line_manager: str | None = Field(description="The line manager's employee ID.")
    status: str
    hire_date: datetime.date
    left_on: datetime.date | None
    roles: list[str]
    updated: datetime.datetime = Field(alias="updated_at")

    @staticmethod
    def resolve_team(profile: StaffProfile) -> str | None:
        return profile.team.name if profile.team else None

    @staticmethod
    def resolve_job_role(profile: StaffProfile) -> str | None:
        return profile.job_role.name if profile.job_role else None

    @staticmethod
    def resolve_line_manager(profile: StaffProfile) -> str | None:
        manager = profile.line_manager
        manager_profile = getattr(manager, "staff_profile", None) if manager else None
        return manager_profile.employee_id if manager_profile else None

    @staticmethod
    def resolve_roles(profile: StaffProfile) -> list[str]:
        groups = profile.user.role_groups
        return [ROLE_NAMES[group.name] for group in groups if group.name in ROLE_NAMES]


class PersonPutOut(PersonOut):
    changed: bool


class PeopleFilters(Schema):
    team: str | None = Field(None, description="A team name (case-insensitive).")
    status: StaffProfile.Status | None = None
    updated_since: datetime.datetime | None = None


def _require_import_permission(request: HttpRequest) -> None:
    if not staff_import_allowed(user=request.user):
        raise ApiError(403, ERROR_NO_PERMISSION)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    return value


@router.put(
    "/{employee_id}",
    response={200: PersonPutOut, 201: PersonPutOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Create or update a person",
)
def person_put(request: HttpRequest, employee_id: EmployeeId, payload: PersonIn):
    _require_import_permission(request)
    values = {name: _cell(value) for name, value in payload.dict(exclude_unset=True).items()}
    result = staff_record_put(employee_id=employee_id, values=values, put_by=request.user)
    if result.errors:
        detail = [
            {
                "type": "invalid",
                "loc": (
                    ["path", "employee_id"]
                    if error.column == "employee_id"
                    else ["body", error.column]
                    if error.column
                    else ["body"]
                ),
                "msg": str(error.message),
            }
            for error in result.errors
        ]
        return Status(422, {"detail": detail})
    # By the record the row matched (employee IDs match ignoring case, as in a file).
    profile = staff_profiles_listed().get(pk=result.plan.people[0].profile_id)
    if profile.user.is_superuser and not user_is_administrator(user=request.user):
        # A superuser's record is no one else's to read, even through a PUT that changes
        # nothing (one that would change it was refused above).
        raise ApiError(403, ERROR_NO_PERMISSION)
    created = result.created > 0
    profile.changed = result.applied
    return Status(201 if created else 200, profile)


@router.get("", response=list[PersonOut], summary="List people")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def people_list(request: HttpRequest, filters: Query[PeopleFilters]):
    _require_import_permission(request)
    profiles = staff_profiles_listed(
        team=filters.team, status=filters.status, updated_since=filters.updated_since
    )
    if not user_is_administrator(user=request.user):
        # HR keep everyone's record but superusers' (as in the staff listing).
        profiles = profiles.exclude(user__is_superuser=True)
    return profiles
