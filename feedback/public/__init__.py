"""Public feedback without an account: short address, QR poster, moderation, aggregates."""
