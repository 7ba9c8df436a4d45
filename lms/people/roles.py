"""The roles of the product, each a Django group, and what each may do.

Group names are identifiers (the code looks groups up by them); what people see is
``ROLE_LABELS``. Model permissions are ``app_label.codename``; page permissions apply to the whole
page tree; collection permissions to the root collection (images and documents).
"""

from django.utils.translation import gettext_lazy as _

LEARNERS = "Learners"
MENTORS = "Mentors"
AUTHORS = "Authors"
CONTENT_LEADS = "Content leads"
MANAGERS = "Managers"
ADMINISTRATORS = "Administrators"

ROLE_LABELS = {
    LEARNERS: _("Learners (all staff)"),
    MENTORS: _("Mentors"),
    AUTHORS: _("Authors (marketing)"),
    CONTENT_LEADS: _("Content leads"),
    MANAGERS: _("Managers"),
    ADMINISTRATORS: _("Administrators"),
}

ADMIN_ACCESS = "wagtailadmin.access_admin"

MODEL_PERMISSIONS: dict[str, list[str]] = {
    LEARNERS: [],
    MENTORS: [],
    AUTHORS: [
        ADMIN_ACCESS,
        "courses.add_crmfeature",
        "courses.change_crmfeature",
        "courses.view_crmfeature",
        "courses.view_crmrelease",
        "people.view_jobrole",
    ],
    CONTENT_LEADS: [
        ADMIN_ACCESS,
        "courses.add_crmfeature",
        "courses.change_crmfeature",
        "courses.delete_crmfeature",
        "courses.view_crmfeature",
        "courses.add_crmrelease",
        "courses.change_crmrelease",
        "courses.delete_crmrelease",
        "courses.view_crmrelease",
        "people.view_jobrole",
    ],
    MANAGERS: [
        ADMIN_ACCESS,
        "people.add_staffprofile",
        "people.change_staffprofile",
        "people.view_staffprofile",
        "people.add_team",
        "people.change_team",
        "people.view_team",
        "people.add_jobrole",
        "people.change_jobrole",
        "people.view_jobrole",
    ],
    # Administrators get every permission there is (see services.roles_sync).
    ADMINISTRATORS: [],
}

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

# The moderation workflow: authors submit, content leads approve and publish.
REVIEW_TASK_NAME = "Content lead approval"
REVIEW_WORKFLOW_NAME = "Review by a content lead"
