"""The corridor network as one script that every corridor map of a site shares.

A corridor map draws its lines and places from ``network.js``: their coordinates,
tooltips and popups (with their citations) are written there once, and the map
keeps only which of them it draws and how (colour, weight, dash). A map carries the
script as a ``data:`` URI, so it draws anywhere on its own (JupyterLab, a single
exported file); the site build swaps the URI of the default network (the data's own
corridors, places and sources) for one shared ``static/network.js``. A map drawn
from other frames (edited data) carries its own entries instead, so it always draws
exactly what it was given.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import folium
from jinja2.utils import htmlsafe_json_dumps

from explainer.i18n import language
from explainer.views import assets
from explainer.views.sources import citations_unrecorded

#: File name of the shared network in a site's ``static/`` folder.
NETWORK_NAME = "network.js"


def network_name() -> str:
    """The shared network's file in ``static/``, in the language in use.

    ``network.js`` in English, ``network-ru.js``... in the other editions (the
    popups are translated, so each edition's maps load their own).
    """
    lang = language()
    return NETWORK_NAME if lang == "en" else f"network-{lang}.js"


NETWORK_JS = Path(assets.__file__).parent / "templates" / "maps" / "network.js"

#: ``{"lines": {id: [latlngs, tooltip, popup]}, "places": {id: [...]}}``.
Entries = dict[str, dict[str, list[Any]]]


def network_js(entries: Entries) -> str:
    """The network as one script: its entries, then the code that draws them.

    It defines ``explainerNetwork.lines(group, styles, items)`` and
    ``explainerNetwork.places(...)``, which add the entries ``items`` names (each
    ``[id, style index]``) to a Leaflet layer group.
    """
    # Words as UTF-8, not \u escapes: a Russian or Kazakh file is half the size.
    data = htmlsafe_json_dumps(
        entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    code = NETWORK_JS.read_text(encoding="utf-8")
    return f"window.explainerNetworkData = {data};\n{code}"


def network_uri(entries: Entries) -> str:
    """The script of ``entries`` as a ``data:`` URI (what a map carries)."""
    return assets.script_uri(network_js(entries))


def default_entries() -> Entries:
    """Every line and place of the data's own network (the shared file's entries).

    In the language in use (popups are translated). Rendering them records no
    citation: a notebook cites what its maps draw.
    """
    return _default_entries(language())


@functools.cache
def _default_entries(lang: str) -> Entries:
    from explainer.data import load_corridors, load_nodes, load_sources
    from explainer.views.maps.corridors import line_entry, place_entry

    corridors, nodes, sources = load_corridors(), load_nodes(), load_sources()
    names = nodes.set_index("id")["name"]
    with citations_unrecorded():
        return {
            "lines": {
                row["id"]: line_entry(row, names, sources)
                for _, row in corridors.iterrows()
            },
            "places": {
                row["id"]: place_entry(row, sources) for _, row in nodes.iterrows()
            },
        }


def default_js() -> str:
    """:func:`network_js` of :func:`default_entries` (the site's shared file)."""
    return _default_js(language())


@functools.cache
def _default_js(lang: str) -> str:
    return network_js(_default_entries(lang))


def default_uri() -> str:
    """:func:`network_uri` of :func:`default_entries`."""
    return _default_uri(language())


@functools.cache
def _default_uri(lang: str) -> str:
    return assets.script_uri(_default_js(lang))


def map_uri(entries: Entries) -> str:
    """The script a map loads: shared, or the map's own.

    The shared network when it holds every entry the map draws, exactly as the map
    would draw it; else one with the map's own entries.
    """
    shared = default_entries()
    if all(
        shared[kind].get(key) == entry
        for kind, group in entries.items()
        for key, entry in group.items()
    ):
        return default_uri()
    return network_uri(entries)


def layer_items(
    ids: list[str], styles: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """``(styles, items)`` for the script's functions: each distinct style once."""
    unique: list[dict[str, Any]] = []
    items = []
    for key, options in zip(ids, styles, strict=True):
        if options not in unique:
            unique.append(options)
        items.append([key, unique.index(options)])
    return unique, items


def use_network(m: folium.Map, entries: Entries) -> None:
    """Make map ``m`` load the network script that holds ``entries``.

    A map drawn on by several builders (``m=``) loads one script with all their
    entries.
    """
    merged: Entries = getattr(m, "_explainer_network", {"lines": {}, "places": {}})
    for kind, group in entries.items():
        merged.setdefault(kind, {}).update(group)
    m._explainer_network = merged
    kept = [js for js in m.default_js if js[0] != "network"]
    m.default_js = [*kept, ("network", map_uri(merged))]
