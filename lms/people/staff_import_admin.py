"""Wagtail admin views of the staff import (Settings → Staff import) and its history.

The upload shows a preview (the counts, every error with its line and column, the changes of
each person) and writes nothing; confirming imports the very file previewed, with the options
chosen at upload, through the same service as the ``import_staff`` command
(``lms.people.importing.staff_import``). Between the two the file waits in the session (see
``lms/core/admin_uploads.py``). Only administrators import and read the history: an import
reaches people outside any one manager's teams.

The menu item functions at the end are registered in ``lms/people/wagtail_hooks.py``.
"""

import dataclasses

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from lms.core.admin_uploads import ERROR_UPLOAD_AGAIN, ImportUploadForm, SessionUpload
from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.people.importing import (
    COLUMNS,
    FIELD_LABELS,
    staff_import,
    staff_import_allowed,
    staff_import_history_allowed,
)
from lms.people.models import StaffImport, StaffProfile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_EXTENSIONS = (".csv", ".xlsx")
SESSION_KEY = "staff_import_upload"
OPTIONS = ("deactivate_missing", "create_roles", "invite")
# The preview lists the changes of this many people; the rest are counted.
PREVIEW_ROWS = 200
HISTORY_PER_PAGE = 50
CHANGES_PER_PAGE = 200

ERROR_TOO_BIG = _("The file is larger than 10 MB; split it into smaller files.")
ERROR_EXTENSION = _("Upload a .csv or .xlsx file.")
MESSAGE_IMPORTED = _("Staff imported: %(summary)s.")

STATUS_LABELS = dict(StaffProfile.Status.choices)

stored_upload = SessionUpload(SESSION_KEY)
import_permission_required = admin_permission_required(staff_import_allowed)
history_permission_required = admin_permission_required(staff_import_history_allowed)


class StaffImportForm(ImportUploadForm):
    extensions = UPLOAD_EXTENSIONS
    max_bytes = MAX_UPLOAD_BYTES
    error_extension = ERROR_EXTENSION
    error_too_big = ERROR_TOO_BIG

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8 or Windows-1251, commas or semicolons) or XLSX, with the column names "
            "in the first row; up to 10 MB."
        ),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people who are not in the file"),
        required=False,
        help_text=_(
            "Everyone with an employee ID who is not listed is marked as left and locked out."
        ),
    )
    create_roles = forms.BooleanField(
        label=_("Create new job roles"),
        required=False,
        help_text=_("Otherwise a job role that does not exist yet is an error."),
    )
    invite = forms.BooleanField(
        label=_("Invite new people"),
        required=False,
        help_text=_("Each new person with an email gets a link to set their password."),
    )


@dataclasses.dataclass(frozen=True)
class _ShownChange:
    label: str
    old: str
    new: str


def _shown(changes) -> list[_ShownChange]:
    """Changes (``FieldChange`` or ``StaffImportChange``) with the field named for people."""
    shown = []
    for change in changes:
        old = getattr(change, "old", getattr(change, "old_value", ""))
        new = getattr(change, "new", getattr(change, "new_value", ""))
        if change.field == "status":
            old, new = (str(STATUS_LABELS.get(v, v)) for v in (old, new))
        shown.append(_ShownChange(str(FIELD_LABELS.get(change.field, change.field)), old, new))
    return shown


def _preview_response(request, *, result, filename: str, digest: str = "", options=None):
    changed = [
        dataclasses.replace(row, changes=_shown(row.changes))
        for row in result.changed_rows()[:PREVIEW_ROWS]
    ]
    return TemplateResponse(
        request,
        "people/admin/staff_import_preview.html",
        {
            "result": result,
            "filename": filename,
            "digest": digest,
            "options": options or {},
            "changed_rows": changed,
            "more_rows": max(len(result.changed_rows()) - PREVIEW_ROWS, 0),
        },
    )


@import_permission_required
def staff_import_view(request):
    """Upload form (GET); preview of the uploaded file, nothing written (POST)."""
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        options = {name: form.cleaned_data[name] for name in OPTIONS}
        result = staff_import(
            content=content,
            filename=upload.name,
            imported_by=request.user,
            dry_run=True,
            **options,
        )
        digest = ""
        if result.ok:
            digest = stored_upload.keep(request, name=upload.name, content=content, **options)
        else:
            stored_upload.discard(request)
        return _preview_response(
            request, result=result, filename=upload.name, digest=digest, options=options
        )
    return TemplateResponse(
        request,
        "people/admin/staff_import.html",
        {
            "form": form,
            "columns": COLUMNS,
            "show_history": staff_import_history_allowed(user=request.user),
            "recent": StaffImport.objects.select_related("imported_by")[:5],
        },
    )


@require_POST
@import_permission_required
def staff_import_confirm_view(request):
    """Import the file previewed (the digest in the form names it), with its options."""
    upload = stored_upload.get(request, digest=request.POST.get("digest"))
    if upload is None:
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("people_admin:staff_import")
    options = {name: bool(upload.extra.get(name)) for name in OPTIONS}
    result = staff_import(
        content=upload.content, filename=upload.name, imported_by=request.user, **options
    )
    stored_upload.discard(request)
    if not result.ok:
        # The staff changed since the preview (someone added a person with that email, say).
        return _preview_response(request, result=result, filename=upload.name, options=options)
    messages.success(request, MESSAGE_IMPORTED % {"summary": result.summary()})
    if staff_import_history_allowed(user=request.user):
        return redirect("people_admin:staff_import_detail", result.plan.record.pk)
    return redirect("people_admin:staff_import")


@history_permission_required
def staff_import_history_view(request):
    """Every staff import, newest first: who, when, which file, what it did."""
    page = Paginator(StaffImport.objects.select_related("imported_by"), HISTORY_PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(request, "people/admin/staff_import_history.html", {"page": page})


@history_permission_required
def staff_import_detail_view(request, import_id: int):
    """One import: every field it changed, person by person, old → new."""
    record = get_object_or_404(StaffImport.objects.select_related("imported_by"), pk=import_id)
    page = Paginator(record.changes.all(), CHANGES_PER_PAGE).get_page(request.GET.get("p"))
    for change, shown in zip(page.object_list, _shown(page.object_list), strict=True):
        change.label = shown.label
    return TemplateResponse(
        request,
        "people/admin/staff_import_detail.html",
        {"record": record, "records": [record], "page": page},
    )


# Mounted in the people admin namespace by ``lms.people.admin_views.people_admin_urls``.
staff_import_urlpatterns = [
    path("people/import/", staff_import_view, name="staff_import"),
    path("people/import/confirm/", staff_import_confirm_view, name="staff_import_confirm"),
    path("people/import/history/", staff_import_history_view, name="staff_import_history"),
    path(
        "people/import/history/<int:import_id>/",
        staff_import_detail_view,
        name="staff_import_detail",
    ),
]


# --- Hook functions (registered in lms/people/wagtail_hooks.py) ---------------------------------


def staff_import_menu_item():
    """``register_settings_menu_item``: Settings → Staff import, for those who may import."""
    return PermittedMenuItem(
        _("Staff import"),
        reverse("people_admin:staff_import"),
        name="staff-import",
        icon_name="upload",
        order=610,
        check=staff_import_allowed,
    )


def staff_import_history_menu_item():
    """``register_settings_menu_item``: Settings → Staff import history, for administrators."""
    return PermittedMenuItem(
        _("Staff import history"),
        reverse("people_admin:staff_import_history"),
        name="staff-import-history",
        icon_name="history",
        order=611,
        check=staff_import_history_allowed,
    )
