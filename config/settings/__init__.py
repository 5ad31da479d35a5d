"""Settings: base.py runs with no environment at all; test.py only makes tests faster."""
