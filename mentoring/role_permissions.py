"""What each role may do with mentoring's admin-managed models (see ``lms.people.roles``).

Pairings, sessions, sign-offs and clearances are records of decisions made through the
services (with their own rules on who may decide), so no role gets add, change or delete rights
on them: managers may only look at them.
"""

from lms.people.roles import HR, MANAGERS, MENTORS, grant

# Managers and HR keep the list of mentors (capacity, teams, job roles) and the practice skills
# of the job roles they hire into.
_MANAGE = [
    "mentoring.add_mentorprofile",
    "mentoring.change_mentorprofile",
    "mentoring.delete_mentorprofile",
    "mentoring.view_mentorprofile",
    "mentoring.add_practiceskill",
    "mentoring.change_practiceskill",
    "mentoring.delete_practiceskill",
    "mentoring.view_practiceskill",
    "mentoring.view_pairing",
    "mentoring.view_supervisedsession",
    "mentoring.view_signoff",
    "mentoring.view_soloclearance",
]
grant(MANAGERS, _MANAGE)
grant(HR, _MANAGE)
# Mentors rate and sign off the practice skills, so they may read them and see who mentors.
grant(MENTORS, ["mentoring.view_practiceskill", "mentoring.view_mentorprofile"])
