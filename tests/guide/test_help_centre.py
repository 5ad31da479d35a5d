"""The help centre: its Markdown pages in both languages, links between them, the search, the
pages themselves; and the term help the forms show beside regulatory terms."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from appraisal.plans.forms import IkiForm
from core.glossary import TERMS, term_help
from guide import pages

TASKS = {
    "menyusun-skp",
    "cascading",
    "realisasi-dan-bukti",
    "penilaian",
    "keberatan",
    "kalibrasi",
    "penutupan",
    "tpp",
    "siklus-latihan",
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_task_has_its_page_in_both_languages(language):
    found = {page.slug: page for page in pages.pages(language)}
    assert set(found) == TASKS
    for page in found.values():
        assert page.title and page.summary and "<h2>" in page.html, page.slug
        assert "<script" not in page.html


def test_each_term_explains_itself_on_a_page_that_exists():
    for term in TERMS.values():
        assert term.page in TASKS, term.key
        assert term.title and term.text and term.example


def test_a_page_renders_no_raw_html_and_links_its_siblings():
    html = pages._render(
        "Lihat [Keberatan](keberatan) dan [BKN](https://www.bkn.go.id).\n\n<script>x()</script>",
        {"keberatan"},
    )
    assert f'href="{reverse("guide:page", args=["keberatan"])}"' in html
    assert 'href="https://www.bkn.go.id"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    with pytest.raises(ValueError, match="link to nowhere"):
        pages._render("[Salah](tidak-ada)", {"keberatan"})


def test_the_search_finds_pages_by_the_start_of_words_titles_first():
    found = pages.search("id", "keberat")
    assert found and found[0].slug == "keberatan"
    assert pages.search("id", "zzzz qqqq") == []
    assert pages.search("id", "  ") == []
    assert [p.slug for p in pages.search("en", "objection")][0] == "keberatan"


def test_the_pages_answer_anyone_in_their_language(client):
    index = client.get(reverse("guide:index"))
    assert index.status_code == 200 and len(index.context["pages"]) == len(TASKS)
    found = client.get(reverse("guide:index"), {"q": "TPP"})
    assert "tpp" in [p.slug for p in found.context["pages"]]
    assert client.get(reverse("guide:index"), {"q": "\x00" * 500}).status_code == 200
    page = client.get(reverse("guide:page", args=["keberatan"]))
    assert page.status_code == 200
    assert page.context["page"].title == pages.page("id", "keberatan").title
    assert client.get(reverse("guide:page", args=["tidak-ada"])).status_code == 404
    client.cookies["django_language"] = "en"
    english = client.get(reverse("guide:page", args=["keberatan"]))
    assert english.context["page"].title == pages.page("en", "keberatan").title


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = {}

    def handle_starttag(self, tag, attrs):
        if tag == "button":
            self.found = dict(attrs)


def test_term_help_escapes_its_text_for_the_popover_it_becomes(monkeypatch):
    from core.glossary import Term

    monkeypatch.setitem(
        TERMS, "uji", Term("uji", "A <b>", "x < y & z", '"kutip"', "keberatan")
    )  # fmt: skip
    parser = _Attributes()
    parser.feed(term_help("uji"))
    content = parser.found["data-bs-content"]  # what Bootstrap parses as HTML
    assert "x &lt; y &amp; z" in content and "<p" in content
    assert parser.found["data-bs-title"] == "A &lt;b&gt;"
    assert reverse("guide:page", args=["keberatan"]) in content


def test_forms_show_the_terms_they_use():
    form = IkiForm()
    assert 'data-term="aspek"' in str(form.fields["aspek"].help_text)
    assert 'data-term="iki"' in str(form.fields["indicator"].help_text)
    assert 'data-term="iki"' in form.as_div()
