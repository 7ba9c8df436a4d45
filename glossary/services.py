"""Writes for the glossary."""

import uuid

from django.db import transaction
from django.db.models import F

from glossary import linking
from glossary.models import GlossaryState


@transaction.atomic
def glossary_version_bump() -> int:
    """Record that the set of live terms changed; every process rebuilds its matcher, and
    cached linked HTML stops matching, from the next request on. Returns the new version."""
    updated = GlossaryState.objects.filter(pk=1).update(
        version=F("version") + 1, token=uuid.uuid4()
    )
    if not updated:
        GlossaryState.objects.create(pk=1, version=2)
    # This process sees its own change at once; others on their next request.
    linking.version_memo_clear()
    return GlossaryState.objects.get(pk=1).version
