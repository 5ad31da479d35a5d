"""The demo agency's appraisal years: this year's plans in every state, last year's closed cycle."""
