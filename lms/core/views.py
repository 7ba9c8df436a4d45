import mimetypes
import posixpath
import re

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.core.landing import landing_url_for
from lms.core.selectors import health_get

# Wagtail writes image renditions (the only uploads meant to be shown as they are) to
# "images/", originals to "original_images/" and documents to "documents/"; renditions' names
# pass through the storage's get_valid_name, so they are one segment of letters, digits, "-",
# "_" and ".".
RENDITION_PATH = re.compile(r"images/[-\w][-\w.]*\Z")


@never_cache
@require_GET
def healthz_view(request):
    """Public liveness and readiness probe: 200 when the database answers and a worker ran a
    task recently, 503 otherwise. It reveals no data beyond those two facts."""
    health = health_get()
    body = {
        "status": "ok" if health.ok else "unhealthy",
        "database": {"ok": health.database_ok, "error": health.database_error or None},
        "worker": {
            "ok": health.worker_ok,
            "last_heartbeat": health.worker_seen_at.isoformat() if health.worker_seen_at else None,
            "age_seconds": round(health.worker_age_seconds, 1)
            if health.worker_age_seconds is not None
            else None,
            "max_age_seconds": health.worker_max_age_seconds,
        },
    }
    return JsonResponse(body, status=200 if health.ok else 503)


def media_path_is_public(path: str) -> bool:
    """Whether ``path`` (as decoded from the URL) names an image rendition, spelt the one way
    storage spells it. Anything that changes under normalisation or could be decoded again
    (``.``/``..`` segments, doubled or leading slashes, backslashes, NUL, ``%``) is refused
    rather than interpreted, so no spelling reaches an original image or a document."""
    # ".." is refused as a segment only: a rendition of "photo..png" is named "photo..….png".
    if any(char in path for char in ("\\", "\x00", "%")) or ".." in path.split("/"):
        return False
    if path.startswith("/") or posixpath.normpath(path) != path:
        return False
    return RENDITION_PATH.match(path) is not None


@login_required
@require_GET
def media_view(request, path):
    """Serve an image rendition to a signed-in person, from the default storage.

    Mounted only when ``SERVE_MEDIA`` is on (development, tests, a one-machine try-out). Only
    renditions are served (pages show nothing else): original images stay unpublished, and
    documents go through Wagtail's document view, which applies the collection's privacy rules.
    """
    if not media_path_is_public(path) or not default_storage.exists(path):
        raise Http404(path)
    content_type, _ = mimetypes.guess_type(path)
    return FileResponse(
        default_storage.open(path, "rb"), content_type=content_type or "application/octet-stream"
    )


@never_cache
@login_required
@require_GET
def landing_view(request):
    """Where ``LOGIN_REDIRECT_URL`` points: sends the person on to the page their role works
    from (see ``lms.core.landing``). Anyone can still open their own plan from the menu."""
    return redirect(landing_url_for(request.user))
