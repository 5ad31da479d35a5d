"""The exporter registry: every export is a small class registered by its identifier.

Importing this package registers them all (ranking, recaps, others, indicators, diagnostics).
"""

from reports.exporters import diagnostics, indicators, others, ranking, recaps  # noqa: F401
from reports.exporters.base import (
    CONTENT_TYPE,
    REGISTRY,
    Column,
    Exporter,
    ExportParams,
    ParamError,
    Sheet,
    available,
    exporter_class,
    resolve_params,
    write_workbook,
)

__all__ = [
    "CONTENT_TYPE",
    "REGISTRY",
    "Column",
    "ExportParams",
    "Exporter",
    "ParamError",
    "Sheet",
    "available",
    "exporter_class",
    "resolve_params",
    "write_workbook",
]
