"""Monitoring for admins: progress per OPD and employee, plans whose cascading link broke."""
