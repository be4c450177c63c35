// Preview only: reload on a new build, show a failed build over the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script.getAttribute("data-generation");
  var url = script.getAttribute("data-events");
  var overlay = null;

  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "livereload-error";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647";
      s.background = "rgba(20, 20, 20, 0.92)"; s.color = "#ffd7d7";
      s.padding = "2rem"; s.overflow = "auto"; s.direction = "ltr"; s.textAlign = "left";
      var title = document.createElement("strong");
      title.textContent = "Build failed; showing the last good build.";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap"; pre.style.font = "14px/1.5 monospace";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = message;
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function here() {
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
    return path.replace(/index\.html$/, "");
  }

  var source = new EventSource(url);
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.error) { show(state.error); return; }
    hide();
    if (String(state.generation) === generation) { return; }
    // The next build left this page as it was: nothing to reload.
    if (state.changed && Number(state.generation) === Number(generation) + 1 &&
        state.changed.indexOf(here()) < 0) {
      generation = String(state.generation);
      return;
    }
    source.close();
    location.reload();
  };
})();
