import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quality.models import Channel
from quality.services.mystery_shopping import mystery_shopping_import, scorecard_find


class Command(BaseCommand):
    help = (
        "Import a mystery-shopping wave from an agency's file: CSV (UTF-8 or Windows-1251, comma "
        "or semicolon) or XLSX, one row per visit or call (employee_id or email, date, location, "
        "one column per criterion code, comment); see docs/quality.md. A file with any error "
        "imports nothing, lists every error with its line and column, and exits with status 1. "
        "Importing the same file into the same wave again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument("--wave", required=True, help="The wave's name; created if new.")
        parser.add_argument("--scorecard", required=True, help="The scorecard's id or exact title.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file; write nothing.")
        parser.add_argument("--provider", default="", help="The agency (for a new wave).")
        parser.add_argument(
            "--channel",
            default=Channel.VISIT,
            choices=Channel.values,
            help="The channel of the visits (default: visit).",
        )
        parser.add_argument(
            "--period",
            nargs=2,
            metavar=("START", "END"),
            type=datetime.date.fromisoformat,
            help="A new wave's period, YYYY-MM-DD YYYY-MM-DD (default: the file's dates).",
        )

    def handle(self, *args, file, wave, scorecard, dry_run, provider, channel, period, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from None
        try:
            found = scorecard_find(value=scorecard)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        result = mystery_shopping_import(
            content=content,
            filename=path.name,
            wave_name=wave,
            scorecard=found,
            dry_run=dry_run,
            provider=provider,
            channel=channel,
            period=tuple(period) if period else None,
        )
        for warning in result.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            count = len(result.errors)
            raise CommandError(
                ngettext(
                    "The file has %(count)s error; nothing was imported.",
                    "The file has %(count)s errors; nothing was imported.",
                    count,
                )
                % {"count": count}
            )
        counts = {"created": result.created, "unchanged": result.unchanged}
        if dry_run:
            self.stdout.write(
                ngettext(
                    "Dry run, nothing written: %(created)s new visit, %(unchanged)s already in "
                    "the wave.",
                    "Dry run, nothing written: %(created)s new visits, %(unchanged)s already in "
                    "the wave.",
                    counts["created"],
                )
                % counts  # fmt: skip
            )
        elif not result.created:
            self.stdout.write(
                ngettext(
                    "Nothing changed: %(unchanged)s visit is already in the wave.",
                    "Nothing changed: all %(unchanged)s visits are already in the wave.",
                    counts["unchanged"],
                )
                % counts
            )
        else:
            self.stdout.write(
                ngettext(
                    "Imported: %(created)s new visit, %(unchanged)s already in the wave.",
                    "Imported: %(created)s new visits, %(unchanged)s already in the wave.",
                    counts["created"],
                )
                % counts
            )
