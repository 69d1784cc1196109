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

from collections.abc import Iterable
from typing import Any

from explainer.views.html import render
from explainer.views.maps.script import PARENT, _js, _Script

#: The class of place labels (sea labels are ``explainer-label``).
PLACE_LABEL = "explainer-place"

_BEHAVIOUR = """
(function (map, bounds, fitOptions, resetHtml) {
  var box = map.getContainer();
  map.scrollWheelZoom.disable();
  map.on('click', function () { map.scrollWheelZoom.enable(); });
  box.addEventListener('mouseleave', function () { map.scrollWheelZoom.disable(); });
  var touchFirst = L.Browser.mobile ||
    (window.matchMedia && window.matchMedia('(pointer: coarse)').matches);
  if (touchFirst) { map.dragging.disable(); }
  function fit() {
    // An open legend keeps a strip on the left, so it never covers the data.
    var o = L.extend({animate: false}, fitOptions);
    var legend = box.querySelector('.explainer-legend');
    if (legend && legend.querySelector('details[open]')) {
      var left = o.paddingTopLeft || [0, 0];
      o.paddingTopLeft = [Math.max(left[0], legend.offsetWidth + 16), left[1]];
    }
    map.fitBounds(bounds, o);
    fitted = {zoom: map.getZoom(), centre: map.getCenter()};
  }
  // The view of the last fit, kept while the reader has not moved the map: if the
  // frame or the legend changes size meanwhile, the fit is redone for the new size.
  var fitted = null;
  function untouched() {
    return fitted && map.getZoom() === fitted.zoom &&
      map.getCenter().equals(fitted.centre);
  }
  var reset = L.control({position: 'topleft'});
  reset.onAdd = function () {
    var d = L.DomUtil.create('div', 'leaflet-bar explainer-reset');
    d.innerHTML = resetHtml;
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.on(d.firstChild, 'click', function (e) {
      L.DomEvent.preventDefault(e);
      // Back to the view the map opened with (its last automatic fit), exactly.
      if (fitted) { map.setView(fitted.centre, fitted.zoom, {animate: false}); }
      else { fit(); }
    });
    return d;
  };
  reset.addTo(map);
  map.on('popupopen', function (e) {
    var size = map.getSize(), o = e.popup.options;
    o.maxWidth = Math.max(160, Math.min(320, size.x - 60));
    o.maxHeight = Math.max(100, size.y - 90);
    o.autoPan = true;
    o.autoPanPadding = L.point(8, 8);
    e.popup.update();
  });
  // Where a label may sit, in order: beside, above, below, then beside and half a
  // line up or down (room between a close neighbour's dot and its label).
  var sides = [['right', [6, 0]], ['left', [-6, 0]], ['top', [0, -6]],
    ['bottom', [0, 6]], ['right', [6, 11]], ['right', [6, -11]], ['left', [-6, 11]],
    ['left', [-6, -11]]];
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function declutter() {
    var frame = box.getBoundingClientRect(), taken = [], places = [], seas = [];
    box.querySelectorAll('.leaflet-control').forEach(function (el) {
      taken.push(el.getBoundingClientRect());
    });
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.Tooltip) || !layer.getElement()) { return; }
      if (layer.options.className === 'explainer-place') { places.push(layer); }
      else if (layer.options.className === 'explainer-label') { seas.push(layer); }
    });
    function free(r) {
      var inside = r.left >= frame.left && r.right <= frame.right &&
        r.top >= frame.top && r.bottom <= frame.bottom;
      return inside && !taken.some(function (t) { return overlaps(r, t); });
    }
    places.forEach(function (tip) {
      // Each labelled place's own dot is kept clear of the other labels.
      var p = map.latLngToContainerPoint(tip.getLatLng());
      var x = frame.left + p.x, y = frame.top + p.y;
      taken.push({left: x - 5, right: x + 5, top: y - 5, bottom: y + 5});
    });
    places.forEach(function (tip) {
      var el = tip.getElement(), shown = false;
      for (var i = 0; i < sides.length; i++) {
        tip.options.direction = sides[i][0];
        tip.options.offset = sides[i][1];
        tip.update();
        var r = el.getBoundingClientRect();
        if (free(r)) { taken.push(r); shown = true; break; }
      }
      el.style.visibility = shown ? '' : 'hidden';
    });
    seas.forEach(function (tip) {
      var el = tip.getElement(), r = el.getBoundingClientRect();
      el.style.visibility = free(r) ? '' : 'hidden';
      if (free(r)) { taken.push(r); }
    });
  }
  map.on('zoomend moveend resize overlayadd overlayremove', declutter);
  box.addEventListener('toggle', declutter, true);
  function start() {
    // After the first fit's zoom animation, which would otherwise undo this one.
    if (map._animatingZoom) { map.once('zoomend', start); return; }
    fit();
    declutter();
    map.on('resize', function () { if (untouched()) { fit(); } });
    var legend = box.querySelector('.explainer-legend');
    if (legend && window.ResizeObserver) {
      new ResizeObserver(function () { if (untouched()) { fit(); } }).observe(legend);
    }
  }
  // Once the document (the legend and every other control included) has loaded.
  if (document.readyState === 'complete') { setTimeout(start, 0); }
  else { window.addEventListener('load', function () { setTimeout(start, 0); }); }
})(%(map)s, %(bounds)s, %(options)s, %(reset)s);
"""


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
    return _Script(
        _BEHAVIOUR
        % {
            "map": PARENT,
            "bounds": _js(corners),
            "options": _js(fit_options),
            "reset": _js(str(render("maps/reset.html.j2"))),
        }
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
