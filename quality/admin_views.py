"""Wagtail admin views to import a mystery-shopping wave and customer feedback from files.

Each import takes the two steps of the other admin imports (``lms/core/admin_uploads.py``): the
upload shows a preview — the rows that would be created, and every error with its line and
column — and writes nothing; confirming imports the very file previewed, with the options chosen
at upload, through the same services as the ``import_mystery_shopping`` and ``import_feedback``
commands. Between the two the file waits in the session with its digest. A file whose every row
was imported before says so and offers nothing to confirm. Only QA evaluators and administrators
import (``mystery_shopping_import_allowed``, ``feedback_import_allowed``).

The hook functions at the end are registered in ``quality/wagtail_hooks.py``.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin import messages

from lms.core.admin_uploads import ERROR_UPLOAD_AGAIN, ImportUploadForm, SessionUpload
from lms.core.decorators import PermittedMenuItem, admin_permission_required
from lms.core.importing import CREATE, ImportResult
from lms.people.models import person_name
from quality.models import Channel, FeedbackCategory, Scorecard
from quality.services.feedback_import import SPEC as FEEDBACK_SPEC
from quality.services.feedback_import import feedback_import, feedback_import_allowed
from quality.services.mystery_shopping import (
    mystery_shopping_import,
    mystery_shopping_import_allowed,
)
from quality.services.scoring import score_compute
from quality.services.versions import scorecard_snapshot

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_EXTENSIONS = (".csv", ".xlsx")
# The preview lists this many rows to be created; the rest are counted.
PREVIEW_ROWS = 200

ERROR_TOO_BIG = _("The file is larger than 5 MB; split it into smaller files.")
ERROR_EXTENSION = _("Upload a .csv or .xlsx file.")
ERROR_PERIOD_HALF = _("Give both the first and the last day of the period, or neither.")
ERROR_PERIOD_ORDER = _("The period cannot end before it starts.")
MESSAGE_WAVE_IMPORTED = ngettext_lazy(
    "Wave “%(wave)s”: %(created)s visit imported, %(unchanged)s were in it.",
    "Wave “%(wave)s”: %(created)s visits imported, %(unchanged)s were in it.",
    "created",
)
MESSAGE_FEEDBACK_IMPORTED = _("Customer feedback: %(created)s recorded, %(unchanged)s were before.")
MESSAGE_NOTHING_NEW = _("Nothing new: every row of this file was imported before; nothing changed.")

mystery_upload = SessionUpload("quality_mystery_upload")
feedback_upload = SessionUpload("quality_feedback_upload")
mystery_permission_required = admin_permission_required(mystery_shopping_import_allowed)
feedback_permission_required = admin_permission_required(feedback_import_allowed)

FILE_HELP = _(
    "CSV (UTF-8 or Windows-1251, commas or semicolons) or XLSX, with the column names in the "
    "first row; up to 5 MB."
)


class QualityUploadForm(ImportUploadForm):
    extensions = UPLOAD_EXTENSIONS
    max_bytes = MAX_UPLOAD_BYTES
    error_extension = ERROR_EXTENSION
    error_too_big = ERROR_TOO_BIG

    file = forms.FileField(label=_("File"), help_text=FILE_HELP)


class MysteryUploadForm(QualityUploadForm):
    wave = forms.CharField(
        label=_("Wave"),
        max_length=160,
        help_text=_(
            "A new name creates the wave; the name of a wave adds the file's visits to it."
        ),
    )
    scorecard = forms.ModelChoiceField(
        label=_("Scorecard"),
        queryset=Scorecard.objects.order_by("title", "pk"),
        help_text=_("Each criterion's code is a column of the file."),
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.VISIT)
    period_start = forms.DateField(
        label=_("Period start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For a new wave; empty: the file's first and last dates."),
    )
    period_end = forms.DateField(
        label=_("Period end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = ["file", "wave", "scorecard", "provider", "channel", "period_start"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if (start is None) != (end is None) and not self.has_error("period_start"):
            self.add_error("period_end" if end is None else "period_start", ERROR_PERIOD_HALF)
        elif start and end and end < start:
            self.add_error("period_end", ERROR_PERIOD_ORDER)
        return cleaned

    def options(self) -> dict:
        """The choices besides the file, as the session keeps them (JSON)."""
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        return {
            "wave": data["wave"].strip(),
            "scorecard_id": data["scorecard"].pk,
            "provider": data.get("provider", "").strip(),
            "channel": data["channel"],
            "period": [start.isoformat(), end.isoformat()] if start and end else None,
        }


def _mystery_run(*, options: dict, content: bytes, filename: str, user, dry_run: bool):
    """Run the wave import with the kept ``options``; None when the scorecard is gone."""
    scorecard = Scorecard.objects.filter(pk=options["scorecard_id"]).first()
    if scorecard is None:
        return None
    period = options.get("period")
    return mystery_shopping_import(
        content=content,
        filename=filename,
        wave_name=options["wave"],
        scorecard=scorecard,
        imported_by=user,
        dry_run=dry_run,
        provider=options.get("provider", ""),
        channel=options.get("channel", Channel.VISIT),
        period=tuple(datetime.date.fromisoformat(d) for d in period) if period else None,
    )


def _mystery_rows(result: ImportResult, criteria: list[dict]) -> list[dict]:
    """The visits to be created, as the preview lists them, with the score each would get."""
    visits = result.plan.visits[:PREVIEW_ROWS]
    names = {
        user.pk: person_name(user)
        for user in get_user_model().objects.filter(pk__in={v.person_id for v in visits})
    }
    rows = []
    for visit in visits:
        score = score_compute(criteria=criteria, answers=visit.answers)
        rows.append(
            {
                "line": visit.line,
                "person": names.get(visit.person_id, ""),
                "date": visit.contact_date,
                "location": visit.location,
                "score": score.score,
                "critical_failed": score.critical_failed,
            }
        )
    return rows


def _feedback_rows(result: ImportResult) -> list[dict]:
    """The feedback to be recorded, as the preview lists it, in the file's order."""
    if not result.ok:
        return []
    lines = {row.key: row.line for row in result.rows if row.action == CREATE}
    records = result.plan.records[:PREVIEW_ROWS]
    names = {
        user.pk: person_name(user)
        for user in get_user_model().objects.filter(pk__in={r.person_id for r in records})
    }
    return [
        {
            "line": lines.get(record.external_id),
            "record": record,
            "person": names.get(record.person_id, ""),
        }
        for record in records
    ]


def _preview(request, *, kind: str, result: ImportResult, filename: str, digest: str, rows):
    """The preview page of either import (``kind`` "mystery" or "feedback")."""
    urls = {
        "mystery": ("quality_admin:mystery_import", "quality_admin:mystery_import_confirm"),
        "feedback": ("quality_admin:feedback_import", "quality_admin:feedback_import_confirm"),
    }[kind]
    return TemplateResponse(
        request,
        f"quality/admin/{kind}_preview.html",
        {
            "result": result,
            # What the shared preview include reads: these imports only create or leave rows.
            "preview": {
                "errors": result.errors,
                "created": result.created,
                "updated": result.changed,
                "unchanged": result.unchanged,
            },
            "nothing_new": result.ok and result.created == 0,
            "filename": filename,
            "digest": digest,
            "rows": rows,
            "more_rows": max(result.created - len(rows), 0),
            "upload_url": reverse(urls[0]),
            "confirm_url": reverse(urls[1]),
        },
    )


@mystery_permission_required
def mystery_import_view(request):
    """Upload form (GET); preview of the uploaded wave file, nothing written (POST)."""
    form = MysteryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        options = form.options()
        result = _mystery_run(
            options=options, content=content, filename=upload.name, user=request.user, dry_run=True
        )
        rows = []
        if result.ok:
            # Scored as the import will: against the wave's version, or the scorecard's now.
            wave = result.plan.wave
            snapshot = (
                wave.scorecard_version.snapshot
                if wave
                else scorecard_snapshot(scorecard=form.cleaned_data["scorecard"])
            )
            rows = _mystery_rows(result, snapshot["criteria"])
        digest = ""
        if result.ok and result.created:
            digest = mystery_upload.keep(request, name=upload.name, content=content, **options)
        else:
            mystery_upload.discard(request)
        return _preview(
            request,
            kind="mystery",
            result=result,
            filename=upload.name,
            digest=digest,
            rows=rows,
        )
    return TemplateResponse(
        request,
        "quality/admin/mystery_import.html",
        {"form": form, "columns": ["employee_id", "email", "date", "location", "comment"]},
    )


@require_POST
@mystery_permission_required
def mystery_import_confirm_view(request):
    """Import the wave file previewed (the digest in the form names it), with its options."""
    upload = mystery_upload.get(request, digest=request.POST.get("digest"))
    result = None
    if upload is not None:
        result = _mystery_run(
            options=upload.extra,
            content=upload.content,
            filename=upload.name,
            user=request.user,
            dry_run=False,
        )
    mystery_upload.discard(request)
    if result is None:
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("quality_admin:mystery_import")
    if not result.ok:
        # The wave or the staff changed since the preview: show why.
        return _preview(
            request, kind="mystery", result=result, filename=upload.name, digest="", rows=[]
        )
    if not result.created:
        messages.info(request, MESSAGE_NOTHING_NEW)
        return redirect("quality_admin:mystery_import")
    wave = result.plan.wave
    messages.success(
        request,
        MESSAGE_WAVE_IMPORTED
        % {"wave": wave.name, "created": result.created, "unchanged": result.unchanged},
        buttons=[messages.button(reverse("quality:wave", args=[wave.pk]), _("Open the wave"))],
    )
    return redirect("quality_admin:mystery_import")


@feedback_permission_required
def feedback_import_view(request):
    """Upload form (GET); preview of the uploaded feedback file, nothing written (POST)."""
    form = QualityUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        result = feedback_import(
            content=content, filename=upload.name, imported_by=request.user, dry_run=True
        )
        digest = ""
        if result.ok and result.created:
            digest = feedback_upload.keep(request, name=upload.name, content=content)
        else:
            feedback_upload.discard(request)
        return _preview(
            request,
            kind="feedback",
            result=result,
            filename=upload.name,
            digest=digest,
            rows=_feedback_rows(result),
        )
    return TemplateResponse(
        request,
        "quality/admin/feedback_import.html",
        {
            "form": form,
            "columns": FEEDBACK_SPEC.names(),
            "categories": FeedbackCategory.objects.values_list("name", flat=True),
        },
    )


@require_POST
@feedback_permission_required
def feedback_import_confirm_view(request):
    """Record the feedback file previewed (the digest in the form names it)."""
    upload = feedback_upload.get(request, digest=request.POST.get("digest"))
    feedback_upload.discard(request)
    if upload is None:
        messages.error(request, ERROR_UPLOAD_AGAIN)
        return redirect("quality_admin:feedback_import")
    result = feedback_import(content=upload.content, filename=upload.name, imported_by=request.user)
    if not result.ok:
        # A category was deleted or a person left since the preview: show why.
        return _preview(
            request, kind="feedback", result=result, filename=upload.name, digest="", rows=[]
        )
    if not result.created:
        messages.info(request, MESSAGE_NOTHING_NEW)
    else:
        messages.success(
            request,
            MESSAGE_FEEDBACK_IMPORTED % {"created": result.created, "unchanged": result.unchanged},
            buttons=[messages.button(reverse("quality:feedback"), _("Open customer feedback"))],
        )
    return redirect("quality_admin:feedback_import")


urlpatterns = [
    path("mystery-shopping/import/", mystery_import_view, name="mystery_import"),
    path(
        "mystery-shopping/import/confirm/",
        mystery_import_confirm_view,
        name="mystery_import_confirm",
    ),
    path("feedback/import/", feedback_import_view, name="feedback_import"),
    path("feedback/import/confirm/", feedback_import_confirm_view, name="feedback_import_confirm"),
]


# --- Hook functions (registered in quality/wagtail_hooks.py) ------------------------------------


def quality_admin_urls():
    """``register_admin_urls``: /admin/quality/mystery-shopping/import/ and
    /admin/quality/feedback/import/, in the ``quality_admin`` namespace."""
    return [path("quality/", include((urlpatterns, "quality_admin")))]


def mystery_import_menu_item():
    """``register_admin_menu_item``: "Import mystery shopping", for those who may import."""
    return PermittedMenuItem(
        _("Import mystery shopping"),
        reverse("quality_admin:mystery_import"),
        name="mystery-shopping-import",
        icon_name="upload",
        order=277,
        check=mystery_shopping_import_allowed,
    )


def feedback_import_menu_item():
    """``register_admin_menu_item``: "Import customer feedback", for those who may import."""
    return PermittedMenuItem(
        _("Import customer feedback"),
        reverse("quality_admin:feedback_import"),
        name="feedback-import",
        icon_name="upload",
        order=278,
        check=feedback_import_allowed,
    )
