// Highlight the words a reader searched for when arriving from the search
// page (?highlight=…), then drop the parameter so the address stays clean
// for sharing and reloading.
//
// The search page passes the query's search keys (جده for «جدة», وزير for
// «الوزير»), which rarely appear as such in the text. So each word of the
// article is compared by its own key, the way the index matched it: any
// spelling of the word, with or without its attached particles, is marked.
import { foldLetters, foldWord, leadingParticles } from "../search/normalize.js";

const PARAM = "highlight";
const WORD = /[\p{L}\p{M}\p{N}\u0640]+/gu;
// What the search found: the article's title and its text (the page's other parts are not indexed).
const ROOTS = ".article-header h1, .article-body";
const SKIP = "script, style, mark";

const SEATS = { "ؤ": "ئ", "ئ": "ؤ" };

// The keys a word of the page is found under: its own, that of its other hamza
// spelling (مسؤول / مسئول), and, when it starts with و ف ب ك ل, those of the rest
// (the search page removes such particles from names: لموسكو → موسكو).
function keysOf(word) {
  const forms = [word, word.replace(/[ؤئ]/g, (c) => SEATS[c])];
  const particles = leadingParticles(foldLetters(word));
  if (particles) {
    forms.push(...forms.map((form) => form.slice(particles.length)));
  }
  return forms.map((form) => foldWord(form).toLowerCase());
}

// Pagefind matches the start of words, so a key also marks longer forms (وزير → وزيرة).
function matcher(terms) {
  const wanted = terms.flatMap((term) => term.split(/\s+/)).filter(Boolean)
    .map((term) => foldWord(term).toLowerCase());
  return (word) => keysOf(word).some((key) => wanted.some((w) => key.startsWith(w)));
}

function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) {
    nodes.push(walker.currentNode);
  }
  return nodes;
}

function markWords(node, matches) {
  const text = node.nodeValue;
  const pieces = [];
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    if (matches(found[0])) {
      const mark = document.createElement("mark");
      mark.className = "pagefind-highlight";
      mark.textContent = found[0];
      pieces.push(text.slice(last, found.index), mark);
      last = found.index + found[0].length;
    }
  }
  if (pieces.length) {
    node.replaceWith(...pieces, text.slice(last));
  }
}

function highlightSearchTerms() {
  const params = new URLSearchParams(window.location.search);
  if (!params.has(PARAM)) {
    return;
  }
  const matches = matcher(params.getAll(PARAM));
  for (const root of document.querySelectorAll(ROOTS)) {
    for (const node of textNodes(root)) {
      markWords(node, matches);
    }
  }
  params.delete(PARAM);
  const query = params.toString();
  const clean = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  window.history.replaceState(window.history.state, "", clean);
}

highlightSearchTerms();
