"""What the Wagtail admin's file imports share: the upload form's checks and the file waiting
in the session between preview and confirmation (the permission check is
``lms.core.decorators.admin_permission_required``).

An import takes two steps: the upload shows a preview and writes nothing; confirming imports
the very file previewed. Between the two the file waits in the session (base64, with its
SHA-256 digest), so the confirmation works whichever process serves it; the confirm form posts
the digest back, and a stale or foreign digest finds nothing. The apps keep their own texts,
limits and templates (``glossary/admin_views.py``, ``quizzes/admin_views.py``). Beyond the
upload size, every import reads the file through ``lms.core.tabular``, whose limits (rows,
lines, unpacked size) hold for the management commands too.

Nothing here imports an app: the apps import this module.
"""

import base64
import dataclasses
import hashlib
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ERROR_UPLOAD_AGAIN = _("The previewed file is no longer waiting to be imported; upload it again.")


class ImportUploadForm(forms.Form):
    """A form with a ``file`` whose name must end with one of ``extensions`` and whose size may
    not pass ``max_bytes``. Subclasses declare ``file`` (with their help text) and set the
    limits and the two messages."""

    extensions: tuple[str, ...] = ()
    max_bytes: int = 0
    error_extension: str = ""
    error_too_big: str = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.extensions):
            raise forms.ValidationError(self.error_extension)
        if upload.size > self.max_bytes:
            raise forms.ValidationError(self.error_too_big)
        return upload


def file_digest(content: bytes) -> str:
    """A fingerprint of an uploaded file, to check that a confirmed import is the one
    previewed."""
    return hashlib.sha256(content).hexdigest()


@dataclasses.dataclass(frozen=True)
class StoredUpload:
    name: str
    content: bytes
    digest: str
    extra: dict[str, Any]


class SessionUpload:
    """The previewed file, waiting in the session under ``key`` until it is confirmed."""

    def __init__(self, key: str):
        self.key = key

    def keep(self, request, *, name: str, content: bytes, **extra) -> str:
        """Keep the file (and ``extra``, JSON-serialisable values) and return its digest, for
        the confirm form."""
        digest = file_digest(content)
        request.session[self.key] = {
            "name": name,
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
            **extra,
        }
        return digest

    def get(self, request, *, digest: str | None) -> StoredUpload | None:
        """The waiting file if ``digest`` names it; ``None`` if none waits or it is another."""
        stored = request.session.get(self.key)
        if not stored or stored["digest"] != digest:
            return None
        extra = {k: v for k, v in stored.items() if k not in ("name", "digest", "content")}
        return StoredUpload(
            name=stored["name"],
            content=base64.b64decode(stored["content"]),
            digest=stored["digest"],
            extra=extra,
        )

    def discard(self, request) -> None:
        request.session.pop(self.key, None)
