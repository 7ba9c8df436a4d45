"""What each role may do with glossary terms (see ``lms.people.roles``)."""

from lms.people.roles import AUTHORS, CONTENT_LEADS, grant

grant(
    AUTHORS,
    [
        "glossary.add_glossaryterm",
        "glossary.change_glossaryterm",
        "glossary.view_glossaryterm",
        "glossary.view_glossarycategory",
    ],
)
grant(
    CONTENT_LEADS,
    [
        "glossary.add_glossaryterm",
        "glossary.change_glossaryterm",
        "glossary.delete_glossaryterm",
        "glossary.publish_glossaryterm",
        "glossary.lock_glossaryterm",
        "glossary.unlock_glossaryterm",
        "glossary.view_glossaryterm",
        "glossary.add_glossarycategory",
        "glossary.change_glossarycategory",
        "glossary.view_glossarycategory",
    ],
)
