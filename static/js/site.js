// Entity highlighting toggle. The checkbox already works without this script
// (CSS :has()); the script remembers the reader's choice between pages and
// covers browsers without :has().
(function () {
  "use strict";
  var KEY = "site-builder.entities";
  var box = document.getElementById("entity-toggle");
  if (!box) {
    return;
  }

  function apply() {
    document.documentElement.classList.toggle("entities-off", !box.checked);
  }

  try {
    var saved = window.localStorage.getItem(KEY);
    if (saved !== null) {
      box.checked = saved === "on";
    }
  } catch (error) {
    // Storage can be disabled; the toggle still works for this page.
  }
  apply();

  box.addEventListener("change", function () {
    apply();
    try {
      window.localStorage.setItem(KEY, box.checked ? "on" : "off");
    } catch (error) {
      // Not remembered, nothing else to do.
    }
  });
})();
