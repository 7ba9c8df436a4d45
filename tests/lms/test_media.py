"""The /media/ view (``lms.core.views.media_view``): image renditions for signed-in staff,
nothing else, however the path is spelt."""

from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import Collection, CollectionViewRestriction

from lms.people import roles
from tests.courses.factories import DocumentFactory, ImageFactory
from tests.factories import staff_user


class MediaViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.learner = staff_user()
        cls.manager = staff_user(roles=[roles.MANAGERS])
        restricted = Collection.get_first_root_node().add_child(name="Для руководителей")
        CollectionViewRestriction.objects.create(
            collection=restricted, restriction_type=CollectionViewRestriction.GROUPS
        ).groups.set([Group.objects.get(name=roles.MANAGERS)])
        cls.document = DocumentFactory(title="Зарплаты", collection=restricted)
        cls.image = ImageFactory()
        cls.rendition = cls.image.get_rendition("fill-32x24")

    def setUp(self):
        self.client.force_login(self.learner)

    def test_the_restricted_document_is_refused_through_wagtail(self):
        # The premise: Wagtail's own view applies the collection's restriction.
        self.assertNotEqual(self.client.get(self.document.url).status_code, 200)
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(self.document.url).status_code, 200)

    def test_no_spelling_of_a_document_path_is_served(self):
        name = self.document.file.name.split("/", 1)[1]
        self.assertTrue(self.document.file.name.startswith("documents/"))
        for path in (
            f"/media/documents/{name}",
            f"/media/./documents/{name}",
            f"/media/%2e/documents/{name}",
            f"/media/%2E/documents/{name}",
            f"/media/%252e/documents/{name}",
            f"/media/original_images/./../documents/{name}",
            f"/media/original_images/%2e%2e/documents/{name}",
            f"/media/images/../documents/{name}",
            f"/media/images/%2e%2e/documents/{name}",
            f"/media/documents//{name}",
            f"/media//documents/{name}",
            f"/media/documents/./{name}",
            f"/media/.\\documents\\{name}",
            f"/media/documents\\{name}",
            f"/media/images\\..\\documents\\{name}",
            f"/media/images/%00/../../documents/{name}",
        ):
            with self.subTest(path=path):
                # A manager may read the document, but not here either: only Wagtail's view.
                for user in (self.learner, self.manager):
                    self.client.force_login(user)
                    response = self.client.get(path)
                    self.assertIn(response.status_code, (400, 404))
                    self.assertNotIn("Content-Disposition", response)

    def test_original_images_are_not_served(self):
        self.assertTrue(self.image.file.name.startswith("original_images/"))
        for path in (self.image.file.url, self.image.file.url.replace("/media/", "/media/./")):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_rendition_is_served(self):
        self.assertTrue(self.rendition.file.name.startswith("images/"))
        response = self.client.get(self.rendition.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("image/"))
        with self.rendition.file.open("rb") as stored:
            self.assertEqual(b"".join(response.streaming_content), stored.read())

    def test_a_rendition_path_in_disguise_is_refused(self):
        name = self.rendition.file.name.split("/", 1)[1]
        for path in (
            f"/media/./images/{name}",
            f"/media/images/./{name}",
            f"/media/original_images/../images/{name}",
            f"/media/images//{name}",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_outside_media_and_missing_files_are_404(self):
        for path in (
            "/media/../manage.py",
            "/media/%2e%2e/manage.py",
            "/media/images/../../manage.py",
            "/media/images/no-such-file.png",
            "/media/images/",
        ):
            with self.subTest(path=path):
                self.assertIn(self.client.get(path).status_code, (400, 404))

    def test_anonymous_is_sent_to_login(self):
        self.client.logout()
        response = self.client.get(self.rendition.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
