//! Small text helpers shared by the extractors: sentences, clauses, slugs.

use std::ops::Range;

/// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "approx", "incl", "a.k.a", "aka", "cf", "no", "v", "re", "mr", "dr",
    "ms",
];

/// Byte ranges of the sentences of `s` (split after `.`, `!`, `?` followed by
/// a space, not after an abbreviation).
pub fn sentences(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if !matches!(next, Some(b' ' | b'\t' | b'\n')) {
            continue;
        }
        if c == '.' {
            let word_start = s[..i]
                .rfind(|ch: char| ch.is_whitespace() || ch == '(')
                .map_or(0, |k| k + 1);
            let word = s[word_start..i].to_lowercase();
            if ABBREVIATIONS.contains(&word.as_str()) {
                continue;
            }
        }
        out.push(start..i + 1);
        start = i + 1;
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    if out.is_empty() {
        out.push(0..s.len());
    }
    out
}

/// The sentence range holding byte `pos`.
pub fn sentence_at(s: &str, pos: usize) -> Range<usize> {
    sentences(s)
        .into_iter()
        .find(|r| r.contains(&pos) || r.end == pos)
        .unwrap_or(0..s.len())
}

/// The clause (split at `,`, `;`, ` - `, `(`) holding byte `pos`, within `within`.
pub fn clause_at(s: &str, within: Range<usize>, pos: usize) -> Range<usize> {
    let part = &s[within.clone()];
    let rel = pos.saturating_sub(within.start);
    let mut start = 0;
    let mut end = part.len();
    for (i, c) in part.char_indices() {
        let boundary = matches!(c, ',' | ';' | '(' | ')')
            || (c == '-' && part[..i].ends_with(' ') && part[i + 1..].starts_with(' '));
        if boundary {
            if i < rel {
                start = i + 1;
            } else if i >= rel {
                end = i;
                break;
            }
        }
    }
    within.start + start..within.start + end
}

/// Lowercase, markup and punctuation at the ends removed, spaces collapsed:
/// the form a label is compared in (`**Also planning:**` → `also planning`).
pub fn normalize_label(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    let t = cleaned
        .trim()
        .trim_start_matches(['-', '•'])
        .trim()
        .trim_end_matches([':', '!', '.', ' ', '?'])
        .trim();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A name as an id: lowercase, runs of other characters to one `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_skip_abbreviations_and_versions() {
        let s = "Released v1.2.3 (i.e. the fix). Next: more.";
        let r = sentences(s);
        assert_eq!(&s[r[0].clone()], "Released v1.2.3 (i.e. the fix).");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn clauses_split_at_commas() {
        let s = "Released cf CLI 6.29.2, resolving regressions in 6.29.1 caused by";
        let pos = s.find("6.29.1").unwrap();
        let c = clause_at(s, 0..s.len(), pos);
        assert_eq!(&s[c], " resolving regressions in 6.29.1 caused by");
    }

    #[test]
    fn labels_normalize() {
        assert_eq!(normalize_label("**Also  planning:**"), "also planning");
        assert_eq!(slug("CLI - Dies Köper"), "cli-dies-köper");
    }
}
