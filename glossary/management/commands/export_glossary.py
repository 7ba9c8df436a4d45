"""``manage.py export_glossary FILE``: write the glossary to a CSV or XLSX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from glossary.importing import FORMATS, glossary_export


class Command(BaseCommand):
    help = (
        "Export glossary terms to a CSV (UTF-8) or XLSX file in the columns import_glossary "
        "reads; the format comes from the file's extension unless --format is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to write (.csv or .xlsx).")
        parser.add_argument("--format", choices=FORMATS, dest="file_format")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_drafts",
            help="Every term, not only the live ones.",
        )

    def handle(self, *args, file, file_format=None, include_drafts=False, **options):
        path = Path(file)
        file_format = file_format or path.suffix.lower().lstrip(".")
        if file_format not in FORMATS:
            raise CommandError(
                f"Cannot tell the format from {path.name!r}: name it .csv or .xlsx, or pass "
                "--format."
            )
        export = glossary_export(file_format=file_format, include_drafts=include_drafts)
        try:
            path.write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from exc
        self.stdout.write(f"exported {export.term_count} terms to {path}")
