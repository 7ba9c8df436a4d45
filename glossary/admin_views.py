"""Wagtail admin views to import the glossary from a file and export it.

Import takes two steps: the upload shows a preview (what would be created, updated or left
alone, and every error with its line) and writes nothing; confirming imports the very file
previewed. Between the two, the file waits in the session (at most ``MAX_UPLOAD_BYTES``; see
``lms/core/admin_uploads.py``), so it works whichever process serves the confirmation. Only
people who may add *and* publish terms import or export (content leads and administrators).

The hook functions at the end are registered in ``glossary/wagtail_hooks.py``.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from glossary.importing import (
    FORMATS,
    KNOWN_COLUMNS,
    glossary_export,
    glossary_import,
    glossary_import_allowed,
    glossary_import_preview,
)
from lms.core.admin_uploads import (
    ERROR_UPLOAD_AGAIN,
    ImportUploadForm,
    SessionUpload,
)
from lms.core.decorators import PermittedMenuItem, admin_permission_required

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_EXTENSIONS = (".csv", ".xlsx")
SESSION_KEY = "glossary_import_upload"
TERM_LIST_URL_NAME = "wagtailsnippets_glossary_glossaryterm:list"

ERROR_TOO_BIG = _("The file is larger than 5 MB; split it into smaller files.")
ERROR_EXTENSION = _("Upload a .csv (UTF-8) or .xlsx file.")
MESSAGE_IMPORTED = _(
    "Glossary imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
)

stored_upload = SessionUpload(SESSION_KEY)

# Only people who may import (add and publish terms).
import_permission_required = admin_permission_required(glossary_import_allowed)


class GlossaryImportForm(ImportUploadForm):
    extensions = UPLOAD_EXTENSIONS
    max_bytes = MAX_UPLOAD_BYTES
    error_extension = ERROR_EXTENSION
    error_too_big = ERROR_TOO_BIG

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the column names in the first row; up to 5 MB."),
    )


def _preview_response(request, *, result, filename: str, digest: str = ""):
    return TemplateResponse(
        request,
        "glossary/admin/import_preview.html",
        {"result": result, "filename": filename, "digest": digest},
    )


@import_permission_required
def glossary_import_view(request):
    """Upload form (GET); preview of the uploaded file, nothing written (POST)."""
    if request.method == "POST":
        form = GlossaryImportForm(request.POST, request.FILES)
    else:
        form = GlossaryImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        result = glossary_import_preview(content=content, filename=upload.name)
        digest = ""
        if result.ok:
            digest = stored_upload.keep(request, name=upload.name, content=content)
        else:
            stored_upload.discard(request)
        return _preview_response(request, result=result, filename=upload.name, digest=digest)
    return TemplateResponse(
        request,
        "glossary/admin/import.html",
        {"form": form, "columns": KNOWN_COLUMNS, "formats": FORMATS},
    )


@require_POST
@import_permission_required
def glossary_import_confirm_view(request):
    """Import the file previewed (the digest in the form names it), then go to the terms."""
    upload = stored_upload.get(request, digest=request.POST.get("digest"))
    if upload is None:
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("glossary_admin:import")
    result = glossary_import(content=upload.content, filename=upload.name, user=request.user)
    stored_upload.discard(request)
    if not result.ok:
        # The glossary changed since the preview (a related term deleted, say): show why.
        return _preview_response(request, result=result, filename=upload.name)
    messages.success(
        request,
        MESSAGE_IMPORTED
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect(TERM_LIST_URL_NAME)


@import_permission_required
def glossary_export_view(request, file_format: str):
    """The live terms as a file download, in the columns the import reads."""
    if file_format not in FORMATS:
        raise Http404
    export = glossary_export(file_format=file_format)
    response = HttpResponse(export.content, content_type=export.content_type)
    filename = f"glossary-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("import/", glossary_import_view, name="import"),
    path("import/confirm/", glossary_import_confirm_view, name="import_confirm"),
    path("export/<str:file_format>/", glossary_export_view, name="export"),
]


# --- Hook functions (registered in glossary/wagtail_hooks.py) -----------------------------------


def glossary_import_admin_urls():
    """``register_admin_urls``: /admin/glossary/import/ and /admin/glossary/export/<format>/."""
    return [path("glossary/", include((urlpatterns, "glossary_admin")))]


def glossary_import_menu_item():
    """``register_admin_menu_item``: "Import glossary", after the Glossary menu, for those who
    may import."""
    return PermittedMenuItem(
        _("Import glossary"),
        reverse("glossary_admin:import"),
        name="glossary-import",
        icon_name="upload",
        order=241,
        check=glossary_import_allowed,
    )
