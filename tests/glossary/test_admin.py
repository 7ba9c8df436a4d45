"""The editor side of the glossary: who may list, add, edit, submit and publish terms; the
review workflow; scheduled publishing; and the glossary version every publish bumps."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from glossary.models import GlossaryTerm
from glossary.selectors import glossary_state_get
from lms.core.tasks import publish_scheduled
from lms.markdown import render
from lms.people import roles
from tests.factories import staff_user
from tests.glossary.helpers import category_create, term_create, term_draft_create

LIST_URL = reverse("wagtailsnippets_glossary_glossaryterm:list")
ADD_URL = reverse("wagtailsnippets_glossary_glossaryterm:add")
TEXT = "Сравните наш тариф с соседским."


def edit_url(term: GlossaryTerm) -> str:
    return reverse("wagtailsnippets_glossary_glossaryterm:edit", args=[term.pk])


def term_form(term: GlossaryTerm | None = None, **changes) -> dict:
    """POST data for the term editor (both tabs), from ``term`` or blank, with ``changes``."""
    related = changes.pop("related", [t.pk for t in term.related.all()] if term else [])
    data = {
        "term_ru": term.term_ru if term else "",
        "term_en": term.term_en if term else "",
        "slug": term.slug if term else "",
        "aliases": term.aliases if term else "",
        "definition_ru": term.definition_ru if term else "",
        "definition_en": term.definition_en if term else "",
        "example": term.example if term else "",
        "not_to_confuse": term.not_to_confuse if term else "",
        "category": term.category_id or "" if term else "",
        "tags": ", ".join(term.tags.names()) if term else "",
    }
    data.update(changes)
    # A multiple choice goes as one key with several values (nested_form_data would number
    # the items of a list).
    return {**nested_form_data(data), "related": [str(pk) for pk in related]}


def linked(html: str, slug: str) -> bool:
    return f'data-term="{slug}"' in html


class TermAdminPermissionTests(TestCase):
    """Anonymous, learner, manager, author and content lead against the term snippet views."""

    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        cls.author = staff_user(roles=[roles.AUTHORS])
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])
        cls.category = category_create(name="Тарифы", slug="tarify")
        cls.term = term_create(
            term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.", category=cls.category
        )

    def urls(self):
        return [LIST_URL, ADD_URL, edit_url(self.term)]

    def test_anonymous_goes_to_admin_login(self):
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/admin/login/"))

    def test_learner_and_manager_have_no_access(self):
        for user in (self.learner, self.manager):
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (302, 403))
                    if response.status_code == 302:
                        self.assertNotEqual(response["Location"], url)

    def test_learner_and_manager_cannot_change_a_term(self):
        for user in (self.learner, self.manager):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.client.post(
                    edit_url(self.term),
                    term_form(self.term, definition_ru="Взлом.", **{"action-publish": "1"}),
                )
                self.client.post(
                    ADD_URL,
                    term_form(
                        term_ru="Чужой",
                        slug="chuzhoy",
                        definition_ru="Нет.",
                        **{"action-publish": "1"},
                    ),
                )
        self.term.refresh_from_db()
        self.assertEqual(self.term.definition_ru, "Набор услуг.")
        self.assertFalse(self.term.revisions.filter(content__definition_ru="Взлом.").exists())
        self.assertFalse(GlossaryTerm.objects.filter(slug="chuzhoy").exists())

    def test_author_and_lead_open_list_add_and_edit(self):
        for user in (self.author, self.lead):
            self.client.force_login(user)
            for url in self.urls():
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_editor_shows_every_field(self):
        self.client.force_login(self.author)
        html = self.client.get(ADD_URL).content.decode()
        for field in (
            "term_ru", "term_en", "slug", "aliases", "definition_ru", "definition_en",
            "example", "not_to_confuse", "category", "related", "tags",
        ):  # fmt: skip
            with self.subTest(field=field):
                self.assertIn(f'name="{field}"', html)

    def test_author_is_offered_submit_not_publish(self):
        self.client.force_login(self.author)
        html = self.client.get(edit_url(self.term)).content.decode()
        self.assertIn('name="action-submit"', html)
        self.assertNotIn('name="action-publish"', html)

    def test_lead_is_offered_publish(self):
        self.client.force_login(self.lead)
        html = self.client.get(edit_url(self.term)).content.decode()
        self.assertIn('name="action-publish"', html)

    def test_author_adds_a_draft_and_cannot_publish_it(self):
        self.client.force_login(self.author)
        response = self.client.post(
            ADD_URL,
            term_form(
                term_ru="Отстройка",
                slug="otstroyka",
                definition_ru="Чем мы лучше конкурента.",
                category=str(self.category.pk),
                related=[self.term.pk],
                tags="b2c, продажи",
                **{"action-publish": "1"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        term = GlossaryTerm.objects.get(slug="otstroyka")
        self.assertFalse(term.live)
        latest = term.get_latest_revision_as_object()
        self.assertEqual(latest.definition_ru, "Чем мы лучше конкурента.")
        self.assertEqual(list(latest.related.all()), [self.term])
        self.assertEqual(sorted(latest.tags.names()), ["b2c", "продажи"])

    def test_author_edits_but_the_live_term_does_not_change(self):
        self.client.force_login(self.author)
        self.client.post(
            edit_url(self.term),
            term_form(self.term, definition_ru="Новое определение.", **{"action-publish": "1"}),
        )
        self.term.refresh_from_db()
        self.assertTrue(self.term.live)
        self.assertEqual(self.term.definition_ru, "Набор услуг.")
        self.assertEqual(
            self.term.get_latest_revision_as_object().definition_ru, "Новое определение."
        )

    def test_author_submits_for_review(self):
        self.client.force_login(self.author)
        self.client.post(
            edit_url(self.term),
            term_form(self.term, definition_ru="На проверку.", **{"action-submit": "1"}),
        )
        state = WorkflowState.objects.get(
            base_content_type__model="glossaryterm", object_id=str(self.term.pk)
        )
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.current_task_state.task.name, roles.REVIEW_TASK_NAME)
        self.term.refresh_from_db()
        self.assertEqual(self.term.definition_ru, "Набор услуг.")

    def test_lead_approves_what_an_author_submitted(self):
        self.client.force_login(self.author)
        self.client.post(
            edit_url(self.term),
            term_form(self.term, definition_ru="Проверено.", **{"action-submit": "1"}),
        )
        self.client.force_login(self.lead)
        self.client.post(
            edit_url(self.term),
            term_form(
                self.term,
                definition_ru="Проверено.",
                **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            ),
        )
        self.term.refresh_from_db()
        self.assertEqual(self.term.definition_ru, "Проверено.")
        state = WorkflowState.objects.get(
            base_content_type__model="glossaryterm", object_id=str(self.term.pk)
        )
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)

    def test_lead_publishes_a_new_term(self):
        self.client.force_login(self.lead)
        self.client.post(
            ADD_URL,
            term_form(
                term_ru="Отстройка",
                slug="otstroyka",
                definition_ru="Чем мы лучше.",
                related=[self.term.pk],
                **{"action-publish": "1"},
            ),
        )
        term = GlossaryTerm.objects.get(slug="otstroyka")
        self.assertTrue(term.live)
        self.assertEqual(list(term.related.all()), [self.term])

    def test_lead_publishes_an_edit(self):
        self.client.force_login(self.lead)
        self.client.post(
            edit_url(self.term),
            term_form(self.term, definition_ru="Опубликовано.", **{"action-publish": "1"}),
        )
        self.term.refresh_from_db()
        self.assertTrue(self.term.live)
        self.assertEqual(self.term.definition_ru, "Опубликовано.")

    def test_a_term_needs_a_definition_in_its_language(self):
        self.client.force_login(self.lead)
        response = self.client.post(
            ADD_URL,
            term_form(term_ru="Пустой", slug="pustoy", **{"action-publish": "1"}),
        )
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        self.assertFalse(GlossaryTerm.objects.filter(slug="pustoy").exists())


class TermWorkflowTests(TestCase):
    def test_terms_go_through_the_content_lead_review(self):
        workflow = GlossaryTerm().get_workflow()
        self.assertIsNotNone(workflow)
        self.assertEqual(workflow.name, roles.REVIEW_WORKFLOW_NAME)
        self.assertTrue(workflow.active)
        self.assertEqual(
            [
                (task.name, sorted(g.name for g in task.specific.groups.all()))
                for task in workflow.tasks
            ],
            [(roles.REVIEW_TASK_NAME, [roles.CONTENT_LEADS])],
        )


class TermScheduledPublishingTests(TestCase):
    """A term set to go live later is published by the scheduled task, and links from then on."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])

    def test_a_revision_whose_time_has_come_is_published(self):
        term = term_draft_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        past = timezone.now() - datetime.timedelta(minutes=5)
        term.go_live_at = past
        term.save_revision(approved_go_live_at=past)
        self.assertFalse(linked(render(TEXT), "tarif"))
        version = glossary_state_get().version

        publish_scheduled()

        term.refresh_from_db()
        self.assertTrue(term.live)
        self.assertGreater(glossary_state_get().version, version)
        self.assertTrue(linked(render(TEXT), "tarif"))

    def test_a_term_scheduled_for_later_waits_then_goes_live(self):
        term = term_draft_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        term.go_live_at = timezone.now() + datetime.timedelta(days=1)
        revision = term.save_revision()
        revision.publish()  # what "Publish" with a schedule does: approve it for later
        revision.refresh_from_db()
        self.assertIsNotNone(revision.approved_go_live_at)

        publish_scheduled()
        term.refresh_from_db()
        self.assertFalse(term.live)
        self.assertFalse(linked(render(TEXT), "tarif"))

        # A day later: move the schedule into the past instead of waiting.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
        publish_scheduled()

        term.refresh_from_db()
        self.assertTrue(term.live)
        self.assertTrue(linked(render(TEXT), "tarif"))
        self.assertFalse(Revision.objects.filter(approved_go_live_at__isnull=False).exists())

    def test_lead_schedules_a_term_in_the_editor(self):
        """The editor offers go-live and expiry times (Wagtail's PublishingPanel); publishing
        with a future time schedules the term instead of publishing it at once."""
        self.client.force_login(self.lead)
        html = self.client.get(ADD_URL).content.decode()
        self.assertIn('name="go_live_at"', html)
        self.assertIn('name="expire_at"', html)
        go_live_at = timezone.localtime() + datetime.timedelta(days=1)
        self.client.post(
            ADD_URL,
            term_form(
                term_ru="Тариф",
                slug="tarif",
                definition_ru="Набор услуг.",
                go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
                **{"action-publish": "1"},
            ),
        )
        term = GlossaryTerm.objects.get(slug="tarif")
        self.assertFalse(term.live)
        self.assertIsNotNone(term.latest_revision.approved_go_live_at)
        self.assertFalse(linked(render(TEXT), "tarif"))


class GlossaryVersionTests(TestCase):
    """Every change to the set of live terms bumps the version, and ``render`` in this very
    process shows the change at once."""

    @classmethod
    def setUpTestData(cls):
        cls.lead = staff_user(roles=[roles.CONTENT_LEADS])

    def version(self) -> int:
        return glossary_state_get().version

    def test_publish_and_unpublish(self):
        term = term_draft_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        self.assertFalse(linked(render(TEXT), "tarif"))
        before = self.version()

        term.get_latest_revision().publish()
        after_publish = self.version()
        self.assertGreater(after_publish, before)
        self.assertTrue(linked(render(TEXT), "tarif"))

        term.refresh_from_db()
        term.unpublish()
        self.assertGreater(self.version(), after_publish)
        self.assertFalse(linked(render(TEXT), "tarif"))

    def test_a_published_edit_changes_the_tooltip(self):
        term = term_create(term_ru="Тариф", slug="tarif", definition_ru="Старое определение.")
        self.assertIn("Старое определение.", render(TEXT))
        before = self.version()
        term.definition_ru = "Новое определение."
        term.save_revision().publish()
        self.assertGreater(self.version(), before)
        html = render(TEXT)
        self.assertIn("Новое определение.", html)
        self.assertNotIn("Старое определение.", html)

    def test_a_draft_edit_changes_nothing(self):
        term = term_create(term_ru="Тариф", slug="tarif", definition_ru="Старое определение.")
        before = self.version()
        term.definition_ru = "Черновое определение."
        term.save_revision()
        self.assertEqual(self.version(), before)
        self.assertIn("Старое определение.", render(TEXT))

    def test_deleting_a_term(self):
        term = term_create(term_ru="Тариф", slug="tarif", definition_ru="Набор услуг.")
        self.assertTrue(linked(render(TEXT), "tarif"))
        before = self.version()
        term.delete()
        self.assertGreater(self.version(), before)
        self.assertFalse(linked(render(TEXT), "tarif"))

    def test_publish_and_unpublish_in_the_admin(self):
        self.client.force_login(self.lead)
        self.client.post(
            ADD_URL,
            term_form(
                term_ru="Тариф",
                slug="tarif",
                definition_ru="Набор услуг.",
                **{"action-publish": "1"},
            ),
        )
        term = GlossaryTerm.objects.get(slug="tarif")
        self.assertTrue(term.live)
        self.assertTrue(linked(render(TEXT), "tarif"))
        before = self.version()

        unpublish_url = reverse("wagtailsnippets_glossary_glossaryterm:unpublish", args=[term.pk])
        self.assertEqual(self.client.post(unpublish_url).status_code, 302)
        term.refresh_from_db()
        self.assertFalse(term.live)
        self.assertGreater(self.version(), before)
        self.assertFalse(linked(render(TEXT), "tarif"))
