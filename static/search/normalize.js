// Turns each word of a search query into its search key, the form under
// which the site indexed every spelling of it (site_builder/search_forms.py:
// search_key; the two must agree): diacritics and tatweel dropped,
// أ إ آ ٱ → ا, ؤ ئ → ء, ة → ه, ى → ي, and the article with its particles
// (و ف ب ك before ال, or لل) removed when three letters or more remain, so
// «والوزير», «للوزير», «الوزير» and «وزير» are all searched as «وزير».

const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء", "ة": "ه", "ى": "ي" };
const ARTICLE = /^[وف]?(?:[بك]?ال|لل)(?=(.+)$)/u;
const MIN_REST = 3;
const KEEP = new Set(["اللهم", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي", "اللاءي"]);

export function foldLetters(word) {
  return word.normalize("NFC").replace(MARKS, "").replace(/[أإآٱؤئةى]/g, (c) => LETTERS[c]);
}

export function foldWord(word) {
  const folded = foldLetters(word);
  const match = ARTICLE.exec(folded);
  if (!match || [...match[1]].length < MIN_REST || KEEP.has(folded)) {
    return folded;
  }
  return match[1];
}

export function normalizeQuery(text) {
  return String(text ?? "")
    .normalize("NFC")
    .split(/(\s+)/)
    .map((part) => (/\s/.test(part) || part === "" ? part : foldWord(part)))
    .join("")
    .trim();
}
