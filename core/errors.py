"""The one exception services raise for a refused transition; its message is shown to the user."""


class DomainError(Exception):
    """A rule refused the change. str(error) is a translated message ready for the UI."""
