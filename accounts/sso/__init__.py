"""Single sign-on through the Pemda's OpenID Connect provider (mozilla-django-oidc): discovery,
the login and callback views, the NIP claim mapped to an existing account, RP-initiated logout,
and who may still use a local password (LOCAL_LOGIN)."""
