/* How every map behaves (see explainer.views.maps.behaviour), one script shared by
   every map of a page: each map calls explainerBehaviour(map, bounds, fitOptions,
   resetHtml) once. */
window.explainerBehaviour = function (map, bounds, fitOptions, resetHtml) {
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
    // The map shows its own view from here on (the browser tests wait for this).
    box.setAttribute('data-explainer-fitted', '');
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
  var placed = 0;  // how many times the labels were placed (the browser tests read it)
  function declutter() {
    box.setAttribute('data-explainer-placed', String(++placed));
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
  // Placing the labels reads the layout of every label on every side it tries:
  // once for all that changed in a task, not once per event. A fit fires zoomend,
  // moveend and moveend again, and the labels were placed five times as the map
  // opened (about 150 ms each, with the CPU slowed 4x). Placed before the next
  // frame is drawn, or after 100 ms where no frame is (a frame out of view).
  var placing = false;
  function placeSoon() {
    if (placing) { return; }
    placing = true;
    var done = false;
    function place() {
      if (done) { return; }
      done = true;
      placing = false;
      declutter();
    }
    if (window.requestAnimationFrame) { requestAnimationFrame(place); }
    setTimeout(place, 100);
  }
  map.on('zoomend moveend resize overlayadd overlayremove', placeSoon);
  box.addEventListener('toggle', placeSoon, true);
  function start() {
    // After the first fit's zoom animation, which would otherwise undo this one.
    if (map._animatingZoom) { map.once('zoomend', start); return; }
    fit();
    placeSoon();
    map.on('resize', function () { if (untouched()) { fit(); } });
    var legend = box.querySelector('.explainer-legend');
    if (legend && window.ResizeObserver) {
      // Refit when the legend's size changes: not on the observer's first call,
      // which reports the size the fit above already used.
      var size = function () { return legend.offsetWidth + 'x' + legend.offsetHeight; };
      var fittedSize = size();
      new ResizeObserver(function () {
        var now = size();
        if (now === fittedSize) { return; }
        fittedSize = now;
        if (untouched()) { fit(); }
      }).observe(legend);
    }
  }
  // Once the document (the legend and every other control included) has loaded.
  if (document.readyState === 'complete') { setTimeout(start, 0); }
  else { window.addEventListener('load', function () { setTimeout(start, 0); }); }
};
