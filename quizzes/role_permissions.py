"""What each role may do with the question bank and quizzes (see ``lms.people.roles``).

Authors write questions and quizzes and submit them; content leads also publish and delete.
Both import questions and export quizzes."""

from lms.people.roles import AUTHORS, CONTENT_LEADS, grant

_WRITE = [
    "quizzes.add_question",
    "quizzes.change_question",
    "quizzes.view_question",
    "quizzes.add_questioncategory",
    "quizzes.change_questioncategory",
    "quizzes.view_questioncategory",
    "quizzes.add_quiz",
    "quizzes.change_quiz",
    "quizzes.view_quiz",
]

grant(AUTHORS, _WRITE)
grant(
    CONTENT_LEADS,
    [
        *_WRITE,
        "quizzes.delete_question",
        "quizzes.delete_questioncategory",
        "quizzes.delete_quiz",
        "quizzes.publish_quiz",
        "quizzes.lock_quiz",
        "quizzes.unlock_quiz",
    ],
)
