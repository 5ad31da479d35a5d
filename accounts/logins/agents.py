"""A browser and device named readably from a User-Agent header (pure: no Django, no database).

Only what a person recognises on "Sesi aktif" ("Chrome on Android", "Firefox on Windows"); never
used to decide anything. Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari",
Android says "Linux".
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Agent(NamedTuple):
    browser: str  # "Chrome 120", or "" when not recognised
    system: str  # "Android", "Windows", "iPhone"…, or ""
    mobile: bool


_BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"(?:OPR|Opera)/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+)[.\d]* (?:Mobile/\S+ )?Safari/"),
)
_SYSTEMS = (
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("Windows", r"Windows NT"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux|X11"),
)


def describe_agent(user_agent: str) -> Agent:
    """The browser (name and major version) and operating system a User-Agent names."""
    text = user_agent or ""
    browser = ""
    for name, pattern in _BROWSERS:
        match = re.search(pattern, text)
        if match:
            browser = f"{name} {match.group(1)}"
            break
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, text)), "")
    mobile = system in ("iPhone", "Android") and "Mobile" in text or system == "iPhone"
    return Agent(browser=browser, system=system, mobile=mobile)
