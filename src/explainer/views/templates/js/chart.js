/* The explainer's charts: draws one chart of a page (views/templates/chart.html.j2
   calls it with the chart's spec). Shared by every chart, so that a page carries
   each chart's spec, not a copy of this code: it comes with the chart library
   (explainer.setup() in JupyterLab, the inline bundle of a single-file export,
   static/vega-bundle.js on the site). Its texts come from the chart's call, in the
   page's language. */
window.explainerChart = function (spec, opt, id, dark, text, script) {
  // In JupyterLab the output may not be in the document yet: use the script's
  // own sibling, as Altair's renderer does.
  var el = script && script.previousElementSibling;
  if (!el || el.id !== id) { el = document.getElementById(id); }
  // A site page writes the config its charts share once, in a JSON script
  // (explainer.views.assets.share_chart_config); a chart that uses it names it.
  var sharedConfig = spec.usermeta && spec.usermeta.explainer &&
    spec.usermeta.explainer.config;
  if (sharedConfig && !spec.config) {
    var source = document.getElementById(sharedConfig);
    if (!source) {
      el.textContent = text.failed.replace("{error}", function () {
        return "the page has no #" + sharedConfig;
      });
      return;
    }
    spec = Object.assign({}, spec, {config: JSON.parse(source.textContent)});
  }
  var meta = (spec.usermeta && spec.usermeta.explainer) || {};
  // Vega-Lite gives only a single (or layered) view the container's width. For a
  // chart of several panels (usermeta.explainer.fit) each panel gets its share
  // here; side-by-side panels stack when the container is narrower than
  // meta.stackBelow. "side" is what a panel needs beside its plot (axis labels).
  // The site's pages carry the chart compiled to Vega (explainer.views.assets):
  // there the panels are the concat_N_group marks of a grid layout, whose width is
  // a signal, and stacking is a layout of one column.
  function isVega(s) { return String(s.$schema || "").indexOf("/vega/") > 0; }
  function share(width, across) {
    var side = width < meta.narrowBelow ? meta.sideNarrow : meta.side;
    return Math.max(120, Math.floor((width - 24 - across * side - (across - 1) * 20) / across));
  }
  function fitted(source, width) {
    if (!meta.fit) { return source; }
    var s = JSON.parse(JSON.stringify(source));
    var stack = width < meta.stackBelow;
    if (isVega(s)) {
      var count = (s.marks || []).filter(function (m) { return /^concat_\d+_group$/.test(m.name || ""); }).length;
      if (stack) { s.layout = Object.assign({}, s.layout, {columns: 1}); }
      var w = share(width, stack ? 1 : count);
      (s.signals || []).forEach(function (sig) {
        if (sig.name === "childWidth" || /^concat_\d+_width$/.test(sig.name)) { sig.value = w; }
      });
      return s;
    }
    if (s.hconcat && stack) { s.vconcat = s.hconcat; delete s.hconcat; }
    var panels = s.hconcat || s.vconcat || [];
    var each = share(width, s.hconcat ? panels.length : 1);
    panels.forEach(function (p) { p.width = each; });
    return s;
  }
  // On a page in dark mode, the dark colours (views/dark.py) go into the config.
  // (Not in print, which is black on white.)
  var scheme = window.matchMedia && matchMedia("(prefers-color-scheme: dark)");
  var print = window.matchMedia && matchMedia("print");
  function merge(a, b) {
    var out = Object.assign({}, a);
    Object.keys(b).forEach(function (k) {
      var deep = b[k] && typeof b[k] === "object" && !Array.isArray(b[k]) && a[k];
      out[k] = deep ? merge(a[k], b[k]) : b[k];
    });
    return out;
  }
  // Vega-Lite takes the dark config as it is; compiled Vega carries the changes
  // the dark config makes (usermeta.explainer.dark: [path, value] sets, [path]
  // deletes), since the compiler wrote the colours into the marks.
  function patched(s, changes) {
    var out = JSON.parse(JSON.stringify(s));
    changes.forEach(function (change) {
      var path = change[0], node = out;
      for (var i = 0; i < path.length - 1; i++) { node = node[path[i]]; }
      if (change.length === 1) { delete node[path[path.length - 1]]; }
      else { node[path[path.length - 1]] = change[1]; }
    });
    return out;
  }
  function coloured(s) {
    var isDark = scheme && scheme.matches && !print.matches && el.closest(".explainer-page");
    if (!isDark) { return s; }
    if (isVega(s)) { return meta.dark ? patched(s, meta.dark) : s; }
    return Object.assign({}, s, {config: merge(s.config || {}, dark)});
  }
  // The keyboard for legend selections (a chart whose spec binds a selection to its
  // legend): each legend entry takes Tab; Enter or Space selects it as a click
  // does, Escape clears the selection as a click on no mark does. Vega redraws its
  // SVG (on resize, say), so the marks are set again whenever it changes them.
  function legendKeys(el, spec) {
    var compiled = spec.usermeta && spec.usermeta.explainer || {};
    if (!compiled.legendSelection &&
        JSON.stringify(spec).indexOf('"bind":"legend"') < 0) { return; }
    function set(node, name, value) {
      if (node.getAttribute(name) !== value) { node.setAttribute(name, value); }
    }
    function mark() {
      el.querySelectorAll(".role-legend-symbol path").forEach(function (symbol) {
        var entry = symbol.parentNode.parentNode.parentNode;
        var label = entry.querySelector(".role-legend-label text");
        // Vega names the legend a graphics-symbol, whose children are presentational:
        // a group may hold the buttons (it keeps Vega's description of the legend).
        set(symbol.closest(".role-legend"), "role", "group");
        set(entry, "tabindex", "0");
        set(entry, "role", "button");
        // A long label is drawn on two lines (tspans): its name joins them.
        var lines = label ? label.querySelectorAll("tspan") : [];
        var name = lines.length ? Array.prototype.map.call(lines, function (line) {
          return line.textContent;
        }).join(" ") : (label ? label.textContent : "");
        set(entry, "aria-label", name && text.highlight ?
          text.highlight.replace("{label}", function () { return name; }) :
          (name ? "Highlight " + name : "Highlight this entry"));
        set(entry, "data-explainer-legend-entry", "");
        if (entry.explainerKeys) { return; }
        entry.explainerKeys = true;
        entry.addEventListener("keydown", function (e) {
          if (["Enter", " ", "Escape"].indexOf(e.key) < 0) { return; }
          e.preventDefault();
          // A click on no mark (the drawing itself) clears a legend selection.
          var target = e.key === "Escape" ? el.querySelector("svg") : symbol;
          var box = target.getBoundingClientRect();
          target.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true,
            view: window, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
        });
      });
    }
    mark();
    if (!el.explainerKeys && window.MutationObserver) {
      el.explainerKeys = new MutationObserver(mark);
      el.explainerKeys.observe(el, {subtree: true, childList: true, attributes: true,
        attributeFilter: ["role", "tabindex", "aria-label"]});
    }
  }
  // Shareable state (site pages only): the figure's bound controls (sliders and
  // menus) go into the URL fragment, "#<figure id>?<name>=<value>&...", as the
  // reader moves them, and a fragment naming this figure sets them on load.
  // Values from the URL are checked against the control: a number within its
  // range, or one of its options; anything else is ignored.
  var figure = el.closest && el.closest(".explainer-page figure[id]");
  function controls(s) {
    return (s.signals || s.params || []).filter(function (p) {
      return p.bind && p.bind.input && p.bind.input !== "checkbox";
    });
  }
  function fragment() {
    var hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    var at = hash.indexOf("?");
    if (!figure || at < 0 || hash.slice(0, at) !== figure.id) { return null; }
    return new URLSearchParams(hash.slice(at + 1));
  }
  function allowed(control, raw) {
    var bind = control.bind;
    if (bind.options) {
      var hit = bind.options.filter(function (o) { return String(o) === raw; });
      return hit.length ? {value: hit[0]} : null;
    }
    var n = Number(raw);
    if (raw === "" || !isFinite(n)) { return null; }
    if ((bind.min !== undefined && n < bind.min) || (bind.max !== undefined && n > bind.max)) {
      return null;
    }
    return {value: n};
  }
  function restore(view, s) {
    var state = fragment();
    if (!state) { return Promise.resolve(false); }
    controls(s).forEach(function (c) {
      var ok = state.has(c.name) && allowed(c, state.get(c.name));
      if (ok) { view.signal(c.name, ok.value); }
    });
    return view.runAsync().then(function () { return true; });
  }
  function remember(view, s) {
    var names = controls(s).map(function (c) { return c.name; });
    names.forEach(function (name) {
      view.addSignalListener(name, function () {
        var query = names.map(function (n) {
          return encodeURIComponent(n) + "=" + encodeURIComponent(view.signal(n));
        }).join("&");
        history.replaceState(null, "", "#" + figure.id + "?" + query);
      });
    });
  }
  // The actions menu in the page's language: Vega-Embed's own i18n option (the
  // site's small vegaEmbed reads the same keys).
  function translated(options) {
    if (!text.save) { return options; }
    function save(format) {
      return text.save.replace("{format}", function () { return format; });
    }
    return Object.assign({}, options, {i18n: Object.assign({
      CLICK_TO_VIEW_ACTIONS: text.actions, SVG_ACTION: save("SVG"), PNG_ACTION: save("PNG")
    }, options && options.i18n)});
  }
  var drawnAt = null, placed = false;
  // The one place a chart is embedded: its layout for the width, then its colours.
  function embed() {
    drawnAt = el.parentNode.clientWidth;
    var drawn = fitted(coloured(spec), drawnAt);
    return vegaEmbed(el, drawn, translated(opt)).then(function (result) {
      if (figure && controls(drawn).length) {
        restore(result.view, drawn).then(function (restored) {
          if (restored && !placed) { placed = true; figure.scrollIntoView(); }
          remember(result.view, drawn);
        });
      }
      // The actions menu's fold shows only an icon: give it a name.
      var menu = el.querySelector("details > summary");
      if (menu) { menu.setAttribute("aria-label", text.actions); }
      legendKeys(el, spec);
    }).catch(function (err) {
      el.textContent = text.failed.replace("{error}", function () { return err.message; });
    });
  }
  function draw() {
    embed();
    [scheme, print].forEach(function (media) {
      if (media && media.addEventListener) { media.addEventListener("change", embed); }
    });
    if (!meta.fit || typeof ResizeObserver !== "function") { return; }
    var pending = null;
    new ResizeObserver(function () {
      if (Math.abs(el.parentNode.clientWidth - drawnAt) < 8) { return; }
      clearTimeout(pending);
      pending = setTimeout(embed, 150);
    }).observe(el.parentNode);
  }
  // On a page that schedules its charts (the site's page template inlines
  // explainer/charts.js) the page decides when: the first at once, others after.
  var later = figure && window.explainerDraw;
  if (later) { later(el, draw); } else { draw(); }
};
