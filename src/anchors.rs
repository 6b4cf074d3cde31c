//! Passage anchors that follow their text, not their position. Takes the plain text of a
//! page's passages; gives each an id made of its first significant words
//! (`p-recalling-universal-declaration-human`), unique within the page and the same on
//! every build, so inserting, removing or splitting other passages never moves it, and a
//! typo fixed after its first words leaves it alone. Also: the word normalization,
//! fingerprints and similarity that drift detection (`crate::cite`) and the carrying of
//! renamed anchors use.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

/// Significant words an id is made of (more are added only to tell passages apart).
const ID_WORDS: usize = 4;
/// At most this many words when telling passages apart; beyond, a hash of the text.
const MAX_ID_WORDS: usize = 8;
/// A word is cut to this many characters in an id.
const MAX_WORD: usize = 16;

/// Whether `w` is too common to say which passage is meant (dropped from ids, not from
/// fingerprints). Every word of every passage is looked up at every build (for ids and
/// similarity hashes); a `match` compiles to a switch on length and a compare or two,
/// where searching a list compared up to 38 strings.
fn is_stop(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "was"
            | "we"
            | "were"
            | "which"
            | "will"
            | "with"
            | "our"
            | "these"
            | "those"
            | "also"
            | "been"
            | "but"
            | "not"
            | "all"
    )
}

/// The passage's words: accents removed, lower-case, split at anything not a letter or
/// digit. What ids, fingerprints and diffs compare.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_string()));
    out
}

/// [`words`] one at a time, lent from one buffer: the hot paths (ids and similarity
/// hashes of every passage at every build) allocate nothing per word.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    each_word_while(text, |w| {
        f(w);
        true
    });
}

/// [`each_word`] until `f` gives false: ids need only a passage's first few words.
fn each_word_while(text: &str, mut f: impl FnMut(&str) -> bool) {
    let mut word = String::new();
    let mut more = true;
    let mut push = |c: char, word: &mut String, more: &mut bool| {
        if unicode_normalization::char::is_combining_mark(c) {
            return;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Foundation's" is one word.
        } else if !word.is_empty() {
            *more = f(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            // The same as below, without the Unicode tables.
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if c != '\'' && !word.is_empty() {
                // A space ends the word: `push` hands it to `f`.
                push(' ', &mut word, &mut more);
            }
        } else {
            // NFKD one character at a time: the same as decomposing the whole text, since
            // the only difference (the order of combining marks) is dropped above.
            unicode_normalization::char::decompose_compatible(c, |d| push(d, &mut word, &mut more));
        }
        if !more {
            return;
        }
    }
    if !word.is_empty() {
        push(' ', &mut word, &mut more);
    }
}

/// A short fingerprint of a passage's text: the first 8 hex digits of the SHA-256 of its
/// normalized words, so spacing, punctuation and typography do not count as a change.
pub fn fingerprint(text: &str) -> String {
    let joined = words(text).join(" ");
    let digest = Sha256::digest(joined.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(words(text).join(" ").as_bytes());
    digest[..2].iter().map(|b| format!("{b:02x}")).collect()
}

/// The words an id may use: ASCII letters and digits only (so ids are plain in URLs and
/// in citations), common words left out unless nothing else remains. No id takes more
/// than [`MAX_ID_WORDS`] words, so no more are collected: a passage's other words (most
/// of them) are never copied.
fn id_words(text: &str) -> Vec<String> {
    let (mut all, mut significant) = (Vec::new(), Vec::new());
    each_word_while(text, |w| {
        let w: String = w
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(MAX_WORD)
            .collect();
        if w.is_empty() {
            return true;
        }
        if !is_stop(&w) {
            significant.push(w.clone());
        }
        if all.len() < MAX_ID_WORDS {
            all.push(w);
        }
        significant.len() < MAX_ID_WORDS
    });
    if significant.is_empty() {
        all
    } else {
        significant
    }
}

/// `p-N`: the position-based anchors of earlier versions, kept as aliases.
pub fn is_legacy(id: &str) -> bool {
    id.strip_prefix("p-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Stable ids for passages with these texts (in page order), avoiding `taken` (heading
/// ids and the like). Deterministic; a passage's id depends only on its own text and on
/// the passages that start with the same words.
pub fn stable_ids(texts: &[&str], taken: &HashSet<String>) -> Vec<String> {
    let words: Vec<Vec<String>> = texts.iter().map(|t| id_words(t)).collect();
    let make = |ws: &[String], n: usize| -> String {
        let n = n.min(ws.len());
        format!("p-{}", ws[..n].join("-"))
    };
    let mut ids: Vec<String> = words
        .iter()
        .zip(texts)
        .map(|(ws, t)| {
            if ws.is_empty() {
                format!("p-{}", short_hash(t))
            } else {
                let id = make(ws, ID_WORDS);
                if is_legacy(&id) {
                    format!("{id}-{}", short_hash(t))
                } else {
                    id
                }
            }
        })
        .collect();
    // Passages that start alike take more words, then a hash of their text, then a
    // number (identical passages).
    let mut n = ID_WORDS;
    loop {
        let clash = clashes(&ids, taken);
        if clash.is_empty() {
            break;
        }
        n += 1;
        for i in clash {
            let ws = &words[i];
            ids[i] = if n <= MAX_ID_WORDS && ws.len() >= n {
                make(ws, n)
            } else if n <= MAX_ID_WORDS + 1 {
                let base = if ws.is_empty() {
                    "p".to_string()
                } else {
                    make(ws, ID_WORDS)
                };
                format!("{base}-{}", short_hash(texts[i]))
            } else {
                ids[i].clone()
            };
        }
        if n > MAX_ID_WORDS + 1 {
            break;
        }
    }
    // Whatever still clashes (identical text): -2, -3 ... in page order.
    let mut used: HashSet<String> = taken.clone();
    for id in &mut ids {
        if used.contains(id.as_str()) {
            let mut k = 2;
            while used.contains(&format!("{id}-{k}")) {
                k += 1;
            }
            *id = format!("{id}-{k}");
        }
        used.insert(id.clone());
    }
    ids
}

/// Indexes of ids shared by several passages or taken by something else.
fn clashes(ids: &[String], taken: &HashSet<String>) -> Vec<usize> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        *count.entry(id.as_str()).or_default() += 1;
    }
    ids.iter()
        .enumerate()
        .filter(|(_, id)| count[id.as_str()] > 1 || taken.contains(id.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// A 64-bit similarity hash of a text's word pairs: similar texts differ in few bits.
pub fn simhash(text: &str) -> u64 {
    // Common words are left out: every passage has them, so they would make unrelated
    // passages look alike (unless the text has nothing else).
    let (content, kept) = pair_weights(text, |w| !is_stop(w));
    let weights = if kept > 0 {
        content
    } else {
        pair_weights(text, |_| true).0
    };
    weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0)
        .fold(0u64, |acc, (bit, _)| acc | (1 << bit))
}

/// Each bit's vote over the hashes of the kept words and of each pair of consecutive
/// kept words, and how many words were kept.
fn pair_weights(text: &str, keep: impl Fn(&str) -> bool) -> ([i32; 64], usize) {
    let mut weights = [0i32; 64];
    let mut add = |s: &[u8]| {
        let h = stable_hash(s);
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    let (mut kept, mut previous, mut pair) = (0, Vec::new(), Vec::new());
    each_word(text, |w| {
        if !keep(w) {
            return;
        }
        kept += 1;
        add(w.as_bytes());
        if !previous.is_empty() {
            pair.clear();
            pair.extend_from_slice(&previous);
            pair.push(b' ');
            pair.extend_from_slice(w.as_bytes());
            add(&pair);
        }
        previous.clear();
        previous.extend_from_slice(w.as_bytes());
    });
    (weights, kept)
}

/// A 64-bit hash that never changes (it is stored in dossier.lock): FNV-1a, then the
/// SplitMix64 finalizer so every bit depends on every byte.
fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Texts whose simhashes differ in at most this many bits are the same passage, edited.
pub const SIMILAR_BITS: u32 = 12;

/// The most similar passage must be this many bits closer than the next one, or no
/// passage is taken to be the edited one.
pub const MARGIN_BITS: u32 = 6;

/// How alike two texts are, 0 to 1: the share of words they have in common (Dice).
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<String> = words(a);
    let b: Vec<String> = words(b);
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for w in &a {
        *counts.entry(w).or_default() += 1;
    }
    let mut common = 0;
    for w in &b {
        if let Some(c) = counts.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// A word diff of `old` and `new`: removed words as `[-...-]`, added ones as `{+...+}`,
/// unchanged runs kept (long ones shortened to their ends).
pub fn word_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    // Longest common subsequence (passages are short).
    let (n, m) = (a.len(), b.len());
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if a[i] == b[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    enum Op<'s> {
        Same(&'s str),
        Del(&'s str),
        Add(&'s str),
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || l[i + 1][j] >= l[i][j + 1]) {
            ops.push(Op::Del(a[i]));
            i += 1;
        } else {
            ops.push(Op::Add(b[j]));
            j += 1;
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        match ops[k] {
            Op::Same(_) => {
                let start = k;
                while k < ops.len() && matches!(ops[k], Op::Same(_)) {
                    k += 1;
                }
                let run: Vec<&str> = ops[start..k]
                    .iter()
                    .map(|o| match o {
                        Op::Same(w) => *w,
                        _ => "",
                    })
                    .collect();
                let keep = 4;
                if run.len() > 2 * keep + 1 {
                    let head = if start == 0 { &[][..] } else { &run[..keep] };
                    let tail = if k == ops.len() {
                        &[][..]
                    } else {
                        &run[run.len() - keep..]
                    };
                    if !head.is_empty() {
                        out.push(head.join(" "));
                    }
                    out.push("…".into());
                    if !tail.is_empty() {
                        out.push(tail.join(" "));
                    }
                } else {
                    out.push(run.join(" "));
                }
            }
            Op::Del(_) => {
                let start = k;
                while k < ops.len() && matches!(ops[k], Op::Del(_)) {
                    k += 1;
                }
                let run: Vec<&str> = ops[start..k]
                    .iter()
                    .map(|o| match o {
                        Op::Del(w) => *w,
                        _ => "",
                    })
                    .collect();
                out.push(format!("[-{}-]", run.join(" ")));
            }
            Op::Add(_) => {
                let start = k;
                while k < ops.len() && matches!(ops[k], Op::Add(_)) {
                    k += 1;
                }
                let run: Vec<&str> = ops[start..k]
                    .iter()
                    .map(|o| match o {
                        Op::Add(w) => *w,
                        _ => "",
                    })
                    .collect();
                out.push(format!("{{+{}+}}", run.join(" ")));
            }
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stop words as a list: what [`is_stop`] must agree with.
    const STOP: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
        "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
        "which", "will", "with", "our", "these", "those", "also", "been", "but", "not", "all",
    ];

    /// The words as first written: NFKD of the whole text, then the same filter.
    fn words_whole_text(text: &str) -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let mut out = Vec::new();
        let mut word = String::new();
        for c in text.nfkd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if c == '\'' || c == '\u{2019}' {
            } else if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
        out
    }

    proptest::proptest! {
        /// Decomposing one character at a time gives the words the whole text gives.
        #[test]
        fn words_match_whole_text_decomposition(text in "(\\PC|[ \u{300}-\u{36f}\u{1100}-\u{11ff}\u{ac00}-\u{ac10}ﬁ①é’'])*") {
            proptest::prop_assert_eq!(words(&text), words_whole_text(&text));
        }

        /// The similarity hash is stored in `dossier.lock`: walking the words without
        /// collecting them must give what the collected words gave.
        #[test]
        fn simhash_matches_collected_words(text in "([a-z ]|\\PC|the |and |of )*") {
            proptest::prop_assert_eq!(simhash(&text), simhash_of_collected_words(&text));
        }

        /// Collecting only the words an id can use changes no id.
        #[test]
        fn id_words_are_the_first_of_all_words(text in "(the |of |a |[a-zé’'-]{1,6} |\\PC){0,40}") {
            let mut expected = id_words_of_all_words(&text);
            expected.truncate(MAX_ID_WORDS);
            proptest::prop_assert_eq!(id_words(&text), expected);
        }

        /// The `match` and the list agree, on near misses too ("th", "thes", "ands").
        #[test]
        fn is_stop_is_the_list(word in "(a|an|and|th|the|these|s|o|f|w|ll|ich|e|ir|r|t){0,4}") {
            proptest::prop_assert_eq!(is_stop(&word), STOP.contains(&word.as_str()));
        }
    }

    #[test]
    fn every_listed_word_is_a_stop_word() {
        assert!(STOP.iter().all(|w| is_stop(w)));
        assert!(!is_stop("") && !is_stop("The") && !is_stop("christchurch"));
    }

    /// The id words as first written: every word collected, then filtered.
    fn id_words_of_all_words(text: &str) -> Vec<String> {
        let all: Vec<String> = words(text)
            .into_iter()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .take(MAX_WORD)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let significant: Vec<String> = all
            .iter()
            .filter(|w| !STOP.contains(&w.as_str()))
            .cloned()
            .collect();
        if significant.is_empty() {
            all
        } else {
            significant
        }
    }

    /// The similarity hash as first written, over collected words.
    fn simhash_of_collected_words(text: &str) -> u64 {
        let all = words(text);
        let content: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|w| !STOP.contains(w))
            .collect();
        let ws: Vec<&str> = if content.is_empty() {
            all.iter().map(String::as_str).collect()
        } else {
            content
        };
        let mut hashes: Vec<u64> = ws.iter().map(|w| stable_hash(w.as_bytes())).collect();
        hashes.extend(
            ws.windows(2)
                .map(|w| stable_hash(format!("{} {}", w[0], w[1]).as_bytes())),
        );
        (0..64)
            .filter(|bit| {
                let ones = hashes.iter().filter(|h| *h >> bit & 1 == 1).count();
                2 * ones > hashes.len()
            })
            .fold(0u64, |acc, bit| acc | (1 << bit))
    }

    #[test]
    fn simhash_is_stable() {
        // Stored in lock files, so it must never change (worked out by hand from the
        // definition: FNV-1a and SplitMix64 over the words and word pairs).
        assert_eq!(
            simhash("Recalling the Universal Declaration of Human Rights"),
            0xe64b_302d_7812_23f6
        );
    }

    #[test]
    fn words_fold_accents_ligatures_and_apostrophes() {
        assert_eq!(
            words("Ré\u{301}sumé ﬁnal — Foundation’s ①"),
            ["resume", "final", "foundations", "1"]
        );
    }

    fn ids(texts: &[&str]) -> Vec<String> {
        stable_ids(texts, &HashSet::new())
    }

    #[test]
    fn ids_are_first_significant_words() {
        assert_eq!(
            ids(&["The ICT4Peace Foundation is pleased to present the report."]),
            ["p-ict4peace-foundation-pleased-present"]
        );
        assert_eq!(ids(&["Résumé: «Ça va»"]), ["p-resume-ca-va"]);
    }

    #[test]
    fn inserting_and_editing_others_moves_nothing() {
        let before = ids(&["Alpha beta gamma delta one.", "Second passage here now."]);
        let after = ids(&[
            "A new first passage.",
            "Alpha beta gamma delta one.",
            "Second passage here now, with a typo fixd.",
        ]);
        assert_eq!(before[0], after[1]);
        assert_eq!(before[1], after[2]);
    }

    #[test]
    fn alike_passages_are_told_apart() {
        let got = ids(&[
            "Recalling resolution 2341 of the Council on terrorism",
            "Recalling resolution 2341 of the Council on cyber",
            "Same text.",
            "Same text.",
            "44",
        ]);
        let unique: HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "{got:?}");
        assert_eq!(got[3], format!("{}-2", got[2]));
        assert!(!is_legacy(&got[4]), "{got:?}");
    }

    #[test]
    fn diff_marks_changed_words() {
        assert_eq!(
            word_diff("the quick brwn fox", "the quick brown fox"),
            "the quick [-brwn-] {+brown+} fox"
        );
        assert_eq!(fingerprint("A  b, c."), fingerprint("a b c"));
        assert!(similarity("one two three", "one two four") > 0.6);
        let text = "The co-chairs welcomed the Christchurch Call and its commitments to act against terrorist and violent extremist content online, together with the companies and civil society";
        let (a, b) = (
            simhash(text),
            simhash(&text.replace("commitments", "comitments")),
        );
        assert!(
            (a ^ b).count_ones() <= SIMILAR_BITS,
            "{}",
            (a ^ b).count_ones()
        );
        let c = simhash("States should share information on national cyber threats through the OSCE contact points network every year");
        assert!(
            (a ^ c).count_ones() > SIMILAR_BITS,
            "{}",
            (a ^ c).count_ones()
        );
    }
}
