// The language switch follows the reader. Each link to this page in another
// edition carries the place being read: the address's fragment while its
// element is on screen (a section or figure permalink, with the state of the
// figure's controls), else the section whose heading was passed last. Section and figure ids are the same in every
// edition, so the other edition opens at the same place. Without JavaScript the
// links open the other edition's page at its top.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(
    document.querySelectorAll("a[data-explainer-language]")
  );
  if (!links.length) return;
  var bases = links.map(function (a) {
    return a.getAttribute("href").split("#")[0];
  });
  var headings = Array.prototype.slice.call(
    document.querySelectorAll("main h2[id]")
  );

  function onScreen(el) {
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  // The fragment to carry, as it is written in an address.
  function place() {
    // A permalink, with the state of its figure's controls if any
    // (#transit-time-model?rail_speed_km_per_day=950): carried whole.
    var hash = location.hash.slice(1);
    var id;
    try {
      id = decodeURIComponent(hash.split("?")[0]);
    } catch (e) {
      id = "";  // a malformed address: the section in view instead
    }
    var target = id && document.getElementById(id);
    if (target && onScreen(target)) return hash;
    // The last heading above the upper third of the window.
    var line = window.innerHeight / 3;
    var found = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > line) break;
      found = encodeURIComponent(headings[i].id);
    }
    return found;
  }

  function follow() {
    var fragment = place();
    links.forEach(function (a, i) {
      a.setAttribute("href", bases[i] + (fragment ? "#" + fragment : ""));
    });
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      follow();
    });
  }
  window.addEventListener("scroll", later, { passive: true });
  window.addEventListener("resize", later);
  window.addEventListener("hashchange", follow);
  links.forEach(function (a) {
    // Right before the link is followed, in case a scroll is still pending.
    a.addEventListener("click", follow);
    a.addEventListener("focus", follow);
  });
  follow();
})();
