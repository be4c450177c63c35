// The search page: Pagefind's search API with an interface made for a large
// Arabic archive. The page stays small whatever the archive's size: results
// come ten at a time, the filters (source, year, month, entity type) are
// loaded only when the reader opens them, and entities are never listed in
// full: the reader narrows to one from the entities named in the results
// shown, or arrives from an entity page with it chosen (?entity=TYPE:NAME).
//
// Ranking: Pagefind scores every match (a match in the title counts five
// times). The first RERANK results are then ordered by how closely they
// match what was typed: the words as a phrase in the title, as a phrase in
// the text, every word as typed (up to spelling) in the title, in the text;
// Pagefind's score orders results within each of these tiers and beyond them.
import { installBundleFetch, prefetchBundle } from "./bundle-files.js";
import { foldWord, leadingParticles, lettersNeeded, nameList, normalizeQuery } from "./normalize.js";

const BATCH = 10;
const RERANK = 10;

const root = document.getElementById("search");
const bundle = root.dataset.bundle;
const text = JSON.parse(document.getElementById("search-text").textContent);
const ui = text.ui;
// The site's digits (Arabic-Indic or Latin) come as a locale such as "ar-u-nu-arab".
const counts = new Intl.NumberFormat(text.locale);
const DIGITS = Array.from({ length: 10 }, (_, d) => counts.format(d)).join("");
const form = root.querySelector(".search-form");
const box = root.querySelector(".search-box");
const toggle = root.querySelector(".search-filters-toggle");
const panel = root.querySelector(".search-filters");
const sortLabel = root.querySelector(".search-sort");
const sortSelect = sortLabel.querySelector("select");
const chosenList = root.querySelector(".search-chosen");
const statusLine = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const entityBox = root.querySelector(".search-entities");
const moreButton = root.querySelector(".search-more");
const olderButton = root.querySelector(".search-older");

// The small filters, offered as checkboxes with counts; entity names are not.
const FACETS = [text.source, text.year, text.month, text.type];
const ENTITY_KEYS = Object.values(text.types);

const state = { query: "", chosen: new Map(), sort: "", facetsOpen: false };
let run = 0;

function digits(value) {
  return String(value).replace(/\d/g, (d) => DIGITS[d]);
}

function count(n) {
  return counts.format(Math.round(n));
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

function arabicDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? `${digits(Number(match[3]))} ${text.months[Number(match[2]) - 1]} ${digits(match[1])}` : "";
}

// How a filter value reads: months and years in words and the site's digits.
function shown(key, value) {
  if (key === text.month) {
    const [year, month] = value.split("-");
    return `${text.months[Number(month) - 1]} ${digits(year)}`;
  }
  return key === text.year ? digits(value) : value;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// ---------------------------------------------------------------- Pagefind

const RANKING = { termSimilarity: 1.0, metaWeights: { title: 5.0, alt: 1.0 } };

// Marks for measuring (bench/search_ux.py): Pagefind starting, the first results shown.
performance.mark("search:pagefind-start");
// The index parts (pagefind/parts.json, site_builder/search/index.py) are periods, newest
// first. The newest is searched on its own and its results shown; the next parts, up to
// the listing's "automatic" number of articles in all, are merged meanwhile and their
// results follow (older articles after newer ones); beyond that, a button searches
// further back, part by part.
let automaticPages = Infinity;
const PART = "part"; // a filter Pagefind gives every page of a merged part: its path
const language = document.documentElement.lang;
// Every file the first search needs is asked for at once (bundle-files.js).
installBundleFetch(bundle);
prefetchBundle(bundle, language);
const partList = fetch(`${bundle}parts.json`)
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}))
  .then((listed) => {
    const parts = Array.isArray(listed.parts) && listed.parts.length ? listed.parts : [{ path: "", tag: "" }];
    automaticPages = listed.automatic ?? Infinity;
    return parts;
  });

function automatic(parts) {
  let pages = 0;
  return parts.filter((part, i) => {
    pages += part.pages || 0;
    return i === 0 || pages <= automaticPages;
  });
}

// Pagefind gives no sign that its index has loaded; a search waits for it in steps of
// 50 ms. A few empty searches, 10 ms apart, tell within 10 ms.
function whenLoaded(pagefind) {
  return new Promise((resolve, reject) => {
    let done = false;
    for (let i = 0; i < 5; i += 1) {
      setTimeout(() => pagefind.preload("").then(() => {
        if (!done) {
          done = true;
          resolve(pagefind);
        }
      }, reject), i * 10);
    }
  });
}

const newestReady = (async () => {
  const pagefind = await import(`${bundle}pagefind.js`);
  // On the main thread: a worker would first have to start and load Pagefind's WebAssembly
  // itself, while the page has already fetched it (templates/search.html preloads it).
  // Set before Pagefind starts, the options need no wait.
  await pagefind.options({ ranking: RANKING, excerptLength: 24, noWorker: true });
  await pagefind.init();
  await whenLoaded(pagefind);
  performance.mark("search:pagefind-init");
  return pagefind;
})();

// The parts merged so far (their paths), and the promise of merging the next ones.
const merged = new Set([""]);
let merging = null;

function mergeParts(wanted) {
  const previous = merging || Promise.resolve();
  merging = previous.then(async () => {
    const [pagefind, parts] = await Promise.all([newestReady, partList]);
    const next = parts.filter((part) => wanted(part, parts) && !merged.has(part.path));
    next.forEach((part) => prefetchBundle(`${bundle}${part.path}`, language));
    await Promise.all(next.map((part) => pagefind.mergeIndex(`${bundle}${part.path}`,
      { ranking: RANKING, excerptLength: 24, mergeFilter: { [PART]: part.path } })));
    next.forEach((part) => merged.add(part.path));
    return pagefind;
  });
  return merging;
}

// The parts searched without asking are merged once the newest has answered a first
// search, or a second after it has loaded if the reader has not searched by then: a
// first search never waits for a part being merged while the newest can answer it.
let searching = false;
let pagefindReady = null; // the automatic parts merged; null until merging starts

function startMerging() {
  if (!pagefindReady) {
    pagefindReady = mergeParts((part, parts) => automatic(parts).includes(part)).then((pagefind) => {
      performance.mark("search:pagefind-ready");
      return pagefind;
    });
  }
  return pagefindReady;
}

newestReady.then(() => setTimeout(() => {
  if (!searching) startMerging();
}, 1000), () => {});

// The names of the letters a query needs, fetched once each (a few KB).
const names = nameList();
const fetchedLetters = new Map();

const nameLetters = new Set(root.dataset.nameLetters || "");

function namesFor(query) {
  const wanted = lettersNeeded(query).filter((letter) => nameLetters.has(letter)).map((letter) => {
    if (!fetchedLetters.has(letter)) {
      const code = letter.codePointAt(0).toString(16).padStart(4, "0");
      fetchedLetters.set(letter, fetch(`${root.dataset.names}${code}.json`)
        .then((response) => (response.ok ? response.json() : { names: [], ordinary: [] }))
        .then((shard) => {
          shard.names.forEach((name) => names.names.add(name));
          shard.ordinary.forEach((word) => names.ordinary.add(word));
          foldedWords.clear(); // a word may read as a name now
          pageWords = new WeakMap();
        })
        .catch(() => {}));
    }
    return fetchedLetters.get(letter);
  });
  return Promise.all(wanted).then(() => names);
}

function filterOption() {
  const filters = {};
  for (const [key, values] of state.chosen) {
    if (values.size) {
      // Two sources are either one; two entities are the articles naming both (an
      // entity page links its co-occurring entities that way).
      filters[key] = ENTITY_KEYS.includes(key) ? { all: [...values] } : { any: [...values] };
    }
  }
  if (state.facetsOpen) {
    // Naming a filter with nothing to exclude makes Pagefind load it and count
    // its values in the results, without narrowing them.
    for (const key of FACETS) {
      filters[key] ??= { none: [] };
    }
  }
  return filters;
}

// ---------------------------------------------------------------- ranking

// Each word is folded once (an article's words repeat), and each page's words once.
const foldedWords = new Map();
let pageWords = new WeakMap();

function fold(word) {
  let key = foldedWords.get(word);
  if (key === undefined) {
    key = foldWord(word, names);
    foldedWords.set(word, key);
  }
  return key;
}

function wordsOf(textValue) {
  return (textValue.match(/[\p{L}\p{M}\p{N}\u0640]+/gu) || []).map(fold);
}

function pageText(data) {
  let words = pageWords.get(data);
  if (!words) {
    words = { title: wordsOf(data.meta?.title || ""), body: wordsOf(data.content || "") };
    pageWords.set(data, words);
  }
  return words;
}

function hasPhrase(words, keys) {
  outer: for (let i = 0; i + keys.length <= words.length; i += 1) {
    for (let j = 0; j < keys.length; j += 1) {
      if (words[i + j] !== keys[j]) {
        continue outer;
      }
    }
    return true;
  }
  return false;
}

// Pagefind answers a word it does not know with the pages of the longest
// indexed word that starts it (زلمقطرونات → زلم, كستناء → كستها). When not one of
// the first results has a word that begins like each query word (all of it but a
// suffix of up to two letters, in either hamza spelling), the archive does not have it.
function seatForms(word) {
  return [word, word.replace(/[وي]/g, (c) => (c === "و" ? "ي" : "و"))];
}

function formsOf(word) {
  const particles = leadingParticles(word);
  return seatForms(word).concat(particles ? seatForms(word.slice(particles.length)) : []);
}

function mentions(data, keys) {
  const { title, body } = pageText(data);
  const words = [...title, ...body].flatMap(formsOf);
  return keys.every((key) => {
    const starts = seatForms([...key].slice(0, Math.max(3, [...key].length - 2)).join(""));
    return words.some((form) => starts.some((start) => form.startsWith(start)));
  });
}

function tier(data, keys) {
  const { title, body } = pageText(data);
  const phrase = keys.length > 1;
  const all = (words) => keys.every((key) => words.includes(key));
  return (phrase && hasPhrase(title, keys) ? 8 : 0) + (phrase && hasPhrase(body, keys) ? 4 : 0)
    + (all(title) ? 2 : 0) + (all(body) ? 1 : 0);
}

// ---------------------------------------------------------------- rendering

function resultItem(data, keys) {
  const url = new URL(data.url, location.href);
  for (const key of keys) {
    url.searchParams.append("highlight", key);
  }
  const meta = data.meta || {};
  const link = element("a", { className: "search-result-link", href: url.pathname + url.search },
    meta.title || data.url);
  link.dataset.url = data.url;
  // The source comes from the page's filters: metadata would be searched too.
  const line = [data.filters?.[text.source]?.[0], arabicDate(meta.date)].filter(Boolean).join(" · ");
  const excerpt = element("p", { className: "search-result-excerpt" });
  excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: page text, escaped, with <mark>
  return element("li", { className: "search-result" },
    element("h2", { className: "search-result-title" }, link),
    line ? element("p", { className: "search-result-meta" }, line) : null,
    excerpt);
}

function renderChosen() {
  chosenList.replaceChildren();
  for (const [key, values] of state.chosen) {
    for (const value of values) {
      const remove = element("button", { type: "button", className: "search-chip" }, `${shown(key, value)} ×`);
      remove.setAttribute("aria-label", fill(ui.remove, { name: shown(key, value) }));
      remove.addEventListener("click", () => {
        values.delete(value);
        search();
      });
      chosenList.append(element("li", {}, remove));
    }
  }
  chosenList.hidden = !chosenList.children.length;
  const active = [...state.chosen.values()].reduce((n, values) => n + values.size, 0);
  toggle.textContent = active ? fill(ui.filters_active, { n: count(active) }) : ui.filters;
}

function renderFacets(counts) {
  if (!state.facetsOpen) {
    return;
  }
  const groups = [];
  for (const key of FACETS) {
    const values = Object.entries(counts?.[key] || {}).filter(([value, n]) => n > 0
      || state.chosen.get(key)?.has(value));
    if (!values.length) {
      continue;
    }
    values.sort((a, b) => (key === text.source || key === text.type ? b[1] - a[1] : b[0].localeCompare(a[0])));
    const fieldset = element("fieldset", { className: "search-facet" }, element("legend", {}, key));
    for (const [value, n] of values) {
      const input = element("input", { type: "checkbox", checked: !!state.chosen.get(key)?.has(value) });
      input.addEventListener("change", () => {
        const set = state.chosen.get(key) || new Set();
        if (input.checked) set.add(value); else set.delete(value);
        state.chosen.set(key, set);
        search();
      });
      fieldset.append(element("label", {}, input, ` ${shown(key, value)} `,
        element("span", { className: "count" }, `(${count(n)})`)));
    }
    groups.push(fieldset);
  }
  panel.replaceChildren(...groups);
}

// The entities most often named in the results shown: a way to narrow to one
// without listing every entity of the archive.
function renderEntities(loaded) {
  const tally = new Map();
  for (const data of loaded) {
    for (const key of ENTITY_KEYS) {
      for (const value of data.filters?.[key] || []) {
        const id = `${key}\u0000${value}`;
        tally.set(id, (tally.get(id) || 0) + 1);
      }
    }
  }
  const top = [...tally].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]).slice(0, 8);
  entityBox.replaceChildren();
  if (!top.length) {
    entityBox.hidden = true;
    return;
  }
  const items = top.map(([id, n]) => {
    const [key, value] = id.split("\u0000");
    const button = element("button", { type: "button", className: "search-chip" }, `${value} `,
      element("span", { className: "count" }, `(${count(n)})`));
    button.title = key;
    button.addEventListener("click", () => {
      state.chosen.set(key, new Set([value]));
      search();
      box.scrollIntoView({ block: "nearest" });
    });
    return element("li", {}, button);
  });
  entityBox.append(element("h2", { className: "search-entities-title" }, ui.entities_here),
    element("ul", { className: "search-chips" }, ...items));
  entityBox.hidden = false;
}

function syncAddress() {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [key, values] of state.chosen) {
    for (const value of values) {
      params.append(ENTITY_KEYS.includes(key) ? "entity" : "f", `${key}:${value}`);
    }
  }
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  history.replaceState(history.state, "", location.pathname + (query ? `?${query}` : ""));
}

// ---------------------------------------------------------------- searching

// Results in the order of the parts (newest articles first), each part's in Pagefind's
// order; or by date. A result's id is its fragment's name: its part's tag, a dot and
// the article's rank in the archive, newest first, in hex (site_builder/search/bundle.py).
function tagOf(result) {
  return result.id.slice(0, result.id.lastIndexOf("."));
}

function rankOf(result) {
  return parseInt(result.id.slice(result.id.lastIndexOf(".") + 1), 16);
}

function ordered(results, parts) {
  const tags = parts.map((part) => part.tag);
  const key = (result) => {
    if (state.sort) {
      return state.sort === "date:asc" ? -rankOf(result) : rankOf(result);
    }
    const at = tags.indexOf(tagOf(result));
    return at < 0 ? tags.length : at;
  };
  return results.map((result, i) => ({ result, i, key: key(result) }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((entry) => entry.result);
}

// Pagefind answers a word one part does not have with that part's pages of the longest
// word starting it: a part whose first results do not mention every query word has none.
// The first part's first ten are loaded at once (they are shown next), the others' three.
async function realMatches(results, keys) {
  if (!keys.length) return results;
  const groups = new Map();
  for (const result of results) {
    const tag = tagOf(result);
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag).push(result);
  }
  const kept = new Set();
  await Promise.all([...groups].map(async ([tag, group], i) => {
    const first = await Promise.all(group.slice(0, i ? 3 : RERANK).map((r) => r.data()));
    if (first.some((data) => mentions(data, keys))) kept.add(tag);
  }));
  return results.filter((result) => kept.has(tagOf(result)));
}

async function search() {
  const mine = ++run;
  searching = true;
  renderChosen();
  syncAddress();
  const query = state.query.trim();
  const filtered = [...state.chosen.values()].some((values) => values.size);
  if (!query && !filtered) {
    list.replaceChildren();
    statusLine.textContent = "";
    moreButton.hidden = true;
    olderButton.hidden = true;
    entityBox.hidden = true;
    panel.replaceChildren();
    return;
  }
  statusLine.textContent = ui.searching;
  const [newest, nameKeys, parts] = await Promise.all([newestReady, namesFor(query), partList]);
  if (mine !== run) return;
  const term = query ? normalizeQuery(query, nameKeys) : null;
  const keys = term ? term.split(/\s+/).filter(Boolean) : [];
  // The newest part alone first, while nothing else has been merged: its results are the
  // first of any search that neither filters nor sorts oldest first.
  if (!pagefindReady && parts.length > 1 && !filtered && !state.facetsOpen && state.sort !== "date:asc") {
    const first = await newest.search(term);
    performance.mark("search:searched");
    if (mine !== run) return;
    const own = await realMatches(ordered(first.results, parts), keys);
    if (mine !== run) return;
    if (own.length) await show(own, keys, query, parts, mine, null);
    const pagefind = await startMerging();
    if (mine !== run) return;
    const later = [...merged].filter(Boolean);
    const rest = later.length ? await pagefind.search(term, { filters: { [PART]: { any: later } } }) : null;
    if (mine !== run) return;
    const others = rest ? await realMatches(ordered(rest.results, parts), keys) : [];
    if (mine !== run) return;
    await show([...own, ...others], keys, query, parts, mine, null);
    return;
  }
  const pagefind = await startMerging();
  if (mine !== run) return;
  const found = await pagefind.search(term, { filters: filterOption() });
  performance.mark("search:searched");
  if (mine !== run || !found) return;
  const results = await realMatches(ordered(found.results, parts), keys);
  if (mine !== run) return;
  await show(results, keys, query, parts, mine, found.filters);
}

// Show ``results`` (the first ten ordered by how closely they match what was typed),
// their count and the buttons for more; the first ten stay as they are when a search
// only adds results after them.
async function show(results, keys, query, parts, mine, facetCounts) {
  const ranked = !state.sort && keys.length;
  const head = await Promise.all(results.slice(0, ranked ? RERANK : BATCH).map((r) => r.data()));
  if (mine !== run) return;
  const order = head.map((data, i) => ({ data, i, tier: ranked ? tier(data, keys) : 0 }));
  order.sort((a, b) => b.tier - a.tier || a.i - b.i);
  const loaded = order.map((entry) => entry.data);
  const rest = results.slice(loaded.length);
  const total = results.length;
  const unsearched = parts.filter((part) => !merged.has(part.path));
  const since = unsearched.length && parts[parts.length - unsearched.length - 1]?.oldest;
  statusLine.dataset.resultCount = String(total);
  statusLine.textContent = (!total ? fill(ui.no_results, { q: query })
    : total === 1 ? fill(ui.one_result, { q: query }) : fill(ui.results, { n: count(total), q: query }))
    + (since ? ` ${fill(ui.since, { date: arabicDate(since) })}` : "");
  const first = loaded.slice(0, BATCH);
  const shownUrls = [...list.querySelectorAll(".search-result-link")].map((a) => a.dataset.url);
  if (shownUrls.length !== first.length || first.some((data, i) => data.url !== shownUrls[i])) {
    list.replaceChildren(...first.map((data) => resultItem(data, keys)));
  }
  if (loaded.length && !performance.getEntriesByName("search:first-result").length) {
    performance.mark("search:first-result");
  }
  let shownCount = Math.min(BATCH, loaded.length);
  moreButton.hidden = shownCount >= total;
  moreButton.onclick = async () => {
    const next = shownCount + BATCH;
    const needed = rest.slice(Math.max(0, shownCount - loaded.length), Math.max(0, next - loaded.length));
    const extra = await Promise.all(needed.map((r) => r.data()));
    if (mine !== run) return;
    const batch = [...loaded.slice(shownCount, next), ...extra];
    list.append(...batch.map((data) => resultItem(data, keys)));
    shownCount += batch.length;
    moreButton.hidden = shownCount >= total;
  };
  olderButton.hidden = !since;
  if (since) {
    olderButton.textContent = fill(ui.older, { date: arabicDate(since) });
    olderButton.onclick = () => {
      const next = unsearched[0];
      olderButton.disabled = true;
      mergeParts((part) => part === next).then(() => {
        olderButton.disabled = false;
        search();
      });
    };
  }
  if (facetCounts) renderFacets(facetCounts);
  renderEntities(loaded);
}

let typing = null;
function onInput() {
  state.query = box.value;
  clearTimeout(typing);
  typing = setTimeout(search, 120);
}

function start() {
  const params = new URLSearchParams(location.search);
  for (const value of [...params.getAll("f"), ...params.getAll("entity")]) {
    const at = value.indexOf(":");
    if (at > 0) {
      const key = value.slice(0, at);
      const set = state.chosen.get(key) || new Set();
      set.add(value.slice(at + 1));
      state.chosen.set(key, set);
    }
  }
  state.sort = params.get("sort") || "";
  sortSelect.value = state.sort;
  state.query = params.get("q") || "";
  box.value = state.query;
  toggle.hidden = false;
  sortLabel.hidden = false;
  box.addEventListener("input", onInput);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    state.query = box.value;
    search();
  });
  sortSelect.addEventListener("change", () => {
    state.sort = sortSelect.value;
    search();
  });
  toggle.addEventListener("click", () => {
    state.facetsOpen = !state.facetsOpen;
    toggle.setAttribute("aria-expanded", String(state.facetsOpen));
    panel.hidden = !state.facetsOpen;
    search();
  });
  if (state.query || state.chosen.size) {
    search();
  }
  newestReady.catch(() => {
    statusLine.textContent = ui.failed;
  });
}

start();
