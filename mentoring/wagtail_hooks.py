"""Admin wiring for mentoring: mentor profiles and the practice skills of each job role."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.core.admin_columns import YesNoColumn
from mentoring.models import MentorProfile, PracticeSkill


class MentorProfileViewSet(SnippetViewSet):
    model = MentorProfile
    icon = "user"
    menu_label = _("Mentors")
    list_display = ["__str__", "capacity", YesNoColumn("is_active", model=MentorProfile)]
    list_filter = ["is_active"]


class PracticeSkillViewSet(SnippetViewSet):
    model = PracticeSkill
    icon = "tick"
    menu_label = _("Practice skills")
    list_display = [
        "title",
        "job_role",
        YesNoColumn("required_for_solo", model=PracticeSkill),
        "sessions_required",
    ]
    list_filter = ["job_role", "required_for_solo"]
    search_fields = ["title"]


class MentoringViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Mentoring")
    menu_icon = "group"
    menu_order = 270
    items = (MentorProfileViewSet, PracticeSkillViewSet)


register_snippet(MentoringViewSetGroup)
