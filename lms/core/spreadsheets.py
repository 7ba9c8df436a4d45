"""Text in the spreadsheets the site writes stays text: no cell starts a formula.

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice (``=HYPERLINK(…)`` in a page title becomes a live link in the
site-history report). ``formula_neutralise`` is the one function that prevents it, as OWASP
recommends: such a cell gets a leading apostrophe, which a spreadsheet shows as text;
``formula_unquote`` takes it off again when we read our own export back.

Our exports call it directly (the glossary). Wagtail's exports (every report, the model and
snippet listings, form submissions) go through ``SpreadsheetExportMixin``, which has no setting
for it: ``wagtail_exports_guard`` wraps the mixin's two methods that every cell goes through,
once, from ``CoreConfig.ready()``. In CSV each value is neutralised; in XLSX Wagtail already
stores formula-like values as text cells, and the headings (which, for form submissions, are
an author's field labels) are neutralised in both formats.
"""

import functools

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it rather than runs it: with a leading apostrophe if it
    starts like a formula, else unchanged."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def formula_unquote(text: str) -> str:
    """The inverse of ``formula_neutralise`` for a cell read back from our own CSV."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def wagtail_exports_guard() -> None:
    """Neutralise formulas in every CSV and XLSX export of the Wagtail admin (idempotent).

    Wraps ``SpreadsheetExportMixin.preprocess_field_value`` (every value of every row, after
    any per-field or per-type preprocessing of the view) and ``get_heading`` (the header row).
    No Wagtail view overrides either. If Wagtail renames them, this raises ``AttributeError``
    at start-up instead of letting exports go out unguarded."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading
    if getattr(preprocess, "neutralises_formulas", False):
        return

    @functools.wraps(preprocess)
    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        # XLSX: Wagtail turns a cell openpyxl takes for a formula back into a text cell.
        if export_format == self.FORMAT_CSV and isinstance(value, str | Promise):
            return formula_neutralise(str(value))
        return value

    @functools.wraps(heading)
    def get_heading(self, queryset, field):
        return formula_neutralise(heading(self, queryset, field))

    preprocess_field_value.neutralises_formulas = True
    get_heading.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
