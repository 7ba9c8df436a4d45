"""Staff import: people from an HR file (CSV in UTF-8 or Windows-1251, comma or semicolon, or
XLSX), keyed on the employee ID, through the shared pipeline in ``lms.core.importing``.

``staff_import`` is the one service the ``import_staff`` command and the admin page call. A
preview (``dry_run``) checks every row against the file and the database and says what would
change; an import does the same and writes only when no row has an error, in one transaction,
set-based (a few queries per table for the whole file, not one save per row):

- a row whose employee ID is known updates that person; an unknown one creates a person, or
  takes over an account of the same email that has no employee ID yet (staff typed in by hand
  before HR files came in);
- a column the file lacks leaves that field as it is; an empty cell clears it (team, job role,
  line manager, names, email, roles), except the username, hire date and status, which are
  kept, and the mentor, where an empty cell leaves pairings as they are;
- status "left" (or, with ``deactivate_missing``, a person with an employee ID who is not in
  the file) locks the person out at once (``staff_accounts_lock``); a leaver listed again with
  another status is reactivated; "left" without a date of leaving means today;
- new people and new job roles get their job role's onboarding plan (``job_roles_set``), a
  mentor is paired with a newcomer who is onboarding (``mentors_assigned``);
- every change is recorded field by field in ``StaffImport`` / ``StaffImportChange``.

Importing the same file twice changes nothing the second time.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.core import importing
from lms.core.importing import (
    CHANGE,
    CREATE,
    DEACTIVATE,
    UNCHANGED,
    Column,
    FieldChange,
    ImportPlan,
    ImportResult,
    RowChange,
    RowError,
    Table,
    TableSpec,
    normalise,
)
from lms.people import roles
from lms.people.models import JobRole, StaffImport, StaffImportChange, StaffProfile, Team
from lms.people.selectors import roles_grantable_by, user_is_administrator
from lms.people.services import staff_accounts_lock
from lms.people.signals import active_mentors, job_roles_set, mentors_assigned

User = get_user_model()
Status = StaffProfile.Status

BATCH = 500
USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length
USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")

STATUS_WORDS = {
    **dict.fromkeys(
        ("onboarding", "адаптация", "на адаптации", "новичок", "стажёр", "обучение"),
        Status.ONBOARDING,
    ),
    **dict.fromkeys(
        ("solo", "working solo", "самостоятельно", "самостоятельная работа", "работает"),
        Status.SOLO,
    ),
    **dict.fromkeys(
        ("left", "left the company", "уволен", "уволена", "уволен(а)", "уволился", "уволилась"),
        Status.LEFT,
    ),
}
STATUS_SHOWN = ("onboarding (адаптация)", "solo (самостоятельно)", "left (уволен)")

# The roles a file may give; learners are everyone, administrators are made by hand only.
ROLE_WORDS = {
    **dict.fromkeys(("mentor", "mentors", "наставник", "наставники"), roles.MENTORS),
    **dict.fromkeys(
        ("manager", "managers", "руководитель", "руководители", "менеджер"), roles.MANAGERS
    ),
    **dict.fromkeys(("author", "authors", "автор", "авторы"), roles.AUTHORS),
    **dict.fromkeys(
        ("content lead", "content leads", "ведущий контента", "ведущие контента"),
        roles.CONTENT_LEADS,
    ),
    **dict.fromkeys(("hr", "кадры", "кадровая служба", "отдел кадров"), roles.HR),
}
ROLES_SHOWN = (
    "mentor (наставник)",
    "manager (руководитель)",
    "author (автор)",
    "content lead (ведущий контента)",
    "hr (кадровая служба)",
)
IMPORTED_ROLES = frozenset(ROLE_WORDS.values())
# Role groups an import may add or take away: everything but administrators.
MANAGED_ROLES = frozenset({roles.LEARNERS, *IMPORTED_ROLES})

SPEC = TableSpec(
    columns=(
        Column(
            "employee_id",
            ("табельный номер", "табельный", "таб. номер", "employee id", "personnel number"),
            importing.text(max_length=64),
            required=True,
            unique=True,
        ),
        Column("last_name", ("фамилия", "surname"), importing.text(max_length=150)),
        Column("first_name", ("имя",), importing.text(max_length=150)),
        Column("middle_name", ("отчество", "patronymic"), importing.text(max_length=150)),
        Column(
            "email",
            ("почта", "электронная почта", "эл. почта", "e-mail", "e mail"),
            importing.email,
            unique=True,
        ),
        Column("username", ("логин", "login"), importing.text(max_length=USERNAME_MAX_LENGTH)),
        Column("team", ("команда",), importing.text(max_length=120)),
        Column("job_role", ("должность", "position"), importing.text(max_length=120)),
        Column("line_manager", ("руководитель", "manager"), importing.text(max_length=254)),
        Column("mentor", ("наставник",), importing.text(max_length=254)),
        Column(
            "hire_date",
            ("дата приёма", "дата приема на работу", "дата найма", "hired on"),
            importing.date,
        ),
        Column("status", ("статус",), importing.choice(STATUS_WORDS, shown=STATUS_SHOWN)),
        Column("left_on", ("дата увольнения", "left", "date left"), importing.date),
        Column(
            "roles",
            ("роли",),
            importing.list_of(importing.choice(ROLE_WORDS, shown=ROLES_SHOWN)),
        ),
    )
)
COLUMNS = SPEC.names()

# How the preview and the history name the fields (they store the names on the left). In their
# own context: "username", "email" and the like are also Django's own words for its forms.
FIELD_LABELS = {
    "employee_id": pgettext_lazy("staff field", "employee ID"),
    "username": pgettext_lazy("staff field", "username"),
    "last_name": pgettext_lazy("staff field", "last name"),
    "first_name": pgettext_lazy("staff field", "first name"),
    "middle_name": pgettext_lazy("staff field", "middle name"),
    "email": pgettext_lazy("staff field", "email"),
    "team": pgettext_lazy("staff field", "team"),
    "job_role": pgettext_lazy("staff field", "job role"),
    "line_manager": pgettext_lazy("staff field", "line manager"),
    "mentor": pgettext_lazy("staff field", "mentor"),
    "hire_date": pgettext_lazy("staff field", "hire date"),
    "status": pgettext_lazy("staff field", "status"),
    "left_on": pgettext_lazy("staff field", "left on"),
    "roles": pgettext_lazy("staff field", "roles"),
}
# The fields of the preview and the history that are kept on the staff profile.
PROFILE_CHANGES = frozenset(
    {
        "employee_id",
        "middle_name",
        "team",
        "job_role",
        "line_manager",
        "hire_date",
        "status",
        "left_on",
    }
)
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]
PROFILE_FIELDS = [
    "employee_id",
    "middle_name",
    "team_id",
    "job_role_id",
    "line_manager_id",
    "hire_date",
    "status",
    "left_on",
]

ERROR_NO_PERMISSION = _("Only administrators can import staff.")
ERROR_EMAIL_TAKEN = _("“%(email)s” is the email of another person in the system: %(who)s")
ERROR_EMAIL_AMBIGUOUS = _(
    "several accounts in the system have the email “%(email)s”; give each its own email first"
)
ERROR_USERNAME_TAKEN = _("the username “%(username)s” belongs to another person: %(who)s")
ERROR_USERNAME_INVALID = _(
    "“%(username)s” cannot be a username: use letters, digits and the signs @ . + - _ only"
)
ERROR_USERNAME_DUPLICATE = _("the username “%(username)s” is already on line %(line)s")
ERROR_JOB_ROLE_UNKNOWN = _(
    "there is no job role “%(name)s”; add it in the admin first, or import with --create-roles "
    "(the “create new job roles” box in the admin)"
)
ERROR_PERSON_NOT_FOUND = _(
    "“%(ref)s” is neither an employee ID nor an email of anyone in the file or in the system"
)
ERROR_PERSON_AMBIGUOUS = _(
    "several people in the system have the email “%(ref)s”; use the employee ID"
)
ERROR_OWN_MANAGER = _("a person cannot be their own line manager")
ERROR_OWN_MENTOR = _("a person cannot be their own mentor")
ERROR_MANAGER_CYCLE = _("line managers go round in a circle: %(cycle)s")
ERROR_MENTOR_LEFT = _("the mentor “%(ref)s” has left the company")
ERROR_LEFT_ON_NOT_LEFT = _("a date of leaving is given, but the status is not “left”")
ERROR_LEFT_BEFORE_HIRED = _("the date of leaving is before the hire date (%(hired)s)")
ERROR_ROLES_NOT_YOURS = _("only an administrator may give or take away the role: %(roles)s")
ERROR_ADMIN_RECORD = _("only an administrator may change the record of an administrator")
ERROR_OWN_LOCKOUT = _("this would lock you out of your own account")
ERROR_MISSING_ADMIN = _(
    "%(who)s is an administrator and is not in the file; only an administrator may deactivate them"
)
ERROR_MISSING_SELF = _("you (%(who)s) are not in the file, so the import would lock you out")
WARNING_MENTOR_IGNORED = _(
    "a mentor is paired only with a newcomer who is onboarding; the mentor of this row is ignored"
)

Node = tuple[str, int]  # ("u", user id) for an account in the system, ("r", line) for a new row


# --- What is in the system -----------------------------------------------------------------------


def _key(text: str) -> str:
    """How employee IDs and emails are compared: ignoring case and surrounding spaces."""
    return text.strip().casefold()


@dataclass
class _System:
    """The people, teams, job roles and roles as they are, read once for the whole file."""

    profiles: list[dict]
    profile_by_key: dict[str, dict]  # employee ID (``_key``) -> profile
    profile_by_user: dict[int, dict]
    users: dict[int, dict]
    users_by_email: dict[str, list[int]]
    user_by_username: dict[str, int]  # casefolded
    teams: dict[str, tuple[int, str]]  # normalised name -> (id, name)
    team_names: dict[int, str]
    job_roles: dict[str, tuple[int, str]]  # normalised name or slug -> (id, name)
    job_role_names: dict[int, str]
    roles_of: dict[int, set[str]]
    administrators: set[int]

    @classmethod
    def load(cls) -> "_System":
        profiles = list(
            StaffProfile.objects.values(
                "id",
                "user_id",
                "employee_id",
                "middle_name",
                "team_id",
                "job_role_id",
                "line_manager_id",
                "hire_date",
                "status",
                "left_on",
            )
        )
        users = {
            row["id"]: row
            for row in User.objects.values(*USER_FIELDS, "id", "is_superuser").iterator(
                chunk_size=5000
            )
        }
        users_by_email: dict[str, list[int]] = {}
        for user in users.values():
            if user["email"]:
                users_by_email.setdefault(_key(user["email"]), []).append(user["id"])
        teams, team_names = {}, {}
        for pk, name in Team.objects.values_list("id", "name"):
            teams.setdefault(normalise(name), (pk, name))
            team_names[pk] = name
        job_roles, job_role_names = {}, {}
        for pk, name, slug in JobRole.objects.values_list("id", "name", "slug"):
            job_roles.setdefault(normalise(name), (pk, name))
            job_roles.setdefault(normalise(slug), (pk, name))
            job_role_names[pk] = name
        roles_of: dict[int, set[str]] = {}
        memberships = User.groups.through.objects.filter(group__name__in=roles.ROLE_LABELS)
        for user_id, name in memberships.values_list("user_id", "group__name").iterator(
            chunk_size=5000
        ):
            roles_of.setdefault(user_id, set()).add(name)
        return cls(
            profiles=profiles,
            profile_by_key={_key(p["employee_id"]): p for p in profiles if p["employee_id"]},
            profile_by_user={p["user_id"]: p for p in profiles},
            users=users,
            users_by_email=users_by_email,
            user_by_username={u["username"].casefold(): pk for pk, u in users.items()},
            teams=teams,
            team_names=team_names,
            job_roles=job_roles,
            job_role_names=job_role_names,
            roles_of=roles_of,
            administrators={
                pk
                for pk, user in users.items()
                if user["is_superuser"] or roles.ADMINISTRATORS in roles_of.get(pk, ())
            },
        )

    def who(self, user_id: int) -> str:
        """A person as messages name them: full name (or username) and employee ID."""
        user = self.users[user_id]
        name = f"{user['last_name']} {user['first_name']}".strip() or user["username"]
        profile = self.profile_by_user.get(user_id)
        if profile and profile["employee_id"]:
            return f"{name} ({profile['employee_id']})"
        return name

    def has_left(self, user_id: int) -> bool:
        profile = self.profile_by_user.get(user_id)
        return not self.users[user_id]["is_active"] or (
            profile is not None and profile["status"] == Status.LEFT
        )


# --- The plan ------------------------------------------------------------------------------------


@dataclass
class PersonPlan:
    """What the import does to the person of one row."""

    line: int
    employee_id: str
    node: Node
    user_id: int | None = None  # an account in the system (matched, or taken over by email)
    profile_id: int | None = None
    user: dict[str, Any] = field(default_factory=dict)  # USER_FIELDS as they will be
    profile: dict[str, Any] = field(default_factory=dict)  # PROFILE_FIELDS but the references
    team: tuple[str, Any] | None = None  # ("id", pk) or ("new", normalised name)
    job_role: tuple[str, Any] | None = None
    manager: Node | None = None
    mentor: Node | None = None  # set when a pairing is to be made
    roles: set[str] | None = None  # role groups to hold; None: as they are
    user_changed: bool = False
    profile_changed: bool = False
    roles_changed: bool = False
    # The roles given or taken away (learners aside).
    roles_delta: frozenset = frozenset()
    job_role_changed: bool = False
    leaves: bool = False
    returns: bool = False
    change: RowChange | None = None


@dataclass
class StaffImportPlan(ImportPlan):
    people: list[PersonPlan] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)  # profiles to deactivate (not in the file)
    new_teams: dict[str, str] = field(default_factory=dict)  # normalised name -> name
    new_job_roles: dict[str, str] = field(default_factory=dict)
    record: StaffImport | None = None  # the history entry, once applied
    invited: list[int] = field(default_factory=list)  # user ids, once applied


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _roles_text(names) -> str:
    return ", ".join(name for name in roles.ROLE_LABELS if name in names and name != roles.LEARNERS)


class StaffImporter:
    """The staff import's columns, plan and apply (see the module docstring)."""

    spec = SPEC

    def __init__(
        self,
        *,
        imported_by: AbstractBaseUser | None = None,
        file_name: str = "",
        deactivate_missing: bool = False,
        create_roles: bool = False,
        invite: bool = False,
        today: datetime.date | None = None,
    ):
        self.imported_by = imported_by
        self.file_name = file_name
        self.deactivate_missing = deactivate_missing
        self.create_roles = create_roles
        self.invite = invite
        self.today = today or timezone.localdate()
        self.by_administrator = imported_by is None or user_is_administrator(user=imported_by)
        # HR import too: they may give and take away the people roles, never the others.
        self.grantable = (
            frozenset()
            if self.by_administrator
            else frozenset(roles_grantable_by(user=imported_by))
        )

    # --- plan ------------------------------------------------------------------------------

    def plan(self, table: Table) -> StaffImportPlan:
        self.table = table
        self.system = system = _System.load()
        self.result = plan = StaffImportPlan()
        self.by_key: dict[str, PersonPlan] = {}
        self.by_email: dict[str, PersonPlan] = {}
        self.by_node: dict[Node, PersonPlan] = {}
        rows = {row.line: row for row in table.rows}

        for row in table.rows:
            person = self._match(row)
            if person is not None:
                plan.people.append(person)
        self._usernames(rows)
        for person in plan.people:
            self._desired(person, rows[person.line])
        self._manager_cycles()
        for person in plan.people:
            self._mentor(person, rows[person.line])
        self.current_mentors = active_mentors(
            p.user_id for p in plan.people if p.mentor is not None and p.user_id is not None
        )
        if self.deactivate_missing:
            self._missing()
        for person in plan.people:
            self._changes(person, rows[person.line])
        self._permissions()
        plan.rows = [p.change for p in plan.people] + [
            RowChange(
                line=None,
                key=profile["employee_id"],
                label=system.who(profile["user_id"]),
                action=DEACTIVATE,
                changes=[FieldChange("status", profile["status"], Status.LEFT)],
            )
            for profile in plan.missing
        ]
        return plan

    def _error(self, line: int | None, column: str, message) -> None:
        self.result.errors.append(
            RowError(line, self.table.header(column) if column else "", message)
        )

    def _match(self, row) -> PersonPlan | None:
        """The person a row is about: by employee ID, else an account with the row's email and
        no employee ID yet, else someone new."""
        employee_id = row.get("employee_id")
        if employee_id is None or _key(employee_id) in self.by_key:
            return None  # missing or repeated: an error already
        system = self.system
        person = PersonPlan(line=row.line, employee_id=employee_id, node=("r", row.line))
        email = row.get("email")
        profile = system.profile_by_key.get(_key(employee_id))
        if profile is not None:
            person.user_id, person.profile_id = profile["user_id"], profile["id"]
        elif email:
            owners = system.users_by_email.get(_key(email), [])
            if len(owners) > 1:
                self._error(row.line, "email", ERROR_EMAIL_AMBIGUOUS % {"email": email})
            elif owners:
                owner_profile = system.profile_by_user.get(owners[0])
                if owner_profile and owner_profile["employee_id"]:
                    who = system.who(owners[0])
                    self._error(row.line, "email", ERROR_EMAIL_TAKEN % {"email": email, "who": who})
                else:
                    person.user_id = owners[0]
                    person.profile_id = owner_profile["id"] if owner_profile else None
        if profile is not None and email:
            # A known person's new email must not be someone else's.
            others = [u for u in system.users_by_email.get(_key(email), []) if u != person.user_id]
            if others:
                who = system.who(others[0])
                self._error(row.line, "email", ERROR_EMAIL_TAKEN % {"email": email, "who": who})
        if person.user_id is not None:
            person.node = ("u", person.user_id)
        self.by_key[_key(employee_id)] = person
        if email:
            self.by_email.setdefault(_key(email), person)
        self.by_node[person.node] = person
        return person

    def _usernames(self, rows) -> None:
        """Check the usernames the file gives; make one for each new person without."""
        system = self.system
        taken = dict(system.user_by_username)  # casefolded username -> user id
        given: dict[str, int] = {}
        for person in self.result.people:
            username = rows[person.line].get("username")
            if username is None:
                continue
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                self._error(
                    person.line, "username", ERROR_USERNAME_INVALID % {"username": username}
                )
                continue
            folded = username.casefold()
            owner = taken.get(folded)
            if folded in given:
                message = ERROR_USERNAME_DUPLICATE % {"username": username, "line": given[folded]}
                self._error(person.line, "username", message)
            elif owner is not None and owner != person.user_id:
                who = system.who(owner)
                self._error(
                    person.line,
                    "username",
                    ERROR_USERNAME_TAKEN % {"username": username, "who": who},
                )
            given[folded] = person.line
            person.user["username"] = username
        reserved = set(taken) | set(given)
        for person in self.result.people:
            if "username" in person.user:
                continue
            if person.user_id is not None:
                person.user["username"] = system.users[person.user_id]["username"]
                continue
            row = rows[person.line]
            email = row.get("email") or ""
            base = USERNAME_UNSAFE.sub("", email.partition("@")[0] or person.employee_id)
            base = (base or "user")[: USERNAME_MAX_LENGTH - 6]
            candidate, number = base, 2
            while candidate.casefold() in reserved:
                candidate, number = f"{base}{number}", number + 1
            reserved.add(candidate.casefold())
            person.user["username"] = candidate

    def _resolve(self, ref: str, line: int, column: str) -> Node | None:
        """The person an employee ID or email names, in the file first, then in the system;
        None (and an error) when nobody or several people are meant."""
        key = _key(ref)
        if key in self.by_key:
            return self.by_key[key].node
        if key in self.system.profile_by_key:
            return ("u", self.system.profile_by_key[key]["user_id"])
        if "@" in key:
            if key in self.by_email:
                return self.by_email[key].node
            owners = self.system.users_by_email.get(key, [])
            if len(owners) == 1:
                return ("u", owners[0])
            if owners:
                self._error(line, column, ERROR_PERSON_AMBIGUOUS % {"ref": ref})
                return None
        self._error(line, column, ERROR_PERSON_NOT_FOUND % {"ref": ref})
        return None

    def _desired(self, person: PersonPlan, row) -> None:
        """Every field as it will be after the import."""
        system = self.system
        user = system.users.get(person.user_id) if person.user_id else None
        profile = system.profile_by_user.get(person.user_id) if person.user_id else None
        for name in ("first_name", "last_name", "email"):
            if row.has(name):
                person.user[name] = row.get(name, "")
            else:
                person.user[name] = user[name] if user else ""
        fields = person.profile
        fields["employee_id"] = person.employee_id
        if row.has("middle_name"):
            fields["middle_name"] = row.get("middle_name", "")
        else:
            fields["middle_name"] = profile["middle_name"] if profile else ""

        if row.has("team"):
            name = row.get("team")
            person.team = self._team(name) if name else None
        elif profile and profile["team_id"]:
            person.team = ("id", profile["team_id"])
        if row.has("job_role"):
            name = row.get("job_role")
            person.job_role = self._job_role(name, row.line) if name else None
        elif profile and profile["job_role_id"]:
            person.job_role = ("id", profile["job_role_id"])

        if row.has("line_manager"):
            ref = row.get("line_manager")
            if ref:
                person.manager = self._resolve(ref, row.line, "line_manager")
                if person.manager == person.node:
                    self._error(row.line, "line_manager", ERROR_OWN_MANAGER)
                    person.manager = None
        elif profile and profile["line_manager_id"]:
            person.manager = ("u", profile["line_manager_id"])

        current_status = profile["status"] if profile else None
        status = row.get("status") or current_status or Status.ONBOARDING
        left_given = row.get("left_on")
        if status == Status.LEFT:
            kept = profile["left_on"] if current_status == Status.LEFT else None
            left_on = left_given or kept or self.today
        else:
            if left_given:
                self._error(row.line, "left_on", ERROR_LEFT_ON_NOT_LEFT)
            left_on = None
        hire_date = row.get("hire_date") or (profile["hire_date"] if profile else self.today)
        if left_on and left_given and left_on < hire_date:
            message = ERROR_LEFT_BEFORE_HIRED % {"hired": hire_date.isoformat()}
            self._error(row.line, "left_on", message)
        fields.update(hire_date=hire_date, status=status, left_on=left_on)

        if status == Status.LEFT:
            is_active = False
        elif user is None or current_status == Status.LEFT:
            is_active = True
        else:
            is_active = user["is_active"]
        person.user["is_active"] = is_active
        person.leaves = (
            user is not None
            and status == Status.LEFT
            and (current_status != Status.LEFT or user["is_active"])
        )
        person.returns = current_status == Status.LEFT and status != Status.LEFT

        held = system.roles_of.get(person.user_id, set()) if person.user_id else set()
        if row.has("roles"):
            person.roles = {roles.LEARNERS, *row.get("roles", [])} | (held - MANAGED_ROLES)
        elif profile is None:
            person.roles = held | {roles.LEARNERS}

    def _team(self, name: str) -> tuple[str, Any]:
        key = normalise(name)
        if key in self.system.teams:
            return ("id", self.system.teams[key][0])
        self.result.new_teams.setdefault(key, name)
        return ("new", key)

    def _job_role(self, name: str, line: int) -> tuple[str, Any] | None:
        key = normalise(name)
        if key in self.system.job_roles:
            return ("id", self.system.job_roles[key][0])
        if not self.create_roles:
            self._error(line, "job_role", ERROR_JOB_ROLE_UNKNOWN % {"name": name})
            return None
        self.result.new_job_roles.setdefault(key, name)
        return ("new", key)

    def _manager_of(self, node: Node) -> Node | None:
        person = self.by_node.get(node)
        if person is not None:
            return person.manager
        profile = self.system.profile_by_user.get(node[1])
        if profile and profile["line_manager_id"]:
            return ("u", profile["line_manager_id"])
        return None

    def _manager_cycles(self) -> None:
        """Every circle of line managers (A → B → A, and longer ones, also through people who
        are only in the system), reported once at each of its rows in the file."""
        done: set[Node] = set()
        for person in self.result.people:
            path: list[Node] = []
            on_path: set[Node] = set()
            node: Node | None = person.node
            while node is not None and node not in done and node not in on_path:
                path.append(node)
                on_path.add(node)
                node = self._manager_of(node)
            if node is not None and node in on_path:
                circle = path[path.index(node) :]
                names = [self._ref_text(n) for n in circle[:6]]
                if len(circle) > 6:
                    names.append("…")
                text = " → ".join([*names, self._ref_text(circle[0])])
                for member in circle:
                    if member in self.by_node:
                        line = self.by_node[member].line
                        self._error(line, "line_manager", ERROR_MANAGER_CYCLE % {"cycle": text})
            done.update(path)

    def _ref_text(self, node: Node | None) -> str:
        """A person as the preview and the history show a reference: their employee ID, else
        their username (or the file's employee ID for a new row)."""
        if node is None:
            return ""
        person = self.by_node.get(node)
        if person is not None:
            return person.employee_id
        profile = self.system.profile_by_user.get(node[1])
        if profile and profile["employee_id"]:
            return profile["employee_id"]
        return self.system.users[node[1]]["username"]

    def _leaves_or_left(self, node: Node) -> bool:
        person = self.by_node.get(node)
        if person is not None:
            return person.profile["status"] == Status.LEFT
        return self.system.has_left(node[1])

    def _mentor(self, person: PersonPlan, row) -> None:
        ref = row.get("mentor")
        if not ref:
            return
        mentor = self._resolve(ref, row.line, "mentor")
        if mentor is None:
            return
        if mentor == person.node:
            self._error(row.line, "mentor", ERROR_OWN_MENTOR)
            return
        if self._leaves_or_left(mentor):
            self._error(row.line, "mentor", ERROR_MENTOR_LEFT % {"ref": ref})
            return
        if person.profile["status"] != Status.ONBOARDING or not person.user["is_active"]:
            self.table.warn(row.line, "mentor", WARNING_MENTOR_IGNORED)
            return
        person.mentor = mentor

    def _missing(self) -> None:
        in_file = {p.profile_id for p in self.result.people if p.profile_id is not None}
        for profile in self.system.profiles:
            if not profile["employee_id"] or profile["id"] in in_file:
                continue
            active = self.system.users[profile["user_id"]]["is_active"]
            if profile["status"] != Status.LEFT or active:
                self.result.missing.append(profile)
        leaving = {("u", p["user_id"]) for p in self.result.missing}
        for person in self.result.people:
            if person.mentor in leaving:
                ref = self._ref_text(person.mentor)
                self._error(person.line, "mentor", ERROR_MENTOR_LEFT % {"ref": ref})
                person.mentor = None

    def _changes(self, person: PersonPlan, row) -> None:
        """Field-by-field differences, and what the row does."""
        system = self.system
        user = system.users.get(person.user_id) if person.user_id else None
        profile = system.profile_by_user.get(person.user_id) if person.user_id else None
        changes: list[FieldChange] = []

        def compare(name, old, new):
            if _text(old) != _text(new):
                changes.append(FieldChange(name, _text(old), _text(new)))

        old_user = user or {}
        for name in ("username", "last_name", "first_name", "email"):
            compare(name, old_user.get(name, ""), person.user[name])
        person.user_changed = user is not None and any(
            user[name] != person.user[name] for name in USER_FIELDS
        )
        old = profile or {}
        compare("employee_id", old.get("employee_id") or "", person.employee_id)
        compare("middle_name", old.get("middle_name", ""), person.profile["middle_name"])
        old_team = system.team_names.get(old.get("team_id"), "")
        compare("team", old_team, self._named(person.team, system.team_names, "new_teams"))
        old_role = system.job_role_names.get(old.get("job_role_id"), "")
        new_role = self._named(person.job_role, system.job_role_names, "new_job_roles")
        compare("job_role", old_role, new_role)
        old_manager = ("u", old["line_manager_id"]) if old.get("line_manager_id") else None
        if person.manager != old_manager:
            old_text, new_text = self._ref_text(old_manager), self._ref_text(person.manager)
            changes.append(FieldChange("line_manager", old_text, new_text))
        compare("hire_date", old.get("hire_date"), person.profile["hire_date"])
        compare("status", old.get("status", ""), person.profile["status"])
        compare("left_on", old.get("left_on"), person.profile["left_on"])
        person.profile_changed = profile is not None and any(
            c.field in PROFILE_CHANGES for c in changes
        )
        new_job_role = person.job_role is not None and person.job_role != (
            ("id", old.get("job_role_id")) if old.get("job_role_id") else None
        )
        person.job_role_changed = new_job_role and person.profile["status"] != Status.LEFT
        if person.roles is not None:
            held = system.roles_of.get(person.user_id, set()) if person.user_id else set()
            if person.roles == held:
                person.roles = None
            else:
                # Joining the learners (an account that was not staff yet) is no change to show.
                person.roles_changed = _roles_text(held) != _roles_text(person.roles)
                person.roles_delta = frozenset((held ^ person.roles) - {roles.LEARNERS})
                compare("roles", _roles_text(held), _roles_text(person.roles))
        current_mentor = self.current_mentors.get(person.user_id)
        if current_mentor is not None and person.mentor == ("u", current_mentor):
            person.mentor = None
        if person.mentor is not None:
            changes.append(FieldChange("mentor", "", self._ref_text(person.mentor)))

        if person.user_id is None or person.profile_id is None:
            action = CREATE
        elif person.leaves:
            action = DEACTIVATE
        elif changes or person.user_changed:
            action = CHANGE
        else:
            action = UNCHANGED
        label = f"{person.user['last_name']} {person.user['first_name']}".strip()
        person.change = RowChange(
            line=person.line,
            key=person.employee_id,
            label=label or person.user["username"],
            action=action,
            changes=changes,
        )

    def _named(self, ref, names: dict[int, str], new_attr: str) -> str:
        if ref is None:
            return ""
        kind, value = ref
        if kind == "id":
            return names[value]
        return getattr(self.result, new_attr)[value]

    def _permissions(self) -> None:
        """What only an administrator may do, and nobody may do to themselves."""
        system, me = self.system, self.imported_by
        for person in self.result.people:
            touched = person.change.action != UNCHANGED
            if not self.by_administrator:
                if person.user_id in system.administrators and touched:
                    self._error(person.line, "", ERROR_ADMIN_RECORD)
                not_yours = person.roles_delta - self.grantable
                if person.roles_changed and not_yours:
                    self._error(
                        person.line,
                        "roles",
                        ERROR_ROLES_NOT_YOURS
                        % {
                            "roles": ", ".join(
                                str(roles.role_label(name))
                                for name in roles.ROLE_LABELS
                                if name in not_yours
                            )
                        },
                    )
            if me is not None and person.user_id == me.pk and person.leaves:
                self._error(person.line, "status", ERROR_OWN_LOCKOUT)
        for profile in self.result.missing:
            who = system.who(profile["user_id"])
            if me is not None and profile["user_id"] == me.pk:
                self._error(None, "", ERROR_MISSING_SELF % {"who": who})
            elif not self.by_administrator and profile["user_id"] in system.administrators:
                self._error(None, "", ERROR_MISSING_ADMIN % {"who": who})

    # --- apply -----------------------------------------------------------------------------

    def apply(self, plan: StaffImportPlan) -> None:
        """Write the plan, set-based; runs inside the pipeline's transaction."""
        now = timezone.now()
        team_ids = {key: Team.objects.create(name=name).pk for key, name in plan.new_teams.items()}
        role_ids = {
            key: JobRole.objects.create(name=name, slug=_job_role_slug(name)).pk
            for key, name in plan.new_job_roles.items()
        }

        def ref_id(ref, created):
            if ref is None:
                return None
            kind, value = ref
            return value if kind == "id" else created[value]

        new_people = [p for p in plan.people if p.user_id is None]
        new_users = [
            User(**p.user, password=make_password(None), date_joined=now) for p in new_people
        ]
        User.objects.bulk_create(new_users, batch_size=BATCH)
        for person, user in zip(new_people, new_users, strict=True):
            person.user_id = user.pk
        user_of = {p.node: p.user_id for p in plan.people}

        def user_id_of(node):
            if node is None:
                return None
            return user_of.get(node, node[1] if node[0] == "u" else None)

        User.objects.bulk_update(
            [User(pk=p.user_id, **p.user) for p in plan.people if p.user_changed],
            USER_FIELDS,
            batch_size=BATCH,
        )
        new_profiles, changed_profiles = [], []
        for person in plan.people:
            profile = StaffProfile(
                pk=person.profile_id,
                user_id=person.user_id,
                team_id=ref_id(person.team, team_ids),
                job_role_id=ref_id(person.job_role, role_ids),
                line_manager_id=user_id_of(person.manager),
                **person.profile,
            )
            if person.profile_id is None:
                new_profiles.append((person, profile))
            elif person.profile_changed or person.user_changed or person.roles_changed:
                # bulk_update skips auto_now: the time of the change is set here.
                profile.updated_at = now
                changed_profiles.append(profile)
        StaffProfile.objects.bulk_create([p for _, p in new_profiles], batch_size=BATCH)
        for person, profile in new_profiles:
            person.profile_id = profile.pk
        StaffProfile.objects.bulk_update(
            changed_profiles, [*PROFILE_FIELDS, "updated_at"], batch_size=BATCH
        )
        self._roles_apply(plan)

        leavers = [p.user_id for p in plan.people if p.leaves]
        if plan.missing:
            missing_ids = [p["id"] for p in plan.missing]
            StaffProfile.objects.filter(pk__in=missing_ids).update(
                status=Status.LEFT, updated_at=now
            )
            StaffProfile.objects.filter(pk__in=missing_ids, left_on__isnull=True).update(
                left_on=self.today
            )
            leavers += [p["user_id"] for p in plan.missing]
        staff_accounts_lock(user_ids=leavers)

        with_plans = [
            p.profile_id
            for p in plan.people
            if p.job_role is not None
            and p.profile["status"] != Status.LEFT
            and (p.job_role_changed or p.change.action == CREATE)
        ]
        if with_plans:
            job_roles_set.send(
                sender=StaffProfile, profile_ids=with_plans, changed_by=self.imported_by
            )
        pairs = [(p.user_id, user_id_of(p.mentor)) for p in plan.people if p.mentor is not None]
        if pairs:
            mentors_assigned.send(sender=StaffProfile, pairs=pairs, assigned_by=self.imported_by)
        plan.record = self._history(plan, now=now)
        if self.invite:
            plan.invited = [
                p.user_id
                for p in plan.people
                if p.change.action == CREATE and p.user["email"] and p.user["is_active"]
            ]
            if plan.invited:
                from lms.people.invitations import invitations_send_later

                invitations_send_later(user_ids=plan.invited)

    def _roles_apply(self, plan: StaffImportPlan) -> None:
        groups = dict(Group.objects.filter(name__in=MANAGED_ROLES).values_list("name", "pk"))
        held = self.system.roles_of
        through = User.groups.through
        adding, removing = [], {}
        for person in plan.people:
            if person.roles is None:
                continue
            current = held.get(person.user_id, set())  # nothing for an account made just now
            for name in person.roles - current:
                if name in groups:
                    adding.append(through(user_id=person.user_id, group_id=groups[name]))
            for name in (current - person.roles) & MANAGED_ROLES:
                removing.setdefault(groups[name], []).append(person.user_id)
        through.objects.bulk_create(adding, batch_size=BATCH, ignore_conflicts=True)
        for group_id, user_ids in removing.items():
            for start in range(0, len(user_ids), BATCH):
                through.objects.filter(
                    group_id=group_id, user_id__in=user_ids[start : start + BATCH]
                ).delete()

    def _history(self, plan: StaffImportPlan, *, now) -> StaffImport:
        counts = dict.fromkeys((CREATE, CHANGE, UNCHANGED, DEACTIVATE), 0)
        for row in plan.rows:
            counts[row.action] += 1
        record = StaffImport.objects.create(
            imported_by=self.imported_by,
            imported_at=now,
            file_name=self.file_name[:255],
            created=counts[CREATE],
            changed=counts[CHANGE],
            unchanged=counts[UNCHANGED],
            deactivated=counts[DEACTIVATE],
            deactivate_missing=self.deactivate_missing,
        )
        profile_of = {p.employee_id: p.profile_id for p in plan.people}
        profile_of.update({p["employee_id"]: p["id"] for p in plan.missing})
        # A new person is one line (the preview showed their fields); a change, each field.
        StaffImportChange.objects.bulk_create(
            [
                StaffImportChange(
                    staff_import=record,
                    profile_id=profile_of.get(row.key),
                    employee_id=row.key,
                    action=row.action,
                    field=change.field,
                    old_value=change.old,
                    new_value=change.new,
                )
                for row in plan.rows
                if row.action != UNCHANGED
                for change in (
                    [FieldChange("employee_id", "", row.key)]
                    if row.action == CREATE
                    else row.changes
                )
            ],
            batch_size=BATCH,
        )
        return record


def _job_role_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:100] or "job-role"
    slug, number = base, 2
    while JobRole.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- The service ---------------------------------------------------------------------------------


def staff_import_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may import staff: administrators (who hold every permission; no other
    role is given this one). An import changes anyone in the file and, with
    ``--deactivate-missing``, anyone not in it, so a manager, who keeps only the records of
    their own teams, may not run one. The importer's own guards (roles, administrators'
    records, locking oneself out) stay as a second line."""
    return user.is_active and user.has_perm("people.add_staffimport")


def staff_import_history_allowed(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may read the history of staff imports: administrators (no other role is
    given the permission to view it)."""
    return user.is_active and user.has_perm("people.view_staffimport")


def staff_import(
    *,
    content: bytes,
    filename: str = "",
    imported_by: AbstractBaseUser | None = None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    create_roles: bool = False,
    invite: bool = False,
) -> ImportResult:
    """Preview (``dry_run``) or import a staff file; see the module docstring.

    ``imported_by`` is the person importing (None: the system, from the command line) and must
    be allowed to (``staff_import_allowed``), else ``PermissionDenied``. Nothing is written when
    the result has errors. ``result.plan.record`` is the history entry of an applied import;
    with ``invite``, the new people with an email are sent an invitation after the commit."""
    if imported_by is not None and not staff_import_allowed(user=imported_by):
        raise PermissionDenied(ERROR_NO_PERMISSION)
    importer = StaffImporter(
        imported_by=imported_by,
        file_name=filename,
        deactivate_missing=deactivate_missing,
        create_roles=create_roles,
        invite=invite,
    )
    return importing.table_import(
        importer=importer, content=content, filename=filename, dry_run=dry_run
    )


API_SOURCE = "API"  # the "file" of history entries written through the API


def staff_record_put(
    *,
    employee_id: str,
    values: dict[str, str],
    put_by: AbstractBaseUser,
    source: str = API_SOURCE,
) -> ImportResult:
    """Create or update one person as one row of a staff file (the HR API's ``PUT``).

    ``values`` maps column names (``COLUMNS``, English) to cell text; a column left out leaves
    that field as it is, an empty text clears it, as in a file. The row goes through the same
    checks and the same apply as a file import (``StaffImporter``), by ``put_by``, who must be
    allowed to import (``staff_import_allowed``), else ``PermissionDenied``. A row that changes
    nothing writes nothing; a change is recorded in the import history with ``source`` as the
    file name. Errors come back in the result, located at line 2 and the column's name."""
    if not staff_import_allowed(user=put_by):
        raise PermissionDenied(ERROR_NO_PERMISSION)
    names = [name for name in COLUMNS if name in values and name != "employee_id"]
    rows = [
        (1, ["employee_id", *names]),
        (2, [employee_id, *(values[name] for name in names)]),
    ]
    importer = StaffImporter(imported_by=put_by, file_name=source)
    return importing.rows_import(importer=importer, rows=rows, apply_unchanged=False)
