"""The certificates' pages (``reports.views.certificates``): the public verification page, the
PDF (who may download it), the list of one's own and one's people's certificates, revoking."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

import pytest

from lms.people import roles
from reports.models import Certificate
from tests.factories import TeamFactory, staff_user


def certificate_create(user, **fields) -> Certificate:
    fields.setdefault("kind", Certificate.Kind.COURSE)
    fields.setdefault("title", "Стандарты обслуживания")
    fields.setdefault("issued_on", timezone.localdate() - datetime.timedelta(days=10))
    return Certificate.objects.create(user=user, **fields)


class People:
    """A team with its manager and a holder; another team with its manager; HR; an
    administrator; a colleague of the holder."""

    @classmethod
    def people(cls):
        cls.team = TeamFactory()
        cls.other_team = TeamFactory()
        cls.manager = staff_user(roles=[roles.MANAGERS], team=cls.team)
        cls.team.managers.add(cls.manager)
        cls.other_manager = staff_user(roles=[roles.MANAGERS], team=cls.other_team)
        cls.other_team.managers.add(cls.other_manager)
        cls.holder = staff_user(
            team=cls.team,
            first_name="Екатерина",
            last_name="Морозова",
            email="e.morozova@example.com",
        )
        cls.colleague = staff_user(team=cls.team)
        cls.hr = staff_user(roles=[roles.HR])
        cls.admin = staff_user(roles=[roles.ADMINISTRATORS])


class CertificateVerifyViewTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.certificate = certificate_create(
            cls.holder, expires_on=timezone.localdate() + datetime.timedelta(days=30)
        )

    def get(self, code=None):
        return self.client.get(reverse("reports:certificate_verify", args=[code or self.code]))

    @property
    def code(self):
        return self.certificate.code

    def test_valid_without_signing_in(self):
        response = self.get()

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Сертификат действителен.")
        self.assertContains(response, "Екатерина Морозова")
        self.assertContains(response, "Стандарты обслуживания")
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")

    def test_nothing_else_about_the_person(self):
        response = self.get()

        body = response.content.decode()
        for private in (
            "e.morozova@example.com",
            self.holder.username,
            self.team.name,
            self.holder.staff_profile.hire_date.isoformat(),
        ):
            self.assertNotIn(private, body)

    def test_a_holder_without_a_full_name_is_never_named_by_their_login(self):
        nameless = staff_user(username="ivan.login42", team=self.team)
        certificate = certificate_create(nameless)

        response = self.get(certificate.code)

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "ivan.login42")
        self.assertContains(response, "<dd>имя не указано</dd>", html=True)

    def test_expired(self):
        Certificate.objects.filter(pk=self.certificate.pk).update(
            expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )

        response = self.get()

        self.assertContains(response, "Срок действия сертификата истёк")
        self.assertNotContains(response, "Сертификат действителен.")

    def test_revoked_wins_over_valid_and_expired(self):
        Certificate.objects.filter(pk=self.certificate.pk).update(
            revoked_at=timezone.now(),
            revoked_by=self.manager,
            revoke_reason="Тайная причина",
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )

        response = self.get()

        self.assertContains(response, "Сертификат отозван")
        self.assertNotContains(response, "истёк")
        # Why, and by whom, is not the public's business.
        self.assertNotContains(response, "Тайная причина")

    def test_an_unknown_code_is_404(self):
        self.assertEqual(self.get("NoSuchCode123456").status_code, 404)


class CertificatePdfViewTests(People, TestCase):
    """Owner, the manager of their team, HR and administrators get the PDF; a manager of another
    team and a colleague get 404; anonymous is sent to sign in."""

    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.certificate = certificate_create(cls.holder)
        cls.url = reverse("reports:certificate_pdf", args=[cls.certificate.code])

    def test_allowed(self):
        for who in (self.holder, self.manager, self.hr, self.admin):
            with self.subTest(who=who.username):
                self.client.force_login(who)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertTrue(response.content.startswith(b"%PDF"))
                self.assertIn("no-store", response["Cache-Control"])

    def test_refused_as_not_found(self):
        for who in (self.other_manager, self.colleague):
            with self.subTest(who=who.username):
                self.client.force_login(who)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))

    def test_an_unknown_code_is_404(self):
        self.client.force_login(self.admin)
        url = reverse("reports:certificate_pdf", args=["NoSuchCode123456"])
        self.assertEqual(self.client.get(url).status_code, 404)


class CertificateListViewTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.mine = certificate_create(cls.holder, title="Мой курс")
        cls.others = certificate_create(staff_user(team=cls.other_team), title="Чужой курс")
        cls.url = reverse("reports:certificates")

    def test_anonymous_is_sent_to_sign_in(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_a_holder_sees_their_own_and_no_revoke_form(self):
        self.client.force_login(self.holder)

        response = self.client.get(self.url)

        self.assertContains(response, "Мой курс")
        self.assertContains(response, reverse("reports:certificate_pdf", args=[self.mine.code]))
        self.assertNotContains(response, "Чужой курс")
        self.assertNotContains(response, "/revoke/")

    def test_a_manager_sees_only_their_people(self):
        self.client.force_login(self.manager)

        response = self.client.get(self.url)

        self.assertContains(response, "Мой курс")
        self.assertContains(response, reverse("reports:certificate_revoke", args=[self.mine.code]))
        self.assertNotContains(response, "Чужой курс")

    def test_the_menu_links_here_for_holders_and_managers_only(self):
        link = f'href="{self.url}"'
        for who, shown in ((self.holder, True), (self.manager, True), (self.colleague, False)):
            with self.subTest(who=who.username):
                self.client.force_login(who)
                response = self.client.get(reverse("notifications:inbox"))
                self.assertEqual(link in response.content.decode(), shown)

    def test_hr_sees_everyone(self):
        self.client.force_login(self.hr)

        response = self.client.get(self.url)

        self.assertContains(response, "Мой курс")
        self.assertContains(response, "Чужой курс")


@pytest.mark.django_db
def test_the_list_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    team = TeamFactory()
    manager = staff_user(roles=[roles.MANAGERS], team=team)
    team.managers.add(manager)
    revoker = staff_user(roles=[roles.HR])
    for index in range(30):
        holder = staff_user(team=team)
        certificate_create(holder, title=f"Курс {index}")
        if index % 3 == 0:
            certificate_create(
                holder, title="Отозванный", revoked_at=timezone.now(), revoked_by=revoker
            )
    certificate_create(manager, title="Свой")
    client.force_login(manager)

    # Session and user, the menu, own certificates, the scope check, the count and the page.
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("reports:certificates"))

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 40
    assert len(response.context["others"]) == 25
    queries = len(captured.captured_queries)
    # Twice the people and certificates: the same number of queries.
    for index in range(30):
        certificate_create(staff_user(team=team), title=f"Ещё {index}")
    with django_assert_num_queries(queries):
        response = client.get(reverse("reports:certificates"))
    assert response.context["page_obj"].paginator.count == 70


class CertificateRevokeViewTests(People, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people()
        cls.certificate = certificate_create(cls.holder)
        cls.url = reverse("reports:certificate_revoke", args=[cls.certificate.code])

    def post(self, who, reason="Сдавал не сам"):
        if who is not None:
            self.client.force_login(who)
        return self.client.post(self.url, {"reason": reason, "page": "1"})

    def revoked(self) -> bool:
        return Certificate.objects.get(pk=self.certificate.pk).revoked_at is not None

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.post(None)

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        self.assertFalse(self.revoked())

    def test_refused_as_not_found(self):
        for who in (self.holder, self.colleague, self.other_manager):
            with self.subTest(who=who.username):
                self.assertEqual(self.post(who).status_code, 404)
        self.assertFalse(self.revoked())

    def test_allowed_and_then_shown_revoked(self):
        for who in (self.manager, self.hr, self.admin):
            with self.subTest(who=who.username):
                response = self.post(who)
                self.assertRedirects(
                    response,
                    reverse("reports:certificates") + "?page=1",
                    fetch_redirect_response=False,
                )
                certificate = Certificate.objects.get(pk=self.certificate.pk)
                self.assertEqual(certificate.revoked_by, who)
                self.assertEqual(certificate.revoke_reason, "Сдавал не сам")
                verify = self.client.get(
                    reverse("reports:certificate_verify", args=[certificate.code])
                )
                self.assertContains(verify, "Сертификат отозван")
                Certificate.objects.filter(pk=certificate.pk).update(
                    revoked_at=None, revoked_by=None, revoke_reason=""
                )

    def test_without_a_reason_nothing_changes(self):
        response = self.post(self.manager, reason="")

        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.revoked())

    def test_get_is_not_allowed(self):
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(self.url).status_code, 405)
