"""Walk the site as a reader of one language and list the Latin-script words they meet.

A Russian or Chinese reader must meet their own language: a Latin-script word on their page
is a fault unless it is

- a proper name or a name written in Latin script the world over (``PROPER_NAMES``, with the
  reason each is there),
- a code-looking token: an abbreviation in capitals (USD, PDF), a reference with a digit or
  separator inside (BCB-2026-1, SCO-DEP-2026-0001, a file name, an address, an e-mail), or
- text another language's reader wrote that the page marks as such: inside an element whose
  ``lang`` is not the page's (``core.translated`` marks a version whose translation is
  pending that way), or marked ``translate="no"`` (HTML's own mark for text that is never
  translated: log-in names, keys).

Script and style, ``code``/``kbd``/``samp``/``pre`` (machine text) are not read. Attributes a
reader meets are: ``title``, ``placeholder``, ``aria-label``, ``alt`` and the ``value`` of
buttons.

The walk starts at the language's home page and the given pages, follows every link under
the language's prefix that answers an HTML page (downloads, feeds and the API are other
tests' business), at most ``per_route`` pages of each route (the third meeting page is like the
first two), and GET only: a link never writes.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import lxml.html
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

#: Latin-script words allowed on a Russian or Chinese page, each with why.
PROPER_NAMES: dict[str, str] = {
    "Secretariat": "the product's name, a trademark like Indico",
    "OpenAPI": "the name of a standard",
    "Swagger": "the name of a tool",
    "iCalendar": "the name of a standard (RFC 5545)",
    "Atom": "the name of a standard (RFC 4287)",
    "Akoma": "Akoma Ntoso, the name of a standard",
    "Ntoso": "Akoma Ntoso, the name of a standard",
    "PAdES": "the name of a standard",
    "TBX": "the name of a standard (ISO 30042)",
    "JSON": "the name of a format",
    "Excel": "the name of a program",
    "LibreOffice": "the name of a program",
    "Google": "a company's name, in authenticator apps",
    "Authenticator": "Google Authenticator, a program's name",
    "FreeOTP": "a program's name",
    "Noto": "a typeface's name",
    "Outlook": "a program's name",
    "Thunderbird": "a program's name",
    "Apple": "a company's name, in its calendar program's",
    "gettext": "the name of the translation tool whose catalogues are cited",
    "GitHub": "a web site's name",
}

#: Names of several words in Latin script that a Russian or Chinese text cites as they are
#: (a newspaper's title), with why.
PROPER_PHRASES: dict[str, str] = {
    "China Daily": "a newspaper's title, cited in Latin script in Russian and Chinese alike",
    "The Daily Star": "a newspaper's title",
}

#: Elements whose text is machine text, a value being edited, or not text at all.
SKIPPED_TAGS = {
    "script",
    "style",
    "template",
    "code",
    "kbd",
    "samp",
    "pre",
    "noscript",
    "svg",
    # A form's box holds the value being edited, as an input's value attribute does (which is
    # not read either): the user's data, in the box's language (its ``lang``), not the page's.
    "textarea",
}
#: Attributes whose text a reader meets.
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

_LATIN = re.compile(r"[A-Za-z]")
#: A run of Latin letters with what may sit inside a code or an address (Chinese has no
#: spaces: "核证副本（PDF）" holds the token "PDF").
_TOKEN = re.compile(r"[A-Za-z0-9_@./\\:=#&%+~§'\-]*[A-Za-z][A-Za-z0-9_@./\\:=#&%+~§'\-]*")
#: Web and e-mail addresses, read as one code each.
_ADDRESS = re.compile(r"[a-z][a-z+.-]*://\S+|\S+@\S+")
_EDGES = "«»\"'“”„‚‘’()[]{}<>.,;:!?…·—–-*•/|"


def code_looking(token: str) -> bool:
    """A token that is a code or a reference, not a word: capitals only (USD, PDF, SCO), a
    digit or a separator inside (BCB-2026-1, 004§7, a file name, an address, an e-mail)."""
    core = token.strip(_EDGES)
    if not core:
        return True
    # A file's extension (.ics, .pdf) is a code.
    if token.startswith(".") and core.isalpha() and len(core) <= 5:
        return True
    if any(c.isdigit() for c in core):
        return True
    if any(c in core for c in "_@/\\.:=#&%+~§"):
        return True
    letters = [c for c in core if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return True
    # Two capitalised parts with a hyphen are still a code (SCO-RATS); a hyphenated word is not.
    parts = core.split("-")
    return len(parts) > 1 and all(p.isupper() for p in parts if p)


def latin_words(text: str, proper_names: frozenset[str] = frozenset()) -> list[str]:
    """The Latin-script words of ``text`` that are neither names nor codes."""
    found = []
    for phrase in PROPER_PHRASES:
        text = text.replace(phrase, " ")
    for token in _TOKEN.findall(_ADDRESS.sub(" ", text)):
        if not _LATIN.search(token) or code_looking(token):
            continue
        word = token.strip(_EDGES)
        if word in PROPER_NAMES or word in proper_names:
            continue
        found.append(word)
    return found


def _marked_other_language(element: lxml.html.HtmlElement, page_lang: str) -> bool:
    for node in element.iterancestors():
        if node.get("translate") == "no":
            return True
        lang = node.get("lang")
        if lang is not None:
            return not lang.lower().startswith(page_lang)
    return False


def _skip(element: lxml.html.HtmlElement, page_lang: str) -> bool:
    if element.tag in SKIPPED_TAGS or element.get("translate") == "no":
        return True
    lang = element.get("lang")
    if lang is not None and not lang.lower().startswith(page_lang):
        return True
    return any(a.tag in SKIPPED_TAGS for a in element.iterancestors()) or (
        lang is None and _marked_other_language(element, page_lang)
    )


def texts(html: str, page_lang: str) -> Iterable[str]:
    """The texts a reader of ``page_lang`` meets on the page (see the module's docstring)."""
    document = lxml.html.document_fromstring(html)
    body = document.find("body")
    if body is None:
        return
    yield from (t for t in document.xpath("//head/title/text()"))
    for element in body.iter():
        if not isinstance(element.tag, str) or _skip(element, page_lang):
            continue
        if element.text and element.text.strip():
            yield element.text
        for name in READ_ATTRIBUTES:
            if element.get(name):
                yield element.get(name)
        button = element.tag == "input" and element.get("type") in {"submit", "button"}
        if button and element.get("value"):
            yield element.get("value")
        # The tail belongs to the parent's language.
        parent = element.getparent()
        if (
            element.tail
            and element.tail.strip()
            and parent is not None
            and not _skip(parent, page_lang)
        ):
            yield element.tail


@dataclass
class Walk:
    """What one reader met: the Latin-script words per page, and the pages read."""

    prefix: str
    pages: list[str] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)

    def report(self, limit: int = 400) -> str:
        lines = []
        for url, words in sorted(self.faults.items()):
            counted = Counter(words)
            shown = ", ".join(f"{w}×{n}" if n > 1 else w for w, n in counted.most_common(12))
            lines.append(f"{url}: {shown}")
        for url, status in sorted(self.broken.items()):
            lines.append(f"{url}: answered {status}")
        text = "\n".join(lines[:limit])
        if len(lines) > limit:
            text += f"\n… and {len(lines) - limit} more"
        return text


#: Routes not walked, with the reason: they log out, or answer something else than a page.
NOT_WALKED = {
    "logout": "logs the reader out",
    "set_language": "switches the language",
}


def _route(path: str, django_lang: str) -> str | None:
    # The language prefix resolves only in its own language.
    with translation.override(django_lang):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return match.view_name


def walk(
    client: Client,
    prefix: str,
    page_lang: str,
    start: Iterable[str] = (),
    *,
    per_route: int = 3,
    proper_names: frozenset[str] = frozenset(),
) -> Walk:
    """Read every page reachable from ``prefix`` (e.g. "/ru") as ``client``'s user."""
    result = Walk(prefix)
    queue = deque([f"{prefix}/", *start])
    seen: set[str] = set()
    per: Counter[str] = Counter()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        route = _route(urlsplit(url).path, prefix.strip("/"))
        if route is None or route.split(":")[-1] in NOT_WALKED:
            continue
        per[route] += 1
        if per[route] > per_route:
            continue
        response = client.get(url)
        if response.status_code in {301, 302}:
            target = response.headers["Location"]
            if target.startswith(prefix + "/") and target not in seen:
                queue.append(target)
            continue
        if not response.headers.get("Content-Type", "").startswith("text/html"):
            if response.streaming:
                # Read to its end: the test client then closes the file without firing
                # request_finished (which would close the test's database connection).
                for _chunk in response.streaming_content:
                    pass
            continue
        if response.status_code != 200:
            if response.status_code >= 500:
                result.broken[url] = response.status_code
            continue
        html = response.content.decode("utf-8")
        result.pages.append(url)
        words = [w for t in texts(html, page_lang) for w in latin_words(t, proper_names)]
        if words:
            result.faults[url] = words
        for href in lxml.html.document_fromstring(html).xpath("//a/@href"):
            link, _fragment = urldefrag(href)
            if link.startswith(prefix + "/") and link not in seen:
                queue.append(link)
    return result
