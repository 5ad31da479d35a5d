"""Set translations in the Indonesian catalogue from `msgid<TAB>msgstr` lines on stdin.

Used after makemessages to fill new entries; clears the fuzzy flag of each entry it sets. For a
plural entry give the singular msgid.
Usage: printf 'Close\\tTutup\\n' | .venv/bin/python scripts/po_set.py
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def main() -> None:
    with PO_FILE.open("rb") as handle:
        catalogue = read_po(handle, locale="id")
    for line in sys.stdin.read().splitlines():
        if not line.strip():
            continue
        msgid, msgstr = line.split("\t", 1)
        message = catalogue.get(msgid)
        if message is None:
            sys.exit(f"not in the catalogue: {msgid!r}")
        # Indonesian has one plural form (nplurals=1), so a plural entry takes a 1-tuple.
        message.string = (msgstr,) if message.pluralizable else msgstr
        message.flags.discard("fuzzy")
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalogue, width=79, omit_header=False)


if __name__ == "__main__":
    main()
