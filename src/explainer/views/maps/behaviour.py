"""How every map behaves: it lets the page scroll, resets, labels places, fits popups.

- The mouse wheel zooms only after a click into the map, and stops again when the
  pointer leaves it; otherwise the wheel scrolls the page.
- On a touch-first device (a phone or tablet) one-finger dragging is off, so one
  finger scrolls the page; two fingers pan and zoom the map (Leaflet's pinch).
- The initial view fits the bounds beside the legend (when it is open), so the
  legend covers no data (refitted if the frame or legend changes size before the
  reader moves the map); a "reset view" button returns to that view exactly.
- Popups are sized to the map (``maxWidth``, ``maxHeight``) and pan into view.
- Place labels are permanent tooltips; each takes the first side (right, left,
  above, below, then right or left half a line lower or higher) where it overlaps
  no earlier label and no control (the legend), and
  is hidden where none is free; no label covers another labelled place's dot.
  Labels are re-placed on every zoom and move.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from explainer.views import assets
from explainer.views.html import render
from explainer.views.maps.script import PARENT, _js, _Script

#: The class of place labels (sea labels are ``explainer-label``).
PLACE_LABEL = "explainer-place"

#: The behaviour's code, shared by every map (a ``data:`` URI each map carries, which
#: the site build swaps for ``static/behaviour.js``).
BEHAVIOUR_JS = Path(__file__).parents[1] / "templates" / "maps" / "behaviour.js"
#: File name of the shared behaviour in a site's ``static/`` folder.
BEHAVIOUR_NAME = "behaviour.js"


@functools.cache
def behaviour_js() -> str:
    """The behaviour's code: it defines ``explainerBehaviour(map, bounds, ...)``."""
    return BEHAVIOUR_JS.read_text(encoding="utf-8")


@functools.cache
def behaviour_uri() -> str:
    """:func:`behaviour_js` as a ``data:`` URI (what a map carries)."""
    return assets.script_uri(behaviour_js())


def behaviour(
    bounds: tuple[float, float, float, float], fit_options: dict[str, Any]
) -> _Script:
    """The map's behaviour (see the module), resetting to ``bounds``.

    Parameters
    ----------
    bounds
        ``(lon_min, lat_min, lon_max, lat_max)``, the initial view.
    fit_options
        Leaflet ``fitBounds`` options of the initial view (e.g. padding).
    """
    corners = [[bounds[1], bounds[0]], [bounds[3], bounds[2]]]
    reset = str(render("maps/reset.html.j2"))
    return _Script(
        f"explainerBehaviour({PARENT}, {_js(corners)}, {_js(fit_options)}, "
        f"{_js(reset)});"
    )


def short_name(name: str) -> str:
    """A place's name without its parenthesis: ``"Beineu (Beyneu)"`` -> ``"Beineu"``."""
    return name.split(" (")[0].split(" - ")[0].strip()


def place_labels(places: Iterable[tuple[str, float, float]]) -> _Script:
    """Permanent labels of places, in order of priority (earlier ones win a clash).

    Parameters
    ----------
    places
        ``(label, lon, lat)`` of each place.
    """
    data = [
        {"html": str(render("text.html.j2", text=text)), "lat": lat, "lon": lon}
        for text, lon, lat in places
    ]
    return _Script(
        f"{_js(data)}.forEach(function (p) {{"
        f"L.tooltip({{permanent: true, direction: 'right', offset: [6, 0], "
        f"interactive: false, className: {_js(PLACE_LABEL)}}})"
        f".setLatLng([p.lat, p.lon]).setContent(p.html).addTo({PARENT});}});"
    )
