"""Log in with the NIP or the username."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def user_for_identifier(identifier: str):
    """The account a typed identifier names: the username in any case, else the NIP; or None.

    The login backend and the lockout (accounts.logins.lockout) both ask this, so failures count
    against the very account a right password would have opened."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    User = get_user_model()
    # Ordered, so that two usernames differing only in case always resolve to the same one.
    user = User.objects.filter(username__iexact=identifier).order_by("pk").first()
    if user is None and identifier.isdigit():
        user = User.objects.filter(employee__nip=identifier).first()
    return user


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            get_user_model()().set_password(password)  # equalise timing with an existing user
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
