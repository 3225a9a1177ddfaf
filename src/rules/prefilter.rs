//! One literal pass over a line says which rules of a group can match it,
//! so only those rules' regexes run (most lines match none).
//!
//! Why literals and not a `RegexSet`: a set of a hundred case-insensitive
//! rules has a lazy DFA whose cache grew to tens of megabytes per thread
//! (half the peak memory of a run), and saved little time. Nearly every rule
//! starts or ends with a word (`released`, `-buildpack`, `deprecat`), so the
//! words a match must start or end with, found by `regex-syntax`, go into one
//! Aho-Corasick automaton. A rule whose matches need no such word (one that
//! starts and ends with `\d+`, say) always runs: the prefilter only ever
//! skips a rule that cannot match.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

/// Literals shorter than this say too little to skip a rule.
const MIN_LITERAL: usize = 2;
/// Longer words are cut: a prefix says as much, and case variants of long
/// words would multiply.
const MAX_LITERAL: usize = 8;
/// More alternatives than this and the rule just runs.
const MAX_LITERALS: usize = 500;

/// Which rules of a group can match a text.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    ac: Option<AhoCorasick>,
    /// For each literal of the automaton, the rules that need it.
    owners: Vec<Vec<usize>>,
    /// Rules with no literal to wait for: they run on every text.
    always: Vec<usize>,
    rules: usize,
    /// When every rule must match a whole text (`^…$`) of bounded length:
    /// the longest text any can match. A longer text matches none.
    whole_max: Option<usize>,
}

impl Prefilter {
    /// A prefilter over rules given by their patterns, in order.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut rules = 0;
        let mut whole_max = Some(0);
        for (k, pattern) in patterns.into_iter().enumerate() {
            rules += 1;
            // Parsed once for both questions; a pattern that does not parse
            // has neither a bound nor a literal to wait for.
            let hir = parse(pattern);
            whole_max = whole_max
                .zip(hir.as_ref().and_then(whole_text_max))
                .map(|(a, b)| a.max(b));
            let Some(lits) = hir.as_ref().and_then(|h| required(&fold_case(h))) else {
                always.push(k);
                continue;
            };
            for lit in lits {
                let i = *index.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    owners.push(Vec::new());
                    literals.len() - 1
                });
                owners[i].push(k);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .ok();
        if ac.is_none() {
            // Cannot happen for literals this short; if it did, run all.
            always = (0..rules).collect();
        }
        Prefilter {
            ac,
            owners,
            always,
            rules,
            whole_max,
        }
    }

    /// Indices (ascending) of the rules that may match `text`.
    pub fn which(&self, text: &str) -> Vec<usize> {
        if self.whole_max.is_some_and(|m| text.len() > m) {
            return Vec::new();
        }
        let mut out = self.always.clone();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                out.extend_from_slice(&self.owners[m.pattern().as_usize()]);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many rules the prefilter is over.
    pub fn len(&self) -> usize {
        self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules == 0
    }

    /// How many rules run on every text (no literal to wait for).
    pub fn unfiltered(&self) -> usize {
        self.always.len()
    }
}

/// Whether every match of `pattern` holds an ASCII digit: such a rule
/// cannot match a text without one (most lines, for the version grammar).
/// `false` when it cannot be told.
pub fn needs_ascii_digit(pattern: &str) -> bool {
    fn needs(hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Literal(l) => l.0.iter().any(u8::is_ascii_digit),
            HirKind::Class(Class::Unicode(c)) => c
                .iter()
                .all(|r| r.start().is_ascii_digit() && r.end().is_ascii_digit()),
            HirKind::Class(Class::Bytes(c)) => c
                .iter()
                .all(|r| r.start().is_ascii_digit() && r.end().is_ascii_digit()),
            HirKind::Capture(c) => needs(&c.sub),
            HirKind::Repetition(r) => r.min >= 1 && needs(&r.sub),
            HirKind::Concat(parts) => parts.iter().any(needs),
            HirKind::Alternation(branches) => branches.iter().all(needs),
            _ => false,
        }
    }
    parse(pattern).is_some_and(|h| needs(&h))
}

fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// The longest text `hir` can match, if it only ever matches a whole text
/// (anchored at both ends) and its matches have a bound.
fn whole_text_max(hir: &Hir) -> Option<usize> {
    use regex_syntax::hir::Look;
    let p = hir.properties();
    (p.look_set_prefix().contains(Look::Start) && p.look_set_suffix().contains(Look::End))
        .then(|| p.maximum_len())
        .flatten()
}

/// Words one of which every match of `pattern` contains, ASCII-lowercased;
/// `None` when there is no such list worth waiting for.
#[cfg(test)]
fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    required(&fold_case(&parse(pattern)?))
}

/// `hir` with every two-letter class `[Xx]` (what `(?i)` makes of an ASCII
/// letter) made the plain lowercase letter. The automaton ignores ASCII
/// case, and without the classes a case-insensitive word is one literal,
/// not 2^n. Classes with more members (`(?i)k` also holds the Kelvin sign)
/// are kept as they are.
fn fold_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(c) => ascii_pair(c).map_or_else(|| hir.clone(), |b| Hir::literal([b])),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(fold_case).collect()),
        HirKind::Alternation(bs) => Hir::alternation(bs.iter().map(fold_case).collect()),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(fold_case(&c.sub)),
            ..c.clone()
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(fold_case(&r.sub)),
            ..r.clone()
        }),
        _ => hir.clone(),
    }
}

/// The lowercase letter, if the class is exactly one ASCII letter in both cases.
fn ascii_pair(c: &Class) -> Option<u8> {
    let ranges: Vec<(u32, u32)> = match c {
        Class::Unicode(u) => u
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
        Class::Bytes(b) => b
            .iter()
            .map(|r| (r.start().into(), r.end().into()))
            .collect(),
    };
    let [(upper, u_end), (lower, l_end)] = ranges[..] else {
        return None;
    };
    let (upper, lower) = (u8::try_from(upper).ok()?, u8::try_from(lower).ok()?);
    (u32::from(upper) == u_end
        && u32::from(lower) == l_end
        && upper.is_ascii_uppercase()
        && lower == upper.to_ascii_lowercase())
    .then_some(lower)
}

/// The best list of words a match of `hir` must contain: what every match
/// starts or ends with, or, inside a sequence, what one of its parts must
/// contain (the `cf CLI` in `(?:^|[^\w-])(?P<name>cf CLI)(?:$|[^\w-])`).
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let inner = match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        // Each part, and what the sequence from each word start on starts
        // with (`proposals?` after `[\w\s]{0,40}\b` is no part of its own).
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .chain((1..parts.len()).filter_map(|i| {
                let word_start =
                    !matches!(parts[i - 1].kind(), HirKind::Literal(_) | HirKind::Class(_));
                word_start
                    .then(|| starts_with(&Hir::concat(parts[i..].to_vec()), ExtractKind::Prefix))
                    .flatten()
            }))
            .max_by_key(|l| score(l)),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required(b)?);
            }
            usable(all)
        }
        _ => None,
    };
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| starts_with(hir, kind))
        .chain(inner)
        .max_by_key(|l| score(l))
}

/// What every match of `hir` starts (or ends) with, if usable.
fn starts_with(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new()
        .kind(kind)
        .limit_literal_len(MAX_LITERAL)
        .extract(hir);
    usable(
        seq.literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect(),
    )
}

/// Lowercased and deduplicated, if every word is long enough to be worth
/// waiting for and there are not too many.
fn usable(lits: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    let mut lits: Vec<Vec<u8>> = lits.iter().map(|l| l.to_ascii_lowercase()).collect();
    lits.sort();
    lits.dedup();
    let shortest = lits.iter().map(Vec::len).min()?;
    (shortest >= MIN_LITERAL && lits.len() <= MAX_LITERALS).then_some(lits)
}

/// Longer shortest words first, then fewer words.
fn score(lits: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    (
        lits.iter().map(Vec::len).min().unwrap_or(0),
        std::cmp::Reverse(lits.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_text_rules_skip_longer_texts() {
        let pats = [r"(?i)^(?:also )?planning$", r"(?i)^(?:notes?|fyi)$"];
        let p = Prefilter::new(pats);
        assert_eq!(p.which("Also Planning"), vec![0]);
        assert_eq!(p.which("also planning and more words"), Vec::<usize>::new());
        // One rule that can match a text of any length keeps every text.
        let p = Prefilter::new([r"(?i)^(?:notes?|fyi)$", r"(?i)^notes? .*$"]);
        assert!(p.which("notes on a long line of text").contains(&1));
        // An unanchored rule too.
        let p = Prefilter::new([r"(?i)^fyi$", r"(?i)notes"]);
        assert!(p.which("the release notes of today").contains(&1));
    }

    #[test]
    fn skips_only_rules_that_cannot_match() {
        let pats = [
            r"(?i)\breleased?\b",
            r"(?i)(?P<name>[a-z0-9-]+)-buildpack\b",
            r"\d+\.\d+",
        ];
        let p = Prefilter::new(pats);
        assert_eq!(
            p.unfiltered(),
            1,
            "the version rule has no word to wait for"
        );
        assert_eq!(p.which("We RELEASED it"), vec![0, 2]);
        assert_eq!(p.which("the go-Buildpack"), vec![1, 2]);
        assert_eq!(p.which("nothing here"), vec![2]);
        // Every rule the prefilter drops really cannot match.
        for text in ["We RELEASED it", "go-buildpack 1.2", "nothing", "releases"] {
            let live = p.which(text);
            for (k, pat) in pats.iter().enumerate() {
                if regex::Regex::new(pat).unwrap().is_match(text) {
                    assert!(live.contains(&k), "{pat} matches {text:?}");
                }
            }
        }
    }

    #[test]
    fn digit_rules_are_told_apart() {
        assert!(needs_ascii_digit(
            r"\b[vV]?(?P<v>(?-u:\d)+(?:\.(?-u:\d)+)+)"
        ));
        assert!(needs_ascii_digit(r"(?i)cf-?(?P<v>[0-9]{3})|v[0-9]"));
        assert!(
            !needs_ascii_digit(r"(?i)v\d+"),
            "a Unicode digit is not an ASCII one"
        );
        assert!(!needs_ascii_digit(r"[0-9]*x"));
        assert!(!needs_ascii_digit(r"(?:[0-9]+|x)"));
    }

    #[test]
    fn case_insensitive_words_fold_to_one_literal() {
        let lits = required_literals(r"(?i)\bdeprecat(ed|ing)\b").unwrap();
        assert!(lits.iter().all(|l| l.starts_with(b"deprecat")), "{lits:?}");
    }

    /// On every line of the seeds and of every rule example, each rule of
    /// the shipped rules that matches is one the prefilter lets through.
    #[test]
    fn never_drops_a_rule_that_matches() {
        use crate::rules::{RuleSource, Rules};
        let rules = Rules::load(&RuleSource::Embedded).unwrap();
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(seeds)
            .unwrap()
            .flat_map(|e| {
                std::fs::read_to_string(e.unwrap().path())
                    .unwrap_or_default()
                    .lines()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        for r in &rules.examples {
            texts.extend(
                r.examples
                    .iter()
                    .flat_map(|e| e.text.iter().chain(&e.doc))
                    .flat_map(|t| t.lines().map(String::from)),
            );
            texts.extend(r.counter.iter().cloned());
        }
        let p = &rules.prefilters;
        let groups: [(&Prefilter, Vec<&regex::Regex>); 6] = [
            (
                &p.components,
                rules
                    .components
                    .iter()
                    .map(|c| &c.re)
                    .chain(rules.component_patterns.iter().map(|c| &c.re))
                    .collect(),
            ),
            (
                &p.transitions,
                rules.transitions.iter().map(|t| &t.re).collect(),
            ),
            (
                &p.item_cues,
                rules.item_cues.iter().map(|c| &c.re).collect(),
            ),
            (
                &p.release_cues,
                rules.release_cues.iter().map(|c| &c.re).collect(),
            ),
            (
                &p.not_versions,
                rules.not_versions.iter().map(|c| &c.re).collect(),
            ),
            (
                &p.relative_dates,
                rules.relative_dates.iter().map(|c| &c.re).collect(),
            ),
        ];
        let mut checked = 0;
        for (filter, res) in &groups {
            assert_eq!(filter.len(), res.len());
            for text in &texts {
                let live = filter.which(text);
                for (k, re) in res.iter().enumerate() {
                    if re.is_match(text) {
                        checked += 1;
                        assert!(
                            live.contains(&k),
                            "{} matches {text:?} but was skipped",
                            re.as_str()
                        );
                    }
                }
            }
        }
        assert!(checked > 500, "only {checked} matches checked");
    }
}
