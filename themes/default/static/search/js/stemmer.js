// Snowball English ("Porter2") stemmer: a hand-written port of the version in the Rust
// crate rust-stemmers 1.2 that builds the index, so queries stem exactly as the index
// did. tests/js/analysis.test.mjs checks it word for word against the Rust output.

const EXCEPTIONS1 = {
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
  gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
  sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias',
  andes: 'andes',
};
const EXCEPTIONS2 = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed',
  'exceed', 'succeed']);
const STEP2 = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'],
  ['iveness', 'ive'], ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'],
  ['entli', 'ent'], ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'],
  ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'],
  ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];
const STEP3 = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
];
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate',
  'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);

const isV = (c) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
const isVWXY = (c) => isV(c) || c === 'w' || c === 'x' || c === 'Y';

function hasVowel(s, end) {
  for (let i = 0; i < end; i++) if (isV(s[i])) return true;
  return false;
}

// Position after the first vowel-then-non-vowel at or after `from`, or s.length.
function pastVowelConsonant(s, from) {
  let i = from;
  while (i < s.length && !isV(s[i])) i++;
  i++;
  while (i < s.length && isV(s[i])) i++;
  return Math.min(i + 1, s.length);
}

// Does s[0..k) end with a short syllable?
function shortv(s, k) {
  if (k >= 3) return !isVWXY(s[k - 1]) && isV(s[k - 2]) && !isV(s[k - 3]);
  return k === 2 && !isV(s[1]) && isV(s[0]);
}

function longest(s, list) {
  for (const item of list) {
    const suf = typeof item === 'string' ? item : item[0];
    if (s.endsWith(suf)) return item;
  }
  return null;
}

function byLength(list) {
  return list.sort((a, b) => (typeof b === 'string' ? b : b[0]).length - (typeof a === 'string' ? a : a[0]).length);
}
byLength(STEP2);
byLength(STEP3);
byLength(STEP4);

export function porter2(word) {
  if (Object.prototype.hasOwnProperty.call(EXCEPTIONS1, word)) return EXCEPTIONS1[word];
  if (word.length < 3) return word;
  let s = word[0] === "'" ? word.slice(1) : word;
  // Prelude: y as a consonant becomes Y.
  let yFound = false;
  if (s[0] === 'y') { s = 'Y' + s.slice(1); yFound = true; }
  for (let i = 1; i < s.length; i++) {
    if (s[i] === 'y' && isV(s[i - 1])) { s = s.slice(0, i) + 'Y' + s.slice(i + 1); yFound = true; }
  }
  // Regions.
  let p1;
  if (s.startsWith('gener') || s.startsWith('arsen')) p1 = 5;
  else if (s.startsWith('commun')) p1 = 6;
  else p1 = pastVowelConsonant(s, 0);
  const p2 = p1 >= s.length ? s.length : pastVowelConsonant(s, p1);

  s = step1a(s);
  if (!EXCEPTIONS2.has(s)) {
    s = step1b(s, p1);
    s = step1c(s);
    s = step2(s, p1);
    s = step3(s, p1, p2);
    s = step4(s, p2);
    s = step5(s, p1, p2);
  }
  return yFound ? s.replace(/Y/g, 'y') : s;
}

function step1a(s) {
  for (const suf of ["'s'", "'s", "'"]) {
    if (s.endsWith(suf)) { s = s.slice(0, -suf.length); break; }
  }
  if (s.endsWith('sses')) return s.slice(0, -2);
  if (s.endsWith('ied') || s.endsWith('ies')) {
    return s.length - 3 >= 2 ? s.slice(0, -3) + 'i' : s.slice(0, -3) + 'ie';
  }
  if (s.endsWith('us') || s.endsWith('ss')) return s;
  if (s.endsWith('s')) {
    // Skip the letter before the s; a vowel must come before that.
    return hasVowel(s, s.length - 2) ? s.slice(0, -1) : s;
  }
  return s;
}

function step1b(s, p1) {
  const suf = longest(s, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
  if (!suf) return s;
  const start = s.length - suf.length;
  if (suf === 'eed' || suf === 'eedly') {
    return start >= p1 ? s.slice(0, start) + 'ee' : s;
  }
  if (!hasVowel(s, start)) return s;
  s = s.slice(0, start);
  const end2 = s.slice(-2);
  if (end2 === 'at' || end2 === 'bl' || end2 === 'iz') return s + 'e';
  if (DOUBLES.has(end2)) return s.slice(0, -1);
  if (s.length === p1 && shortv(s, s.length)) return s + 'e';
  return s;
}

function step1c(s) {
  const last = s[s.length - 1];
  if ((last === 'y' || last === 'Y') && s.length >= 3 && !isV(s[s.length - 2])) {
    return s.slice(0, -1) + 'i';
  }
  return s;
}

function step2(s, p1) {
  const m = longest(s, STEP2);
  if (!m) return s;
  const start = s.length - m[0].length;
  if (start < p1) return s;
  if (m[0] === 'ogi') return s[start - 1] === 'l' ? s.slice(0, start) + 'og' : s;
  if (m[0] === 'li') return 'cdeghkmnrt'.includes(s[start - 1]) && start > 0 ? s.slice(0, start) : s;
  return s.slice(0, start) + m[1];
}

function step3(s, p1, p2) {
  const m = longest(s, STEP3);
  if (!m) return s;
  const start = s.length - m[0].length;
  if (start < p1) return s;
  if (m[0] === 'ative') return start >= p2 ? s.slice(0, start) : s;
  return s.slice(0, start) + m[1];
}

function step4(s, p2) {
  const suf = longest(s, STEP4);
  if (!suf) return s;
  const start = s.length - suf.length;
  if (start < p2) return s;
  if (suf === 'ion') return s[start - 1] === 's' || s[start - 1] === 't' ? s.slice(0, start) : s;
  return s.slice(0, start);
}

function step5(s, p1, p2) {
  const start = s.length - 1;
  if (s[start] === 'e') {
    if (start >= p2 || (start >= p1 && !shortv(s, start))) return s.slice(0, start);
  } else if (s[start] === 'l') {
    if (start >= p2 && s[start - 1] === 'l') return s.slice(0, start);
  }
  return s;
}
