// Turns each word of a search query into its search key, the form under
// which the site indexed every spelling of it (site_builder/text/search_keys.py:
// search_key; the two must agree): diacritics and tatweel dropped,
// أ إ آ ٱ → ا, ؤ → و, ئ → ي, ة → ه, ى → ي; the article with its particles
// (و ف ب ك before ال, or لل) removed when three letters or more remain, so
// «والوزير», «للوزير», «الوزير» and «وزير» are all searched as «وزير»; and,
// given the archive's names (search/names.json), one or two attached particles
// (و ف ب ك ل) removed from a name: «لموسكو» is searched as «موسكو».

const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي" };
const ARTICLE = /^[وف]?(?:[بك]?ال|لل)(?=(.+)$)/u;
const PARTICLES = ["و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"]; // single ones first: ولبنان → لبنان
const MIN_REST = 3;
const KEEP = new Set(["اللهم", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي", "اللاءي"]);

export function foldLetters(word) {
  return word.normalize("NFC").replace(MARKS, "").replace(/[أإآٱؤئةى]/g, (c) => LETTERS[c]);
}

// The archive's names (search/names/, from NameList.shards): names as keys,
// and the ordinary words that only read as particles + a name.
export function nameList(json = { names: [], ordinary: [] }) {
  return { names: new Set(json.names), ordinary: new Set(json.ordinary) };
}

// The one or two particles (و ف ب ك ل) a folded word starts with, or "" — the
// longest, for callers that look past them (the highlighter, the search page).
const LEADING_PARTICLES = /^(?:[وف][بكل]?|[بكل])/u;

export function leadingParticles(folded) {
  return LEADING_PARTICLES.exec(folded)?.[0] ?? "";
}

// The first letters whose names decide how ``text`` is read: each word's own,
// and those of what follows one or two particles.
export function lettersNeeded(text) {
  const letters = new Set();
  for (const word of String(text ?? "").split(/\s+/)) {
    const folded = foldLetters(word);
    if (leadingParticles(folded)) {
      for (let i = 0; i <= 2 && i < folded.length; i += 1) {
        letters.add(folded[i]);
      }
    }
  }
  return [...letters];
}

function restOf(folded, list) {
  if (list.names.has(folded) || list.ordinary.has(folded)) {
    return null;
  }
  for (const particles of PARTICLES) {
    const rest = folded.slice(particles.length);
    if (folded.startsWith(particles) && [...rest].length >= MIN_REST && list.names.has(rest)) {
      return rest;
    }
  }
  return null;
}

// ``names``: a nameList(); without it only the article is removed.
export function foldWord(word, names = null) {
  const folded = foldLetters(word);
  const match = ARTICLE.exec(folded);
  if (match && [...match[1]].length >= MIN_REST && !KEEP.has(folded)) {
    return match[1];
  }
  return (names?.names instanceof Set && restOf(folded, names)) || folded;
}

export function normalizeQuery(text, names = null) {
  return String(text ?? "")
    .normalize("NFC")
    .split(/(\s+)/)
    .map((part) => (/\s/.test(part) || part === "" ? part : foldWord(part, names)))
    .join("")
    .trim();
}

