/* When the page's charts are drawn (site pages and single-file exports; the page
   template inlines this in the head). A chart's script (the chart template of
   explainer.views) hands its drawing to window.explainerDraw rather than drawing
   while the page is read: drawing every chart then held the main thread (which
   the maps' frames share) for all the charts that followed the first before the
   first one showed. Here the first chart is drawn at once; the others once the
   page is read, those in or near the window first, one per task, then the rest
   one per idle moment, so that every chart is drawn soon after load whether or
   not the reader scrolls to it. Printing draws at once any still waiting. */
(function () {
  "use strict";
  var waiting = [];
  var first = true;
  var ready = false;
  var near = null;
  var timer = false;  // a step is due in a task
  var idling = false;  // a step is due in an idle moment

  function draw(job) {
    var at = waiting.indexOf(job);
    if (at >= 0) { waiting.splice(at, 1); }
    if (near) { near.unobserve(job.box); }
    try { job.draw(); }
    catch (err) { setTimeout(function () { throw err; }); }  // reported; the rest go on
  }
  function idle(fn) {
    if (window.requestIdleCallback) { requestIdleCallback(fn, {timeout: 500}); }
    else { setTimeout(fn, 50); }
  }
  // One chart per task: one in or near the window if any (in page order), else,
  // in an idle moment, the next of the page.
  function step(isIdle) {
    if (isIdle) { idling = false; } else { timer = false; }
    if (!waiting.length) { return; }
    var next = waiting.filter(function (j) { return j.near; })[0];
    if (!next && !isIdle) {
      if (!idling) { idling = true; idle(function () { step(true); }); }
      return;
    }
    draw(next || waiting[0]);
    soon();
  }
  function soon() {
    if (timer || !ready || !waiting.length) { return; }
    timer = true;
    setTimeout(function () { step(false); }, 0);
  }
  function start() {
    if (ready) { return; }
    ready = true;
    if (typeof IntersectionObserver === "function") {
      near = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          waiting.forEach(function (j) { if (j.box === e.target) { j.near = e.isIntersecting; } });
        });
        soon();
      }, {rootMargin: "50% 0px"});
      waiting.forEach(function (j) { near.observe(j.box); });
    }
    soon();
  }
  function drawAll() {
    waiting.slice().forEach(draw);
  }
  window.explainerDraw = function (el, drawChart) {
    if (first) { first = false; drawChart(); return; }
    var job = {draw: drawChart, near: false, box: el.closest("figure") || el.parentNode};
    waiting.push(job);
    if (near) { near.observe(job.box); }
    soon();
  };
  var print = window.matchMedia && matchMedia("print");
  if (print && print.addEventListener) {
    print.addEventListener("change", function () { if (print.matches) { drawAll(); } });
  }
  window.addEventListener("beforeprint", drawAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
