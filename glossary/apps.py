from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete

        from wagtail.signals import published, unpublished

        from glossary import linking
        from glossary.models import GlossaryTerm
        from lms import markdown

        markdown.register_html_transform(
            linking.link_terms_transform, cache_key=linking.cache_key, escapes_output=True
        )
        # Wagtail's own signals call the service (STYLE: no signals for domain flow).
        published.connect(_terms_changed, sender=GlossaryTerm)
        unpublished.connect(_terms_changed, sender=GlossaryTerm)
        post_delete.connect(_terms_changed, sender=GlossaryTerm)
        # A request sees one glossary version from start to end, read at most once.
        request_started.connect(_request_started, dispatch_uid="glossary-request-started")
        request_finished.connect(_request_finished, dispatch_uid="glossary-request-finished")


def _terms_changed(sender, instance, **kwargs):
    from glossary.services import glossary_version_bump

    glossary_version_bump()


def _request_started(**kwargs):
    from glossary import linking

    linking.version_memo_clear(in_request=True)


def _request_finished(**kwargs):
    from glossary import linking

    linking.request_finished()
