"""Where a built page's bytes go: ``python benchmarks/page_weight.py site/02-….html``.

Prints the bytes of the page by part: each map's document (an iframe ``srcdoc``,
counted as written, escaped) and, inside it, its scripts by what they do; the page's
charts (their scripts, the data rows in their specs, the letters still written as
``\\uXXXX`` escapes) and other scripts and styles; the list of sources; the
attributes of every element by name (``title``, ``class``, ``href``…); and what is
left (text and tags).
"""

from __future__ import annotations

import argparse
import html
import json
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


#: Where a chart's spec starts in its script (Vega or Vega-Lite; keys sorted).
_SPEC = re.compile(r'\{"\$schema":\s*"https://vega\.github\.io/schema/vega')
#: A letter written as a JSON escape (``\\u0436``) instead of as UTF-8.
_LETTER_ESCAPE = re.compile(r"\\u(?!00[0-7])[0-9a-fA-F]{4}")


def _data_rows(spec: dict) -> list:
    """The data rows a spec carries: Vega's ``data[].values``, Vega-Lite's datasets."""
    found = list((spec.get("datasets") or {}).values())
    data = spec.get("data")
    for entry in data if isinstance(data, list) else [data]:
        if isinstance(entry, dict) and isinstance(entry.get("values"), list):
            found.append(entry["values"])
    return found


def chart_breakdown(script: str) -> tuple[int, int, int] | None:
    """``(data rows bytes, letter escapes, spec bytes)`` of a chart's script."""
    match = _SPEC.search(script)
    if match is None:
        return None
    spec, end = json.JSONDecoder().raw_decode(script, match.start())
    rows = sum(
        len(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode())
        for r in _data_rows(spec)
    )
    escapes = len(_LETTER_ESCAPE.findall(script[match.start() : end]))
    return rows, escapes, len(script[match.start() : end].encode())


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.attributes: Counter[str] = Counter()
        self.srcdocs: list[str] = []
        self.raw_srcdoc = 0
        self.scripts = 0
        self.chart_scripts: list[str] = []
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
            if _SPEC.search(data):
                self.chart_scripts.append(data)
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
        letters = len(_LETTER_ESCAPE.findall(document))
        rows.append((f"  map {i}: letters written as \\uXXXX (count)", letters))
    start = text.find('<details class="explainer-sources"')
    last = text.rfind('class="explainer-source-list"')
    end = text.find("</details>", last) if start >= 0 <= last else -1
    sources = len(text[start:end].encode()) if end > 0 else 0
    rows.append(("source list (its <details>)", sources))
    rows.append(("page scripts", parser.scripts))
    charts = [(s, chart_breakdown(s)) for s in parser.chart_scripts]
    rows.append(
        (
            f"  charts ({len(charts)}): their scripts",
            sum(len(s.encode()) for s, _ in charts),
        )
    )
    rows.append(("  charts: their specs", sum(c[2] for _, c in charts if c)))
    rows.append(
        (
            "  charts: data rows in the specs (as UTF-8)",
            sum(c[0] for _, c in charts if c),
        )
    )
    rows.append(
        (
            "  charts: largest script",
            max((len(s.encode()) for s, _ in charts), default=0),
        )
    )
    rows.append(
        (
            "  charts: letters written as \\uXXXX (count)",
            sum(c[1] for _, c in charts if c),
        )
    )
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
