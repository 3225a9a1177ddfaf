//! One literal pass over a line says which rules of a group can match it,
//! so only those rules' regexes run (most lines match none).
//!
//! Why literals and not a `RegexSet`: a set of a hundred case-insensitive
//! rules has a lazy DFA whose cache grew to tens of megabytes per thread
//! (half the peak memory of a run), and saved little time. Nearly every rule
//! starts or ends with a word (`released`, `-buildpack`, `deprecat`), so the
//! words a match must hold, found by `regex-syntax`, go into one Aho-Corasick
//! automaton. A rule may need several: `beta\s+(?:release|version)` needs
//! `beta` *and* one of `release`, `version`. Each such list is a clause, and
//! a rule runs only on a text that has a word of every clause: `release`
//! alone, on a line in three, no longer wakes it. A rule whose matches need
//! no word (one that starts and ends with `\d+`, say) always runs: the
//! prefilter only ever skips a rule that cannot match.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, dfa::DFA};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

/// Literals shorter than this say too little to skip a rule (but for one
/// punctuation mark: the `?` of `\?\s*$`).
const MIN_LITERAL: usize = 2;
/// Longer words are cut: a prefix says as much, and case variants of long
/// words would multiply.
const MAX_LITERAL: usize = 8;
/// More alternatives than this and the rule just runs.
const MAX_LITERALS: usize = 500;

/// Which rules of a group can match a text.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    /// The literals, as a DFA walked byte by byte here: the crate's
    /// overlapping iterator costs a call per literal found, and short words
    /// are found many times a line.
    ac: Option<DFA>,
    /// For each literal of the automaton, the rules that need it, each with
    /// the bit of the rule's clause it satisfies.
    owners: Vec<Vec<(usize, u64)>>,
    /// For each rule, the bits of all its clauses: it may match a text in
    /// which every clause has a literal (no clause: it runs on every text).
    full: Vec<u64>,
    /// When every rule must match a whole text (`^…$`) of bounded length:
    /// the longest text any can match. A longer text matches none.
    whole_max: Option<usize>,
}

/// At most this many clauses are kept for one rule: the most selective.
const MAX_CLAUSES: usize = 8;

impl Prefilter {
    /// A prefilter over rules given by their patterns, in order.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Prefilter {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut owners: Vec<Vec<(usize, u64)>> = Vec::new();
        let mut full = Vec::new();
        let mut whole_max = Some(0);
        for (k, pattern) in patterns.into_iter().enumerate() {
            // Parsed once for both questions; a pattern that does not parse
            // has neither a bound nor a literal to wait for.
            let hir = parse(pattern);
            whole_max = whole_max
                .zip(hir.as_ref().and_then(whole_text_max))
                .map(|(a, b)| a.max(b));
            let clauses = hir.as_ref().map(rule_clauses).unwrap_or_default();
            let mut mask = 0u64;
            for (c, lits) in clauses.into_iter().enumerate() {
                let bit = 1u64 << c;
                mask |= bit;
                for lit in lits {
                    let i = *index.entry(lit.clone()).or_insert_with(|| {
                        literals.push(lit);
                        owners.push(Vec::new());
                        literals.len() - 1
                    });
                    owners[i].push((k, bit));
                }
            }
            full.push(mask);
        }
        let ac = DFA::builder()
            // The literals are lowercase and the walk lowercases the text:
            // an automaton that folded case itself has a column for each
            // case of each letter, half as large again (8.5 MB against 5.8
            // for the built-in rules' groups), and its walk is a chain of
            // loads from those tables.
            .match_kind(MatchKind::Standard)
            // No skipping ahead: start states stay plain states in the walk.
            .prefilter(false)
            .build(&literals)
            .ok();
        if ac.is_none() {
            // Cannot happen for literals this short; if it did, run all.
            full.iter_mut().for_each(|m| *m = 0);
        }
        Prefilter {
            ac,
            owners,
            full,
            whole_max,
        }
    }

    /// Indices (ascending) of the rules that may match `text`.
    pub fn which(&self, text: &str) -> Vec<usize> {
        if self.whole_max.is_some_and(|m| text.len() > m) {
            return Vec::new();
        }
        let n = self.full.len();
        // The clauses seen, per rule: on the stack for the usual group.
        let (mut stack, mut heap) = ([0u64; 64], Vec::new());
        let seen: &mut [u64] = if n <= stack.len() {
            &mut stack[..n]
        } else {
            heap.resize(n, 0);
            &mut heap
        };
        if let Some(dfa) = &self.ac
            && let Ok(mut sid) = dfa.start_state(Anchored::No)
        {
            // Every literal ending at every byte (an overlapping search).
            for &byte in text.as_bytes() {
                sid = dfa.next_state(Anchored::No, sid, byte.to_ascii_lowercase());
                if dfa.is_special(sid) {
                    if dfa.is_dead(sid) {
                        break;
                    }
                    for i in 0..dfa.match_len(sid) {
                        for &(k, bit) in &self.owners[dfa.match_pattern(sid, i).as_usize()] {
                            seen[k] |= bit;
                        }
                    }
                }
            }
        }
        (0..n).filter(|&k| seen[k] == self.full[k]).collect()
    }

    /// How many rules the prefilter is over.
    pub fn len(&self) -> usize {
        self.full.len()
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// How many rules run on every text (no literal to wait for).
    pub fn unfiltered(&self) -> usize {
        self.full.iter().filter(|&&m| m == 0).count()
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

/// The clauses a rule waits for, as [`Prefilter::new`] takes them.
fn rule_clauses(hir: &Hir) -> Vec<Clause> {
    selective(clauses(&fold_case(hir)))
}

/// The clauses a rule given by its pattern waits for.
#[cfg(test)]
fn required_literals(pattern: &str) -> Vec<Clause> {
    parse(pattern)
        .as_ref()
        .map(rule_clauses)
        .unwrap_or_default()
}

/// `hir` with every two-letter class `[Xx]` (what `(?i)` makes of an ASCII
/// letter) made the plain lowercase letter. The walk lowers ASCII
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

/// Words a match must hold one of, ASCII-lowercased.
type Clause = Vec<Vec<u8>>;

/// What every match of `hir` holds, as clauses: a match holds a word of
/// each. What it starts and ends with, what each part of a sequence holds
/// (`beta` and one of `release`, `version`… in `beta\s+(?:release|version)`),
/// and what the sequence from each word start on starts with. Most
/// selective first, at most [`MAX_CLAUSES`].
fn clauses(hir: &Hir) -> Vec<Clause> {
    let mut out: Vec<Clause> = match hir.kind() {
        HirKind::Capture(c) => clauses(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => clauses(&r.sub),
        // `proposals?` after `[\w\s]{0,40}\b` is no part of its own: the
        // words from each word start on are a clause too.
        HirKind::Concat(parts) => parts
            .iter()
            .flat_map(clauses)
            .chain((1..parts.len()).filter_map(|i| {
                let word_start =
                    !matches!(parts[i - 1].kind(), HirKind::Literal(_) | HirKind::Class(_));
                word_start
                    .then(|| starts_with(&Hir::concat(parts[i..].to_vec()), ExtractKind::Prefix))
                    .flatten()
            }))
            .collect(),
        HirKind::Alternation(branches) => either(branches.iter().map(clauses).collect()),
        _ => Vec::new(),
    };
    out.extend(
        [ExtractKind::Prefix, ExtractKind::Suffix]
            .into_iter()
            .filter_map(|kind| starts_with(hir, kind)),
    );
    out.sort();
    out.dedup();
    out.sort_by(|a, b| hit_chance(a).total_cmp(&hit_chance(b)));
    out.truncate(MAX_CLAUSES);
    out
}

/// The clauses worth waiting for: a clause of punctuation marks (found on
/// most lines, each find a step of the scan) only when there is nothing
/// better.
fn selective(mut all: Vec<Clause>) -> Vec<Clause> {
    let words = |c: &Clause| c.iter().all(|w| w.len() >= MIN_LITERAL);
    if all.iter().any(words) {
        all.retain(words);
    }
    all
}

/// The clauses of a match of one of several branches, each given by its
/// own: one word of a clause from every branch. Every pairing when they are
/// few, else each branch's most selective clause.
fn either(branches: Vec<Vec<Clause>>) -> Vec<Clause> {
    const MAX_PAIRINGS: usize = 16;
    if branches.iter().any(Vec::is_empty) {
        // A branch that needs no word: the alternation needs none.
        return Vec::new();
    }
    let pairings = branches
        .iter()
        .try_fold(1usize, |n, b| n.checked_mul(b.len()))
        .filter(|&n| n <= MAX_PAIRINGS);
    let branches: Vec<&[Clause]> = match pairings {
        Some(_) => branches.iter().map(Vec::as_slice).collect(),
        None => branches.iter().map(|b| &b[..1]).collect(),
    };
    let mut out: Vec<Clause> = vec![Vec::new()];
    for b in branches {
        out = out
            .iter()
            .flat_map(|so_far| {
                b.iter().map(move |c| {
                    let mut joined = so_far.clone();
                    joined.extend(c.iter().cloned());
                    joined
                })
            })
            .collect();
    }
    out.into_iter().filter_map(usable).collect()
}

/// How likely a text is to hold a word of the clause, as a rough guess
/// that takes a longer word as rarer: fewer, longer words first.
fn hit_chance(c: &Clause) -> f64 {
    c.iter()
        .map(|w| 0.25f64.powi(w.len().min(MAX_LITERAL) as i32))
        .sum()
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

/// Lowercased and deduplicated, if every word is worth waiting for and
/// there are not too many: long enough, or one punctuation mark (the `?`
/// of a question, the `(` of an aside).
fn usable(lits: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    let mut lits: Vec<Vec<u8>> = lits.iter().map(|l| l.to_ascii_lowercase()).collect();
    lits.sort();
    lits.dedup();
    let worth =
        |l: &Vec<u8>| l.len() >= MIN_LITERAL || matches!(l[..], [b] if b.is_ascii_punctuation());
    (!lits.is_empty() && lits.iter().all(worth) && lits.len() <= MAX_LITERALS).then_some(lits)
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
            r"\d+",
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
    fn a_rule_waits_for_every_word_it_needs() {
        let pats = [
            r"(?i)\bbeta\s+(?:release|version)\b",
            r"\?\s*$",
            r"(?i)\b(?:in beta|beta of)\b",
        ];
        let p = Prefilter::new(pats);
        assert_eq!(p.unfiltered(), 0, "a question mark is a word to wait for");
        assert_eq!(p.which("The release is out"), Vec::<usize>::new());
        assert_eq!(p.which("Beta release is out"), vec![0]);
        assert_eq!(p.which("Is the beta of it out?"), vec![1, 2]);
        assert_eq!(p.which("Still in Beta"), vec![2]);
    }

    #[test]
    fn case_insensitive_words_fold_to_one_literal() {
        let clauses = required_literals(r"(?i)\bdeprecat(ed|ing)\b");
        assert!(
            clauses[0].iter().all(|l| l.starts_with(b"deprecat")),
            "{clauses:?}"
        );
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
        let groups: [(&Prefilter, Vec<&crate::rules::LazyRegex>); 7] = [
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
            (&p.versions, rules.versions.iter().map(|v| &v.re).collect()),
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
