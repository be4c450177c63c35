// Search page: Pagefind's default interface in Arabic, right to left, with
// filters by source and by the people, places and organisations named.
// The bundle address comes from the page, so the site works under a sub-path.
import { normalizeQuery } from "./normalize.js";

const MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
  "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
const DIGITS = "٠١٢٣٤٥٦٧٨٩";

// The same form as the pages' dates: "٢١ يوليو ٢٠١٥".
function arabicDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) {
    return iso;
  }
  const digits = (n) => String(Number(n)).replace(/\d/g, (d) => DIGITS[d]);
  return `${digits(match[3])} ${MONTHS[Number(match[2]) - 1]} ${digits(match[1])}`;
}

// Search-only metadata (word variants) is not for readers; dates read as on the pages.
function processResult(result) {
  const meta = { ...result.meta };
  delete meta.alt;
  if (meta.date) {
    meta["التاريخ"] = arabicDate(meta.date);
    delete meta.date;
  }
  result.meta = meta;
  return result;
}

const root = document.getElementById("search");
const bundle = root.dataset.bundle;

async function start() {
  await import(`${bundle}pagefind-ui.js`);
  // eslint-disable-next-line no-undef
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    highlightParam: "highlight",
    processTerm: normalizeQuery,
    processResult,
    translations: {
      placeholder: "ابحث في الأرشيف",
    },
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
}

start().catch(() => {
  const message = document.createElement("p");
  message.className = "notice";
  message.textContent = "تعذّر تحميل فهرس البحث. جرّب تحديث الصفحة لاحقًا.";
  root.append(message);
});
