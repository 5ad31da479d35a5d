"""The organisation (org/), signing in (logins/), the Excel import (importing/), demo data."""
