//! Releases: a component named with a version, and what the note says of it.
//!
//! Three questions per version, each answered by rules:
//! - *is it a version?* the grammar in `versions` (dotted numbers, `v232`,
//!   `cf212`, `V7 CLI`), minus what `not_versions` covers (`v3 API`, `99%`);
//! - *of what?* the component named right before it, else the run of name-like
//!   words right before it, else the nearest component in its sentence, else
//!   the last component named earlier in the section, else the section's
//!   project;
//! - *what status?* the nearest `release_cues` match, preferring its clause,
//!   then its sentence; `mentioned` when nothing says more.
//!
//! Versions inside link targets count only when the visible text of the line
//! names none (one fact, not two, for "Released 6.30.0 ([notes](…/v6.30.0))").

use crate::rules::Rules;
use crate::structure::{Block, BlockKind, Outline, Url};

use super::components::{Mention, mentions, project_component, resolve_name};
use super::items::{ColumnCues, ItemState};
use super::sections::{Classified, HeadingClass};
use super::text::{clause_at, find_word_ignoring_case, normalize_label, sentence_at};
use super::{Base, Release};

pub const RULE_DEFAULT_MENTIONED: &str = "release.default.mentioned";
/// Longest quote a release fact carries (a sentence, cut past this).
const QUOTE_MAX: usize = 600;
/// Bytes around a version in which its status words are looked for.
const WINDOW: usize = 400;
/// A version with no status word in a plain update item ("cf-for-k8s
/// v2.1.0!"), or in a heading that names its component ("#### Stratos 4.2
/// release"), is an announcement: released.
pub const RULE_DEFAULT_ANNOUNCED: &str = "release.default.announced";
/// The same, but the version is of a component the rules know and the
/// project does not own ("Golang 1.9" in consul-release's update): the
/// project moved to it, adopted.
pub const RULE_DEFAULT_ADOPTED: &str = "release.default.adopted";
/// A version in an item of unfinished work, with no status word of its own:
/// the release being prepared, or the version the work moves to, planned.
pub const RULE_DEFAULT_UNFINISHED: &str = "release.default.unfinished";
/// A version with no status word in an item nested under a pending
/// release ("Expecting to release cf CLI 6.33.0 soon:" over "Fixed plugin
/// installs on Ruby 2.4.2"): part of that release, planned with it.
pub const RULE_DEFAULT_PENDING: &str = "release.default.pending";
/// A version with no status word, or one only in a relative clause after it,
/// whose link points at its release tag (`Bumped [v34](…/releases/tag/v34)
/// that fixes a bug in …`): the tag exists, so it is released.
pub const RULE_DEFAULT_TAGGED: &str = "release.default.tagged";

/// `text` with the bytes of `spans` made spaces: the same length, so that
/// positions in it are positions in `text` (spans lie on character bounds).
fn blanked(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in spans {
        bytes[r.clone()].fill(b' ');
    }
    // Whole characters were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The clauses of a table cell, split at `;`, `,` and `:`, as ranges in it.
fn clause_spans(cell: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    cell.char_indices()
        .filter(|(_, ch)| matches!(ch, ';' | ',' | ':'))
        .map(|(i, _)| i)
        .chain(std::iter::once(cell.len()))
        .map(move |end| {
            let r = start..end;
            start = (end + 1).min(cell.len());
            r
        })
}

/// Whether the words of a clause before its version are at most a name of
/// two words ("Node.js 6.x removed", "runc 1.0.0-rc6 deprecated"): the
/// clause is about the version.
fn opens_with(before: &str) -> bool {
    before.split_whitespace().count() <= 2
        && !before.split_whitespace().any(|w| {
            let w = w.to_lowercase();
            w.ends_with("ed") || w.ends_with('s') && w.len() > 3 && !w.contains('.')
        })
}

/// Whether a release cue opens `clause` ("removes Node 7.x", "pulled
/// within 2 hours").
fn opens_with_cue(clause: &str, rules: &Rules) -> bool {
    rules
        .prefilters
        .release_cues
        .which(clause)
        .into_iter()
        .map(|k| &rules.release_cues[k])
        .any(|cue| {
            cue.re
                .find(clause)
                .is_some_and(|m| m.start() == 0 && cue.accepts(m.as_str()))
        })
}

/// Whether a clause is only a name and `version` ("Ruby 2.6.3", "pipenv
/// 2018.11.26"): no word says anything of the version.
fn bare_version(clause: &str, version: &str) -> bool {
    let words: Vec<&str> = clause.split_whitespace().collect();
    let is_version = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .trim_start_matches(['v', 'V'])
            == version
    };
    // Or a list of versions of one name ("Node 9.5.0 and 8.9.4").
    let listed = || {
        let name = words.iter().take_while(|w| !version_like(w)).count();
        name <= 2
            && words[name..].iter().any(|w| is_version(w))
            && words[name..]
                .iter()
                .all(|w| dotted_number(w) || is_joint(w))
    };
    words.len() <= 3 && words.last().is_some_and(|w| is_version(w)) || listed()
}

/// The status and rule of a version whose work is `done` (`if_done`) or
/// still to come (planned, [`RULE_DEFAULT_UNFINISHED`]): the status is set,
/// the rule returned.
fn settle(status: &mut String, done: bool, if_done: (&str, &str)) -> String {
    let (s, rule) = if done {
        if_done
    } else {
        ("planned", RULE_DEFAULT_UNFINISHED)
    };
    *status = s.to_string();
    rule.to_string()
}

/// A version found in a line.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    version: String,
    rule: String,
    component: Option<String>,
    status: Option<String>,
    /// A bare whole number: a version only of a numbered component.
    numbered_only: bool,
    major_line: bool,
    /// Where the version rule's whole match ends: after the name of a
    /// major line written after its number ("V7 CLI").
    whole_end: usize,
}

/// Where the whitespace-delimited token holding byte `pos` of `text` starts.
fn token_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(char::is_whitespace).map_or(0, |k| k + 1)
}

fn in_url_token(text: &str, pos: usize) -> bool {
    let token = &text[token_start(text, pos)..pos];
    token.contains("://")
        || token.starts_with("www.")
        || token.contains(".com/")
        || token.contains(".org/")
}

/// The whitespace-delimited token of `text` around `pos`.
fn token_at(text: &str, pos: usize) -> &str {
    let start = token_start(text, pos);
    let end = text[pos..]
        .find(char::is_whitespace)
        .map_or(text.len(), |k| pos + k);
    &text[start..end]
}

/// The versions an address names in its last path segment
/// (`…/releases/tag/v6.32.0`), placed at byte `at` of the line's text.
fn versions_in_address(address: &str, at: usize, rules: &Rules) -> Vec<Candidate> {
    let seg = address.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let (plain, in_urls) = candidates(seg, rules, &[]);
    plain
        .into_iter()
        .chain(in_urls)
        .map(|mut c| {
            c.start = at;
            c.end = at;
            c
        })
        .collect()
}

/// A link to a release's tag or download: evidence the release is out.
fn is_tag_url(url: &str) -> bool {
    ["/releases/tag/", "/releases/download/"]
        .iter()
        .any(|k| url.contains(k))
}

/// Versions in one line of visible text, in order.
fn candidates(text: &str, rules: &Rules, found: &[Mention]) -> (Vec<Candidate>, Vec<Candidate>) {
    let mut plain: Vec<Candidate> = Vec::new();
    let mut in_urls: Vec<Candidate> = Vec::new();
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    // Most lines hold no digit, and most version rules need one.
    let digit = text.bytes().any(|b| b.is_ascii_digit());
    let mut blocked: Option<Vec<(usize, usize)>> = None;
    // A line with a digit asks the prefilter; one without runs only the
    // few rules that need none.
    let live: Vec<usize> = if digit {
        rules.prefilters.versions.which(text)
    } else {
        (0..rules.versions.len())
            .filter(|&k| !rules.versions[k].needs_digit)
            .collect()
    };
    for v in live.iter().map(|&k| &rules.versions[k]) {
        // Each search resumes right after the version it found, not after
        // the words that close it: the ". " that ends one ("270.6.0.
        // 270.4.0 had …") may be what opens the next.
        let mut from = 0;
        while from <= text.len() {
            let Some(cap) = v.re.captures_at(text, from) else {
                break;
            };
            let version = cap.name("v");
            let whole_end = cap.get(0).map_or(from, |w| w.end());
            let resume = version.map_or(whole_end, |m| m.end());
            from = if resume > from {
                resume
            } else {
                text[from..]
                    .chars()
                    .next()
                    .map_or(text.len() + 1, |ch| from + ch.len_utf8())
            };
            let Some(m) = version else { continue };
            let whole = cap
                .get(0)
                .map_or(m.start()..m.end(), |w| w.start()..w.end());
            // Spans already taken, by start: only the one starting last
            // before this match's end can overlap it (spans do not overlap).
            if taken
                .range(..m.end())
                .next_back()
                .is_some_and(|(_, &e)| m.start() < e)
            {
                continue;
            }
            // What is not a version, found once there is a match to test.
            let blocked = blocked.get_or_insert_with(|| {
                rules
                    .prefilters
                    .not_versions
                    .which(text)
                    .into_iter()
                    .flat_map(|k| rules.not_versions[k].re.find_iter(text))
                    .map(|m| (m.start(), m.end()))
                    .collect()
            });
            if blocked.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                continue;
            }
            let mut component = v.component.clone();
            if let Some(c) = cap.name("c") {
                component = Some(resolve_name(c.as_str(), rules));
            }
            if v.only_after_component {
                let before = &text[..whole.start];
                let k = found.partition_point(|mm| mm.end <= whole.start);
                let adjacent = k
                    .checked_sub(1)
                    .map(|i| &found[i])
                    .filter(|mm| mm.release_numbered && before[mm.end..].trim().is_empty());
                match adjacent {
                    Some(mm) => component = Some(mm.id.clone()),
                    None => continue,
                }
            }
            let c = Candidate {
                start: m.start(),
                end: m.end(),
                version: m.as_str().trim_start_matches(['v', 'V']).to_string(),
                rule: v.id.clone(),
                component,
                status: v.status.clone(),
                numbered_only: v.numbered_only,
                major_line: v.major_line,
                whole_end: whole.end,
            };
            taken.insert(c.start, c.end);
            if in_url_token(text, m.start()) {
                in_urls.push(c)
            } else {
                plain.push(c)
            }
        }
    }
    plain.sort_by_key(|c| c.start);
    in_urls.sort_by_key(|c| c.start);
    (plain, in_urls)
}

fn is_stopword(word: &str, rules: &Rules) -> bool {
    let word = word.to_lowercase();
    rules.name_stopwords.contains(&word)
}

/// Words right before the version that look like a name (`GrootFS
/// Diagnostics 0.2.0`, `cflinuxfs2 1.9.0`).
fn name_before(text: &str, pos: usize, rules: &Rules, lenient: bool) -> Option<String> {
    // Brackets, "older than" comparators ("gdk-pixbuf < 2.32.1"), and the
    // hyphen of a name glued to its version ("cf-deployment-16.9.0").
    let mut before = text[..pos].trim_end_matches(['[', '`', '(', ' ', '<', '=', '-']);
    // `cf-for-k8s v2.1.0`: the `v` belongs to the version.
    if let Some(b) = before
        .strip_suffix(" v")
        .or_else(|| before.strip_suffix(" V"))
    {
        before = b;
    }
    if before.len() + 3 < text[..pos].trim_end().len() {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for w in before.rsplit(' ') {
        // A word that ends a sentence or clause ("… file system driver.
        // v0.16.0 introduces …") names nothing after it.
        if w.ends_with(['.', ',', ';', ':', '!', '?']) {
            break;
        }
        // A word opening brackets starts the name: the words before them
        // are outside ("cflinuxfs3 (Ubuntu 18.04)" is Ubuntu's version).
        let opens = w.starts_with(['(', '[']);
        let w = w.trim_matches(|c: char| {
            matches!(c, '[' | ']' | '`' | '"' | '\'' | '*' | '(' | '.' | ',')
        });
        if w.is_empty() || words.len() == 3 || is_stopword(w, rules) || version_like(w) {
            break;
        }

        // Words that look like a name ("GrootFS Diagnostics"); when lenient,
        // any word right before the version ("nginx 1.9.5").
        let has_letter = w.chars().any(char::is_alphabetic);
        let namey = has_letter
            && w.len() > 1
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && ((lenient && words.is_empty() && !looks_like_verb(w))
                || w.chars().next().is_some_and(char::is_uppercase)
                || w.contains('-')
                || w.chars().any(|c| c.is_ascii_digit()));

        if !namey {
            break;
        }
        words.push(w);
        if opens {
            break;
        }
    }
    // The sentence's first word, a verb form ("Tagged 6.18.1 yesterday",
    // "Targeting 1.0 for Q3"), is what was done to the version, not its
    // name, unless the rules know it as one.
    if let Some(&first) = words.last()
        && text[..pos]
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .starts_with(first)
        && looks_like_verb(&first.to_lowercase())
        && rules.component(&resolve_name(first, rules)).is_none()
    {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    words.reverse();
    Some(resolve_name(&words.join(" "), rules))
}

/// A version's first number ("1" of "1.14.15").
fn major(version: &str) -> &str {
    version.split('.').next().unwrap_or(version)
}

/// Whether a word is one of a move's ("bumped", "Upgrading", "migrate").
fn is_move(w: &str) -> bool {
    let w = w.to_lowercase();
    ["bump", "upgrad", "updat", "mov", "switch", "migrat", "pin"]
        .iter()
        .any(|m| w.starts_with(m))
        && !w.starts_with("ping")
}

/// The name in a move to a version: "Bumping consul to 0.6.4", "upgrade of
/// go to 1.7.4", "update the CLI to v7" — a move verb, the name, "to".
fn moved_name(text: &str, pos: usize, rules: &Rules) -> Option<String> {
    let before = text[..pos].trim_end();
    let before = before
        .strip_suffix(['v', 'V'])
        .filter(|b| b.ends_with(' '))
        .unwrap_or(before)
        .trim_end();
    // "to 0.13.5", or the version moved away from ("from 0.12.29").
    let before = before
        .strip_suffix(" to")
        .or_else(|| before.strip_suffix(" from"))?;
    let mut words = before.rsplit(' ').peekable();
    // "Updated CLI version to 6.26": the name is before the word "version";
    // "Upgraded Terraform from 0.12.29 to 0.13.5": before the version left.
    while words
        .peek()
        .is_some_and(|w| w.eq_ignore_ascii_case("version") || w.eq_ignore_ascii_case("versions"))
    {
        words.next();
    }
    if let Some(w) = words.peek()
        && version_like(w)
    {
        words.next();
        if !words.next()?.eq_ignore_ascii_case("from") {
            return None;
        }
    }
    fn bare(w: &str) -> &str {
        w.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '*'))
    }
    let mut name = bare(words.next()?);
    // The name before its move, said after it ("MariaDB bumped to 10.1.22").
    let passive = is_move(name) && name.to_lowercase().ends_with("ed");
    if passive {
        name = bare(words.next()?);
    }
    let namey = name.len() > 1
        && name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && !is_stopword(name, rules)
        // Pronouns and particles the stopwords above do not hold.
        && !matches!(
            name.to_lowercase().as_str(),
            "them"
                | "up"
                | "down"
                | "everything"
                | "both"
                | "something"
                | "anything"
                | "everyone"
                | "things"
        );
    if !namey {
        return None;
    }
    if passive {
        return Some(resolve_name(name, rules));
    }
    // The move right before the name, or before a move listed before it
    // ("Bumped containerd to 1.1.4 and runc to"), within the clause.
    let mut words = words.filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "our"));
    let next = words.next()?;
    let listed = next.eq_ignore_ascii_case("and") || next.ends_with(',');
    (is_move(next)
        || listed
            && words
                .take_while(|w| !w.ends_with(['.', ';', ':']))
                .take(5)
                .any(is_move))
    .then(|| resolve_name(name, rules))
}

/// A word that starts like a version ("1.2", "v7"): no name.
fn version_like(w: &str) -> bool {
    w.trim_start_matches(['v', 'V'])
        .starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the words before a version end a list of versions of a name
/// it goes on ("Node 9.5.0 and 8.9.4", "Go 1.10.1, 1.10.2"); not a list
/// with no name ("| 1.27.0, 1.28.0 |").
fn continues_list(before: &str) -> bool {
    let mut words = before.split_whitespace().rev().peekable();
    if words.next_if(|w| is_joint(w)).is_none() && !words.peek().is_some_and(|w| w.ends_with(',')) {
        return false;
    }
    // Back over the list's versions and joints to the word before them.
    let mut versions = 0;
    while let Some(w) = words.next_if(|w| dotted_number(w) || is_joint(w)) {
        versions += usize::from(dotted_number(w));
    }
    versions > 0
        && words
            .next()
            .is_some_and(|w| w.chars().any(char::is_alphabetic))
}

/// Whether a word joins the versions of a list ("and", "or", "&").
fn is_joint(word: &str) -> bool {
    is_one_of(word, &["and", "or", "&"])
}

/// Whether a word, its punctuation aside, is a dotted number as versions
/// are written (`v6.47.0`, `271.0.0,`): a cheap look, not the grammar.
fn dotted_number(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    version_like(w)
        && w.split_once('.')
            .is_some_and(|(_, rest)| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// A lowercase word ending like a verb form ("commited", "shipping") is not
/// a name, even right before a version.
fn looks_like_verb(w: &str) -> bool {
    w.chars().all(|c| c.is_lowercase()) && (w.ends_with("ed") || w.ends_with("ing"))
}

/// Capitalised words right after the version ("v2.10 Volume Service API").
fn name_after(text: &str, end: usize, rules: &Rules) -> Option<String> {
    let rest = &text[end..];
    if !rest.starts_with(' ') {
        return None;
    }
    let mut words = Vec::new();
    for w in rest.split_whitespace().take(4) {
        let clean = w.trim_end_matches([',', '.', ';', ':', ')', '!']);
        let capital = clean.chars().next().is_some_and(char::is_uppercase);
        if !capital
            || is_stopword(clean, rules)
            || clean.chars().any(|c| !(c.is_alphanumeric() || c == '-'))
        {
            break;
        }
        words.push(clean);
        if clean.len() != w.len() {
            break;
        }
    }
    (!words.is_empty()).then(|| resolve_name(&words.join(" "), rules))
}

/// A capitalised name a version is "of" ("both 6.25 and 6.26 of the
/// CLI"), where no known name follows: a project's name, not itself a
/// component's, that a component claims (the CLI project's versions are
/// cf-cli's). A component's own names are found as mentions.
fn of_name_after(text: &str, end: usize, rules: &Rules) -> Option<String> {
    let rest = &text[end..];
    // The gap is short ("and 6.26", ", v233"): a bounded look, so a long
    // line of many versions is not scanned to its end for each of them.
    let near = rest
        .char_indices()
        .nth(OF_GAP_MAX)
        .map_or(rest.len(), |(i, _)| i);
    let at = rest[..near].find(" of ")?;
    let mut after = at + " of ".len();
    if rest[after..].starts_with("the ") {
        after += "the ".len();
    }
    if !of_gap(&rest[..after]) {
        return None;
    }
    let name = name_after(text, end + after - 1, rules)?;
    if rules.component(&name).is_some() {
        return None;
    }
    rules
        .components
        .iter()
        .find(|c| c.projects.contains(&name))
        .map(|c| c.id.clone())
}

/// The longest gap between a version and the "of" of the name it is of.
const OF_GAP_MAX: usize = 40;

/// The words between a version and a name after it that make the version
/// that name's: `", v233 of "` (cf-release), `" for the "`, and the
/// `"-style "` of "1.0- and 2.0-style BOSH deployments".
fn of_gap(gap: &str) -> bool {
    let mut g = gap;
    loop {
        let before = g;
        g = g.trim_start_matches(|c: char| {
            c.is_whitespace()
                || c.is_ascii_digit()
                || matches!(
                    c,
                    ',' | '.' | 'v' | 'V' | ')' | ']' | '`' | '-' | '"' | '\''
                )
        });
        for word in ["and ", "or ", "style"] {
            g = g.strip_prefix(word).unwrap_or(g);
        }
        if g == before {
            break;
        }
    }
    if g.is_empty() {
        return gap.contains("style");
    }
    // "The 1.1.x line of cf-java-client": a line or branch of it.
    let g = ["line ", "branch ", "series "]
        .iter()
        .find_map(|w| g.strip_prefix(w))
        .unwrap_or(g);
    let rest = g
        .strip_prefix("of ")
        .or_else(|| g.strip_prefix("for "))
        .map(str::trim);
    matches!(rest, Some("" | "the"))
}

/// The component an item or label names and nothing else ("- cf-deployment"
/// over "  - v16.13.0", "**cf-for-k8s**" over a list): the versions under
/// it with no name of their own are its. A known name, or one shaped like a
/// name (`cf-deployment-concourse-tasks`); not a cue label ("Next:").
fn bare_name(b: &Block, rules: &Rules) -> Option<String> {
    let written = b.lines.first()?.text.trim();
    let text = written.trim_end_matches(':').trim();
    if rules.cue_label(&normalize_label(text)).is_some() {
        return None;
    }
    // By its shape only, not a label ending in a colon ("Pre-releases:").
    name_alone(text, !written.ends_with(':'), rules)
}

/// The component a short text (one to three words) names and nothing else:
/// a name the rules know, or, when `by_shape`, one hyphenated word shaped
/// like a release's name (`cf-syslog-drain`).
fn name_alone(text: &str, by_shape: bool, rules: &Rules) -> Option<String> {
    let words = text.split_whitespace().count();
    if !(1..=3).contains(&words) {
        return None;
    }
    let found = mentions(text, rules);
    if let [m] = found.as_slice()
        && m.start == 0
        && m.end == text.len()
    {
        return Some(m.id.clone());
    }
    let shaped = by_shape
        && words == 1
        && text.contains('-')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit());
    shaped.then(|| resolve_name(text, rules))
}

/// Is this component numbered by whole numbers (`cf-release 232`, `v7 CLI`)?
fn is_numbered(id: &str, rules: &Rules) -> bool {
    // A component the rules list says so itself; a name's shape
    // (`*-release`) speaks only for the ones they do not list.
    if let Some(c) = rules.component(id) {
        return c.release_numbered;
    }
    rules.component_patterns.iter().any(|p| {
        p.release_numbered
            && p.re
                .captures(id)
                .and_then(|c| c.name("name"))
                .is_some_and(|m| m.len() == id.len())
    })
}

/// Is `component` one the rules know, and not `project`'s own (not the
/// project itself or named after it, as garden-runc is garden's, and not
/// one whose `projects` name it)? The committee's own sections own
/// nothing, and move to nothing.
fn is_dependency_of(component: &str, project: &str, rules: &Rules) -> bool {
    project != "pmc"
        && component != project
        && !component
            .strip_prefix(project)
            .is_some_and(|rest| rest.starts_with('-'))
        && rules.component(component).is_some_and(|c| {
            !c.projects
                .iter()
                .chain(&c.released_by)
                .any(|p| p == project)
        })
}

/// Whether the version at `start..end` is the aside that closes its text:
/// in parentheses, maybe after other versions or a comma ("(2.19.0)",
/// "(thanks to SAP, 2.20.0 and 2.22.0)").
fn closes_item(text: &str, start: usize, end: usize) -> bool {
    // Other versions may follow before the parenthesis closes (", 2.9.0").
    let mut after = text[end..].trim_end().trim_end_matches('.');
    loop {
        let rest = after
            .trim_start_matches([' ', ','])
            .trim_start_matches("and ")
            .trim_start_matches("& ")
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | 'v' | 'V'));
        if rest.len() == after.len() {
            break;
        }
        after = rest;
    }
    let before = &text[..start];
    let before = before.strip_suffix(['v', 'V']).unwrap_or(before);
    after == ")"
        && before
            .rfind('(')
            .is_some_and(|open| !before[open..].contains(')'))
        && (before.ends_with('(')
            || before.ends_with(", ")
            || before.ends_with(" and ")
            || before.ends_with(" & "))
}

/// Whether the gap before a version ends with one word that a list or a
/// bundle brings in (", bundler ", " and npm ", " with the runc ",
/// " includes iptables "): that word names the version.
fn listed_name(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    let [.., before, name] = words[..] else {
        return false;
    };
    let joined = before.ends_with([',', ';', '&'])
        || [
            "and",
            "&",
            "with",
            "the",
            "includes",
            "including",
            "plus",
            "bundles",
        ]
        .iter()
        .any(|w| before.eq_ignore_ascii_case(w));
    joined && !name.ends_with([',', ';', ':', '.', ')', '('])
}

/// Which component a version at `start` belongs to.
fn component_for(
    text: &str,
    cand: &Candidate,
    found: &[Mention],
    last_mention: &Option<String>,
    label: Option<&str>,
    project: Option<&str>,
    rules: &Rules,
) -> String {
    if let Some(c) = &cand.component {
        return c.clone();
    }
    // A known name ending right before it.
    let gap_ok = |g: &str| {
        let g = g
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '[' | '`' | '(' | '"' | '\''));
        g.is_empty()
            || g.eq_ignore_ascii_case("v")
            || g.eq_ignore_ascii_case("version")
            || g.eq_ignore_ascii_case("release")
    };
    // Mentions are sorted and do not overlap: those ending before the
    // version are a prefix, the nearest one is its last.
    let k = found.partition_point(|m| m.end <= cand.start);
    let nearest_before = k.checked_sub(1).map(|i| &found[i]);
    if let Some(m) = nearest_before.filter(|m| gap_ok(&text[m.end..cand.start])) {
        return m.id.clone();
    }
    if let Some(n) = name_before(text, cand.start, rules, false) {
        return n;
    }
    if let Some(n) = moved_name(text, cand.start, rules) {
        return n;
    }
    // A known name written right after the version, with no name right
    // before it but a preposition, is what the version is of ("to work
    // with 4.4 stemcells", "aufs on 4.4 kernels"), not a name earlier in
    // the sentence; unless that name has its own version ("As of v1.7.0
    // ruby 2.2 is …").
    if let Some(m) = found[k..].first()
        && text.get(cand.end..m.start) == Some(" ")
        && words_back(text[..cand.start].trim_end_matches(['v', 'V']))
            .next()
            .is_some_and(|w| is_one_of(w, &["with", "on", "for", "against", "onto", "to"]))
        && !text[m.end..]
            .trim_start_matches([' ', 'v', 'V'])
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return m.id.clone();
    }
    let sentence = sentence_at(text, cand.start);
    let before = nearest_before.filter(|m| m.start >= sentence.start);
    // "Upgraded the broker to Go 1.15.8 and cut v3.120.0": a version that
    // is the object of a second phrase's release verb is the project's own
    // release, not the name the first phrase gave.
    if let Some(m) = before
        && let Some(own) = label
            .map(str::to_string)
            .or_else(|| project.map(|p| project_component(p, rules)))
        && released_in_a_new_phrase(&text[m.end..cand.start], rules)
        // "… and cut v232 of cf-release": the name after "of" says whose.
        && !text[cand.end..]
            .trim_start()
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case("of "))
    {
        return own;
    }
    // A known name whose own version stands between gives way to a name
    // listed after it ("Node 16.1.0 and npm 7.11.2", "Ruby 2.5.3, bundler
    // 1.17.1"); not to any word ("Go to 1.11 (previously 1.10)").
    if let Some(m) = before
        && let gap = &text[m.end..cand.start]
        && gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(version_like)
        && listed_name(gap)
        && let Some(n) = name_before(text, cand.start, rules, true)
    {
        return n;
    }
    // "Move the Java images to BuildKit 0.8.1": in a move, a name between
    // its "to" and the version names what is moved to, not the name before
    // ("ready to deploy 2.0-style" is no move, "to get 6.4.7" no name).
    if let Some(m) = before
        && text[m.end..cand.start]
            .split_whitespace()
            .rev()
            .nth(1)
            .is_some_and(|w| w.eq_ignore_ascii_case("to"))
        && text[sentence.start..m.end].split_whitespace().any(is_move)
        && let Some(n) = name_before(text, cand.start, rules, false)
    {
        return n;
    }
    if let Some(m) = before {
        return m.id.clone();
    }
    // No known name in the sentence before it: the word right before it.
    if let Some(n) = name_before(text, cand.start, rules, true) {
        return n;
    }
    // Or a name written right after it ("v2.10 Volume Service API").
    if let Some(n) = name_after(text, cand.end, rules) {
        return n;
    }

    // A name after the version counts when the version is "of" it
    // ("Cut v232, v233 of cf-release", "the 0.1 cf-4-k8s release", "Cut
    // v226 cf-release"), not when it is merely nearby.
    let is_release = |w: Option<&str>| w.is_some_and(|w| w.eq_ignore_ascii_case("release"));
    let after = found[k..]
        .iter()
        .find(|m| m.start >= cand.end)
        .filter(|m| m.end <= sentence.end)
        .filter(|m| {
            let gap = &text[cand.end..m.start];
            of_gap(gap)
                || (gap.trim().is_empty()
                    && (is_release(text[m.end..].trim_start().get(..7))
                        || is_release(m.end.checked_sub(7).and_then(|s| text.get(s..m.end)))))
        });
    if let Some(m) = before.or(after) {
        return m.id.clone();
    }
    if let Some(n) = of_name_after(text, cand.end, rules) {
        return n;
    }
    if let Some(m) = nearest_before {
        return m.id.clone();
    }
    // "Next release (74.3.0)" with no name on its line: the project's own
    // release, not the last name an earlier line gave (a label's name above
    // the item still names it).
    let says_release = text[..cand.start]
        .trim_end_matches(['v', 'V'])
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '`'))
        .to_lowercase()
        .ends_with("release");
    let from_label = label.is_some() && last_mention.as_deref() == label;
    if says_release
        && !from_label
        && let Some(p) = project
    {
        return project_component(p, rules);
    }
    if let Some(m) = last_mention {
        return m.clone();
    }
    project.map_or_else(|| "unknown".to_string(), |p| project_component(p, rules))
}

/// Whether `gap` (the text between a name and a version) ends with a verb
/// that says a release is out, opening a phrase of its own: "… and cut ",
/// "…, released v".
fn released_in_a_new_phrase(gap: &str, rules: &Rules) -> bool {
    let g = gap.trim_end().trim_end_matches(['v', 'V']).trim_end();
    let mut words = words_back(g);
    let (Some(verb), joint) = (words.next(), words.next()) else {
        return false;
    };
    let Some(head) = g.strip_suffix(verb).map(str::trim_end) else {
        return false;
    };
    let new_phrase = head.ends_with(',')
        || joint.is_some_and(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("then"));
    new_phrase
        && rules.release_cues.iter().any(|c| {
            c.status == "released"
                && !c.precedes
                && !c.follows
                && c.re.find(verb).is_some_and(|m| m.as_str() == verb)
        })
}

/// The words of `s` (runs of letters and digits), last first.
fn words_back(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
}

/// Whether `word` is one of `list`, ignoring ASCII case.
fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// Whether the words right after a version call it a release ("1.5.0
/// releases with:", "v9.0 release - CVE fix"), or a list of versions that
/// ends so ("1.4.0 and 1.5.0 releases"); not "release notes", "release
/// candidate" or "release branch".
fn names_release(after: &str) -> bool {
    let mut words = after
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ')' | ']' | '`' | '*'))
        .filter(|w| !w.is_empty());
    // Past the other versions of a list ("and 1.5.0").
    let mut w = words.next();
    while let Some(x) = w {
        if x.eq_ignore_ascii_case("and") || version_like(x) {
            w = words.next();
        } else {
            break;
        }
    }
    let Some(word) = w else { return false };
    if !is_one_of(
        word.trim_end_matches([':', '.', '!', ';']),
        &["release", "releases"],
    ) {
        return false;
    }
    // What a release's notes, candidate or plan are is not the release.
    !words.next().is_some_and(|n| {
        is_one_of(
            n.trim_end_matches([':', '.', ',']),
            &[
                "notes",
                "note",
                "candidate",
                "candidates",
                "branch",
                "pipeline",
                "process",
                "schedule",
                "date",
                "plan",
                "plans",
                "frame",
                "timeline",
                "timeframe",
                "window",
                "scope",
            ],
        )
    })
}

/// Whether the words before a version look ahead to it ("for the 0.9
/// release", "Prep for 0.3.0 release", "towards v2.0").
fn awaits(before: &str) -> bool {
    words_back(before).take(3).any(|w| {
        is_one_of(
            w,
            &[
                "for",
                "towards",
                "toward",
                "before",
                "until",
                "till",
                "ahead",
                "prep",
                "preparing",
            ],
        )
    })
}

/// Whether the words before a version say where a thing already is
/// ("Breaking change in log-cache 2.0", "Starting with v1.4.0", "DO NOT USE
/// UAA 57"), not what work moves to.
fn placed(before: &str) -> bool {
    words_back(before)
        .take(2)
        .any(|w| is_one_of(w, &["in", "with", "since", "use"]))
}

/// Whether `gap`, the words between a cue and a version after it, starts
/// a phrase of its own ("from v2.2.5 to v2.2.13": the cue "from" does not
/// reach 2.2.13), or a relative clause ("now ship lifecycle 0.8.0, which
/// implements Platform API 0.4": what lifecycle implements is not shipped).
fn new_phrase(gap: &str) -> bool {
    words_back(gap).any(|w| is_one_of(w, &["to", "for", "into", "which"]))
}

/// Status of the version at `start..end` of `text`: (status, rule id).
pub fn release_status(text: &str, start: usize, end: usize, rules: &Rules) -> (String, String) {
    let (status, rule, _) = release_status_in(text, start, end, rules);
    (status, rule)
}

/// [`release_status`], and whether the deciding cue stands in a relative
/// clause right after the version's ("[v34](…) that fixes a bug in …"): it
/// then speaks of what the version does, not of whether it is out.
/// What may stand between a version and a verb it is the subject of:
/// "v231 includes", "v13.11.0 release now contains", "[v0.28.0](…) adds".
fn subject_gap(gap: &str) -> bool {
    // A colon heads what the version does ("0.192.0: drops the TCP router
    // consul registration").
    gap.split(|c: char| c.is_whitespace() || matches!(c, ']' | ')' | '`' | '*' | '_' | ':'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            ["release", "also", "now"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
        })
}

fn release_status_in(
    text: &str,
    start: usize,
    end: usize,
    rules: &Rules,
) -> (String, String, bool) {
    let sentence = sentence_at(text, start);
    // Only words near the version can be its cue: the window keeps a very
    // long sentence from costing its whole length for every version in it.
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let sentence = floor(sentence.start.max(start.saturating_sub(WINDOW)))
        ..floor(sentence.end.min(end + WINDOW));
    let clause = clause_at(text, sentence.clone(), start);
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    let near = &text[sentence.clone()];
    for k in rules.prefilters.release_cues.which(near) {
        let cue = &rules.release_cues[k];
        for m in cue.re.find_iter(near) {
            let (at, ends) = (sentence.start + m.start(), sentence.start + m.end());
            // A cue whose words run over the version ("upgraded from
            // v2.2.5 to") speaks of another.
            if cue.accepts(m.as_str())
                && !(at < start && ends > end)
                // Words that reach into a later version ("adds Go 1…") are
                // that version's cue, not an earlier one's.
                && !(ends > end && text[..ends].ends_with(|c: char| c.is_ascii_digit()))
                && !(cue.precedes && (ends > start || new_phrase(&text[ends..start])))
                && !(cue.follows && (at < end || !subject_gap(&text[end..at])))
                // A move opening right after a version with a verb of its
                // own ("garden-runc 1.19.9 bumps containerd to 1.3.0") has
                // that version for subject: it takes in the ones after.
                && !(cue.status == "adopted"
                    && at >= end
                    && text[end..at].trim().is_empty()
                    && m.as_str()
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.len() > 3 && w.ends_with('s')))
            {
                matches.push((at, ends, k));
            }
        }
    }
    // A cue in parentheses is an aside for a version outside them
    // ("Released (or to be released) in v2.39.0").
    let depth = |pos: usize| {
        let s = &text[sentence.start..pos];
        s.matches('(')
            .count()
            .saturating_sub(s.matches(')').count())
    };
    // But parentheses right after the version say whether it is out ("1.8.0
    // (Released Feb 13th)"); other words there describe it ("(the one with
    // the CVE fix)").
    if depth(start) == 0 {
        let after = text[end..].len() - text[end..].trim_start().len();
        let own = text[end + after..].starts_with('(').then(|| {
            let open = end + after;
            let close = text[open..].find(')').map_or(sentence.end, |k| open + k);
            open..close
        });
        matches.retain(|&(s, _, k)| {
            depth(s) == 0
                || own.as_ref().is_some_and(|o| o.contains(&s))
                    && matches!(
                        rules.release_cues[k].status.as_str(),
                        "released" | "planned"
                    )
        });
    }
    // A word after the version's clause that says a version is only
    // referred to ("regression", "reported against") speaks of the one its
    // own clause goes on to name: "cf CLI v6.47.1, patching the header
    // regression from v6.47.0" names 6.47.1 as news.
    matches.retain(|&(s, e, k)| {
        rules.release_cues[k].status != "mentioned"
            || s < clause.end
            || !text[e..clause_at(text, sentence.clone(), s).end]
                .split_whitespace()
                .any(dotted_number)
    });
    // A cue inside a longer one ("cut" in "haven't cut") does not count.
    let all = matches.clone();

    matches.retain(|&(s, e, _)| {
        !all.iter()
            .any(|&(s2, e2, _)| s2 <= s && e <= e2 && (e2 - s2) > (e - s))
    });
    let best = matches.iter().min_by_key(|&&(s, e, k)| {
        // A cue that ends its clause may hold the mark that ends it
        // ("Ruby 2.2.3 added, …").
        let e = s + text[s..e]
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .len();
        // … and one that opens it, the mark before it (", adding Ruby 2…").
        let s_in = e - text[s..e]
            .trim_start_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .len();
        let in_clause = s_in >= clause.start && e <= clause.end;
        let dist = if e <= start {
            start - e
        } else {
            s.saturating_sub(end)
        };
        // A verb after "and" opens a phrase of its own ("adds Ruby 2.2.3
        // and JRuby 9.0.1.0 and removes …"): a cue before the version
        // speaks of it first.
        let coordinated = s >= end && {
            let gap = text[end..s].trim();
            gap.trim_start_matches(',').trim_start() == "and"
        };
        (!in_clause, coordinated, dist, s >= end, k)
    });
    // A version in parentheses is an aside: words outside do not give it a
    // status. Unless the parentheses hold the version alone, naming what
    // the words outside speak of ("Upcoming release of UAA (74.2.0)").
    let opened = text[sentence.start..start].matches('(').count();
    let closed = text[sentence.start..start].matches(')').count();
    let alone =
        text[..start].trim_end_matches(['v', 'V']).ends_with('(') && text[end..].starts_with(')');
    let closed = if alone { opened } else { closed };
    let best =
        best.filter(|&&(s, e, _)| opened <= closed || (s >= clause.start && e <= clause.end));
    match best {
        Some(&(s, _, k)) => (
            rules.release_cues[k].status.clone(),
            rules.release_cues[k].id.clone(),
            // A word of what will be is no aside ("… which will be
            // released next week").
            rules.release_cues[k].status != "planned" && s >= clause.end && {
                let gap = text[clause.end..s].trim_start_matches([',', ' ']);
                ["which ", "that "].iter().any(|w| gap.starts_with(w))
                    && !gap.contains([',', ';', '(', ')'])
            },
        ),
        None => (
            "mentioned".to_string(),
            RULE_DEFAULT_MENTIONED.to_string(),
            false,
        ),
    }
}

/// The kind of component a table's first column names in its header
/// ("| CPI | …", "| Buildpack | …"), when the rules know names of that kind
/// (`aws-cpi`, `ruby-buildpack`): each row's first cell is then one of them.
fn column_kind(header: &str, rules: &Rules) -> Option<String> {
    let h = header.trim().to_lowercase();
    if h.is_empty() || !h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    [h.as_str(), h.strip_suffix('s').unwrap_or(&h)]
        .into_iter()
        .find(|k| named_whole(&format!("x-{k}"), rules).is_some())
        .map(str::to_string)
}

/// The component a text names whole, by a name or a name's shape.
fn named_whole(text: &str, rules: &Rules) -> Option<String> {
    mentions(text, rules)
        .into_iter()
        .find(|m| m.start == 0 && m.end == text.len())
        .map(|m| m.id)
}

/// A row's component in a table of components of one kind: its first
/// cell named with the kind, as the rules read it ("AWS" under "CPI" is
/// aws-cpi, "ruby" under "Buildpack" ruby-buildpack), a release by its
/// project's name ("UAA" under "Release" is uaa), else the two joined
/// (".NET Core": dotnet-core-buildpack). An empty `kind` (a header that
/// only says "Component") takes the cell as it names its component.
fn row_component(b: &Block, kind: &str, rules: &Rules) -> Option<String> {
    let first = normalize_label(b.cells.first()?);
    // A cell that names a release ("cf-mysql-release v29") names the
    // component by the words before the version.
    let first = match first.rsplit_once(' ') {
        Some((name, v)) if version_like(v) => name.trim_end().to_string(),
        _ => first,
    };
    if first.is_empty() || first.split_whitespace().count() > 3 || rules.cue_label(&first).is_some()
    {
        return None;
    }
    // Under a header that only says "component", the cell names it as is.
    if kind.is_empty() {
        return Some(named_whole(&first, rules).unwrap_or_else(|| resolve_name(&first, rules)));
    }
    if let Some(id) = named_whole(&format!("{first} {kind}"), rules) {
        return Some(id);
    }
    let known = named_whole(&first, rules);
    // A release is known by its project's name ("UAA" is uaa, not
    // uaa-release); a CPI or buildpack is not its platform or language.
    if kind.ends_with("release")
        && let Some(known) = known
    {
        return Some(known);
    }
    let name = known.unwrap_or_else(|| resolve_name(&first, rules));
    let name = name.strip_suffix(&format!("-{kind}")).unwrap_or(&name);
    Some(resolve_name(&format!("{name}-{kind}"), rules))
}

/// The component a table column's header names, when it names one and
/// nothing more (a header "Loggregator", not "Loggregator notes"): a name
/// the rules know, or a lowercase release-like name (`cf-syslog-drain`,
/// not "Min-Version").
fn column_component(header: &str, rules: &Rules) -> Option<String> {
    let header = header.trim();
    name_alone(header, !header.chars().any(char::is_uppercase), rules)
}

fn url_repo(url: &str) -> Option<&str> {
    let rest = url.split("://").nth(1)?;
    let mut parts = rest.split('/');
    let host = parts.next()?;
    if !host.contains("github.com") {
        return None;
    }
    parts.nth(1)
}

fn is_release_url(url: &str) -> bool {
    ["/releases/", "/tag/", "/tags/", "/download/"]
        .iter()
        .any(|k| url.contains(k))
}

pub(crate) fn releases(
    outline: &Outline,
    ctx: &Classified,
    states: &[Option<ItemState>],
    column_cues: &ColumnCues,
    rules: &Rules,
    base: &Base,
) -> Vec<Release> {
    let mut out: Vec<Release> = Vec::new();
    let mut last_mention: Option<String> = None;
    let mut heading = None;
    // The component each table column's header names, if it names one and
    // nothing else ("| Loggregator | cf-syslog-drain | results |").
    let mut columns: std::collections::HashMap<usize, Vec<Option<String>>> = Default::default();
    // The kind of component a table's rows are ("| CPI | Latest release |").
    let mut kinds: std::collections::HashMap<usize, String> = Default::default();
    for b in outline
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableHeader)
    {
        let names = b.cells.iter().map(|c| column_component(c, rules)).collect();
        columns.insert(b.table.unwrap_or(usize::MAX), names);
        if let Some(kind) = b.cells.first().and_then(|h| column_kind(h, rules)) {
            kinds.insert(b.table.unwrap_or(usize::MAX), kind);
        } else if b.cells.first().is_some_and(|h| {
            rules
                .component_headers
                .contains(&normalize_label(h).to_lowercase())
        }) {
            // "| Component | Version |": each row names its own, of any kind.
            kinds.insert(b.table.unwrap_or(usize::MAX), String::new());
        }
    }
    for (i, b) in outline.blocks.iter().enumerate() {
        if b.heading != heading {
            heading = b.heading;
            last_mention = None;
        }
        if b.kind == BlockKind::TableHeader {
            continue;
        }
        // The name a version refers back to is carried into a pasted code
        // block (release notes under their announcement), not further.
        let label_name = b.parent.and_then(|p| bare_name(&outline.blocks[p], rules));
        if b.kind != BlockKind::Code {
            last_mention = label_name.clone();
        }
        // No digit, no version: skip the block, unless a code block after it
        // may refer back to the names it holds.
        let has_digit = b
            .lines
            .iter()
            .map(|l| &l.text)
            .chain(b.urls.iter().map(|u| &u.dest))
            .any(|t| t.bytes().any(|c| c.is_ascii_digit()));
        let feeds_code = outline
            .blocks
            .get(i + 1)
            .is_some_and(|n| n.kind == BlockKind::Code);
        if !has_digit && !feeds_code && b.kind != BlockKind::Code {
            continue;
        }
        let here = ctx.of(b.heading);
        let project = states[i]
            .as_ref()
            .map(|s| s.project.as_str())
            .or(here.project.as_deref());
        // Which components are the project's own goes by its joined id.
        let project_id = if project == here.project.as_deref() {
            here.project_id.as_deref()
        } else {
            project
        };
        // Work not yet done: planned, or under a cue label ("#### Upcoming:").
        // A label's work is that of the cue it passes down ("- [cf CLI
        // v7.1.0](…)" over its highlights, under "#### On Deck:").
        let is_label = |k: usize| {
            states[k]
                .as_ref()
                .is_some_and(|s| s.rule == super::items::RULE_LABEL)
        };
        let work_status = |k: usize| {
            states[k].as_ref().and_then(|s| {
                if is_label(k) {
                    s.child_cue.as_ref().map(|c| c.0.as_str())
                } else {
                    Some(s.status.as_str())
                }
            })
        };
        let unfinished_at = |k: usize| matches!(work_status(k), Some("planned" | "in_progress"));
        let unfinished = unfinished_at(i);
        let label = is_label(i);
        // Whether the item this one hangs under is itself work not yet done.
        let parent_unfinished = b.parent.is_some_and(unfinished_at);
        // The releases not yet out that the item this one hangs under
        // announces: a version of something else in it is part of them.
        let pending: Vec<(String, String)> = b
            .parent
            .map(|p| {
                let line = outline.blocks[p].line;
                out.iter()
                    .rev()
                    .take_while(|r| r.line >= line)
                    .filter(|r| r.line == line && r.status == "planned" && r.by.is_none())
                    .map(|r| (r.component.to_string(), r.version.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        // An update with no cue word: a plain description, or a shape that
        // is news (an item that is only a version).
        // (That shape under a cue heading or label takes its status: "- [cf
        // CLI v7.1.0](…)" under "#### Recently Completed:".)
        let plain_update = states[i].as_ref().is_some_and(|s| {
            s.rule == super::items::RULE_DEFAULT_UPDATE
                || s.status == "done"
                    && (rules.item_shapes.iter().any(|c| c.id == s.rule)
                        || super::items::from_cue_label(&s.rule)
                            && super::items::is_news_shape(&s.text, rules))
        }) || label && work_status(i) == Some("done");

        let scanned: Vec<_> = b
            .lines
            .iter()
            .map(|line| {
                let found = mentions(&line.text, rules);
                let (plain, in_urls) = candidates(&line.text, rules, &found);
                (line, found, plain, in_urls)
            })
            .collect();
        // A version written in the block's text is not taken again from a link target.
        let visible: Vec<String> = scanned
            .iter()
            .flat_map(|s| s.2.iter().map(|c| c.version.clone()))
            .collect();
        // In a table whose column headers name components, a version in a
        // cell that names none is of its column's component.
        let table = b.table.filter(|_| b.kind == BlockKind::TableRow);
        let names = table.and_then(|t| columns.get(&t));
        let cues = table.and_then(|t| column_cues.get(&t));
        let offsets =
            if names.is_some() || cues.is_some() || table.is_some_and(|t| kinds.contains_key(&t)) {
                b.cell_offsets()
            } else {
                Vec::new()
            };
        // The cell of the row's line a position is in.
        let cell_at = |line_no: usize, pos: usize| -> Option<usize> {
            if line_no != b.line {
                return None;
            }
            offsets
                .iter()
                .zip(&b.cells)
                .position(|(at, c)| at.is_some_and(|at| at <= pos && pos < at + c.len()))
        };
        let row = table
            .and_then(|t| kinds.get(&t))
            .and_then(|kind| row_component(b, kind, rules));
        // The cell of a version that names no component in it.
        let unnamed_cell = |line_no: usize, pos: usize, found: &[Mention]| -> Option<usize> {
            let k = cell_at(line_no, pos)?;
            let (at, len) = (offsets[k]?, b.cells[k].len());
            (!found.iter().any(|m| m.start >= at && m.end <= at + len)).then_some(k)
        };
        let column_of = |line_no: usize, pos: usize, found: &[Mention]| -> Option<String> {
            let k = unnamed_cell(line_no, pos, found)?;
            names?.get(k)?.clone()
        };
        // A version in a later cell of a row that names a component.
        let row_of =
            |line_no: usize, pos: usize, found: &[Mention], text: &str| -> Option<String> {
                let row = row.as_ref()?;
                let k = unnamed_cell(line_no, pos, found)?;
                // Not one named by the word before it ("Node 11.2.0"), nor
                // one that goes on a list after such ("Node 9.5.0 and 8.9.4").
                (k > 0
                    && name_before(text, pos, rules, false).is_none()
                    && !continues_list(&text[..pos]))
                .then(|| row.clone())
            };
        // The status a column's header gives its cells: work to come
        // ("Now", "Next") or done ("Latest release").
        let timed = |k: usize| -> Option<&str> { cues?.get(k)?.as_ref().map(|(s, _)| s.as_str()) };
        // The row's line with the cells under timed columns blanked: what
        // they say is theirs, not the other cells' cue ("| v55.1 |
        // targeting v56 |" under "Latest release" and "Next").
        let outside_cues: Option<String> = cues.and_then(|cs| {
            if !(0..cs.len()).any(|k| timed(k).is_some()) {
                return None;
            }
            let line = b.lines.first()?;
            let spans: Vec<_> = (0..cs.len())
                .filter(|&k| timed(k).is_some())
                .filter_map(|k| {
                    let at = offsets.get(k).copied()??;
                    Some(at..at + b.cells.get(k)?.len())
                })
                .collect();
            Some(blanked(&line.text, &spans))
        });
        // The line above, when its words may be this line's: it goes on
        // into this one and holds no version of its own to speak of.
        let mut above: Option<&str> = None;
        for (line, found, plain, in_urls) in scanned {
            let text = line.text.as_str();
            let prev = std::mem::replace(
                &mut above,
                (plain.is_empty() && in_urls.is_empty()).then_some(text),
            );
            let mut any = false;
            // A table of releases (a row names its component): the row's
            // own release is its one version under no name ("| ruby |
            // 1.7.42 | …"), and the cells after it say what the release
            // holds. A clause of a cell that opens with a version named
            // ("Node.js 12.8.0; Node.js 6.x removed") speaks of that version
            // only; one that opens with a verb ("shipped with Go 1.12.5")
            // speaks of the row's release too.
            let in_table = row.is_some() && line.no == b.line;
            let row_versions: Vec<usize> = if in_table {
                plain
                    .iter()
                    .filter(|c| row_of(line.no, c.start, &found, text).is_some())
                    .map(|c| c.start)
                    .collect()
            } else {
                Vec::new()
            };
            let row_release = match row_versions.as_slice() {
                [one] => cell_at(line.no, *one),
                _ => None,
            };
            let clauses: Vec<std::ops::Range<usize>> = if in_table && plain.len() > 1 {
                (0..b.cells.len())
                    .filter_map(|k| Some((offsets.get(k).copied()??, b.cells.get(k)?)))
                    .flat_map(|(at, cell)| {
                        clause_spans(cell).map(move |r| at + r.start..at + r.end)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let clause_of = |pos: usize| clauses.iter().find(|r| r.contains(&pos)).cloned();
            // The row with the clauses that open with another version blanked.
            let others_blanked = |pos: usize| -> Option<String> {
                let own = clause_of(pos)?;
                let spans: Vec<_> = clauses
                    .iter()
                    .filter(|r| {
                        **r != own
                            && plain.iter().any(|c| {
                                r.contains(&c.start) && opens_with(&text[r.start..c.start])
                            })
                    })
                    .cloned()
                    .collect();
                (!spans.is_empty()).then(|| blanked(text, &spans))
            };
            // The row's own release (in cell `k`, ending at `end`): a later
            // cell speaks of it only in a clause that opens with a cue ("|
            // 1.6.17 | removes Node 7.x |", "| 3363.20 | pulled within 2
            // hours |"); its other clauses say what they name ("| v2.0.13 |
            // `bosh ssh` works on Windows |"). Those are blanked, and so are
            // the marks between the version and the first clause kept,
            // which then reads as said of the version.
            let release_row = |k: usize, end: usize| -> String {
                let mut spans = Vec::new();
                let mut first_kept = None;
                for j in k + 1..b.cells.len() {
                    let Some(at) = offsets.get(j).copied().flatten() else {
                        continue;
                    };
                    for r in clause_spans(&b.cells[j]) {
                        let clause = &b.cells[j][r.clone()];
                        let from = at + r.start + (clause.len() - clause.trim_start().len());
                        if opens_with_cue(&text[from..at + r.end], rules) {
                            first_kept.get_or_insert(from);
                        } else {
                            spans.push(at + r.start..at + r.end);
                        }
                    }
                }
                if let Some(to) = first_kept {
                    spans.extend(
                        text[end..to]
                            .char_indices()
                            .filter(|&(_, ch)| matches!(ch, '|' | ';' | ',' | ':'))
                            .map(|(i, _)| end + i..end + i + 1),
                    );
                }
                blanked(text, &spans)
            };
            for c in &plain {
                let column = column_of(line.no, c.start, &found);
                let in_row = row_of(line.no, c.start, &found, text);
                let cell = cell_at(line.no, c.start);
                let component = column
                    .clone()
                    .or_else(|| in_row.clone())
                    .unwrap_or_else(|| {
                        component_for(
                            text,
                            c,
                            &found,
                            &last_mention,
                            label_name.as_deref(),
                            project_id,
                            rules,
                        )
                    });
                // The link to a release tag whose text holds the version.
                let tag_link = b
                    .urls
                    .iter()
                    .find(|u| u.no == line.no && u.span.contains(&c.start) && is_tag_url(&u.dest));
                // A version that is the text of a link to its release tag,
                // with no name in that text, is of the tag's repository when
                // no known name before it on the line named its component:
                // only the section did ("Shipped [v1.19.16](…/garden-runc-
                // release/…)" under "Garden"), or a word before it that names
                // nothing known ("Tested against [v2.41.0](…/diego-release/…)");
                // and when the section's component is not numbered so
                // ("Delivered [v21](…/postgres-release/…/v21)" under "Postgres").
                let guessed = || {
                    !found.iter().any(|m| m.start < c.start)
                        && (rules.component(&component).is_none()
                            || project_id.is_some_and(|p| project_component(p, rules) == component))
                };
                let component = match tag_link {
                    Some(u)
                        if !found.iter().any(|m| u.span.contains(&m.start))
                            && ((c.numbered_only && !is_numbered(&component, rules))
                                || guessed()) =>
                    {
                        url_repo(&u.dest)
                            .map(|r| resolve_name(r, rules))
                            // A repository the rules know ("garden-runc-release"
                            // is garden-runc); an unknown one ("cli") says less
                            // than the section, except for a bare number.
                            .filter(|r| c.numbered_only || rules.component(r).is_some())
                            .unwrap_or(component)
                    }
                    _ => component,
                };
                // A number after a name that has its own version between
                // ("drop vSphere 6.0 in v54" under "vSphere CPI", "Go 1.15
                // for v4.0.0" under "App Autoscaler") is not that name's but
                // the section's. Only after a word of when ("in v54"): a
                // name right before the number owns it ("Keystone v3"); a
                // dotted version only after one that cannot go on the name's
                // own range ("Go from 1.10 to 1.11", "with 1.16 support").
                let named_has_own = |words: &[&str]| {
                    let m = found.iter().rfind(|m| m.end <= c.start)?;
                    let before = text[..c.start].trim_end_matches(['v', 'V']);
                    let word = before.split_whitespace().next_back().unwrap_or("");
                    if !is_one_of(word, words) {
                        return None;
                    }
                    plain
                        .iter()
                        .find(|o| !o.numbered_only && o.start >= m.end && o.start < c.start)
                        .map(|own| (m, own))
                };
                let section = || project_id.map(|p| project_component(p, rules));
                // Only for a number its name cannot own: the section's
                // component is looked up for no other version.
                let component = if c.numbered_only && !is_numbered(&component, rules) {
                    let when = ["in", "with", "from", "until", "till", "since", "by", "for"];
                    match section() {
                        Some(own) if is_numbered(&own, rules) && named_has_own(&when).is_some() => {
                            own
                        }
                        _ => component,
                    }
                } else if !c.numbered_only
                    && column.is_none()
                    && in_row.is_none()
                    && named_has_own(&["in", "for", "until", "till", "since", "by"]).is_some_and(
                        // Not a later version of the name's own line ("Go
                        // 1.14 is supported until 1.14.15").
                        |(m, own)| m.id == component && major(&own.version) != major(&c.version),
                    )
                {
                    match section() {
                        Some(own) if own != component && rules.component(&own).is_some() => own,
                        _ => component,
                    }
                } else {
                    component
                };
                if c.numbered_only && !is_numbered(&component, rules) {
                    continue;
                }
                any = true;
                // A cell under a column headed with a cue ("Now", "Next") is
                // a time of its own: the words of the other cells are not
                // its cue ("| 1.0 GA this month | … | cf-release EOL |").
                let column_status = cell.and_then(|k| Some((k, timed(k)?)));
                let own_cell =
                    column_status.and_then(|(k, _)| offsets[k].map(|at| at..at + b.cells[k].len()));
                // The release is the item itself: the version among its first words.
                let leads_item =
                    line.no == b.line && text[..c.start].split_whitespace().take(4).count() <= 3;
                // A version opening its item with a colon heads its notes
                // ("routing-release 0.189.0: gorouter now defaults to TLS"):
                // their words are their own subjects', not the version's.
                let notes = leads_item
                    .then(|| {
                        let gap = &text[c.end..];
                        let colon = c.end + (gap.len() - gap.trim_start().len());
                        // Unless a cue opens them ("cf CLI 6.40.0: pulled
                        // due to a regression"): then they speak of it.
                        let rest = text.get(colon + 1..).unwrap_or("").trim_start();
                        (text[colon..].starts_with(':') && !opens_with_cue(rest, rules))
                            .then_some(colon)
                    })
                    .flatten();
                let blanked = match (notes, &own_cell) {
                    (_, Some(_)) => None,
                    (Some(colon), None) => {
                        Some(blanked(text, std::slice::from_ref(&(colon..text.len()))))
                    }
                    (None, None) => match (row_release, cell) {
                        (Some(k), Some(here)) if in_table && k == here => {
                            Some(release_row(k, c.end))
                        }
                        // What a release's row says it holds: each clause of a
                        // later cell is a note of its own ("| 1.6.17 | Node
                        // 9.5.0 and 8.9.4; removes Node 7.x |").
                        (Some(k), Some(here)) if in_table && here > k => {
                            clause_of(c.start).map(|own| {
                                let rest: Vec<_> =
                                    clauses.iter().filter(|r| **r != own).cloned().collect();
                                blanked(text, &rest)
                            })
                        }
                        _ => others_blanked(c.start),
                    },
                };
                let (scope, off) = match (&own_cell, &outside_cues, &blanked) {
                    (Some(r), _, _) => (&text[r.clone()], r.start),
                    (None, Some(masked), _) if line.no == b.line => (masked.as_str(), 0),
                    (None, _, Some(masked)) => (masked.as_str(), 0),
                    _ => (text, 0),
                };
                // A major line named after its number ("V7 CLI is now
                // GA"): the words after its name, which the version rule's
                // match holds, are the ones after it.
                let named_after =
                    c.major_line && text[c.end..c.whole_end].chars().any(char::is_alphabetic);
                let end = if named_after { c.whole_end } else { c.end } - off;
                let (mut status, rule, relative) = match &c.status {
                    Some(s) => (s.clone(), c.rule.clone(), false),
                    None => match (release_status_in(scope, c.start - off, end, rules), prev) {
                        // A version on a line that goes on from the one above
                        // ("Released [Diego⏎2.49.0](…)") is read with it: the
                        // sentence decides where its words end.
                        (r, Some(p)) if r.1 == RULE_DEFAULT_MENTIONED => {
                            let joined = format!("{p} {text}");
                            let off = p.len() + 1;
                            release_status_in(&joined, off + c.start, off + c.end, rules)
                        }
                        (r, _) => r,
                    },
                };
                // A move to a dependency's version in work not yet done is
                // planned ("Bump to Golang 1.13" under Upcoming), and so is
                // one in a release not yet out ("Built with Golang 1.9.2"
                // under "Expecting to release cf CLI 6.33.0 soon:").
                // A label's cue is its release's only when it names one
                // ("[cf CLI v7.1.0](…)"), not a version it speaks of ("Bugs
                // reported against cf-deployment v13.0.0").
                // In a table with columns of work to come, the column
                // decides, not the row's item as a whole.
                let unfinished = match column_status {
                    Some((_, s)) => s != "done",
                    None => unfinished && (!label || leads_item),
                };
                if (unfinished || parent_unfinished && !pending.is_empty())
                    && let Some(w) = rules
                        .release_cues
                        .iter()
                        .find(|c| c.id == rule)
                        .and_then(|c| c.when_unfinished.clone())
                {
                    status = w;
                }
                // A column's header names its component as surely as the text.
                let named =
                    column.is_some() || in_row.is_some() || found.iter().any(|m| m.id == component);
                // "Support for signed URLs (2.19.0)": the project's own
                // version closing an update of done work is the release
                // that shipped it (not "Bumped libpq (10.4)": libpq's).
                let shipped_in = rule == RULE_DEFAULT_MENTIONED
                    && column.is_none()
                    && work_status(i) == Some("done")
                    && !c.major_line
                    && closes_item(text, c.start, c.end)
                    && project_id.is_some_and(|p| project_component(p, rules) == component);
                // A version under a component's column is a reference in a
                // table of versions (a compatibility matrix), not news.
                let rule = if column.is_some() {
                    rule
                } else if rule == RULE_DEFAULT_MENTIONED
                    && let Some((_, s)) = column_status
                {
                    // A version with no cue of its own under a column of what
                    // is out ("Latest release") or still to come ("Next").
                    settle(
                        &mut status,
                        s == "done",
                        ("released", RULE_DEFAULT_ANNOUNCED),
                    )
                } else if rule == RULE_DEFAULT_MENTIONED
                    && in_row.is_none()
                    && row.as_deref().is_some_and(|r| r != component)
                    && row_release.zip(cell).is_some_and(|(k, here)| here > k)
                    && clause_of(c.start).is_some_and(|r| bare_version(&text[r], &c.version))
                {
                    // "| ruby | 1.7.42 | Ruby 2.6.3, Bundler 2.0.2 |": the
                    // release's dependencies, each named bare in a clause of
                    // its own, taken in with it (or to be).
                    settle(&mut status, !unfinished, ("adopted", RULE_DEFAULT_ADOPTED))
                } else if rule == RULE_DEFAULT_MENTIONED
                    && (plain_update
                        || (notes.is_some() || in_row.is_some() && row_release.is_some())
                            && work_status(i) == Some("done"))
                    && leads_item
                    // A CLI's major line opening an item ("CLI v6
                    // refactors") names the line, not a release.
                    && !c.major_line
                {
                    // Named on its own line: a label's versions ("- cf-for-k8s"
                    // over "  - v3.1.0") are that component's releases.
                    // Or a release's name heading its notes ("routing-release
                    // 0.189.0: …"); not a dependency's ("Go 1.12.9: bumped").
                    let labelled = label_name.as_deref() == Some(component.as_str())
                        || notes.is_some()
                            && rules
                                .component_patterns
                                .iter()
                                .any(|p| p.release_numbered && p.re.is_match(&component));
                    if named
                        && !labelled
                        && project_id.is_some_and(|p| is_dependency_of(&component, p, rules))
                    {
                        status = "adopted".to_string();
                        RULE_DEFAULT_ADOPTED.to_string()
                    } else {
                        status = "released".to_string();
                        RULE_DEFAULT_ANNOUNCED.to_string()
                    }
                } else if shipped_in {
                    status = "released".to_string();
                    RULE_DEFAULT_ANNOUNCED.to_string()
                } else if rule == RULE_DEFAULT_MENTIONED
                    && unfinished
                    && !c.major_line
                    // "2.0-style deployments" names a kind, not a version to come.
                    && !["-style", " style", "-like", "-ish", "-compatible", " compatible"]
                        .iter()
                        .any(|k| text[c.end..].starts_with(k))
                    && !placed(&text[..c.start])
                {
                    // The version the unfinished work is about: a release
                    // being prepared ("3.3.0 Release is being wrapped up"),
                    // or one the work moves to ("Working on support for
                    // Kubernetes 1.13").
                    status = "planned".to_string();
                    RULE_DEFAULT_UNFINISHED.to_string()
                } else if rule == RULE_DEFAULT_MENTIONED
                    && !unfinished
                    && !parent_unfinished
                    && !c.major_line
                    && names_release(&text[c.end..])
                    && !awaits(&text[..c.start])
                {
                    // "Garden 1.4.0 and 1.5.0 releases with:", "v9.0 release -
                    // CVE fix": a version called a release, with no word of
                    // when, in work that is not still to come, is out.
                    status = "released".to_string();
                    RULE_DEFAULT_ANNOUNCED.to_string()
                } else if (rule == RULE_DEFAULT_MENTIONED || relative)
                    && tag_link.is_some_and(|u| u.dest.contains(&c.version))
                {
                    status = "released".to_string();
                    RULE_DEFAULT_TAGGED.to_string()
                } else if rule == RULE_DEFAULT_MENTIONED
                    && !pending.is_empty()
                    // Another version of the pending release's own component
                    // is an earlier one referred to ("the bug 6.32.1 users hit").
                    && !pending
                        .iter()
                        .any(|(comp, v)| *comp == component && *v != c.version)
                {
                    status = "planned".to_string();
                    RULE_DEFAULT_PENDING.to_string()
                } else {
                    rule
                };
                push(
                    &mut out, base, line.no, component, c, status, rule, project, text, named,
                );
            }
            // Versions only in a link target (visible text or destination).
            if !any {
                // Each with where its link sits in the line, and whether the
                // link points at the release's tag.
                let mut from_urls: Vec<(Candidate, Option<&Url>, bool)> = in_urls
                    .into_iter()
                    .map(|c| {
                        let tagged = is_tag_url(token_at(text, c.start));
                        (c, None, tagged)
                    })
                    .collect();
                // A bare release address written out in the text
                // ("* https://github.com/…/releases/tag/4.4.0").
                if text.contains("://") {
                    let mut at = 0;
                    for token in text.split_whitespace() {
                        let start = at + text[at..].find(token).unwrap_or(0);
                        at = start + token.len();
                        if !token.contains("://") || !is_release_url(token) {
                            continue;
                        }
                        let tagged = is_tag_url(token);
                        for c in versions_in_address(token, start, rules) {
                            from_urls.push((c, None, tagged));
                        }
                    }
                }
                for u in b
                    .urls
                    .iter()
                    .filter(|u| u.no == line.no && is_release_url(&u.dest))
                {
                    // Positions in the link target mean nothing in the line's
                    // text; the link's own span places it.
                    let tagged = is_tag_url(&u.dest);
                    for c in versions_in_address(&u.dest, 0, rules) {
                        from_urls.push((c, Some(u), tagged));
                    }
                }
                for (c, link, tagged) in from_urls
                    .into_iter()
                    .filter(|(c, _, _)| !visible.contains(&c.version))
                {
                    // Named by the link's own text ("[cf CLI](…/tag/v6.32.0)"),
                    // else by the repository it points to, else by the line.
                    let dest = link.map_or_else(|| token_at(text, c.start), |u| u.dest.as_str());
                    let comp = link
                        .and_then(|u| found.iter().find(|m| u.span.contains(&m.start)))
                        .map(|m| m.id.clone())
                        .or_else(|| url_repo(dest).map(|r| resolve_name(r, rules)))
                        .or_else(|| found.first().map(|m| m.id.clone()))
                        .unwrap_or_else(|| {
                            component_for(
                                text,
                                &c,
                                &found,
                                &last_mention,
                                label_name.as_deref(),
                                project_id,
                                rules,
                            )
                        });
                    let at = link.map_or(c.start, |u| u.span.start.min(text.len()));
                    let (mut status, mut rule) = release_status(text, at, at, rules);
                    if tagged && rule == RULE_DEFAULT_MENTIONED {
                        status = "released".to_string();
                        rule = RULE_DEFAULT_TAGGED.to_string();
                    }
                    push(
                        &mut out, base, line.no, comp, &c, status, rule, project, text, false,
                    );
                }
            }
            if let Some(m) = found.last() {
                last_mention = Some(m.id.clone());
            }
        }
        if b.kind == BlockKind::LinkDef {
            link_def_status(outline, b, &mut out, rules);
        }
    }
    // Versions in headings ("#### Released in Diego-Release v2.39.0:").
    for (i, h) in outline.headings.iter().enumerate() {
        if matches!(ctx.headings[i], HeadingClass::Title) {
            continue;
        }
        let text = h.text.as_str();
        let found = mentions(text, rules);
        let (plain, _) = candidates(text, rules, &found);
        let project = ctx.contexts[i].project.as_deref();
        let project_id = ctx.contexts[i].project_id.as_deref();
        for c in &plain {
            let component = component_for(text, c, &found, &None, None, project_id, rules);
            if c.numbered_only && !is_numbered(&component, rules) {
                continue;
            }
            let (mut status, mut rule) = match &c.status {
                Some(s) => (s.clone(), c.rule.clone()),
                None => release_status(text, c.start, c.end, rules),
            };
            let named = found.iter().any(|m| m.id == component);
            // A heading that names a component's version and says nothing
            // more of it ("#### Stratos 4.2 release") announces it.
            if rule == RULE_DEFAULT_MENTIONED && named && !c.major_line {
                status = "released".to_string();
                rule = RULE_DEFAULT_ANNOUNCED.to_string();
            }
            push(
                &mut out, base, h.line, component, c, status, rule, project, text, named,
            );
        }
    }
    out
}

/// A reference-style definition takes the status of the sentence that uses it.
fn link_def_status(outline: &Outline, def: &Block, out: &mut [Release], rules: &Rules) {
    // Most definitions hold no version: nothing to give a status to.
    if !out.iter().any(|r| r.line == def.line) {
        return;
    }
    // Found case-insensitively in the line itself, as a whole word: the
    // positions are the line's own (lowercasing can change a length).
    let written = def.text();
    let label = written.trim();
    if label.is_empty() {
        return;
    }
    let usage = outline
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::LinkDef)
        .flat_map(|b| b.lines.iter())
        .find_map(|l| {
            let (start, end) = find_word_ignoring_case(&l.text, label)?;
            Some((l, start, end))
        });
    let Some((usage, start, end)) = usage else {
        return;
    };
    let (status, rule) = release_status(&usage.text, start, end, rules);
    // A label that is a bare version (`[1.15.0]: …`) names no component:
    // the sentence that uses it does ("Released cflinuxfs2 versions
    // [1.14.0][], [1.15.0][]").
    let bare = !label
        .chars()
        .any(|c| c.is_alphabetic() && !matches!(c, 'v' | 'V'));
    let sentence = sentence_at(&usage.text, start);
    let named = bare
        .then(|| {
            mentions(&usage.text, rules)
                .into_iter()
                .rfind(|m| m.start >= sentence.start && m.end <= start)
        })
        .flatten();
    // The status the using line's own fact of that version has, when it
    // has one: it weighs the item's state too ("[CLI v6.14.0][] is in
    // final acceptance" is planned), not only the words' cues.
    let used: Vec<Option<(String, String)>> = out
        .iter()
        .filter(|r| r.line == def.line)
        .map(|d| {
            out.iter()
                .find(|r| r.line == usage.no && r.version == d.version)
                .map(|r| (r.status.clone(), r.rule.clone()))
        })
        .collect();
    for (r, used) in out.iter_mut().filter(|r| r.line == def.line).zip(used) {
        let (status, rule) = used.unwrap_or_else(|| (status.clone(), rule.clone()));
        r.status = status;
        r.rule = rule;
        if let Some(m) = &named {
            r.component = m.id.clone();
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Release>,
    base: &Base,
    line: usize,
    component: String,
    c: &Candidate,
    status: String,
    rule: String,
    project: Option<&str>,
    text: &str,
    named: bool,
) {
    // One fact per version on a line, unless the line names another
    // component with the same version ("cf CLI 6.42.0 and capi 6.42.0").
    if out
        .iter()
        .any(|r| r.line == line && r.version == c.version && (r.component == component || !named))
    {
        return;
    }
    let by = (status == "adopted")
        .then(|| project.map(str::to_string))
        .flatten();
    out.push(Release {
        file: base.file.to_string(),
        line,
        component,
        version: c.version.clone(),
        status,
        date: base.date,
        rule,
        version_rule: c.rule.clone(),
        by,
        major_line: c.major_line,
        project: project.map(str::to_string),
        text: super::text::quote(text, c.start, QUOTE_MAX),
        when: None,
    });
}

#[cfg(test)]
mod tests {
    use super::{moved_name, name_before, of_name_after};
    use crate::rules::{RuleSource, Rules};

    #[test]
    fn a_version_of_a_named_project_is_its_components() {
        let rules = Rules::load(&RuleSource::Embedded).unwrap();
        let of = |text: &str, version: &str| {
            let at = text.find(version).unwrap() + version.len();
            of_name_after(text, at, &rules)
        };
        let text = "they should work against both 6.25 and 6.26 of the CLI.";
        assert_eq!(of(text, "6.25").as_deref(), Some("cf-cli"));
        assert_eq!(of(text, "6.26").as_deref(), Some("cf-cli"));
        // Not a name (no capital), and not a version's own ("of the
        // work"): no name at all.
        assert_eq!(of("landed 2.0 of the work", "2.0"), None);
        assert_eq!(of("2.0 in time for most of the CLI users", "2.0"), None);
        // A component's own name is a mention's to find, not a project's
        // whose claimant it would give ("CAPI" is capi, not cc-api).
        assert_eq!(of("cut 3.19.0 of the CAPI", "3.19.0"), None);
        // A gap with words in it: the "of" is not the version's.
        assert_eq!(
            of(
                "6.26 landed after a long week of work on the pipelines of the CLI",
                "6.26"
            ),
            None
        );
    }

    #[test]
    fn a_move_names_what_moved_before_the_word_version() {
        let rules = Rules::load(&RuleSource::Embedded).unwrap();
        let text = "Updated CLI version to 6.26";
        assert_eq!(
            moved_name(text, text.find("6.26").unwrap(), &rules).as_deref(),
            Some("cli")
        );
    }

    #[test]
    fn a_name_before_a_version_is_within_its_clause() {
        let rules = Rules::load(&RuleSource::Embedded).unwrap();
        let at = |text: &str, version: &str| {
            name_before(text, text.find(version).unwrap(), &rules, true)
        };
        assert_eq!(
            at("Released GrootFS Diagnostics 0.2.0", "0.2.0").as_deref(),
            Some("grootfs-diagnostics")
        );
        // A sentence ends before the version: the word before is no name.
        assert_eq!(
            at(
                "using the file system driver. v0.16.0 adds flags",
                "v0.16.0"
            ),
            None
        );
        assert_eq!(
            at("thanks to feedback from SAP, 2.20.0 and 2.22.0", "2.20.0"),
            None
        );
        // "both", "either": words of the sentence, not names.
        assert_eq!(at("should work against both 6.25 and 6.26", "6.25"), None);
    }
}
