"""Wagtail admin views to import the glossary from a file and export it.

Import takes two steps: the upload shows a preview (what would be created, updated or left
alone, and every error with its line) and writes nothing; confirming imports the very file
previewed. Between the two, the file waits in the session (at most ``MAX_UPLOAD_BYTES``), so
it works whichever process serves the confirmation. Only people who may add *and* publish terms
import or export (content leads and administrators).

The hook functions at the end are registered in ``glossary/wagtail_hooks.py``.
"""

import base64
import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from glossary.importing import (
    FORMATS,
    KNOWN_COLUMNS,
    glossary_export,
    glossary_file_digest,
    glossary_import,
    glossary_import_allowed,
    glossary_import_preview,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_EXTENSIONS = (".csv", ".xlsx")
SESSION_KEY = "glossary_import_upload"
TERM_LIST_URL_NAME = "wagtailsnippets_glossary_glossaryterm:list"

ERROR_TOO_BIG = _("The file is larger than 5 MB; split it into smaller files.")
ERROR_EXTENSION = _("Upload a .csv (UTF-8) or .xlsx file.")
ERROR_UPLOAD_AGAIN = _("The previewed file is no longer waiting to be imported; upload it again.")
MESSAGE_IMPORTED = _(
    "Glossary imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
)


class GlossaryImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX with the column names in the first row; up to 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(ERROR_EXTENSION)
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(ERROR_TOO_BIG)
        return upload


def import_permission_required(view):
    """Let through only people who may import (add and publish terms). Wagtail's admin turns
    the ``PermissionDenied`` into a redirect to the dashboard with a message."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not glossary_import_allowed(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


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
            digest = glossary_file_digest(content=content)
            request.session[SESSION_KEY] = {
                "name": upload.name,
                "digest": digest,
                "content": base64.b64encode(content).decode("ascii"),
            }
        else:
            request.session.pop(SESSION_KEY, None)
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
    upload = request.session.get(SESSION_KEY)
    if not upload or upload["digest"] != request.POST.get("digest"):
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("glossary_admin:import")
    content = base64.b64decode(upload["content"])
    result = glossary_import(content=content, filename=upload["name"], user=request.user)
    if not result.ok:
        # The glossary changed since the preview (a related term deleted, say): show why.
        request.session.pop(SESSION_KEY, None)
        return _preview_response(request, result=result, filename=upload["name"])
    request.session.pop(SESSION_KEY, None)
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


class GlossaryImportMenuItem(MenuItem):
    def is_shown(self, request):
        return glossary_import_allowed(user=request.user)


# --- Hook functions (registered in glossary/wagtail_hooks.py) -----------------------------------


def glossary_import_admin_urls():
    """``register_admin_urls``: /admin/glossary/import/ and /admin/glossary/export/<format>/."""
    return [path("glossary/", include((urlpatterns, "glossary_admin")))]


def glossary_import_menu_item():
    """``register_admin_menu_item``: "Import glossary", after the Glossary menu, for those who
    may import."""
    return GlossaryImportMenuItem(
        _("Import glossary"),
        reverse("glossary_admin:import"),
        name="glossary-import",
        icon_name="upload",
        order=241,
    )
