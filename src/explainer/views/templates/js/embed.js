/* vegaEmbed for the site's pages, which load Vega alone (not Vega-Lite's compiler
   nor Vega-Embed): the site build compiled their charts' Vega-Lite specs to Vega
   (explainer.views.assets.site_spec; the chart template applies the dark colours
   stored with each). It draws a Vega spec as Vega-Embed does, with the parts the
   pages use: SVG, the "fit" sizes, tooltips, input bindings and the "Save as SVG /
   PNG" menu (its words from Vega-Embed's i18n option). Where the full bundle is on the page (JupyterLab, a single-file
   export), its vegaEmbed is kept. */
(function () {
  "use strict";
  if (typeof window.vegaEmbed === "function") { return; }

  var CSS = [
    ".vega-embed{position:relative;display:inline-block;box-sizing:border-box}",
    ".vega-embed.has-actions{padding-right:38px}",
    ".vega-embed .chart-wrapper.fit-x{width:100%}",
    ".vega-embed .chart-wrapper.fit-y{height:100%}",
    ".vega-embed details:not([open])>:not(summary){display:none!important}",
    ".vega-embed summary{list-style:none;position:absolute;top:0;right:0;padding:6px;",
    "z-index:1000;background:#fff;color:#1b1e23;border:1px solid #aaa;",
    "border-radius:999px;opacity:.2;cursor:pointer;line-height:0}",
    ".vega-embed summary::-webkit-details-marker{display:none}",
    ".vega-embed summary svg{width:14px;height:14px}",
    ".vega-embed:hover summary,.vega-embed:focus-within summary,",
    ".vega-embed details[open] summary{opacity:1}",
    ".vega-embed .vega-actions{position:absolute;z-index:1001;top:35px;right:-9px;",
    "display:flex;flex-direction:column;padding:8px 0;border-radius:4px;",
    "box-shadow:0 2px 8px rgba(0,0,0,.2);border:1px solid #d9d9d9;background:#fff}",
    ".vega-embed .vega-actions a{padding:8px 16px;font:600 14px sans-serif;",
    "white-space:nowrap;color:#434a56;text-decoration:none}",
    ".vega-embed .vega-actions a:hover,.vega-embed .vega-actions a:focus{",
    "background:#f7f7f9;color:#000}",
    ".vg-tooltip{position:fixed;z-index:1000;max-width:320px;padding:6px 8px;",
    "pointer-events:none;visibility:hidden;background:#fff;color:#000;",
    "border:1px solid #d9d9d9;border-radius:3px;box-shadow:2px 2px 4px rgba(0,0,0,.1);",
    "font:12px system-ui,sans-serif;overflow-wrap:anywhere}",
    ".vg-tooltip.visible{visibility:visible}",
    ".vg-tooltip h2{margin:0 0 4px;font-size:13px}",
    ".vg-tooltip table{border-spacing:0}",
    ".vg-tooltip td{padding:1px 0;vertical-align:top}",
    ".vg-tooltip td.key{color:#595959;padding-right:4px;text-align:right;max-width:150px}"
  ].join("");
  var DOTS = '<svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true">' +
    '<circle r="2" cy="8" cx="2"></circle><circle r="2" cy="8" cx="8"></circle>' +
    '<circle r="2" cy="8" cx="14"></circle></svg>';

  function addStyle(el) {
    var root = el.getRootNode ? el.getRootNode() : document;
    var doc = root instanceof ShadowRoot ? root : document;
    if (doc.getElementById && doc.getElementById("vega-embed-style")) { return; }
    var style = document.createElement("style");
    style.id = "vega-embed-style";
    style.textContent = CSS;
    (root instanceof ShadowRoot ? root : document.head || document.body).appendChild(style);
  }

  function text(value) {
    if (value === null || value === undefined) { return String(value); }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  // A tooltip as Vega-Tooltip shows one: a title, then a table of fields (all text).
  var box = null;
  function showTooltip(handler, event, item, value) {
    if (!box) {
      box = document.createElement("div");
      box.className = "vg-tooltip";
      box.setAttribute("role", "tooltip");
      document.body.appendChild(box);
    }
    if (value === null || value === undefined || value === "") {
      box.classList.remove("visible");
      return;
    }
    box.textContent = "";
    if (typeof value === "object" && !Array.isArray(value)) {
      var fields = Object.keys(value).filter(function (k) { return k !== "title"; });
      if ("title" in value) {
        var title = document.createElement("h2");
        title.textContent = text(value.title);
        box.appendChild(title);
      }
      var table = document.createElement("table");
      fields.forEach(function (key) {
        var row = table.insertRow();
        var name = row.insertCell();
        name.className = "key";
        name.textContent = key;
        var cell = row.insertCell();
        cell.className = "value";
        cell.textContent = text(value[key]);
      });
      if (fields.length) { box.appendChild(table); }
    } else {
      box.textContent = text(value);
    }
    box.classList.add("visible");
    var x = event.clientX + 10, y = event.clientY + 10;
    if (x + box.offsetWidth > window.innerWidth) {
      x = Math.max(0, event.clientX - 10 - box.offsetWidth);
    }
    if (y + box.offsetHeight > window.innerHeight) {
      y = Math.max(0, event.clientY - 10 - box.offsetHeight);
    }
    box.style.left = x + "px";
    box.style.top = y + "px";
  }

  // The "Save as SVG / PNG" menu; the links' images are made when it opens.
  function addActions(el, view, opt) {
    var words = opt.i18n || {};
    var details = document.createElement("details");
    details.title = words.CLICK_TO_VIEW_ACTIONS || "Click to view actions";
    var summary = document.createElement("summary");
    summary.setAttribute("aria-label", "Chart actions");
    summary.innerHTML = DOTS;
    details.appendChild(summary);
    var menu = document.createElement("div");
    menu.className = "vega-actions";
    details.appendChild(menu);
    var name = opt.downloadFileName || "visualization";
    var links = ["svg", "png"].map(function (type) {
      var link = document.createElement("a");
      link.textContent = words[type.toUpperCase() + "_ACTION"] ||
        "Save as " + type.toUpperCase();
      link.href = "#";
      link.target = "_blank";
      link.download = name + "." + type;
      menu.appendChild(link);
      return {type: type, link: link};
    });
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      links.forEach(function (a) {
        view.toImageURL(a.type, opt.scaleFactor).then(function (url) {
          a.link.href = url;
        });
      });
    });
    document.addEventListener("click", function (event) {
      if (!details.contains(event.target)) { details.removeAttribute("open"); }
    });
    el.appendChild(details);
  }

  function isObject(value) {
    return value && typeof value === "object" && !Array.isArray(value);
  }

  window.vegaEmbed = function (target, spec, opt) {
    opt = opt || {};
    var el = typeof target === "string" ? document.querySelector(target) : target;
    if (!el) { return Promise.reject(new Error(target + " does not exist")); }
    if (!/\/vega\/v\d/.test(spec.$schema || "")) {
      return Promise.reject(new Error(
        "this page draws Vega specs only (compile Vega-Lite with vega_spec)"));
    }
    addStyle(el);
    var actions = isObject(opt.actions) ? opt.actions.export !== false :
      opt.actions !== false;
    el.classList.add("vega-embed");
    if (actions) { el.classList.add("has-actions"); }
    el.textContent = "";
    var wrapper = el;
    if (actions) {
      wrapper = document.createElement("div");
      wrapper.className = "chart-wrapper";
      el.appendChild(wrapper);
    }
    var view = new vega.View(vega.parse(spec), {
      renderer: opt.renderer || "svg",
      logLevel: vega.Warn
    });
    function fit(autosize) {
      var type = isObject(autosize) ? autosize.type : autosize;
      wrapper.classList.toggle("fit-x", type === "fit" || type === "fit-x");
      wrapper.classList.toggle("fit-y", type === "fit" || type === "fit-y");
    }
    fit(spec.autosize);  // before the first layout, which reads the container's size
    view.addSignalListener("autosize", function (name, value) { fit(value); });
    if (opt.tooltip !== false) { view.tooltip(showTooltip); }
    return view.initialize(wrapper, opt.bind).runAsync().then(function () {
      if (actions) { addActions(el, view, opt); }
      return {view: view, spec: spec, vgSpec: spec, finalize: function () {
        view.finalize();
      }};
    });
  };
})();
