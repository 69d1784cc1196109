"""Poisoned data: no text from the data ever runs as script on a published page.

A copy of ``data/`` gets a script payload appended to every free-text field of every
CSV file and every GeoJSON feature (titles, names, publishers, notes, summaries,
events, reporters, ...). The real command line builds the whole site from that copy
(``python -m explainer build --force`` with ``EXPLAINER_DATA_DIR``), and headless
Chromium opens every page offline and checks, in the page and in every map frame:

- that no payload ran (``window.__poisoned`` stays undefined),
- that no ``<img onerror>`` or ``<script>`` element of a payload exists, counting the
  HTML of every map tooltip and popup (opened one by one, so their payloads run too),
- that the payload shows as literal text wherever the page shows data text.

Which fields are free text comes from the loaders' schemas (the ``Col`` declarations of
:mod:`explainer.data`): every column declared as text, except the few in
:data:`NOT_PROSE` that are codes. Ids, choices, dates, numbers and URLs are never
poisoned: the loaders rightly refuse anything there but the declared form.

Every payload names its file and field (``sources.csv:title``), so a failure says
which field leaked on which page, and in which element.
"""

from __future__ import annotations

import csv
import functools
import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import explainer.data
from explainer import paths

from ._browser import Visit, drawn_maps, wait_for_charts
from .conftest import CHROMIUM, edit_csv, edit_geojson

#: Literal text every payload carries, to find it in a page's source and text.
MARK = "POISON-PROBE"
#: What a reader must see, literally, where a payload is shown as text.
LITERAL = '<img src=x onerror="'
#: Columns the loaders declare as text that are codes, not prose. Changing them
#: changes what the explainer computes, not just what it shows, so they stay clean.
NOT_PROSE = {
    "iso_a3": "an ISO 3166 code of countries.geojson; partners.csv joins on it",
    "iso_n3": "an ISO 3166 numeric code of countries.geojson",
    "unit": "a unit symbol the charts select rows by (e.g. unit == 'Mt')",
    "metric": "claims.csv: the indicators metric (or computed:<name>) of the evidence",
}
#: Text columns that notebooks also select rows by, as in
#: ``pick(indicators, reporter="Chinese customs")``: a value a notebook's code names
#: (or starts with) stays clean, so that the pick still finds its row; every other
#: value of the column is poisoned.
SELECTED_BY = ("reporter",)
#: Every page of the site, in every edition: the index and one page per notebook
#: (the Russian and Kazakh pages show names.csv's poisoned ru and kk columns).
PAGES = [
    f"{folder}{name}"
    for folder in ("", "ru/", "kk/")
    for name in [
        "index.html",
        *(
            f"{p.stem}.html"
            for p in sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
        ),
    ]
]


def payload(field: str) -> str:
    """The text appended to ``field``: markup that reports itself if it ever runs."""
    run = f"(window.__poisoned=window.__poisoned||[]).push('{field}')"
    return f' {MARK} <img src=x onerror="{run}"><script>{run}</script>'


# --- which fields are free text, from the loaders' schemas ----------------------


def _is_column(value: object) -> bool:
    return isinstance(getattr(value, "name", None), str) and isinstance(
        getattr(value, "kind", None), str
    )


def schemas() -> dict[str, tuple]:
    """Every column declaration of the loaders: ``{qualified name: columns}``.

    Found by introspection (module-level tuples of ``Col``) in :mod:`explainer.data`
    and, once it is a package, in its submodules.
    """
    modules = [explainer.data]
    if hasattr(explainer.data, "__path__"):
        modules += [
            importlib.import_module(info.name)
            for info in pkgutil.walk_packages(
                explainer.data.__path__, explainer.data.__name__ + "."
            )
        ]
    found: dict[str, tuple] = {}
    seen: set[int] = set()  # one declaration, however many modules import it
    for module in modules:
        for name, value in vars(module).items():
            if (
                isinstance(value, tuple)
                and value
                and all(map(_is_column, value))
                and id(value) not in seen
            ):
                seen.add(id(value))
                found[f"{module.__name__}.{name}"] = value
    return found


def data_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv")) + sorted(folder.glob("geo/*.geojson"))


def fields_of(path: Path) -> set[str]:
    """The column names of a CSV file, or every property name of a GeoJSON file."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return set(next(csv.reader(handle)))
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {key for f in doc["features"] for key in f["properties"]}


def schema_of(path: Path, declared: dict[str, tuple]) -> tuple[str, tuple]:
    """The schema a data file is loaded with: same columns (GeoJSON: the fewest
    declared properties that hold every property of the file)."""
    names = fields_of(path)
    if path.suffix == ".csv":
        fits = [(k, v) for k, v in declared.items() if {c.name for c in v} == names]
    else:
        fits = [(k, v) for k, v in declared.items() if names <= {c.name for c in v}]
        fits.sort(key=lambda kv: len(kv[1]))
        fits = [kv for kv in fits if len(kv[1]) == len(fits[0][1])] if fits else []
    assert len(fits) == 1, (
        f"{path.name}: expected exactly one loader schema with the fields "
        f"{sorted(names)}, found {[k for k, _ in fits] or 'none'}"
    )
    return fits[0]


def free_text(columns: tuple) -> list[str]:
    return [c.name for c in columns if c.kind == "text" and c.name not in NOT_PROSE]


def poison_plan(folder: Path) -> dict[str, list[str]]:
    """``{file relative to the data folder: [free-text fields]}``."""
    declared = schemas()
    return {
        path.relative_to(folder).as_posix(): free_text(schema_of(path, declared)[1])
        for path in data_files(folder)
    }


def test_every_data_file_has_a_schema_that_says_what_is_free_text():
    """The poisoned set follows the schemas; stale or missing rules fail here."""
    plan = poison_plan(paths.DATA_DIR)
    assert set(plan) >= {"sources.csv", "indicators.csv", "geo/nodes.geojson"}
    assert all(plan.values()), f"files with no free text to poison: {plan}"
    declared = [c for cols in schemas().values() for c in cols]
    text = {c.name for c in declared if c.kind == "text"}
    stale = (set(NOT_PROSE) | set(SELECTED_BY)) - text
    assert not stale, f"columns named here that are no longer text: {stale}"
    for name in ("title", "publisher", "summary", "event", "name", "note"):
        assert any(name in fields for fields in plan.values()), name


# --- the poisoned copy and its site ----------------------------------------------


@functools.cache
def selected_values(column: str) -> tuple[str, ...]:
    """The literal values of ``column`` that the notebooks' code selects rows by."""
    found = set()
    for notebook in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                found.update(re.findall(rf'\b{column}\s*=\s*"([^"]+)"', code))
    return tuple(sorted(found))


def poison(values: dict, file: str, fields: list[str]) -> None:
    """Append the payload to each of ``fields`` of one row (or feature's properties)."""
    for field in fields:
        value = values.get(field) or ""
        if field in SELECTED_BY and value.startswith(selected_values(field)):
            continue
        values[field] = value + payload(f"{file}:{field}")


@pytest.fixture(scope="module")
def poisoned_data(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    """A copy of ``data/`` with a payload appended to every free-text field."""
    folder = tmp_path_factory.mktemp("poisoned") / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    plan = poison_plan(folder)
    for file, fields in plan.items():
        if file.endswith(".csv"):
            edit_csv(
                folder / file,
                lambda rows, file=file, fields=fields: [
                    poison(row, file, fields) or row for row in rows
                ],
            )
        else:
            edit_geojson(
                folder / file,
                lambda doc, file=file, fields=fields: [
                    poison(f["properties"], file, fields) for f in doc["features"]
                ],
            )
    keep_names_in_step(folder)
    return folder, plan


def keep_names_in_step(folder: Path) -> None:
    """names.csv's ``en`` is the data's English of each place (a rule the loader
    checks): after poisoning, it is the poisoned node name or partner's place again,
    while its ``ru`` and ``kk`` columns keep their own payloads."""
    nodes = json.loads((folder / "geo" / "nodes.geojson").read_text(encoding="utf-8"))
    by_id = {f["properties"]["id"]: f["properties"]["name"] for f in nodes["features"]}
    node_payload = payload("geo/nodes.geojson:name")
    node_named = {name.removesuffix(node_payload): name for name in by_id.values()}
    place_payload = payload("partners.csv:place")
    by_place = {}

    def same_place(rows: list[dict]) -> None:
        # A partner's place that is also a node (Tbilisi) is one place with one
        # English name: it carries the node's payload.
        for row in rows:
            english = row["place"].removesuffix(place_payload)
            row["place"] = node_named.get(english, row["place"])
            by_place[english] = row["place"]

    edit_csv(folder / "partners.csv", same_place)

    def step(rows: list[dict]) -> None:
        for row in rows:
            english = row["en"].removesuffix(payload("names.csv:en"))
            row["en"] = by_id.get(row["id"]) or by_place.get(english) or row["en"]

    edit_csv(folder / "names.csv", step)


@pytest.fixture(scope="module")
def poisoned_site(poisoned_data, tmp_path_factory) -> Path:
    """The whole site built by the real command line from the poisoned copy."""
    folder, _ = poisoned_data
    out = tmp_path_factory.mktemp("poisoned-site")
    env = {**os.environ, paths.DATA_DIR_ENV: str(folder)}
    cmd = [sys.executable, "-m", "explainer", "build", "--force", "--out", str(out)]
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, (
        f"the site did not build from the poisoned data:\n{done.stdout}\n{done.stderr}"
    )
    return out


#: Runs in every frame: opens each Leaflet tooltip and popup (so that their HTML is
#: parsed and any payload in it runs), and reports the payload elements their HTML
#: would create, parsed inertly in a <template>.
OPEN_OVERLAYS = """() => {
  const found = [];
  if (!window.L || !window.L.Map) return found;
  const inert = (html) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content;
  };
  for (const key of Object.keys(window)) {
    const map = window[key];
    if (!(map instanceof window.L.Map)) continue;
    map.eachLayer((layer) => {
      for (const [get, open] of [['getTooltip', 'openTooltip'],
                                 ['getPopup', 'openPopup']]) {
        const overlay = typeof layer[get] === 'function' && layer[get]();
        if (!overlay) continue;
        let content = overlay.getContent();
        if (typeof content === 'function') content = content(layer);
        const root = typeof content === 'string' ? inert(content) : content;
        if (root && root.querySelectorAll) {
          for (const el of root.querySelectorAll('img[onerror], script')) {
            if ((el.getAttribute('onerror') || el.textContent).includes('__poisoned'))
              found.push(`${get.slice(3).toLowerCase()}: ${el.outerHTML}`);
          }
        }
        try { layer[open](); } catch (e) { /* a layer not on the map */ }
      }
    });
  }
  return found;
}"""

ALL_IMAGES_SETTLED = "() => [...document.images].every((img) => img.complete)"
#: Runs in every frame: what ran, which payload elements exist, and the text shown.
INSPECT = """() => {
  const cls = (n) => (typeof n.className === 'string' ? n.className.trim() : '');
  const name = (n) => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
    + (cls(n) ? '.' + cls(n).split(/\\s+/).join('.') : '');
  const context = (el) => {
    const path = [];
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement)
      if (n.id || cls(n) || path.length === 0) path.unshift(name(n));
    const html = el.parentElement ? el.parentElement.innerHTML : '';
    const at = html.indexOf(el.outerHTML);
    const before = at > 0 ? html.slice(Math.max(0, at - 160), at) : '';
    return `${path.slice(-2).join(' > ')}: …${before.replace(/\\s+/g, ' ')}`
      + `<${el.tagName.toLowerCase()}…`;
  };
  const elements = [];
  for (const el of document.querySelectorAll('img[onerror], script')) {
    const code = el.tagName === 'IMG' ? el.getAttribute('onerror') || ''
                                      : el.textContent.trim();
    if (code.includes('__poisoned') && code.length < 200) {
      const field = (code.match(/push\\('([^']*)'\\)/) || [])[1];
      elements.push({tag: el.tagName.toLowerCase(), field, context: context(el)});
    }
  }
  const svgText = [...document.querySelectorAll('svg text')]
    .map((t) => t.textContent).join('\\n');
  return {
    ran: window.__poisoned || null,
    elements,
    text: (document.body ? document.body.innerText : '') + '\\n' + svgText,
  };
}"""


def inspect_page(visit: Visit) -> dict:
    """Open every overlay, let the page settle, then inspect every frame."""
    page, notes = visit.page, []
    try:
        drawn_maps(page)
        wait_for_charts(page)
    except Exception as exc:  # a broken page is reported with the leaks
        notes.append(f"the page did not finish drawing: {exc}")
    overlays = []
    for frame in page.frames:
        overlays += [
            f"frame {frame.url[:60]}: {o}" for o in frame.evaluate(OPEN_OVERLAYS)
        ]
    for frame in page.frames:  # every image has loaded or failed: onerror has run
        frame.wait_for_function(ALL_IMAGES_SETTLED, timeout=10_000)
    ran, elements, text = [], [], []
    for frame in page.frames:
        seen = frame.evaluate(INSPECT)
        ran += seen["ran"] or []
        elements += [{**e, "frame": frame.url[:60]} for e in seen["elements"]]
        text.append(seen["text"])
    return {
        "ran": sorted(set(ran)),
        "elements": elements,
        "overlays": overlays,
        "literal": LITERAL in "\n".join(text),
        "notes": notes + visit.errors,
    }


def describe(page: str, found: dict) -> str:
    """What leaked on a page: per field, where its payload became markup."""
    lines = [f"{page}: text from the data runs as script or becomes markup"]
    lines += [f"  ran: {field}" for field in found["ran"]]
    where: dict[str, Counter] = {}
    example = {}
    for element in found["elements"]:
        container, _, fragment = element["context"].partition(": ")
        container = re.sub(r"#[\w-]+", "", container)  # ids differ per build
        where.setdefault(element["field"], Counter())[container] += 1
        example.setdefault((element["field"], container), fragment[-200:])
    for field, containers in sorted(where.items()):
        for container, n in sorted(containers.items()):
            lines.append(
                f"  {field}: {n} payload element(s) in {container}; "
                f"e.g. {example[field, container]}"
            )
    lines += [f"  overlay {o[:300]}" for o in found["overlays"]]
    if not found["literal"]:
        lines.append(f"  the literal text {LITERAL!r} shows nowhere on the page")
    notes = Counter(n[:200] for n in found["notes"])
    lines += [f"  note ({n}x): {text}" for text, n in sorted(notes.items())]
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_every_built_page_is_visited(poisoned_site):
    built = sorted(
        str(p.relative_to(poisoned_site))
        for folder in ("", "ru", "kk")
        for p in (poisoned_site / folder).glob("*.html")
    )
    assert built == sorted(PAGES)


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_poisoned_text_never_runs_and_shows_literally(browser, poisoned_site, page):
    path = poisoned_site / page
    visit = Visit(browser, path.as_uri())
    try:
        found = inspect_page(visit)
    finally:
        visit.close()
    shows_data = MARK in path.read_text(encoding="utf-8")
    leaks = found["ran"] or found["elements"] or found["overlays"]
    assert not leaks and (found["literal"] or not shows_data), describe(page, found)
