"""Editor panels of the courses app."""

from django.utils.functional import cached_property

from wagtail.admin.panels import Panel


class CrmReviewPanel(Panel):
    """On a CRM tutorial's edit page: the CRM releases that changed its feature since it was
    last published, so the author knows what to check. Hidden when there are none."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/crm_review_panel.html"

        @cached_property
        def reviews(self):
            # Imported here: the page models import this module.
            from courses.selectors import tutorial_reviews_open

            if not self.instance.pk:
                return []
            return tutorial_reviews_open(tutorial_id=self.instance.pk)

        def is_shown(self):
            return bool(self.reviews)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["reviews"] = self.reviews
            return context
