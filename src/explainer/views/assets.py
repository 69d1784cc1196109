"""The JavaScript and CSS that maps and charts need, from installed packages, offline.

Stock notebooks fetch Leaflet and Vega from CDNs; the explainer never does:

- Leaflet comes from the PyPI package ``xstatic-leaflet``. Each map carries it as
  ``data:`` URIs, so a map draws wherever its HTML goes (JupyterLab with no network, a
  single exported file). The site build swaps those URIs for one shared file in
  ``site/static/`` (see :func:`inline_to_shared`).
- The vector base map (Natural Earth countries) is one script,
  ``basemap.js``: every map loads it as a ``data:`` URI, which the site build swaps for
  one shared file, as for Leaflet; each map keeps the shapes it names. So are the
  maps' behaviour (``behaviour.js``) and the corridor network's lines and places
  with their popups (``network.js``, see :mod:`explainer.views.maps.network`).
- Vega, Vega-Lite and Vega-Embed come as one bundle made by ``vl-convert-python``,
  cached on disk after the first build (building it takes ~2 s). :func:`setup` puts it
  on the notebook page once; the site build links it from ``site/static/`` instead.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import shapely
from markupsafe import Markup
from xstatic.pkg import leaflet as _xstatic_leaflet

from explainer.views.dark import VEGA_DARK, darken
from explainer.views.html import render, script_json

if TYPE_CHECKING:
    import geopandas as gpd

LEAFLET_DIR = Path(_xstatic_leaflet.BASE_DIR)
#: Output metadata key that marks the asset output of :func:`setup`.
ASSET_MARK = "explainer-assets"
CACHE_ENV = "EXPLAINER_CACHE_DIR"
#: The explainer's page style (also used in JupyterLab through :func:`setup`): the
#: files of this folder, joined in name order (one file per concern).
CSS_DIR = Path(__file__).parent / "templates" / "css"
#: File name of the joined style sheet in a site's ``static/`` folder.
PAGE_CSS_NAME = "explainer.css"
#: File name of the shared base map in a site's ``static/`` folder.
BASEMAP_NAME = "basemap.js"


def page_css() -> str:
    """The explainer's page style: every ``templates/css/*.css``, in name order."""
    parts = sorted(CSS_DIR.glob("*.css"))
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


def cache_dir() -> Path:
    """Folder for generated assets.

    ``$EXPLAINER_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/explainer``, else
    ``~/.cache/explainer``; created if missing.
    """
    if os.environ.get(CACHE_ENV):
        folder = Path(os.environ[CACHE_ENV])
    elif os.environ.get("XDG_CACHE_HOME"):
        folder = Path(os.environ["XDG_CACHE_HOME"]) / "explainer"
    else:
        folder = Path.home() / ".cache" / "explainer"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- Leaflet -------------------------------------------------------------------------


@functools.cache
def leaflet_js() -> str:
    """Leaflet's JavaScript, from ``xstatic-leaflet``."""
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")


@functools.cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined, so it needs no ``images/`` folder."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        png = (LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode()})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


def _data_uri(mime: str, text: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(text.encode()).decode()}"


#: Characters a script's ``data:`` URI keeps as they are (see :func:`script_uri`).
_URI_SAFE = " /:;,=()[]{}!$*+@\\"


def script_uri(text: str) -> str:
    """A script as a percent-encoded ``data:`` URI that stays readable.

    Unlike base64, its words stay searchable in the map's HTML; quotes, ``<``,
    ``>``, ``&``, ``%``, ``#``, line breaks and tabs are encoded (spaces are kept),
    so HTML escaping leaves the URI unchanged (the site build finds it in a frame's
    escaped ``srcdoc``).
    """
    return "data:text/javascript;charset=utf-8," + quote(text, safe=_URI_SAFE)


@functools.cache
def leaflet_js_uri() -> str:
    """Leaflet's JavaScript as a ``data:`` URI."""
    return _data_uri("text/javascript", leaflet_js())


@functools.cache
def leaflet_css_uri() -> str:
    """Leaflet's CSS (images inlined) as a ``data:`` URI."""
    return _data_uri("text/css", leaflet_css())


# --- the base map ------------------------------------------------------------------

#: Coordinates of the shared base map are stored as integers: degrees times this.
BASEMAP_SCALE = 100
BASEMAP_JS = Path(__file__).parent / "templates" / "maps" / "basemap.js"


def _ring_steps(coords: Iterable[tuple[float, ...]]) -> list[int]:
    steps: list[int] = []
    last_x = last_y = 0
    for x, y, *_ in coords:
        ix, iy = round(x * BASEMAP_SCALE), round(y * BASEMAP_SCALE)
        steps += [ix - last_x, iy - last_y]
        last_x, last_y = ix, iy
    return steps


def basemap_js(countries: gpd.GeoDataFrame | None = None) -> str:
    """The base map as one script: its shapes, then the code that draws them.

    It defines ``explainerBasemap.add(map, names, style)``, which adds the shapes
    ``names`` lists (all when ``null``) to the map's ``basemap`` pane.

    Parameters
    ----------
    countries
        The base layer (``name``, ``kind``, ``geometry``); default
        :func:`explainer.load_countries`.
    """
    if countries is None:
        return _default_basemap_js()
    features = [
        [
            row.name,
            row.kind,
            [
                [_ring_steps(ring.coords) for ring in (part.exterior, *part.interiors)]
                for part in shapely.get_parts(row.geometry)
            ],
        ]
        for row in countries.itertuples()
    ]
    data = json.dumps(
        {"scale": BASEMAP_SCALE, "features": features}, separators=(",", ":")
    )
    code = BASEMAP_JS.read_text(encoding="utf-8")
    return f"window.explainerBasemapData = {data};\n{code}"


@functools.cache
def _default_basemap_js() -> str:
    from explainer.data import load_countries

    return basemap_js(load_countries())


def basemap_uri(countries: gpd.GeoDataFrame | None = None) -> str:
    """:func:`basemap_js` as a ``data:`` URI (what a map carries)."""
    if countries is None:
        return _default_basemap_uri()
    return _data_uri("text/javascript", basemap_js(countries))


@functools.cache
def _default_basemap_uri() -> str:
    return _data_uri("text/javascript", basemap_js())


# --- Vega ----------------------------------------------------------------------------


def _altair_versions() -> dict[str, str]:
    import altair as alt

    return {
        "vega_version": alt.VEGA_VERSION.split(".")[0],
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION.split(".")[0],
    }


def vega_debug_js() -> str:
    """A snippet telling Altair's HTML renderer that Vega is already on the page.

    Altair's renderer loads Vega from a CDN unless ``VEGA_DEBUG`` names the versions
    it wants; with this snippet after the bundle it uses the bundle instead.
    """
    versions = json.dumps(_altair_versions(), sort_keys=True)
    return f"window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {versions});"


#: The code that draws a chart of the explainer (``explainerChart``), shared by every
#: chart of a page: it comes with the chart library (:func:`vega_bundle`,
#: :func:`vega_site_bundle`), and each chart's output calls it with its spec.
CHART_JS = Path(__file__).parent / "templates" / "js" / "chart.js"


def chart_js() -> str:
    """The explainer's chart code (:data:`CHART_JS`)."""
    return CHART_JS.read_text(encoding="utf-8")


def vega_bundle() -> str:
    """Vega, Vega-Lite, Vega-Embed and the explainer's chart code, in one script.

    The three libraries are cached on disk; :func:`chart_js` follows them.

    Returns
    -------
    str
        JavaScript that defines ``vega``, ``vegaLite``, ``vegaEmbed`` and
        ``explainerChart`` globally.
    """
    import vl_convert

    versions = _altair_versions()
    vl = ".".join(versions["vegalite_version"].split(".")[:2])
    key = hashlib.sha256(
        f"{vl_convert.__version__}|{vl}|{vl_convert.get_vega_version()}".encode()
    ).hexdigest()[:16]
    path = cache_dir() / f"vega-bundle-{key}.js"
    if not path.is_file():
        text = vl_convert.javascript_bundle(vl_version=vl)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # atomic: parallel builds never read half a file
    return path.read_text(encoding="utf-8") + "\n" + chart_js()


#: The site's stand-in for Vega-Embed (Vega specs only); see :func:`vega_site_bundle`.
EMBED_JS = Path(__file__).parent / "templates" / "js" / "embed.js"


def _vl_version() -> str:
    return ".".join(_altair_versions()["vegalite_version"].split(".")[:2])


def vega_spec(spec: dict) -> dict:
    """A chart's Vega-Lite spec compiled to Vega, as Vega-Embed would compile it.

    Charts reach the pages as Vega, so the site ships Vega alone, not Vega-Lite's
    compiler (see :func:`vega_site_bundle`). A spec that is not Vega-Lite is
    returned as it is.
    """
    if "vega-lite" not in str(spec.get("$schema", "")):
        return spec
    import vl_convert

    return _guide_descriptions(
        vl_convert.vegalite_to_vega(spec, vl_version=_vl_version())
    )


def _guide_descriptions(node: object) -> object:
    """Vega whose axes and legends say their own ``description`` to assistive tools.

    Vega-Lite writes an axis's or legend's ``description`` on the guide, where
    Vega (6.x) does not look: its ARIA label comes from the guide's group item
    (its ``encode``), else it is generated in English ("X-axis titled ...").
    Each description is copied there (see
    :func:`explainer.views.charts.common.aria_described`).
    """
    if isinstance(node, list):
        return [_guide_descriptions(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _guide_descriptions(value) for key, value in node.items()}
    for key, part in (("axes", "axis"), ("legends", "legend")):
        guides = out.get(key)
        if not isinstance(guides, list):
            continue
        for guide in guides:
            text = guide.get("description") if isinstance(guide, dict) else None
            if not isinstance(text, str):
                continue
            encode = guide.setdefault("encode", {}).setdefault(part, {})
            encode.setdefault("update", {})["description"] = {"value": text}
    return out


_VEGA_LITE_SPEC = re.compile(
    r'\{"\$schema":\s*"https://vega\.github\.io/schema/vega-lite/v[\d.]+\.json"'
)


def merge_config(base: dict, extra: dict) -> dict:
    """``extra`` merged into ``base`` deeply (objects merge; anything else replaces).

    The same merge as the chart template's for a Vega-Lite spec on a dark page.
    """
    out = dict(base)
    for key, value in extra.items():
        deep = isinstance(value, dict) and isinstance(base.get(key), dict)
        out[key] = merge_config(base[key], value) if deep else value
    return out


def spec_patch(old: object, new: object, path: tuple = ()) -> list[list]:
    """The changes that turn JSON ``old`` into ``new``, for the chart template.

    Each change is ``[path, value]`` (set the member at ``path``) or ``[path]``
    (delete it). Objects are compared key by key and arrays of the same length
    member by member; anything else that differs is replaced whole.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        changes = [[[*path, key]] for key in old if key not in new]
        for key, value in new.items():
            if key in old:
                changes += spec_patch(old[key], value, (*path, key))
            else:
                changes.append([[*path, key], value])
        return changes
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            change
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for change in spec_patch(a, b, (*path, i))
        ]
    return [] if old == new else [[list(path), new]]


def _binds_legend(spec: object) -> bool:
    if isinstance(spec, dict):
        return spec.get("bind") == "legend" or any(map(_binds_legend, spec.values()))
    return isinstance(spec, list) and any(map(_binds_legend, spec))


def site_spec(spec: dict) -> dict:
    """The Vega a site page draws for a chart's Vega-Lite spec.

    Vega-Lite's compiler writes the config's colours into the marks, so a dark
    config cannot be merged into Vega afterwards as it can into Vega-Lite. The
    chart is compiled twice, light and dark (:data:`explainer.views.dark.VEGA_DARK`
    merged into its config, its own ink and black made light by
    :func:`explainer.views.dark.darken`), and ``usermeta.explainer.dark`` keeps what
    differs (a list of ``[path, value]``, see :func:`spec_patch`) for the template
    to apply on a dark page. ``usermeta.explainer.legendSelection`` says a
    selection is bound to the legend (the template's keyboard support looks for it).
    """
    if "vega-lite" not in str(spec.get("$schema", "")):
        return spec
    light = vega_spec(spec)
    dark_spec = darken(
        {**spec, "config": merge_config(spec.get("config", {}), VEGA_DARK)}
    )
    patch = spec_patch(light, vega_spec(dark_spec))
    meta = light.setdefault("usermeta", {}).setdefault("explainer", {})
    meta["dark"] = patch
    if _binds_legend(spec):
        meta["legendSelection"] = True
    return light


def compile_charts(text: str) -> str:
    """Compile every Vega-Lite spec in an output's HTML to Vega (for the site).

    A chart's spec sits in its script as a JSON object whose first key is
    ``$schema`` (``tojson`` sorts keys); each is replaced by its Vega, written as
    JSON safe inside a ``<script>`` element (UTF-8, see
    :func:`explainer.views.html.script_json`), so the page needs Vega alone. The
    template's Vega-Lite dark config after it becomes ``null`` (see
    :func:`_dark_argument`).
    """
    decoder = json.JSONDecoder()
    parts, done = [], 0
    for match in _VEGA_LITE_SPEC.finditer(text):
        if match.start() < done:
            continue
        spec, end = decoder.raw_decode(text, match.start())
        compiled = script_json(site_spec(spec))
        parts += [text[done : match.start()], str(compiled)]
        done = end
        dark = _dark_argument(text, end, decoder)
        if dark is not None:  # compiled Vega carries its own dark changes
            parts += [text[done : dark[0]], "null"]
            done = dark[1]
    return "".join(parts) + text[done:] if parts else text


#: The id of the element in which a site page writes its charts' shared config.
CHART_CONFIG_ID = "explainer-chart-config"

#: A chart template's call with a compiled Vega spec (see :func:`compile_charts`).
_VEGA_CHART_CALL = re.compile(
    r'\}\)\(\{"\$schema":"https://vega\.github\.io/schema/vega/v[\d.]+\.json"'
)
_CHART_ELEMENT = '<div class="explainer-chart">'


def share_chart_config(page: str) -> str:
    """Write the config the charts of a site page share once, not in each chart.

    Every chart of a page carries the theme's config (colours, fonts, the
    language's number and date formats): about 1.8 KB a chart, the same in each. The
    config most charts have goes once into a JSON script before the first of them
    (:data:`CHART_CONFIG_ID`); each of those charts loses its ``config`` and says
    where it is (``usermeta.explainer.config``), which the chart code reads back. A
    chart with another config keeps its own. A page with fewer than two charts of
    one config, or whose config is too small to gain from this, is returned as it
    is.

    Parameters
    ----------
    page
        A site page's HTML, its charts compiled to Vega (:func:`compile_charts`).

    Returns
    -------
    str
        The page with the shared config written once.
    """
    decoder = json.JSONDecoder()
    calls = []
    for match in _VEGA_CHART_CALL.finditer(page):
        start = match.start() + 3  # the spec, after "})("
        spec, end = decoder.raw_decode(page, start)
        calls.append((start, end, spec))

    def key(spec: dict) -> str | None:
        return json.dumps(spec["config"], sort_keys=True) if "config" in spec else None

    counts = Counter(k for k in (key(spec) for _, _, spec in calls) if k is not None)
    if not counts or counts.most_common(1)[0][1] < 2:
        return page
    shared = counts.most_common(1)[0][0]
    sharing = [(start, end, spec) for start, end, spec in calls if key(spec) == shared]
    at = page.rfind(_CHART_ELEMENT, 0, sharing[0][0])
    if at < 0:  # not the chart template's output: leave the page alone
        return page
    script = render(
        "chart_config.html.j2", ident=CHART_CONFIG_ID, config=json.loads(shared)
    )
    parts, done = [page[:at], str(script)], at
    for start, end, spec in sharing:
        meta = spec.get("usermeta", {})
        lean = {k: v for k, v in spec.items() if k != "config"}
        lean["usermeta"] = {
            **meta,
            "explainer": {**meta.get("explainer", {}), "config": CHART_CONFIG_ID},
        }
        parts += [page[done:start], str(script_json(lean))]
        done = end
    out = "".join(parts) + page[done:]
    return out if len(out) < len(page) else page  # a small config: not worth it


def _dark_argument(
    text: str, at: int, decoder: json.JSONDecoder
) -> tuple[int, int] | None:
    """Where the chart template's ``dark`` argument lies after a spec ending at ``at``.

    The template (``chart.html.j2``) calls ``(spec, options, id, dark, ...)``; its
    ``dark`` is the Vega-Lite dark config, which a page of compiled Vega never reads
    (the spec's ``usermeta.explainer.dark`` holds the changes instead), so the site
    writes ``null`` there: about 500 bytes a chart. ``None`` if what follows the spec
    is not that call (the spec is left alone then).
    """
    spans = []
    for _ in range(3):  # options, id, dark
        if not text.startswith(", ", at):
            return None
        try:
            _, end = decoder.raw_decode(text, at + 2)
        except json.JSONDecodeError:
            return None
        spans.append((at + 2, end))
        at = end
    return spans[-1] if text.startswith(", ", at) else None


def warm_compiler() -> None:
    """Start vl-convert's Vega-Lite compiler now (about a second, once a process)."""
    vega_spec(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "mark": "point",
            "data": {"values": []},
        }
    )


#: Vega alone, as its authors build it for a ``<script>`` tag (it defines ``vega``):
#: ``build/vega.min.js`` of the npm package ``vega``, at the version
#: ``vl-convert-python`` compiles for (a test checks they agree), with its licence
#: beside it. vl-convert cannot bundle Vega alone (its bundle's ``vega`` is null unless
#: Vega-Embed, and so Vega-Lite, come too). To update: ``npm pack vega@<version>``,
#: then copy ``package/build/vega.min.js`` and ``package/LICENSE`` here.
VEGA_JS = Path(__file__).parent / "templates" / "js" / "vega.min.js"


def vega_js_version() -> str:
    """The version of :data:`VEGA_JS` (what its last statement sets ``version`` to)."""
    text = VEGA_JS.read_text(encoding="utf-8")
    found = re.findall(r'\.version="(\d+\.\d+\.\d+)"', text[-4000:])
    if not found:
        msg = f'{VEGA_JS}: no version string found (expected ...version="X.Y.Z")'
        raise ValueError(msg)
    return found[-1]


def vega_site_bundle() -> str:
    """The site's chart library: Vega, a small ``vegaEmbed``, the chart code.

    ``vegaEmbed`` draws Vega specs only; :func:`chart_js` is the explainer's code.

    The site build compiles the pages' charts to Vega (:func:`compile_charts`), so
    the site needs neither Vega-Lite's compiler nor Vega-Embed (a third of
    :func:`vega_bundle`). The full bundle stays in JupyterLab and in single files.
    """
    vega = VEGA_JS.read_text(encoding="utf-8")
    return "\n".join([vega, EMBED_JS.read_text(encoding="utf-8"), chart_js()])


# --- putting them on a page ---------------------------------------------------------


@dataclass(frozen=True)
class PageAssets:
    """The Vega bundle as a notebook output: put it on the page once, first."""

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        # The library's own files, trusted; a script may not close its element.
        script = vega_bundle() + "\n" + vega_debug_js()
        body = render(
            "assets.html.j2",
            css=Markup(page_css()),
            script=Markup(script.replace("</script", "<\\/script")),
            version=_altair_versions()["vegalite_version"],
        )
        return (
            {"text/html": str(body), "text/plain": "Offline chart library loaded."},
            {ASSET_MARK: True},
        )


def inline_to_shared(text: str, prefix: str = "static/") -> str:
    """Swap the inline ``data:`` URIs of an output for shared files.

    Leaflet, the base map and the corridor network (see
    :mod:`explainer.views.maps.network`) are each one file of the site.

    Parameters
    ----------
    text
        HTML of an output (maps are iframes whose ``srcdoc`` holds the URIs).
    prefix
        URL of the shared static folder, relative to the page.
    """
    from explainer.views.maps import behaviour, network

    swaps = {
        behaviour.behaviour_uri(): behaviour.BEHAVIOUR_NAME,
        leaflet_js_uri(): "leaflet.js",
        leaflet_css_uri(): "leaflet.css",
        basemap_uri(): BASEMAP_NAME,
        network.default_uri(): network.network_name(),
    }
    for uri, name in swaps.items():
        text = text.replace(uri, f"{prefix}{name}")
    return text


def static_file_names() -> set[str]:
    """The names of :func:`static_files`, without making the files (cheap)."""
    from explainer.views.maps import behaviour, network

    return {
        behaviour.BEHAVIOUR_NAME,
        network.network_name(),
        "leaflet.js",
        "leaflet.css",
        BASEMAP_NAME,
        "vega-bundle.js",
    }


def static_files() -> dict[str, str]:
    """The shared assets of the site's ``static/`` folder, by file name.

    The site build writes them (atomically); nothing here touches the disk. The
    corridor network is the language in use's (:func:`network.network_name`).
    """
    from explainer.views.maps import behaviour, network

    return {
        behaviour.BEHAVIOUR_NAME: behaviour.behaviour_js(),
        network.network_name(): network.default_js(),
        "leaflet.js": leaflet_js(),
        "leaflet.css": leaflet_css(),
        BASEMAP_NAME: basemap_js(),
        "vega-bundle.js": vega_site_bundle(),
    }
