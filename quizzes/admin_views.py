"""Wagtail admin views to import questions (GIFT, Aiken, Moodle XML) and export a quiz as GIFT
or Moodle XML.

Import takes two steps: the upload shows a preview (what would be created, updated or left
alone, what the bank cannot keep, and every error with its line) and writes nothing;
confirming imports the very file previewed. Between the two, the file waits in the session (at
most ``MAX_UPLOAD_BYTES``; see ``lms/core/admin_uploads.py``), so it works whichever process
serves the confirmation. People who may add and change questions import (authors, content
leads, administrators); people who may change quizzes export.

The hook functions at the end are registered in ``quizzes/wagtail_hooks.py``;
``quiz_gift_export_listing_buttons`` (both exports) is ready for ``register_snippet_listing_buttons``.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.widgets import Button

from lms.core.admin_uploads import (
    ERROR_UPLOAD_AGAIN,
    ImportUploadForm,
    SessionUpload,
)
from lms.core.decorators import PermittedMenuItem, admin_permission_required
from quizzes.gift import quiz_gift_export, quiz_gift_export_allowed, quiz_gift_filename
from quizzes.importing import (
    FILE_FORMATS,
    ImportPreview,
    QuestionImportError,
    file_format_extensions,
    question_file_decode,
    question_import_allowed,
    questions_import,
    questions_import_preview,
)
from quizzes.models import Quiz
from quizzes.moodle_xml import (
    XML_CONTENT_TYPE,
    quiz_moodle_xml_export,
    quiz_moodle_xml_filename,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_EXTENSIONS = file_format_extensions()
SESSION_KEY = "quizzes_question_import_upload"
QUESTION_LIST_URL_NAME = "wagtailsnippets_quizzes_question:list"
GIFT_CONTENT_TYPE = "text/plain; charset=utf-8"

ERROR_TOO_BIG = _("The file is larger than 2 MB; split it into smaller files.")
ERROR_EXTENSION = _("Upload a .gift, .txt, .aiken or .xml file.")
MESSAGE_IMPORTED = _(
    "Questions imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
)

stored_upload = SessionUpload(SESSION_KEY)

# Only people who may import (add and change questions).
import_permission_required = admin_permission_required(question_import_allowed)


class QuestionImportForm(ImportUploadForm):
    extensions = UPLOAD_EXTENSIONS
    max_bytes = MAX_UPLOAD_BYTES
    error_extension = ERROR_EXTENSION
    error_too_big = ERROR_TOO_BIG

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GIFT (.gift or .txt), Aiken (.aiken) or Moodle XML (.xml) in UTF-8; up to 2 MB."
        ),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("By the file name")), *((f.name, f.label) for f in FILE_FORMATS.values())],
        required=False,
    )
    source = forms.CharField(
        label=_("Source of the ids"),
        help_text=_(
            "Where the file's [id:…] numbers come from, e.g. “Moodle, sales course”. Give the "
            "same name each time to update the questions imported from it before. Empty: the "
            "file's name."
        ),
        max_length=80,
        required=False,
    )


def _preview_response(request, *, preview, filename: str, digest: str = ""):
    return TemplateResponse(
        request,
        "quizzes/admin/import_preview.html",
        {"preview": preview, "filename": filename, "digest": digest},
    )


@import_permission_required
def question_import_view(request):
    """Upload form and the quizzes to export (GET); preview of the uploaded file, nothing
    written (POST)."""
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = form.cleaned_data["file_format"] or None
        source = form.cleaned_data["source"].strip() or None
        stored_upload.discard(request)
        try:
            content = question_file_decode(data=upload.read())
        except QuestionImportError as exc:
            preview = ImportPreview(errors=exc.errors)
            return _preview_response(request, preview=preview, filename=upload.name)
        preview = questions_import_preview(
            content=content, filename=upload.name, file_format=file_format, source=source
        )
        digest = ""
        if preview.ok:
            digest = stored_upload.keep(
                request,
                name=upload.name,
                content=content.encode("utf-8"),
                format=preview.file_format,
                source=source,
            )
        return _preview_response(request, preview=preview, filename=upload.name, digest=digest)
    quizzes = (
        Quiz.objects.order_by("title", "pk") if quiz_gift_export_allowed(user=request.user) else []
    )
    return TemplateResponse(
        request, "quizzes/admin/import.html", {"form": form, "quizzes": quizzes}
    )


@require_POST
@import_permission_required
def question_import_confirm_view(request):
    """Import the file previewed (the digest in the form names it), then go to the bank."""
    upload = stored_upload.get(request, digest=request.POST.get("digest"))
    if upload is None:
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("quizzes_question_import:import")
    stored_upload.discard(request)
    content, file_format = upload.content.decode("utf-8"), upload.extra["format"]
    source = upload.extra.get("source")
    try:
        result = questions_import(
            content=content,
            filename=upload.name,
            user=request.user,
            file_format=file_format,
            source=source,
        )
    except QuestionImportError as exc:
        # The bank changed since the preview (a question deleted, say): show why.
        preview = questions_import_preview(
            content=content, filename=upload.name, file_format=file_format, source=source
        )
        preview.errors = exc.errors
        return _preview_response(request, preview=preview, filename=upload.name)
    messages.success(
        request,
        MESSAGE_IMPORTED
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect(QUESTION_LIST_URL_NAME)


def _quiz_download(request, quiz_id: int, *, export, filename, content_type: str):
    """The quiz's questions as a file download (``export(quiz)`` gives the content); only for
    people who may change quizzes."""
    if not quiz_gift_export_allowed(user=request.user):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    response = HttpResponse(export(quiz), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename(quiz)
    )
    return response


def quiz_gift_export_view(request, quiz_id: int):
    """The quiz's questions as a GIFT download."""
    return _quiz_download(
        request,
        quiz_id,
        export=quiz_gift_export,
        filename=quiz_gift_filename,
        content_type=GIFT_CONTENT_TYPE,
    )


def quiz_moodle_xml_export_view(request, quiz_id: int):
    """The quiz's questions as a Moodle XML download."""
    return _quiz_download(
        request,
        quiz_id,
        export=quiz_moodle_xml_export,
        filename=quiz_moodle_xml_filename,
        content_type=XML_CONTENT_TYPE,
    )


urlpatterns = [
    path("questions/import/", question_import_view, name="import"),
    path("questions/import/confirm/", question_import_confirm_view, name="import_confirm"),
    path("<int:quiz_id>/export/gift/", quiz_gift_export_view, name="quiz_export_gift"),
    path("<int:quiz_id>/export/xml/", quiz_moodle_xml_export_view, name="quiz_export_xml"),
]


def quiz_gift_export_listing_buttons(snippet, user, next_url=None):
    """For ``register_snippet_listing_buttons``: "Export as GIFT" and "Export as Moodle XML" on
    each quiz of the list, for people who may export."""
    if not isinstance(snippet, Quiz) or not quiz_gift_export_allowed(user=user):
        return []
    url = reverse("quizzes_question_import:quiz_export_gift", args=[snippet.pk])
    xml_url = reverse("quizzes_question_import:quiz_export_xml", args=[snippet.pk])
    return [
        Button(_("Export as GIFT"), url, icon_name="download", priority=90),
        Button(_("Export as Moodle XML"), xml_url, icon_name="download", priority=91),
    ]


# --- Hook functions (registered in quizzes/wagtail_hooks.py) -------------------------------------


def question_import_admin_urls():
    """``register_admin_urls``: /admin/quizzes/questions/import/ (and confirm/), and
    /admin/quizzes/<id>/export/gift/ and …/export/xml/."""
    return [path("quizzes/", include((urlpatterns, "quizzes_question_import")))]


def question_import_menu_item():
    """``register_admin_menu_item``: "Import questions", after the Quizzes menu, for those who
    may import."""
    return PermittedMenuItem(
        _("Import questions"),
        reverse("quizzes_question_import:import"),
        name="quizzes-question-import",
        icon_name="upload",
        order=251,
        check=question_import_allowed,
    )
