"""Where a built page's bytes go: ``python benchmarks/page_weight.py site/02-….html``.

Prints the bytes of the page by part: each map's document (an iframe ``srcdoc``,
counted as written, escaped) and, inside it, its scripts by what they do; the page's
other scripts and styles; the list of sources; the attributes of every element by
name (``title``, ``class``, ``href``…); and what is left (text and tags).
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

#: What a statement of a map's script does, by a pattern it starts with or holds.
MAP_PARTS = [
    ("data: URIs (shared files on a site)", re.compile(r"data:[\w/]+;base64,")),
    ("popups (bindPopup)", re.compile(r"\.bindPopup\(")),
    ("tooltips (bindTooltip)", re.compile(r"\.bindTooltip\(")),
    ("lines (L.polyline)", re.compile(r"L\.polyline\(")),
    ("dots (L.circleMarker)", re.compile(r"L\.circleMarker\(")),
    ("place labels", re.compile(r"explainerLabels|placeLabels|labels\(")),
    ("legend", re.compile(r"explainer-legend")),
]


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.attributes: Counter[str] = Counter()
        self.srcdocs: list[str] = []
        self.raw_srcdoc = 0
        self.scripts = 0
        self.styles = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or ""
        for name, value in attrs:
            if name == "srcdoc" and value is not None:
                self.srcdocs.append(value)
                continue
            self.attributes[name] += len(name) + len(value or "") + 4
        if "srcdoc=" in text:
            self.raw_srcdoc += len(text)
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts += len(data.encode())
        elif self._in == "style":
            self.styles += len(data.encode())

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def map_breakdown(document: str) -> Counter[str]:
    """Bytes of a map's document by part (unescaped, as the frame reads it)."""
    out: Counter[str] = Counter()
    for line in document.split("\n"):
        size = len(line.encode()) + 1
        for name, pattern in MAP_PARTS:
            if pattern.search(line):
                out[name] += size
                break
        else:
            out["other"] += size
    return out


def breakdown(page: Path) -> list[tuple[str, int]]:
    """``(part, bytes)`` of a page; the parts add up to its size."""
    text = page.read_text(encoding="utf-8")
    total = len(text.encode())
    parser = _Parts()
    parser.feed(text)
    rows: list[tuple[str, int]] = []
    for i, escaped in enumerate(parser.srcdocs, 1):
        document = html.unescape(escaped)
        rows.append((f"map {i}: srcdoc as written (escaped)", len(escaped.encode())))
        for name, size in map_breakdown(document).most_common():
            rows.append((f"  map {i}, unescaped: {name}", size))
    start = text.find('<details class="explainer-sources"')
    last = text.rfind('class="explainer-source-list"')
    end = text.find("</details>", last) if start >= 0 <= last else -1
    sources = len(text[start:end].encode()) if end > 0 else 0
    rows.append(("source list (its <details>)", sources))
    rows.append(("page scripts", parser.scripts))
    rows.append(("page styles", parser.styles))
    for name, size in parser.attributes.most_common(8):
        rows.append((f"attribute {name}= (everywhere)", size))
    counted = sum(len(s.encode()) for s in parser.srcdocs) + parser.scripts
    rows.append(("rest (tags, text, other attributes)", total - counted))
    rows.append(("TOTAL", total))
    return rows


def main() -> None:
    """Print the breakdown of each page given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="+", type=Path)
    for page in parser.parse_args().pages:
        print(page.name)
        for name, size in breakdown(page):
            print(f"  {name:<48} {size:>9,}")


if __name__ == "__main__":
    main()
