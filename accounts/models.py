"""Django loads the app's models from here; each sub-domain keeps its own models.py."""

from accounts.importing.models import EmployeeImport
from accounts.logins.models import AccountToken, LoginSession, User
from accounts.org.models import (
    AdminRole,
    AgencyProfile,
    AppraiserOverride,
    Assignment,
    Employee,
    OrgUnit,
    Position,
)
from accounts.privacy.models import PersonalDataAccess
from accounts.signatures.models import SigningCredential
from accounts.verification.models import DocumentRecord

__all__ = [
    "AccountToken",
    "AdminRole",
    "AgencyProfile",
    "AppraiserOverride",
    "Assignment",
    "DocumentRecord",
    "Employee",
    "EmployeeImport",
    "LoginSession",
    "OrgUnit",
    "PersonalDataAccess",
    "Position",
    "SigningCredential",
    "User",
]
