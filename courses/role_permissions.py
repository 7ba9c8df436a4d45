"""What each role may do with the knowledge content's snippets (see ``lms.people.roles``)."""

from lms.people.roles import AUTHORS, CONTENT_LEADS, grant

grant(
    AUTHORS,
    [
        "courses.add_crmfeature",
        "courses.change_crmfeature",
        "courses.view_crmfeature",
        "courses.view_crmrelease",
    ],
)
grant(
    CONTENT_LEADS,
    [
        "courses.add_crmfeature",
        "courses.change_crmfeature",
        "courses.delete_crmfeature",
        "courses.view_crmfeature",
        "courses.add_crmrelease",
        "courses.change_crmrelease",
        "courses.delete_crmrelease",
        "courses.view_crmrelease",
    ],
)
