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
const SORTS = { "": "الأكثر صلة", "date:desc": "الأحدث أولًا", "date:asc": "الأقدم أولًا" };

// A large archive is indexed in parts (pagefind/parts.json); all are searched together.
async function extraParts() {
  try {
    const response = await fetch(`${bundle}parts.json`);
    const parts = response.ok ? await response.json() : [];
    return parts.map((part) => ({ bundlePath: `${bundle}${part}` }));
  } catch (error) {
    return [];
  }
}

function sortControl(onChange) {
  const label = document.createElement("label");
  label.className = "search-sort";
  label.textContent = "الترتيب: ";
  const select = document.createElement("select");
  for (const [value, text] of Object.entries(SORTS)) {
    select.append(new Option(text, value));
  }
  select.addEventListener("change", () => onChange(select.value));
  label.append(select);
  return label;
}

function createUI(mergeIndex, sortKey) {
  const [key, order] = sortKey.split(":");
  // eslint-disable-next-line no-undef
  return new PagefindUI({
    element: "#search",
    bundlePath: bundle,
    mergeIndex,
    sort: key ? { [key]: order } : null,
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
}

async function start() {
  const [mergeIndex] = await Promise.all([extraParts(), import(`${bundle}pagefind-ui.js`)]);
  let ui = createUI(mergeIndex, "");
  root.before(sortControl((sortKey) => {
    const query = root.querySelector("input")?.value ?? "";
    ui.destroy();
    ui = createUI(mergeIndex, sortKey);
    if (query) {
      ui.triggerSearch(query);
    }
  }));
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
