from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from courses.hooks import QuizHooks, quiz_hooks_register
        from quizzes import change_selectors, change_services, signals

        signals.connect()

        # Courses never imports quizzes: it learns about passes and change quizzes from here.
        quiz_hooks_register(
            QuizHooks(
                quiz_passes=change_selectors.quiz_passes,
                change_answerers=change_selectors.change_answerers,
                change_quiz_build=change_services.change_quiz_build,
                quiz_ids_live=change_selectors.quiz_ids_live,
                quiz_title=change_selectors.quiz_title,
                quiz_list=change_selectors.quiz_list,
            )
        )
