/* The explainer's vector base map (Natural Earth), shared by every map of a page.
   The data line before this one set window.explainerBasemapData = {scale, features},
   each feature [name, kind, polygons]; a polygon is a list of rings, a ring a flat
   list of integer steps [dx, dy, dx, dy, ...] (lon and lat times `scale`, each from
   the previous point; the first from 0). */
window.explainerBasemap = (function (data) {
  var scale = data.scale;
  function ring(steps) {
    var x = 0, y = 0, out = [];
    for (var i = 0; i < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      out.push([x / scale, y / scale]);
    }
    return out;
  }
  function feature(f) {
    return {
      type: "Feature",
      properties: {name: f[0], kind: f[1]},
      geometry: {type: "MultiPolygon", coordinates: f[2].map(function (p) {
        return p.map(ring);
      })}
    };
  }
  return {
    /* Add the base layer to `map`, in its "basemap" pane: the features named in
       `names` (all when null), styled by `style` ({land, edge, water, weight}). */
    add: function (map, names, style) {
      var keep = names && new Set(names);
      var features = data.features.filter(function (f) {
        return !keep || keep.has(f[0]);
      }).map(feature);
      return L.geoJSON({type: "FeatureCollection", features: features}, {
        pane: "basemap",
        interactive: false,
        style: function (f) {
          var water = f.properties.kind === "sea";
          return {
            fillColor: water ? style.water : style.land,
            color: water ? style.water : style.edge,
            weight: style.weight,
            fillOpacity: 1.0
          };
        }
      }).addTo(map);
    }
  };
})(window.explainerBasemapData);
