"""Two-factor login: TOTP devices and recovery codes (django-otp), the second step after the
password or SSO, enrolment required for some roles, an admin's reset of a lost device."""
