"""Admin wiring for the knowledge content: CRM snippets and the editor's length hints; onboarding
plans and refresher policies."""

from django import forms
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses import changes_admin  # noqa: F401  (its hooks: CRM release flags, the re-learning page)
from courses.hooks import quiz_list
from courses.models import CrmFeature, CrmRelease, LessonPage, OnboardingPlan, RefresherPolicy
from courses.models.refreshers import ERROR_NOBODY_SELECTED
from courses.selectors import LessonState, lesson_context_for_learner
from courses.services import LessonLocked, lesson_open
from lms.core.admin_columns import YesNoColumn


class CrmFeatureViewSet(SnippetViewSet):
    model = CrmFeature
    icon = "cog"
    menu_label = _("CRM features")
    list_display = ["name", "module"]
    search_fields = ["name", "module"]
    panels = [FieldPanel("name"), FieldPanel("module"), FieldPanel("description")]


class CrmReleaseViewSet(SnippetViewSet):
    model = CrmRelease
    icon = "history"
    menu_label = _("CRM releases")
    list_display = ["version", "released_on"]
    list_filter = ["released_on"]
    search_fields = ["version", "summary"]


class OnboardingPlanViewSet(SnippetViewSet):
    model = OnboardingPlan
    icon = "list-ol"
    menu_label = _("Onboarding plans")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "job_role",
        "description",
        YesNoColumn("issues_certificate", model=OnboardingPlan),
    ]


register_snippet(OnboardingPlanViewSet)


class RefresherPolicyForm(WagtailAdminModelForm):
    # The quiz is a plain id on the policy (the courses app's schema does not name the quizzes
    # app's), so the form offers the quizzes the quizzes app lists and stores the chosen one's id.
    quiz = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("quiz"),
        help_text=RefresherPolicy._meta.get_field("quiz_id").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quiz_list()
        if self.instance.quiz_id is not None:
            self.initial.setdefault("quiz", self.instance.quiz_id)

    def clean(self):
        cleaned = super().clean()
        quiz = cleaned.get("quiz")
        # Before the model's clean(), which refuses both a course and a quiz, or neither.
        self.instance.quiz_id = quiz.pk if quiz is not None else None
        chosen = cleaned.get("job_roles") or cleaned.get("teams")
        if cleaned.get("audience") == RefresherPolicy.Audience.SELECTED and not chosen:
            self.add_error("audience", ERROR_NOBODY_SELECTED)
        return cleaned


class RefresherPolicyViewSet(SnippetViewSet):
    model = RefresherPolicy
    icon = "rotate"
    menu_label = _("Refresher policies")
    menu_order = 235
    add_to_admin_menu = True
    list_display = [
        "title",
        Column("target_title", label=_("Course or quiz")),
        "every_days",
        "due_days",
        YesNoColumn("active", model=RefresherPolicy),
    ]
    list_filter = ["active", "audience"]
    search_fields = ["title"]
    # The model's clean() refuses both a course and a quiz, or neither, on the course field.
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("course"),
            FieldPanel("quiz"),
            FieldPanel("audience", widget=forms.RadioSelect),
            FieldPanel("job_roles", widget=forms.CheckboxSelectMultiple),
            FieldPanel("teams", widget=forms.CheckboxSelectMultiple),
            FieldPanel("every_days"),
            FieldPanel("due_days"),
            FieldPanel("expiring_soon_days"),
            FieldPanel("include_never_completed"),
            FieldPanel("active"),
        ],
        base_form_class=RefresherPolicyForm,
    )

    def get_queryset(self, request):
        # The list shows each policy's course or quiz: fetched with the policies.
        return RefresherPolicy.objects.with_targets()


register_snippet(RefresherPolicyViewSet)


class CrmViewSetGroup(SnippetViewSetGroup):
    menu_label = _("CRM")
    menu_icon = "cog"
    menu_order = 260
    items = (CrmFeatureViewSet, CrmReleaseViewSet)


register_snippet(CrmViewSetGroup)


@hooks.register("insert_editor_js")
def length_hint_js():
    return format_html('<script src="{}" defer></script>', static("courses/js/length-hint.js"))


# After Wagtail's own privacy check (order 0), so a visitor it turns away records nothing.
@hooks.register("before_serve_page", order=10)
def lesson_open_or_refuse(page, request, serve_args, serve_kwargs):
    """Record that a learner opened a lesson, or refuse a locked one with the reason.

    Anonymous visitors are left to Wagtail's own privacy check, which sends them to log in."""
    if not isinstance(page, LessonPage) or not request.user.is_authenticated:
        return None
    lesson = page
    context = lesson_context_for_learner(lesson=lesson, user=request.user)
    state = context["state"]
    try:
        if state is None or state.state == LessonState.LOCKED:
            raise LessonLocked()
        if not state.opened:
            lesson_open(user=request.user, lesson=lesson)
    except LessonLocked as refusal:
        return TemplateResponse(
            request,
            "courses/lesson_locked.html",
            {"page": lesson, "course": context["course"], "message": refusal.message},
            status=403,
        )
    # The page shows the same state; computing it once per request halves the lesson's reads.
    request.lesson_context = (lesson.pk, context)
    return None


# --- Course assignment for managers (courses/admin_views.py) -----------------------------------

from courses.admin_views import course_assign_admin_urls, course_assign_menu_item  # noqa: E402

hooks.register("register_admin_urls", course_assign_admin_urls)
hooks.register("register_admin_menu_item", course_assign_menu_item)


# --- Certifications for managers (courses/admin_views.py) --------------------------------------

from courses.admin_views import certification_menu_item  # noqa: E402

hooks.register("register_admin_menu_item", certification_menu_item)
