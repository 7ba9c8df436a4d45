"""What each role may do with the knowledge content's snippets (see ``lms.people.roles``)."""

from lms.people.roles import AUTHORS, CONTENT_LEADS, HR, MANAGERS, grant

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

# Managers and HR keep the onboarding plans of the job roles; content leads may
# look at them to see what their courses are used for.
for role in (MANAGERS, HR):
    grant(
        role,
        [
            "courses.add_onboardingplan",
            "courses.change_onboardingplan",
            "courses.delete_onboardingplan",
            "courses.view_onboardingplan",
        ],
    )
grant(CONTENT_LEADS, ["courses.view_onboardingplan"])

# Refresher policies decide who must redo which course and how often: managers, HR and
# content leads, who own the courses, keep them.
REFRESHER_POLICY_PERMISSIONS = [
    "courses.add_refresherpolicy",
    "courses.change_refresherpolicy",
    "courses.delete_refresherpolicy",
    "courses.view_refresherpolicy",
]
grant(MANAGERS, REFRESHER_POLICY_PERMISSIONS)
grant(HR, REFRESHER_POLICY_PERMISSIONS)
grant(CONTENT_LEADS, REFRESHER_POLICY_PERMISSIONS)

# The admin's list of published changes to re-learn and of CRM tutorials to review.
for role in (AUTHORS, CONTENT_LEADS, MANAGERS, HR):
    grant(role, ["courses.view_contentchange"])
