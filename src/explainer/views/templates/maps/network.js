/* The corridor network (its lines and places, with their tooltips and popups), one
   script shared by every corridor map of a page. The data line before this one set
   window.explainerNetworkData = {lines: {id: entry}, places: {id: entry}}; an entry
   is [where, tooltip, popup]: a line's [[lat, lon], ...] or a place's [lat, lon],
   then two HTML strings the library rendered (text in them escaped). */
window.explainerNetwork = (function (data) {
  function add(group, kind, make, styles, items) {
    items.forEach(function (item) {
      var entry = data[kind][item[0]];
      make(entry[0], styles[item[1]]).addTo(group)
        .bindTooltip(entry[1], {sticky: true})
        .bindPopup(entry[2], {maxWidth: 320});
    });
  }
  return {
    /* Add to `group` the lines `items` names, each [id, index into `styles`]
       (Leaflet path options). */
    lines: function (group, styles, items) {
      add(group, "lines", L.polyline, styles, items);
    },
    /* The same for places, drawn as circle markers. */
    places: function (group, styles, items) {
      add(group, "places", L.circleMarker, styles, items);
    }
  };
})(window.explainerNetworkData);
