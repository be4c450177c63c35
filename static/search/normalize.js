// Folds an Arabic search query the way the site folded its articles
// (site_builder/search.py: fold_word), so spelling variants meet:
// diacritics and tatweel dropped, أ إ آ ٱ → ا, ؤ ئ → ء, ة → ه, ى → ي,
// and و/ف before ال removed ("والسعودية" → "السعودية").

const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء", "ة": "ه", "ى": "ي" };
const CONJ_AL = /^[وف](?=ال.{3,})/u;

export function foldWord(word) {
  const plain = word.replace(MARKS, "").replace(/[أإآٱؤئةى]/g, (c) => LETTERS[c]);
  return plain.replace(CONJ_AL, "");
}

export function normalizeQuery(text) {
  return String(text ?? "")
    .normalize("NFC")
    .split(/(\s+)/)
    .map((part) => (/\s/.test(part) || part === "" ? part : foldWord(part)))
    .join("")
    .trim();
}
