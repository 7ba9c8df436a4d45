from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from courses.hooks import QuizHooks, quiz_hooks_register
        from quizzes import change_selectors, change_services, selectors, signals

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
                lesson_gates=selectors.lesson_gates,
                lesson_gate_quiz=selectors.lesson_gate_quiz,
                change_quizzes=change_selectors.change_quizzes,
                change_quiz=change_selectors.change_quiz,
            )
        )
        self._lesson_gate_panel_add()

    def _lesson_gate_panel_add(self):
        """Put the gate's chooser in the lesson editor, after the body. Wagtail builds a page's
        edit handler from ``content_panels`` the first time it is asked (and caches it), which
        is after every app is ready, so the panel is shown without courses naming it."""
        from wagtail.admin.panels import InlinePanel

        from courses.models import LessonPage

        if any(
            getattr(p, "relation_name", None) == "quiz_gates" for p in LessonPage.content_panels
        ):
            return
        panels = list(LessonPage.content_panels)
        at = next(
            (i + 1 for i, p in enumerate(panels) if getattr(p, "field_name", None) == "body"),
            len(panels),
        )
        panels.insert(
            at,
            InlinePanel(
                "quiz_gates",
                max_num=1,
                label=_("Gating quiz"),
                help_text=_(
                    "Shown at the end of the lesson. The next lesson stays locked until the "
                    "learner passes it."
                ),
            ),
        )
        LessonPage.content_panels = panels
