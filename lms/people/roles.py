"""The roles of the product, each a Django group, and what each may do.

Group names are identifiers (the code looks groups up by them); what people see is
``ROLE_LABELS``. Model permissions are ``app_label.codename``; page permissions apply to the whole
page tree; collection permissions to the root collection (images and documents).
"""

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LEARNERS = "Learners"
MENTORS = "Mentors"
AUTHORS = "Authors"
CONTENT_LEADS = "Content leads"
MANAGERS = "Managers"
HR = "HR"
QA_EVALUATORS = "QA evaluators"
ADMINISTRATORS = "Administrators"

ROLE_LABELS = {
    LEARNERS: _("Learners"),
    MENTORS: _("Mentors"),
    AUTHORS: _("Authors"),
    CONTENT_LEADS: _("Content leads"),
    MANAGERS: _("Managers"),
    HR: pgettext_lazy("role", "HR"),
    QA_EVALUATORS: pgettext_lazy("role", "QA evaluators"),
    ADMINISTRATORS: _("Administrators"),
}

# The roles a manager may give when hiring (an administrator may give any): neither gives more
# than a manager holds, so hiring never widens what its manager can do.
GRANTABLE_BY_MANAGERS = (MENTORS, MANAGERS)
# HR keep everyone's staff record and may give the people roles, never the content or the
# administrators' ones.
GRANTABLE_BY_HR = (MENTORS, MANAGERS, HR)

ADMIN_ACCESS = "wagtailadmin.access_admin"


# Wagtail's starter groups are no roles of the product, but an administrator meets them in the
# same lists: they get a label too, saying where they come from.
WAGTAIL_GROUP_LABELS = {
    "Editors": pgettext_lazy("group", "Editors (Wagtail)"),
    "Moderators": pgettext_lazy("group", "Moderators (Wagtail)"),
}


def role_label(group_name: str):
    """What people see for the group ``group_name``: the role's label in their language, or the
    name itself for a group that is no role of the product (one an administrator added)."""
    return ROLE_LABELS.get(group_name) or WAGTAIL_GROUP_LABELS.get(group_name, group_name)


def group_str(group) -> str:
    """``str()`` of a Group: its label (see ``PeopleConfig.ready``), so that every list and
    chooser that names groups (workflow tasks, page privacy, the Django admin) shows the role
    as people know it while the name in the database stays the identifier."""
    return str(role_label(group.name))


# Keeping staff records, teams and job roles: what managers and HR both do.
_KEEP_STAFF = [
    "people.add_staffprofile",
    "people.change_staffprofile",
    "people.view_staffprofile",
    "people.add_team",
    "people.change_team",
    "people.view_team",
    "people.add_jobrole",
    "people.change_jobrole",
    "people.view_jobrole",
]

# Model permissions of the platform itself. Apps add theirs with ``grant`` from their own
# ``role_permissions`` module, so this module names no app that builds on it.
MODEL_PERMISSIONS: dict[str, list[str]] = {
    LEARNERS: [],
    MENTORS: [],
    AUTHORS: [ADMIN_ACCESS, "people.view_jobrole"],
    CONTENT_LEADS: [ADMIN_ACCESS, "people.view_jobrole"],
    MANAGERS: [ADMIN_ACCESS, *_KEEP_STAFF],
    # HR keep every staff record (see ``selectors.user_sees_all_staff``), import staff from
    # HR files and read the imports' history, and call the people API.
    HR: [ADMIN_ACCESS, *_KEEP_STAFF, "people.add_staffimport", "people.view_staffimport"],
    # QA evaluators keep the scorecards in the admin (granted by ``quality.role_permissions``)
    # and evaluate anyone's contacts with customers.
    QA_EVALUATORS: [ADMIN_ACCESS],
    # Administrators get every permission there is (see services.roles_sync).
    ADMINISTRATORS: [],
}
_granted: dict[str, list[str]] = {}


def grant(role: str, permissions: list[str]) -> None:
    """Give ``role`` these model permissions (``app_label.codename``) on the next roles sync.

    Called at import time of an app's ``role_permissions`` module; idempotent."""
    if role not in ROLE_LABELS:
        raise ValueError(f"Unknown role: {role}")
    held = _granted.setdefault(role, [])
    held.extend(p for p in permissions if p not in held)


def model_permissions(role: str) -> list[str]:
    """Everything ``role`` is declared to hold: the platform's own and what apps granted."""
    autodiscover_modules("role_permissions")
    return [*MODEL_PERMISSIONS.get(role, []), *_granted.get(role, [])]


PAGE_PERMISSIONS: dict[str, list[str]] = {
    AUTHORS: ["add_page", "change_page"],
    CONTENT_LEADS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page", "change_page", "publish_page", "lock_page", "unlock_page",
        "bulk_delete_page",
    ],
}  # fmt: skip

COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    AUTHORS: [
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    ],
    CONTENT_LEADS: [
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.delete_image",
        "wagtailimages.choose_image", "wagtaildocs.add_document", "wagtaildocs.change_document",
        "wagtaildocs.delete_document", "wagtaildocs.choose_document",
    ],
    ADMINISTRATORS: [
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.delete_image",
        "wagtailimages.choose_image", "wagtaildocs.add_document", "wagtaildocs.change_document",
        "wagtaildocs.delete_document", "wagtaildocs.choose_document",
    ],
}  # fmt: skip

# The moderation workflow: authors submit, content leads approve and publish. Pages, glossary
# terms and quizzes all go through it. Wagtail shows these names as stored (they are data, not
# messages), so they are stored in Russian, the product's language.
REVIEW_TASK_NAME = "Одобрение ведущим контента"
REVIEW_WORKFLOW_NAME = "Проверка ведущим контента"
