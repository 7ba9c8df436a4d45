"""django-q2 entry points of the exports: ids in, one service call, no rules."""

from reports.services import exports


def report_export_run(export_id: int) -> int | None:
    """Write the file of one export and notify its owner; returns the rows written."""
    export = exports.report_export_build(export_id=export_id)
    return export.rows if export is not None else None


def report_exports_expire() -> int:
    """Delete the files of exports past their keeping time."""
    return exports.report_exports_expire()
