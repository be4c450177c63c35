// Narrows the rows of one entity list page to the names holding what the reader
// types, spelled any way the search folds (hamza, ة/ه, ى/ي, diacritics). Only
// this page's rows are filtered, so nothing more is loaded; without the script
// the page is the complete list and the filter stays hidden.
import { foldLetters } from "../search/normalize.js";

const input = document.getElementById("entity-filter");
const table = document.getElementById(input ? input.getAttribute("aria-controls") : "");

if (input && table) {
  const status = document.getElementById("entity-filter-status");
  const rows = [...table.tBodies[0].rows].map((row) => [row, foldLetters(row.cells[0].textContent).toLowerCase()]);
  const digits = new Intl.NumberFormat(input.dataset.locale, { useGrouping: false }).format;

  function apply() {
    const wanted = foldLetters(input.value.trim()).toLowerCase();
    let shown = 0;
    for (const [row, name] of rows) {
      const match = name.includes(wanted);
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    status.textContent = wanted
      ? input.dataset.shown.replace("{shown}", digits(shown)).replace("{total}", digits(rows.length))
      : "";
  }

  input.addEventListener("input", apply);
  input.closest("[hidden]")?.removeAttribute("hidden");
  if (input.value) {
    apply(); // a value the browser restored on going back
  }
}
