"""Who must act before which deadline in the appraisal year (a source of the reminder run)."""
