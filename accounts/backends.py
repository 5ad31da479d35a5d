"""Log in with the NIP or the username."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        username = username.strip()
        User = get_user_model()
        user = User.objects.filter(username__iexact=username).first()
        if user is None and username.isdigit():
            user = User.objects.filter(employee__nip=username).first()
        if user is None:
            User().set_password(password)  # equalise timing with an existing user
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
