"""Changes to work plans: editing the content (edit.py) and moving it through its states (flow.py)."""
