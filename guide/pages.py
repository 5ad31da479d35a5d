"""The help centre's pages: Markdown files kept in the repository, one per task, in each
language (guide/pages/<language>/<slug>.md), read once per process.

A page's first line is its `# Title`, the paragraph after it its summary (the list and the search
results show it). Links between pages are written with the other page's slug (`[Keberatan]
(keberatan)`) and point at its help-centre address once rendered. Raw HTML in a page is not
rendered: CommonMark only, so a page is text a reviewer reads in a pull request.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt

PAGES_DIR = Path(__file__).resolve().parent / "pages"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    html: str
    text: str  # the words a search looks in, lower case


def _language(code: str | None) -> str:
    """The pages' language for a request's language code; the default one when none is written."""
    code = (code or "").split("-")[0]
    return code if (PAGES_DIR / code).is_dir() else settings.LANGUAGE_CODE.split("-")[0]


def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _render(markdown: str, slugs: set[str]) -> str:
    parser = _renderer()
    tokens = parser.parse(markdown)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if href in slugs:
                    child.attrSet("href", reverse("guide:page", args=[href]))
                elif not href.startswith(("https://", "http://", "/", "#", "mailto:")):
                    raise ValueError(f"help page link to nowhere: {href!r}")
    return parser.renderer.render(tokens, parser.options, {})


def _read(path: Path, slugs: set[str]) -> Page:
    markdown = path.read_text(encoding="utf-8")
    lines = markdown.splitlines()
    if not lines or not lines[0].startswith("# "):
        raise ValueError(f"{path} does not start with its '# Title'")
    title = lines[0][2:].strip()
    paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    summary = " ".join(paragraphs[0].split()) if paragraphs else ""
    plain = re.sub(r"[*_`#>\[\]()]", " ", markdown)
    return Page(
        slug=path.stem,
        title=title,
        summary=summary,
        html=_render("\n".join(lines[1:]), slugs),
        text=" ".join(plain.lower().split()),
    )


@functools.cache
def pages(language: str) -> tuple[Page, ...]:
    """Every page of `language` (a folder under guide/pages), in title order."""
    folder = PAGES_DIR / language
    paths = sorted(path for path in folder.glob("*.md") if SLUG.fullmatch(path.stem))
    slugs = {path.stem for path in paths}
    return tuple(sorted((_read(path, slugs) for path in paths), key=lambda page: page.title))


def pages_for(language_code: str | None) -> tuple[Page, ...]:
    return pages(_language(language_code))


def page(language_code: str | None, slug: str) -> Page | None:
    return next((p for p in pages_for(language_code) if p.slug == slug), None)


def search(language_code: str | None, query: str) -> list[Page]:
    """Pages holding every word of `query` as the start of one of theirs ("keberat" finds
    "keberatan"), those with a query word in their title first."""
    words = [w.lower() for w in WORD.findall(query)][:10]
    if not words:
        return []
    found = []
    for candidate in pages_for(language_code):
        tokens = set(WORD.findall(candidate.text))
        if all(any(token.startswith(word) for token in tokens) for word in words):
            in_title = sum(word in candidate.title.lower() for word in words)
            found.append((-in_title, candidate.title, candidate))
    return [entry[2] for entry in sorted(found, key=lambda entry: entry[:2])]
