// The article page's two small helpers.
(function () {
  "use strict";

  // Entity highlighting toggle. The checkbox already works without this script
  // (CSS :has()); the script remembers the reader's choice between pages and
  // covers browsers without :has().
  var KEY = "site-builder.entities";
  var box = document.getElementById("entity-toggle");
  if (box) {
    var apply = function () {
      document.documentElement.classList.toggle("entities-off", !box.checked);
    };
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
  }

  // The citation's "accessed" date is the day the reader reads the page, which the
  // built page cannot know: it is written here, after its label, in the site's month
  // names and digits (data-locale, such as "ar-u-nu-arab"). Without the script the
  // label stays hidden and the citation ends with the archive's address.
  var accessed = document.querySelector(".cite [data-locale]");
  if (accessed && window.Intl && Intl.DateTimeFormat.prototype.formatToParts) {
    var today = new Date();
    var parts = {};
    new Intl.DateTimeFormat(accessed.getAttribute("data-locale"),
      { calendar: "gregory", day: "numeric", month: "long", year: "numeric" })
      .formatToParts(today).forEach(function (part) { parts[part.type] = part.value; });
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var time = document.createElement("time");
    time.dateTime = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
    time.textContent = parts.day + " " + parts.month + " " + parts.year;
    accessed.append(" ", time, ".");
    accessed.hidden = false;
  }
})();
