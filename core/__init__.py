"""The bottom layer (no models): errors, Actor, queueing, figures, pagination, forms, extensions."""
