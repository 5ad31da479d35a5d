"""The inbox and its bell, e-mail (outbox, digests, preferences) and the deadline-reminder run."""
