from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.people.importing import staff_import


class Command(BaseCommand):
    help = (
        "Import staff from an HR file: CSV (UTF-8 or Windows-1251, comma or semicolon) or XLSX, "
        "with a header row, keyed on the employee ID (see docs/notes/staff.md). Every row is "
        "checked first; a file with any error imports nothing, lists every error with its line "
        "and column, and exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change; write nothing.",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help="Email each new person with an email address a link to set their password.",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Mark people with an employee ID who are not in the file as left and lock them out.",
        )
        parser.add_argument(
            "--create-roles",
            action="store_true",
            help="Create the job roles the file names that do not exist yet (else an error).",
        )

    def handle(self, *args, file, dry_run, invite, deactivate_missing, create_roles, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from None
        result = staff_import(
            content=content,
            filename=path.name,
            dry_run=dry_run,
            invite=invite,
            deactivate_missing=deactivate_missing,
            create_roles=create_roles,
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
        if options["verbosity"] >= 2:
            for row in result.changed_rows():
                changes = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in row.changes)
                where = row.line if row.line is not None else "—"
                self.stdout.write(f"{where}\t{row.key}\t{row.action}\t{changes}")
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing written: %(summary)s.") % {"summary": result.summary()}
            )
        else:
            self.stdout.write(_("Imported: %(summary)s.") % {"summary": result.summary()})
            if result.plan.invited:
                self.stdout.write(
                    ngettext(
                        "%(count)s invitation is being sent.",
                        "%(count)s invitations are being sent.",
                        len(result.plan.invited),
                    )
                    % {"count": len(result.plan.invited)}
                )
