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
    for i in sentence_ends(s) {
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

/// The first sentence of `s` (the first of [`sentences`]), found without
/// reading past it.
pub fn first_sentence(s: &str) -> &str {
    let end = sentence_ends(s).next().map_or(s.len(), |i| i + 1);
    &s[..end]
}

/// The bytes where sentences of `s` end, in order: from one end mark to
/// the next, the bytes between end none.
fn sentence_ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.bytes()
        .enumerate()
        .filter(|(_, b)| is_end_mark(b))
        .map(|(i, _)| i)
        .filter(|&i| ends_sentence(s, i))
}

/// Does a sentence end at byte `i` (a `.`, `!` or `?` followed by a space,
/// not the dot of an abbreviation)?
fn ends_sentence(s: &str, i: usize) -> bool {
    let bytes = s.as_bytes();
    if !bytes.get(i).is_some_and(is_end_mark)
        || !matches!(bytes.get(i + 1), Some(b' ' | b'\t' | b'\n'))
    {
        return false;
    }
    if bytes[i] == b'.' {
        let word_start = s[..i]
            .rfind(|ch: char| ch.is_whitespace() || ch == '(')
            .map_or(0, |k| k + 1);
        let word = &s[word_start..i];
        let abbreviation = if word.is_ascii() {
            ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        } else {
            ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        };
        if abbreviation {
            return false;
        }
    }
    true
}

/// A byte that may end a sentence; [`ends_sentence`] says whether it does.
fn is_end_mark(b: &u8) -> bool {
    matches!(b, b'.' | b'!' | b'?')
}

/// The sentence range holding byte `pos`: found by looking around `pos`
/// only, so that it costs the sentence, not the line (lines can be long).
pub fn sentence_at(s: &str, pos: usize) -> Range<usize> {
    let pos = pos.min(s.len());
    // Looked for no further than this either way: a "sentence" of a
    // megabyte (a pasted log on one line) is cut, not scanned per version.
    const MAX: usize = 2000;
    let lo = pos.saturating_sub(MAX);
    let hi = (pos + MAX).min(s.len());
    let clamp = |mut i: usize, up: bool| {
        while !s.is_char_boundary(i) {
            if up { i += 1 } else { i -= 1 }
        }
        i
    };
    // From one end mark to the next: the bytes between end no sentence.
    let bytes = s.as_bytes();
    // A position just after a sentence's end belongs to that sentence.
    let mut upto = pos;
    let start = loop {
        match bytes[lo..upto].iter().rposition(is_end_mark) {
            Some(k) if lo + k + 1 < pos && ends_sentence(s, lo + k) => break lo + k + 1,
            Some(k) => upto = lo + k,
            None => break clamp(lo, true),
        }
    };
    let mut from = pos.saturating_sub(1);
    let end = loop {
        match bytes[from..hi].iter().position(is_end_mark) {
            Some(k) if ends_sentence(s, from + k) => break from + k + 1,
            Some(k) => from += k + 1,
            None => break clamp(hi, false),
        }
    };
    start..end
}

/// The clause (split at `,`, `;`, ` - `, `(`, and before a relative
/// "which" or "that") holding byte `pos`, within `within`: "Released
/// log-cache 1.0 which will be GAd" says nothing future of 1.0.
pub fn clause_at(s: &str, within: Range<usize>, pos: usize) -> Range<usize> {
    let part = &s[within.clone()];
    let rel = pos.saturating_sub(within.start);
    let mut start = 0;
    let mut end = part.len();
    for (i, c) in part.char_indices() {
        let boundary = matches!(c, ',' | ';' | '(' | ')')
            || (c == '-' && part[..i].ends_with(' ') && part[i + 1..].starts_with(' '))
            || (matches!(c, 'w' | 't')
                && part[..i].ends_with(' ')
                && (part[i..].starts_with("which ") || part[i..].starts_with("that ")));
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

/// The text without what stands in parentheses, spaces collapsed
/// (`App AutoScaler (Julz)` → `App AutoScaler`).
pub fn without_parentheses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase, markup and punctuation at the ends removed, spaces collapsed:
/// the form a label is compared in (`**Also planning:**` → `also planning`).
pub fn normalize_label(s: &str) -> String {
    if s.is_ascii() {
        normalize_ascii_label(s)
    } else {
        normalize_any_label(s)
    }
}

/// [`normalize_label`] of any text.
fn normalize_any_label(s: &str) -> String {
    let markup = |c: char| matches!(c, '*' | '_' | '`');
    let cleaned: std::borrow::Cow<str> = if s.contains(markup) {
        s.chars().filter(|&c| !markup(c)).collect::<String>().into()
    } else {
        s.into()
    };
    let t = cleaned
        .trim()
        .trim_start_matches(['-', '•'])
        .trim()
        .trim_end_matches([':', '!', '.', ' ', '?'])
        .trim();
    // Words lowercased one by one: the same as the whole (a word-final
    // sigma looks only within its word), without the joined copy.
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            let at = out.len();
            out.push_str(w);
            out[at..].make_ascii_lowercase();
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

/// [`normalize_label`] of an ASCII text (most of them) in one pass over
/// its bytes: the same steps, without decoding characters.
fn normalize_ascii_label(s: &str) -> String {
    // What `char::is_whitespace` says of ASCII (the vertical tab too).
    fn space(b: u8) -> bool {
        matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
    }
    fn trim(mut b: &[u8]) -> &[u8] {
        while let [first, rest @ ..] = b
            && space(*first)
        {
            b = rest;
        }
        while let [rest @ .., last] = b
            && space(*last)
        {
            b = rest;
        }
        b
    }
    let markup = |b: &u8| matches!(b, b'*' | b'_' | b'`');
    let cleaned: std::borrow::Cow<[u8]> = if s.bytes().any(|b| markup(&b)) {
        s.bytes().filter(|b| !markup(b)).collect::<Vec<u8>>().into()
    } else {
        s.as_bytes().into()
    };
    let mut t = trim(&cleaned);
    while let [b'-', rest @ ..] = t {
        t = rest;
    }
    t = trim(t);
    while let [rest @ .., b':' | b'!' | b'.' | b' ' | b'?'] = t {
        t = rest;
    }
    t = trim(t);
    let mut out: Vec<u8> = Vec::with_capacity(t.len());
    let mut gap = false;
    for &b in t {
        if space(b) {
            gap = true;
        } else {
            if gap {
                out.push(b' ');
                gap = false;
            }
            out.push(b.to_ascii_lowercase());
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// The first place `needle` stands in `text` as a whole word (no word
/// character either side), letters compared ignoring case: its byte range
/// in `text`. What a case-insensitive `(?:^|\W)(needle)(?:$|\W)` finds,
/// without compiling a regex for each needle.
pub fn find_word_ignoring_case(text: &str, needle: &str) -> Option<(usize, usize)> {
    let is_word = regex_syntax::is_word_character;
    // Simple case folding as the regex does it: σ, ς and Σ are one letter.
    let same = |a: char, b: char| {
        a == b || a.to_lowercase().eq(b.to_lowercase()) || a.to_uppercase().eq(b.to_uppercase())
    };
    let first = needle.chars().next()?;
    let mut prev: Option<char> = None;
    for (start, c) in text.char_indices() {
        if same(c, first) && !prev.is_some_and(is_word) {
            let mut rest = text[start..].char_indices();
            let mut end = None;
            let mut wanted = needle.chars();
            loop {
                match (wanted.next(), rest.next()) {
                    (None, next) => {
                        end = Some(next.map_or(text.len(), |(k, _)| start + k));
                        break;
                    }
                    (Some(w), Some((_, t))) if same(w, t) => {}
                    _ => break,
                }
            }
            if let Some(end) = end
                && !text[end..].chars().next().is_some_and(is_word)
            {
                return Some((start, end));
            }
        }
        prev = Some(c);
    }
    None
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
    fn word_found_ignoring_case_as_the_regex_would() {
        for (text, needle) in [
            ("Released cflinuxfs2 [1.15.0][] and [1.14.0][]", "1.14.0"),
            ("see [CF-Deployment] now", "cf-deployment"),
            (
                "xcf-deployment cf-deployments, CF-deployment.",
                "cf-deployment",
            ),
            ("Ünïcode ÜNÏCODE", "ünïcode"),
            ("Released cflinuxfs2 1.14.0¹ and 1.15.0", "1.14.0"),
            ("see [οδος][] now", "ΟΔΟΣ"),
            ("no match here", "absent"),
            ("abc", "abcd"),
            ("", "x"),
        ] {
            let re = regex::RegexBuilder::new(&format!(
                r"(?:^|[^\w])({})(?:$|[^\w])",
                regex::escape(needle)
            ))
            .case_insensitive(true)
            .build()
            .unwrap();
            let want = re
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| (m.start(), m.end()));
            assert_eq!(
                find_word_ignoring_case(text, needle),
                want,
                "{text} / {needle}"
            );
        }
    }

    #[test]
    fn sentences_skip_abbreviations_and_versions() {
        let s = "Released v1.2.3 (i.e. the fix). Next: more.";
        let r = sentences(s);
        assert_eq!(&s[r[0].clone()], "Released v1.2.3 (i.e. the fix).");
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn clauses_split_at_commas_and_relative_clauses() {
        let cases = [
            (
                "Released cf CLI 6.29.2, resolving regressions in 6.29.1 caused by",
                "6.29.1",
                " resolving regressions in 6.29.1 caused by",
            ),
            (
                "Released log-cache 1.0 which will be GAd into cf-deployment",
                "1.0",
                "Released log-cache 1.0 ",
            ),
            // "that" inside a word is no boundary.
            (
                "Released thatcher 1.0 now",
                "1.0",
                "Released thatcher 1.0 now",
            ),
        ];
        for (s, version, clause) in cases {
            let c = clause_at(s, 0..s.len(), s.find(version).unwrap());
            assert_eq!(&s[c], clause, "in {s:?}");
        }
    }

    #[test]
    fn labels_normalize() {
        assert_eq!(normalize_label("**Also  planning:**"), "also planning");
        // The ASCII pass does what the general one does.
        for text in [
            "**Also  planning:**",
            " - -*Next*:  ",
            "a\tb\x0B\x0Cc\r\n d",
            "Fix it. ?: !",
            "x . ",
            "  -x-  ",
            "_`*",
            "",
            "-",
            "Up-Next: v1.2.",
            "snake_case_name",
        ] {
            assert_eq!(
                normalize_ascii_label(text),
                normalize_any_label(text),
                "{text:?}"
            );
        }
        assert_eq!(slug("CLI - Dies Köper"), "cli-dies-köper");
    }
}

#[cfg(test)]
mod sentence_at_tests {
    use super::*;

    /// The local scan agrees with splitting the whole text.
    #[test]
    fn sentence_at_agrees_with_sentences() {
        let texts = [
            "Released v1.2.3 (i.e. the fix). Next: more. And v2.0! Done? yes",
            "no boundary at all",
            "e.g. one. two.  three",
            "Dies Köper sagt E.G. so. Und — ja? Nein.",
            "",
        ];
        for s in texts {
            for pos in 0..=s.len() {
                if !s.is_char_boundary(pos) {
                    continue;
                }
                let want = sentences(s)
                    .into_iter()
                    .find(|r| r.contains(&pos) || r.end == pos)
                    .unwrap_or(0..s.len());
                assert_eq!(sentence_at(s, pos), want, "{s:?} at {pos}");
            }
            let first = sentences(s).first().map(|r| &s[r.clone()]);
            assert_eq!(first_sentence(s), first.unwrap_or_default(), "{s:?}");
        }
    }
}

/// The text a fact quotes: the sentence holding byte `pos` of its line,
/// trimmed, and cut (on a character boundary, with `…`) past `max` bytes, so
/// that a pasted log on one line is not repeated in every fact it holds.
pub fn quote(line: &str, pos: usize, max: usize) -> String {
    let r = sentence_at(line, pos.min(line.len()));
    cap(line[r].trim(), max)
}

/// `s`, cut on a character boundary with `…` past `max` bytes.
pub fn cap(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &s[..cut])
}
