"""Reports: the Excel exporters and their jobs, report scope, dashboards, the audit trail reader."""
