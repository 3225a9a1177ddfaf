//! Rules: the data that tells the extractor what to look for.
//!
//! Rules live in `rules/*.yaml` so that a user can teach the tracker a new
//! component alias or status word without touching Rust. Every file has the
//! same shape ([`RuleFile`], all sections optional); the files of a folder are
//! merged in file-name order. Loading goes `RuleFile` (raw serde, strict:
//! unknown keys are errors) → [`Rules`] (validated, regexes compiled).
//! Every problem found in any file is collected and reported at once, each
//! with the rule file, line and column, so a user fixes them in one pass.
//!
//! The project's own `rules/` folder is embedded in the binary, so `roadmap`
//! runs from any folder; `--rules DIR` replaces it.

mod lazy;
pub mod prefilter;
mod raw;

pub use lazy::LazyRegex;

use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

pub use prefilter::Prefilter;

pub use raw::{
    CommitteeRule, ComponentPattern, ComponentRule, CueLabel, CueRule, DateRule, Example,
    ExpectItem, ExpectMeeting, ExpectProjectStatus, ExpectRelease, ExpectTransition, ExpectWhen,
    RuleFile, SectionKind, SectionRule, TagRule, TransitionRule, VersionRule, json_schema,
};

/// The default rules, embedded at build time (file name, contents).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "components.yaml",
        include_str!("../../rules/components.yaml"),
    ),
    ("items.yaml", include_str!("../../rules/items.yaml")),
    ("meetings.yaml", include_str!("../../rules/meetings.yaml")),
    ("releases.yaml", include_str!("../../rules/releases.yaml")),
    ("sections.yaml", include_str!("../../rules/sections.yaml")),
    ("timeline.yaml", include_str!("../../rules/timeline.yaml")),
    (
        "transitions.yaml",
        include_str!("../../rules/transitions.yaml"),
    ),
];

/// Largest rules file accepted: rules are small; anything bigger is a mistake
/// (or an attack) and is refused before parsing.
pub const MAX_RULE_FILE_BYTES: u64 = 1 << 20;
/// Furthest a relative date may reach past the meeting (about 100 years).
const MAX_DAYS: i64 = 36_525;

/// One problem in one rule file, located by line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending source line, shown with a caret under the column.
    pub source_line: Option<String>,
}

impl RuleError {
    /// An error about a whole file or folder (it is reported at its start).
    fn whole_file(file: impl Into<String>, message: String) -> RuleError {
        RuleError {
            file: file.into(),
            line: 1,
            column: 1,
            message,
            source_line: None,
        }
    }
}

/// Why a file over [`MAX_RULE_FILE_BYTES`] is refused.
fn too_big_message() -> String {
    format!("rules file is larger than {MAX_RULE_FILE_BYTES} bytes; refusing to parse it")
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(src) = &self.source_line {
            let pad: String = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n  | {src}\n  | {pad}^")?;
        }
        Ok(())
    }
}

/// All the problems found while loading a rule set.
#[derive(Debug, thiserror::Error)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} error{} in rules", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "\n{e}")?;
        }
        Ok(())
    }
}

/// A regex compiled from a rule, with the rule's id.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub re: LazyRegex,
}

/// A compiled status cue.
#[derive(Debug, Clone)]
pub struct Cue {
    pub id: String,
    pub re: LazyRegex,
    pub status: String,
    pub unless: Vec<LazyRegex>,
    /// Status given to nested items that have no cue of their own.
    pub children: Option<String>,
    /// Decides whenever it matches, before the earliest-cue rule.
    pub whole: bool,
    /// Status when the item is still planned or in progress.
    pub when_unfinished: Option<String>,
    /// Yields to a label above the item that says its work is planned.
    pub weak: bool,
    /// Speaks only of versions after it.
    pub precedes: bool,
    /// Speaks only of the version right before it.
    pub follows: bool,
}

impl Cue {
    /// Does a match at `text[m]` survive the rule's `unless` vetoes?
    pub fn accepts(&self, matched: &str) -> bool {
        !self.unless.iter().any(|u| u.is_match(matched))
    }
}

#[derive(Debug, Clone)]
pub struct Label {
    pub id: String,
    pub re: LazyRegex,
    pub status: String,
    pub force: bool,
    /// Passes down the cue from above instead, when there is one.
    pub yields: bool,
}

#[derive(Debug, Clone)]
pub struct Component {
    pub id: String,
    pub re: LazyRegex,
    pub projects: Vec<String>,
    /// Projects that release it without being its section.
    pub released_by: Vec<String>,
    pub release_numbered: bool,
    /// A whole number right after the name is a version, and no other.
    pub numbered_after_name: bool,
}

#[derive(Debug, Clone)]
pub struct CompPattern {
    pub id: String,
    pub re: LazyRegex,
    pub release_numbered: bool,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub id: String,
    pub re: LazyRegex,
    pub component: Option<String>,
    pub status: Option<String>,
    pub only_after_component: bool,
    pub numbered_only: bool,
    pub major_line: bool,
    /// Every match holds an ASCII digit: a text without one is not tried.
    pub needs_digit: bool,
}

#[derive(Debug, Clone)]
pub struct Transition {
    pub id: String,
    pub re: LazyRegex,
    pub to: String,
    pub from: Option<String>,
    pub status: Option<String>,
    pub label: bool,
    /// Read from a lifecycle table's cell, not from running text.
    pub cell: bool,
    pub unless: Vec<LazyRegex>,
}

/// Which status a column of a lifecycle table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// Each row's new status (`To`).
    To,
    /// Each row's old status (`From`).
    From,
}

/// A column header of a lifecycle table (rules `transition_columns`).
#[derive(Debug, Clone)]
pub struct TransitionColumn {
    pub id: String,
    pub re: LazyRegex,
    pub role: ColumnRole,
    /// What a move under the column is when its row says neither.
    pub status: Option<String>,
    /// A row matching one holds no move.
    pub unless: Vec<LazyRegex>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub kind: SectionKind,
    pub re: LazyRegex,
    pub status: Option<String>,
    pub cue: Option<String>,
}

/// A relative-date expression and how it resolves.
#[derive(Debug, Clone)]
pub struct WhenPattern {
    pub id: String,
    pub re: LazyRegex,
    pub kind: crate::extract::when::Resolve,
    pub days: (i64, i64),
}

/// How items are followed across meetings (rules `timeline.tracks`).
#[derive(Debug, Clone)]
pub struct TrackSettings {
    pub similarity: f64,
    pub slip_after_meetings: usize,
    pub planned_horizon_days: i64,
    pub max_gap_days: i64,
    pub stopwords: Vec<String>,
}

impl Default for TrackSettings {
    fn default() -> Self {
        TrackSettings {
            similarity: 0.35,
            slip_after_meetings: 2,
            planned_horizon_days: 120,
            max_gap_days: 365,
            stopwords: Vec::new(),
        }
    }
}

/// Literal prefilters over groups of rules (see [`prefilter`]).
#[derive(Debug, Clone, Default)]
pub struct Prefilters {
    /// Components, then component patterns.
    pub components: Prefilter,
    pub transitions: Prefilter,
    pub item_cues: Prefilter,
    pub release_cues: Prefilter,
    pub not_versions: Prefilter,
    /// The version grammar: most lines with a digit need only one or two
    /// of its rules (`go1.16` waits for `go`, `CF v231` for `cf`).
    pub versions: Prefilter,
    pub relative_dates: Prefilter,
    pub sections: Prefilter,
    pub cue_labels: Prefilter,
    pub project_strip: Prefilter,
}

impl Prefilters {
    fn build(r: &Rules) -> Prefilters {
        let groups: [Vec<&str>; 10] = [
            r.components
                .iter()
                .map(|c| c.re.as_str())
                .chain(r.component_patterns.iter().map(|c| c.re.as_str()))
                .collect(),
            r.transitions.iter().map(|t| t.re.as_str()).collect(),
            r.item_cues.iter().map(|c| c.re.as_str()).collect(),
            r.release_cues.iter().map(|c| c.re.as_str()).collect(),
            r.not_versions.iter().map(|c| c.re.as_str()).collect(),
            r.versions.iter().map(|v| v.re.as_str()).collect(),
            r.relative_dates.iter().map(|c| c.re.as_str()).collect(),
            r.sections.iter().map(|c| c.re.as_str()).collect(),
            r.cue_labels.iter().map(|c| c.re.as_str()).collect(),
            r.project_strip.iter().map(LazyRegex::as_str).collect(),
        ];
        // The groups are independent, and finding their literals is a third
        // of loading the rules: they are built in parallel.
        let built: Vec<Prefilter> = groups.into_par_iter().map(Prefilter::new).collect();
        let mut built = built.into_iter();
        // Fields are evaluated in the order written: the groups' order above.
        let mut next = || built.next().expect("one prefilter per group");
        Prefilters {
            components: next(),
            transitions: next(),
            item_cues: next(),
            release_cues: next(),
            not_versions: next(),
            versions: next(),
            relative_dates: next(),
            sections: next(),
            cue_labels: next(),
            project_strip: next(),
        }
    }
}

/// A lifecycle tag in a project heading.
#[derive(Debug, Clone)]
pub struct Tag {
    pub id: String,
    pub re: LazyRegex,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct Committee {
    pub id: String,
    pub re: LazyRegex,
    /// The pattern has a group `name`: the committee's name is read from
    /// the text ("SIG Node"), not the rule's id.
    pub named: bool,
}

/// A validated, compiled rule set: what the extractor runs on.
#[derive(Debug, Clone)]
pub struct Rules {
    pub committees: Vec<Committee>,
    pub title_dates: Vec<Pattern>,
    pub file_dates: Vec<Pattern>,
    pub sections: Vec<Section>,
    pub project_strip: Vec<LazyRegex>,
    pub heading_tags: Vec<Tag>,
    pub components: Vec<Component>,
    pub component_patterns: Vec<CompPattern>,
    /// Words that are never a person's name in a heading's lead, lowercase.
    pub not_lead_names: Vec<String>,
    pub name_stopwords: Vec<String>,
    /// Headers of a first column that names each row's component, lowercase.
    pub component_headers: Vec<String>,
    pub versions: Vec<Version>,
    pub not_versions: Vec<Pattern>,
    pub release_cues: Vec<Cue>,
    pub transitions: Vec<Transition>,
    /// Column headers of lifecycle tables (rules `transition_columns`).
    pub transition_columns: Vec<TransitionColumn>,
    pub item_cues: Vec<Cue>,
    pub item_shapes: Vec<Cue>,
    pub cue_labels: Vec<Label>,
    /// Table column headers that time the cells under them (rules
    /// `column_labels`).
    pub column_labels: Vec<Label>,
    pub relative_dates: Vec<WhenPattern>,
    /// The most words an item with nested items can have and be only their
    /// label (rules `item_label_max_words`).
    pub item_label_max_words: usize,
    pub released_twice_days: i64,
    pub tracks: TrackSettings,
    /// Lanes a chart shows at most (rules `timeline.charts.top`).
    pub chart_top: usize,
    /// Every rule with its examples, for `rules test` and the test suite.
    pub examples: Vec<RuleExamples>,
    /// One-pass sets that say which rules can match a text at all.
    pub prefilters: Prefilters,
}

/// The examples one rule carries.
#[derive(Debug, Clone)]
pub struct RuleExamples {
    pub file: String,
    /// Line of the rule's `id:` in its file.
    pub line: usize,
    /// Line of each example, and of each counter-example (the rule's line
    /// where one cannot be found).
    pub example_lines: Vec<usize>,
    pub counter_lines: Vec<usize>,
    pub id: String,
    pub kind: &'static str,
    pub examples: Vec<Example>,
    pub counter: Vec<String>,
    /// The rule's own regex, for counter-examples of rules that make no fact.
    pub re: Option<LazyRegex>,
}

/// Where the rules come from.
#[derive(Debug, Clone)]
pub enum RuleSource {
    Embedded,
    Dir(PathBuf),
}

/// Read every `*.yaml` of a folder (sorted) as (file name, text).
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, RuleErrors> {
    let mut errs = Vec::new();
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return Err(RuleErrors(vec![RuleError::whole_file(
                dir.display().to_string(),
                format!("cannot read rules folder: {e}"),
            )]));
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.display().to_string();
        let too_big = std::fs::metadata(&p).map(|m| m.len() > MAX_RULE_FILE_BYTES);
        match too_big {
            Ok(true) => errs.push(RuleError::whole_file(name, too_big_message())),
            Ok(false) => match std::fs::read_to_string(&p) {
                Ok(t) => files.push((name, t)),
                Err(e) => errs.push(RuleError::whole_file(name, format!("cannot read: {e}"))),
            },
            Err(e) => errs.push(RuleError::whole_file(name, format!("cannot read: {e}"))),
        }
    }
    if files.is_empty() && errs.is_empty() {
        errs.push(RuleError::whole_file(
            dir.display().to_string(),
            "no *.yaml rule files in this folder".into(),
        ));
    }
    if errs.is_empty() {
        Ok(files)
    } else {
        Err(RuleErrors(errs))
    }
}

impl Rules {
    /// The kinds of rule that find a kind of fact, which this rule set has
    /// none of: as (top-level key, what is then not found). A folder given
    /// with `--rules` replaces all the built-in rules, so a folder holding
    /// only some of the files finds nothing of the rest.
    pub fn missing(&self) -> Vec<(&'static str, &'static str)> {
        let checks: [(bool, &str, &str); 7] = [
            (
                self.committees.is_empty(),
                "committees",
                "no meeting gets a committee",
            ),
            (
                self.title_dates.is_empty() && self.file_dates.is_empty(),
                "dates",
                "no meeting gets a date",
            ),
            (self.versions.is_empty(), "versions", "no release is found"),
            (
                self.components.is_empty() && self.component_patterns.is_empty(),
                "components",
                "no release gets its component",
            ),
            (
                self.release_cues.is_empty(),
                "release_cues",
                "every release is `mentioned`",
            ),
            (
                self.transitions.is_empty(),
                "transitions",
                "no transition is found",
            ),
            (
                self.item_cues.is_empty() && self.cue_labels.is_empty(),
                "item_cues",
                "items get their status from defaults only",
            ),
        ];
        checks
            .into_iter()
            .filter(|(empty, _, _)| *empty)
            .map(|(_, key, what)| (key, what))
            .collect()
    }

    /// Load, validate and compile a rule set; every error at once.
    pub fn load(source: &RuleSource) -> Result<Rules, RuleErrors> {
        Self::from_texts(&source.texts()?)
    }

    /// Load rules to run them: as [`Rules::load`], but the built-in rules'
    /// regexes are compiled when first used (see [`LazyRegex`]), as they
    /// were checked whole when the binary was tested. A `--rules` folder is
    /// checked whole here, every error reported at once.
    pub fn load_to_run(source: &RuleSource) -> Result<Rules, RuleErrors> {
        let late = matches!(source, RuleSource::Embedded);
        Self::build(&source.texts()?, None, late)
    }

    /// Parse and compile rule files given as (file name, text).
    pub fn from_texts(files: &[(String, String)]) -> Result<Rules, RuleErrors> {
        Self::build(files, None, false)
    }

    /// The same rules with one rule's regexes made to match nothing, so
    /// that `rules test` can check that a rule's examples need the rule.
    /// `kind` and `id` as in [`RuleExamples`].
    pub fn without(files: &[(String, String)], kind: &str, id: &str) -> Result<Rules, RuleErrors> {
        Self::build(files, Some((kind.to_string(), id.to_string())), false)
    }

    fn build(
        files: &[(String, String)],
        disabled: Option<(String, String)>,
        late: bool,
    ) -> Result<Rules, RuleErrors> {
        let mut b = Builder {
            disabled,
            late,
            ..Builder::default()
        };
        for (name, text) in files {
            b.add_file(name, text);
        }
        b.finish()
    }
}

impl RuleSource {
    /// The rule files as (file name, text), sorted by name.
    pub fn texts(&self) -> Result<Vec<(String, String)>, RuleErrors> {
        match self {
            RuleSource::Embedded => Ok(EMBEDDED
                .iter()
                .map(|(n, t)| (format!("rules/{n}"), t.to_string()))
                .collect()),
            RuleSource::Dir(d) => read_dir(d),
        }
    }
}

#[derive(Default)]
struct Builder {
    errors: Vec<RuleError>,
    rules: Option<Rules>,
    /// Each id's first place, `file:line`.
    ids: std::collections::HashMap<String, String>,
    /// How often each (file, id) has been met so far.
    id_seen: std::collections::HashMap<(String, String), usize>,
    /// (kind, id) of a rule whose regexes are made to match nothing.
    disabled: Option<(String, String)>,
    /// Regexes compiled on first use, not here (trusted built-in rules).
    late: bool,
}

/// `pattern` with its word boundaries (`\b`, `\B`), digits (`\d`, `\D`,
/// outside brackets) and word characters (`\w` anywhere, `\W` outside
/// brackets) made ASCII ones.
///
/// Why: a Unicode word boundary is what the lazy DFA cannot run on
/// non-ASCII text, and Unicode classes are what make a rule's automaton
/// big. Boundaries and digits made half the compiled size of the largest
/// cues (the 20x corpus peak fell by about 4.5 MB); Unicode `\w`, in
/// nearly every rule's gaps and subjects, made the compiled rules 41 MB of
/// a run's memory where ASCII ones take 22, and every extraction thread's
/// automata twice their size (20x corpus peak 200 MB -> 141 MB). Rules are
/// written against English words and Arabic numerals; an ASCII class
/// differs only on a non-ASCII letter ("Köper"), where no rule's word
/// begins or ends. The extracted facts of the corpus, of the 20x corpus
/// and of every test case are the same either way.
///
/// `\W` and `\D` become classes of characters (`[^[:word:]]`, `[^0-9]`):
/// `(?-u:\W)` and `(?-u:\D)` would match single bytes of a multi-byte
/// character (and the regex crate refuses such a pattern).
fn ascii_classes(pattern: &str) -> std::borrow::Cow<'_, str> {
    if !["\\b", "\\B", "\\d", "\\D", "\\w", "\\W"]
        .iter()
        .any(|k| pattern.contains(k))
    {
        return pattern.into();
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // `\b{start}` and the like are left as written.
                Some(b @ ('b' | 'B' | 'd' | 'w'))
                    if class == 0 && !(matches!(b, 'b' | 'B') && chars.peek() == Some(&'{')) =>
                {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                // Not an ASCII word character, as a class of characters:
                // `(?-u:\W)` would match bytes of a character on their own.
                Some('W') if class == 0 => out.push_str("[^[:word:]]"),
                // Not an ASCII digit, likewise (`(?-u:\D)` is refused).
                Some('D') if class == 0 => out.push_str("[^0-9]"),
                // Inside brackets, the ASCII class of word characters.
                Some('w') if class > 0 => out.push_str("[:word:]"),
                Some(n) => {
                    out.push(c);
                    out.push(n);
                }
                None => out.push(c),
            },
            '[' => {
                class += 1;
                out.push(c);
                // A `]` first in a class (`[]x]`, `[^]x]`) is a member.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if class > 0 => {
                class -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.into()
}

/// What a disabled rule's pattern becomes: it matches no text (a class
/// with no member comes first) yet keeps the named groups the loader checks.
fn never(pattern: &str) -> String {
    format!(r"[^\s\S](?:{pattern})")
}

/// Find where `needle` is written in `text` (1-based line and column).
fn locate(text: &str, needle: &str) -> Option<(usize, usize)> {
    locate_from(text, needle, 0)
}

/// [`locate`], from byte `from` on: within the rule that holds the error,
/// when two rules write the same words (`resolve: date`).
fn locate_from(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let probe: String = needle.chars().take(24).collect();
    let candidates = [
        probe.clone(),
        probe.replace('\'', "''"),
        probe.replace('\\', "\\\\"),
    ];
    for c in candidates.iter().filter(|c| !c.is_empty()) {
        if let Some(pos) = text[from..].find(c.as_str()).map(|p| p + from) {
            let line = text[..pos].matches('\n').count() + 1;
            // In characters, as the caret under the source line is drawn.
            let line_start = text[..pos].rfind('\n').map_or(0, |nl| nl + 1);
            let col = text[line_start..pos].chars().count() + 1;
            return Some((line, col));
        }
    }
    None
}

/// Where the `n`-th (from 0) `id: ID` is written in a rule file: the whole
/// id, not the start of a longer one.
fn nth_id_at(text: &str, id: &str, n: usize) -> Option<usize> {
    let needle = format!("id: {id}");
    text.match_indices(&needle)
        .map(|(i, _)| i)
        .filter(|&i| {
            text[i + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '#')
        })
        .nth(n)
}

/// Line and column of the `n`-th (from 0) `id: ID` written in a rule file.
fn nth_id_line(text: &str, id: &str, n: usize) -> Option<(usize, usize)> {
    let pos = nth_id_at(text, id, n)?;
    let line = text[..pos].matches('\n').count() + 1;
    let column = text[..pos].rfind('\n').map_or(pos, |nl| pos - nl - 1) + 1;
    Some((line, column))
}

fn source_line(text: &str, line: usize) -> Option<String> {
    text.lines().nth(line.saturating_sub(1)).map(str::to_string)
}

/// The opening words of an example as the YAML file spells them: the text
/// up to the first character YAML may escape or fold, at least 8 long.
fn opening(written: &str) -> Option<String> {
    let o: String = written
        .chars()
        .take_while(|c| !matches!(c, '\\' | '"' | '\'' | '\n' | '\t'))
        .take(40)
        .collect();
    (o.chars().count() >= 8).then_some(o)
}

struct FileCtx<'a> {
    name: &'a str,
    text: &'a str,
    /// Where each line starts, found when first asked for.
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> FileCtx<'a> {
    fn new(name: &'a str, text: &'a str) -> Self {
        FileCtx {
            name,
            text,
            starts: Default::default(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The line (from 1) that byte `at` is on.
    fn line_at(&self, at: usize) -> usize {
        self.starts().partition_point(|&s| s <= at)
    }

    /// Where the line that byte `at` is on starts.
    fn line_start(&self, at: usize) -> usize {
        self.starts()[self.line_at(at) - 1]
    }
}

/// A regex that does not compile, as an error at the place in the file
/// where it goes wrong: regex-syntax's span within `written` (the pattern
/// as its author wrote it), added to where the pattern starts. A pattern
/// that parses but is too big is reported at its start.
fn regex_error(f: &FileCtx, id: &str, written: &str, e: &regex::Error) -> RuleError {
    let syntax = match regex_syntax::ast::parse::Parser::new().parse(written) {
        Err(e) => Some((e.kind().to_string(), e.span().start.offset)),
        Ok(ast) => regex_syntax::hir::translate::Translator::new()
            .translate(written, &ast)
            .err()
            .map(|e| (e.kind().to_string(), e.span().start.offset)),
    };
    let (what, offset) = syntax.unwrap_or_else(|| {
        let folded = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (folded, 0)
    });
    let mut err = f.error(written, id, format!("rule `{id}`: invalid regex: {what}"));
    // Where the pattern was found verbatim (no quoting escapes in between),
    // the column of the fault itself.
    let head = written.get(..offset).unwrap_or_default();
    let verbatim = err.source_line.as_deref().is_some_and(|l| {
        l.chars()
            .skip(err.column.saturating_sub(1))
            .collect::<String>()
            .starts_with(head)
    });
    if verbatim {
        err.column += head.chars().count();
    }
    err
}

impl FileCtx<'_> {
    fn error(&self, anchor: &str, fallback: &str, message: String) -> RuleError {
        // When the fallback is a rule's id, its words are looked for in
        // that rule first.
        let from = nth_id_at(self.text, fallback, 0).unwrap_or(0);
        let (line, column) = locate_from(self.text, anchor, from)
            .or_else(|| locate(self.text, anchor))
            .or_else(|| locate(self.text, fallback))
            .unwrap_or((1, 1));
        RuleError {
            file: self.name.to_string(),
            line,
            column,
            message,
            source_line: source_line(self.text, line),
        }
    }
}

const ITEM_STATUSES: &[&str] = &["done", "in_progress", "planned", "info"];
const RELEASE_STATUSES: &[&str] = &["released", "planned", "adopted", "mentioned"];
const FACT_STATUSES: &[&str] = &["done", "planned"];
/// Project lifecycle statuses, in their usual order (facts.md).
pub const LIFECYCLE: &[&str] = &[
    "proposed",
    "under-review",
    "incubating",
    "active",
    "retiring",
    "retired",
];
/// Maturity statuses of software and features (facts.md).
pub const MATURITY: &[&str] = &[
    "experimental",
    "alpha",
    "beta",
    "ga",
    "default",
    "deprecated",
    "removed",
    "eol",
];

fn is_state(s: &str) -> bool {
    LIFECYCLE.contains(&s) || MATURITY.contains(&s)
}

impl Builder {
    fn regex(&mut self, f: &FileCtx, kind: &str, id: &str, pattern: &str) -> Option<LazyRegex> {
        self.regex_of(f, kind, id, pattern, pattern)
    }

    /// [`Self::regex`] of `pattern` built from what the author wrote,
    /// `written` (a cue label is wrapped to match whole): an error names
    /// `written`, where it stands in the file.
    fn regex_of(
        &mut self,
        f: &FileCtx,
        kind: &str,
        id: &str,
        written: &str,
        pattern: &str,
    ) -> Option<LazyRegex> {
        let off = self
            .disabled
            .as_ref()
            .is_some_and(|(k, i)| k == kind && i == id);
        let disabled;
        let pattern = if off {
            disabled = never(pattern);
            &disabled
        } else {
            pattern
        };
        if self.late && !off {
            return Some(LazyRegex::on_first_use(ascii_classes(pattern).into_owned()));
        }
        match lazy::compile(&ascii_classes(pattern)) {
            Ok(re) => Some(LazyRegex::compiled(re)),
            Err(e) => {
                self.errors.push(regex_error(f, id, written, &e));
                None
            }
        }
    }

    fn check_status(&mut self, f: &FileCtx, id: &str, status: &str, allowed: &[&str]) {
        if !allowed.contains(&status) {
            self.errors.push(f.error(
                &format!("status: {status}"),
                id,
                format!(
                    "rule `{id}`: unknown status `{status}` (expected one of: {})",
                    allowed.join(", ")
                ),
            ));
        }
    }

    fn check_state(&mut self, f: &FileCtx, id: &str, state: &str) {
        if !is_state(state) {
            self.errors.push(f.error(
                state,
                id,
                format!(
                    "rule `{id}`: unknown status word `{state}` (expected one of: {})",
                    [LIFECYCLE, MATURITY].concat().join(", ")
                ),
            ));
        }
    }

    fn check_id(&mut self, f: &FileCtx, id: &str) {
        self.check_id_in(f, "rule", id)
    }

    /// Ids are unique within a namespace: committees and components name
    /// things (`bosh` is both), rules name rules.
    fn check_id_in(&mut self, f: &FileCtx, namespace: &str, id: &str) {
        if id.trim().is_empty() {
            self.errors
                .push(f.error("id:", "", "a rule has an empty id".into()));
            return;
        }
        // Where this `id:` is written: the n-th time this file names it.
        let nth = self
            .id_seen
            .entry((f.name.to_string(), id.to_string()))
            .or_default();
        let (line, column) = nth_id_line(f.text, id, *nth).unwrap_or((1, 1));
        *nth += 1;
        let here = format!("{}:{line}", f.name);
        if let Some(prev) = self.ids.insert(format!("{namespace}:{id}"), here) {
            self.errors.push(RuleError {
                file: f.name.to_string(),
                line,
                column,
                message: format!("rule id `{id}` is used twice (first at {prev})"),
                source_line: source_line(f.text, line),
            });
        }
    }

    fn unless(&mut self, f: &FileCtx, id: &str, pats: &[String]) -> Vec<LazyRegex> {
        pats.iter()
            .filter_map(|p| self.regex(f, "unless", id, p))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn examples(
        &mut self,
        f: &FileCtx,
        id: &str,
        kind: &'static str,
        examples: &[Example],
        counter: &[String],
        re: Option<LazyRegex>,
    ) {
        let r = self.rules.get_or_insert_with(empty_rules);
        // A repeated id is an error of its own; its examples are placed
        // after its first.
        let id_at = nth_id_at(f.text, id, 0);
        let line = id_at.map_or(1, |at| f.line_at(at));
        // Each example's line: its opening words, looked for in order from
        // the rule's line on (examples come before counter-examples).
        let mut from = id_at.map_or(0, |at| f.line_start(at));
        let mut line_of = |written: &str| {
            let o = opening(written)?;
            let at = from + f.text[from..].find(&o)?;
            // Past the whole opening: `from` stays on a character boundary.
            from = at + o.len();
            Some(f.line_at(at))
        };
        let example_lines = examples
            .iter()
            .map(|e| line_of(e.text.as_deref().or(e.doc.as_deref()).unwrap_or("")).unwrap_or(line))
            .collect();
        let counter_lines = counter.iter().map(|c| line_of(c).unwrap_or(line)).collect();
        r.examples.push(RuleExamples {
            file: f.name.to_string(),
            line,
            example_lines,
            counter_lines,

            id: id.to_string(),
            kind,
            examples: examples.to_vec(),
            counter: counter.to_vec(),
            re,
        });
    }

    fn add_file(&mut self, name: &str, text: &str) {
        let f = FileCtx::new(name, text);
        if text.len() as u64 > MAX_RULE_FILE_BYTES {
            self.errors
                .push(RuleError::whole_file(name, too_big_message()));
            return;
        }
        let pieces = match raw::parse(text) {
            Ok(r) => vec![r],
            Err(first) => {
                // Every error of the file, not only serde's first: the file
                // piece by piece, and the pieces that parse are checked too.
                let (pieces, mut errors) = raw::parse_pieces(text);
                if !errors.iter().any(|e| e.0 == first.0) {
                    errors.insert(0, first);
                }
                for (line, column, message) in errors {
                    self.errors.push(RuleError {
                        file: name.into(),
                        line,
                        column,
                        message,
                        source_line: source_line(text, line),
                    });
                }
                pieces
            }
        };
        self.rules.get_or_insert_with(empty_rules);
        for raw in &pieces {
            self.add_raw(&f, raw);
        }
    }

    fn add_raw(&mut self, f: &FileCtx, raw: &RuleFile) {
        for c in &raw.committees {
            self.check_id_in(f, "committee", &c.id);
            if let Some(re) = self.regex(f, "meeting", &c.id, &c.title) {
                self.examples(
                    f,
                    &c.id,
                    "meeting",
                    &c.examples,
                    &c.counter,
                    Some(re.clone()),
                );
                let named = re.capture_names().flatten().any(|n| n == "name");
                self.push(|r| {
                    r.committees.push(Committee {
                        id: c.id.clone(),
                        re,
                        named,
                    })
                });
            }
        }
        for d in &raw.dates {
            self.check_id(f, &d.id);
            if let Some(re) = self.regex(f, "meeting", &d.id, &d.pattern) {
                let has = |g: &str| re.capture_names().flatten().any(|n| n == g);
                for g in ["y", "m", "d"] {
                    // The month may be a number (`m`) or a name (`mon`).
                    if !(has(g) || g == "m" && has("mon")) {
                        self.errors.push(f.error(
                            &d.pattern,
                            &d.id,
                            format!("rule `{}`: date pattern needs the named groups y, m (or mon, a month's name) and d (missing `{g}`)", d.id),
                        ));
                    }
                }
                self.examples(
                    f,
                    &d.id,
                    "meeting",
                    &d.examples,
                    &d.counter,
                    Some(re.clone()),
                );
                let p = Pattern {
                    id: d.id.clone(),
                    re,
                };
                match d.source.as_str() {
                    "title" => self.push(|r| r.title_dates.push(p)),
                    "file" => self.push(|r| r.file_dates.push(p)),
                    other => self.errors.push(f.error(
                        &format!("source: {other}"),
                        &d.id,
                        format!(
                            "rule `{}`: unknown date source `{other}` (expected title or file)",
                            d.id
                        ),
                    )),
                }
            }
        }
        for s in &raw.sections {
            self.check_id(f, &s.id);
            if let Some(st) = &s.status {
                self.check_state(f, &s.id, st);
            }
            if let Some(c) = &s.cue {
                self.check_status(f, &s.id, c, ITEM_STATUSES);
            }
            if let Some(re) = self.regex(f, "section", &s.id, &s.pattern) {
                self.examples(
                    f,
                    &s.id,
                    "section",
                    &s.examples,
                    &s.counter,
                    Some(re.clone()),
                );
                self.push(|r| {
                    r.sections.push(Section {
                        id: s.id.clone(),
                        kind: s.kind,
                        re,
                        status: s.status.clone(),
                        cue: s.cue.clone(),
                    })
                });
            }
        }
        for t in &raw.heading_tags {
            self.check_id(f, &t.id);
            self.check_state(f, &t.id, &t.status);
            if let Some(re) = self.regex(f, "tag", &t.id, &t.pattern) {
                self.examples(f, &t.id, "tag", &t.examples, &t.counter, Some(re.clone()));
                self.push(|r| {
                    r.heading_tags.push(Tag {
                        id: t.id.clone(),
                        re,
                        status: t.status.clone(),
                    })
                });
            }
        }
        for p in &raw.project_strip {
            if let Some(re) = self.regex(f, "project_strip", "project_strip", p) {
                self.push(|r| r.project_strip.push(re));
            }
        }
        for c in &raw.components {
            self.check_id_in(f, "component", &c.id);
            if c.names.is_empty() {
                self.errors.push(f.error(
                    &format!("id: {}", c.id),
                    &c.id,
                    format!("component `{}` has no names", c.id),
                ));
                continue;
            }
            // Longest names first: the regex takes the first alternative that
            // matches, and "CredHub & CLI" must win over "CredHub".
            let mut names: Vec<&String> = c.names.iter().collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            let alts: Vec<String> = names.iter().map(|n| name_regex(n)).collect();
            let pat = format!(
                r"(?:^|[^\w-])(?P<name>{})(?:$|[^\w-]|-(?:\d))",
                alts.join("|")
            );
            if let Some(re) = self.regex(f, "component", &c.id, &pat) {
                self.examples(
                    f,
                    &c.id,
                    "component",
                    &c.examples,
                    &c.counter,
                    Some(re.clone()),
                );
                self.push(|r| {
                    r.components.push(Component {
                        id: c.id.clone(),
                        re,
                        projects: c.projects.clone(),
                        released_by: c.released_by.clone(),
                        release_numbered: c.release_numbered,
                        numbered_after_name: c.numbered_after_name,
                    })
                });
            }
        }
        for c in &raw.component_patterns {
            self.check_id(f, &c.id);
            if let Some(re) = self.regex(f, "component", &c.id, &c.pattern) {
                if !re.capture_names().flatten().any(|n| n == "name") {
                    self.errors.push(f.error(
                        &c.pattern,
                        &c.id,
                        format!(
                            "rule `{}`: component pattern needs a named group `name`",
                            c.id
                        ),
                    ));
                }
                self.examples(
                    f,
                    &c.id,
                    "component",
                    &c.examples,
                    &c.counter,
                    Some(re.clone()),
                );
                self.push(|r| {
                    r.component_patterns.push(CompPattern {
                        id: c.id.clone(),
                        re,
                        release_numbered: c.release_numbered,
                    })
                });
            }
        }
        self.push(|r| {
            r.name_stopwords
                .extend(raw.name_stopwords.iter().map(|s| s.to_lowercase()))
        });
        self.push(|r| {
            r.component_headers
                .extend(raw.component_headers.iter().map(|s| s.to_lowercase()))
        });
        self.push(|r| {
            r.not_lead_names
                .extend(raw.not_lead_names.iter().map(|s| s.to_lowercase()))
        });
        for v in &raw.versions {
            self.check_id(f, &v.id);
            if let Some(st) = &v.status {
                self.check_status(f, &v.id, st, RELEASE_STATUSES);
            }
            if let Some(re) = self.regex(f, "release", &v.id, &v.pattern) {
                if !re.capture_names().flatten().any(|n| n == "v") {
                    self.errors.push(f.error(
                        &v.pattern,
                        &v.id,
                        format!("rule `{}`: version pattern needs a named group `v`", v.id),
                    ));
                }
                self.examples(
                    f,
                    &v.id,
                    "release",
                    &v.examples,
                    &v.counter,
                    Some(re.clone()),
                );
                self.push(|r| {
                    r.versions.push(Version {
                        id: v.id.clone(),
                        component: v.component.clone(),
                        status: v.status.clone(),
                        only_after_component: v.only_after_component,
                        numbered_only: v.numbered_only,
                        major_line: v.major_line,
                        needs_digit: prefilter::needs_ascii_digit(re.as_str()),
                        re,
                    })
                });
            }
        }
        for v in &raw.not_versions {
            self.check_id(f, &v.id);
            if let Some(re) = self.regex(f, "not_version", &v.id, &v.pattern) {
                self.examples(
                    f,
                    &v.id,
                    "not_version",
                    &v.examples,
                    &v.counter,
                    Some(re.clone()),
                );
                self.push(|r| {
                    r.not_versions.push(Pattern {
                        id: v.id.clone(),
                        re,
                    })
                });
            }
        }
        for c in &raw.release_cues {
            if let Some(cue) = self.cue(f, c, RELEASE_STATUSES, "release") {
                self.push(|r| r.release_cues.push(cue));
            }
        }
        for c in &raw.item_cues {
            if let Some(cue) = self.cue(f, c, ITEM_STATUSES, "item") {
                self.push(|r| r.item_cues.push(cue));
            }
        }
        if let Some(n) = raw.item_label_max_words {
            self.push(|r| r.item_label_max_words = n);
        }
        for c in &raw.item_shapes {
            if let Some(cue) = self.cue(f, c, ITEM_STATUSES, "item") {
                self.push(|r| r.item_shapes.push(cue));
            }
        }
        for l in &raw.cue_labels {
            if let Some(label) = self.label(f, l) {
                self.push(|r| r.cue_labels.push(label));
            }
        }
        for l in &raw.column_labels {
            if let Some(label) = self.label(f, l) {
                self.push(|r| r.column_labels.push(label));
            }
        }
        for w in &raw.relative_dates {
            self.check_id(f, &w.id);
            let Some(kind) = crate::extract::when::Resolve::parse(&w.resolve) else {
                self.errors.push(f.error(
                    &format!("resolve: {}", w.resolve),
                    &w.id,
                    format!("rule `{}`: unknown resolve `{}`", w.id, w.resolve),
                ));
                continue;
            };
            if kind == crate::extract::when::Resolve::Days && w.days.is_none() {
                self.errors.push(f.error(
                    &w.id,
                    &w.id,
                    format!("rule `{}`: resolve `days` needs `days: [from, to]`", w.id),
                ));
            }
            if let Some([from, to]) = w.days
                && !(0 <= from && from <= to && to <= MAX_DAYS)
            {
                self.errors.push(f.error(
                    &format!("days: [{from}, {to}]"),
                    &w.id,
                    format!(
                        "rule `{}`: `days: [{from}, {to}]` must be 0 <= from <= to <= {MAX_DAYS}",
                        w.id
                    ),
                ));
            }
            if let Some(re) = self.regex(f, "when", &w.id, &w.pattern) {
                // The groups the arithmetic of its kind reads.
                let needs: &[&str] = match kind {
                    crate::extract::when::Resolve::Until => &["m", "d"],
                    crate::extract::when::Resolve::Date => &["y", "m"],
                    _ => &[],
                };
                if needs
                    .iter()
                    .any(|g| !re.capture_names().flatten().any(|n| n == *g))
                {
                    self.errors.push(f.error(
                        &w.pattern,
                        &w.id,
                        format!(
                            "rule `{}`: resolve `{}` needs named groups {}",
                            w.id,
                            w.resolve,
                            needs.join(" and ")
                        ),
                    ));
                }
                self.examples(f, &w.id, "when", &w.examples, &w.counter, Some(re.clone()));
                let days = w.days.map_or((0, 0), |[a, b]| (a, b));
                self.push(|r| {
                    r.relative_dates.push(WhenPattern {
                        id: w.id.clone(),
                        re,
                        kind,
                        days,
                    })
                });
            }
        }
        if let Some(t) = &raw.timeline {
            if let Some(d) = t.released_twice_days {
                self.push(|r| r.released_twice_days = d);
            }
            if let Some(tr) = &t.tracks {
                if let Some(s) = tr.similarity
                    && !(0.0..=1.0).contains(&s)
                {
                    self.errors.push(f.error(
                        "similarity:",
                        "tracks:",
                        format!("timeline.tracks.similarity must be between 0 and 1, not {s}"),
                    ));
                }
                self.push(|r| {
                    let t = &mut r.tracks;
                    t.similarity = tr.similarity.unwrap_or(t.similarity);
                    t.slip_after_meetings = tr.slip_after_meetings.unwrap_or(t.slip_after_meetings);
                    t.planned_horizon_days =
                        tr.planned_horizon_days.unwrap_or(t.planned_horizon_days);
                    t.max_gap_days = tr.max_gap_days.unwrap_or(t.max_gap_days);
                    t.stopwords.extend(tr.stopwords.iter().cloned());
                });
            }
            if let Some(top) = t.charts.as_ref().and_then(|c| c.top) {
                if top == 0 {
                    self.errors.push(f.error(
                        "top:",
                        "charts:",
                        "timeline.charts.top must be at least 1".to_string(),
                    ));
                }
                self.push(|r| r.chart_top = top);
            }
        }
        for t in &raw.transitions {
            self.check_id(f, &t.id);
            self.check_state(f, &t.id, &t.to);
            if let Some(fr) = &t.from {
                self.check_state(f, &t.id, fr);
            }
            if let Some(st) = &t.status {
                self.check_status(f, &t.id, st, FACT_STATUSES);
            }
            let unless = self.unless(f, &t.id, &t.unless);
            let re = if t.cell {
                // A cell is read whole, as a header label is.
                let whole = whole_label(&t.pattern);
                self.regex_of(f, "transition", &t.id, &t.pattern, &whole)
            } else {
                self.regex(f, "transition", &t.id, &t.pattern)
            };
            if let Some(re) = re {
                self.examples(f, &t.id, "transition", &t.examples, &t.counter, None);
                self.push(|r| {
                    r.transitions.push(Transition {
                        id: t.id.clone(),
                        re,
                        to: t.to.clone(),
                        from: t.from.clone(),
                        status: t.status.clone(),
                        label: t.label,
                        cell: t.cell,
                        unless,
                    })
                });
            }
        }
        for c in &raw.transition_columns {
            self.check_id(f, &c.id);
            let role = match c.role.as_str() {
                "to" => ColumnRole::To,
                "from" => ColumnRole::From,
                other => {
                    self.errors.push(f.error(
                        &format!("role: {other}"),
                        &c.id,
                        format!(
                            "rule `{}`: unknown role `{other}` (expected to or from)",
                            c.id
                        ),
                    ));
                    continue;
                }
            };
            if let Some(st) = &c.status {
                self.check_status(f, &c.id, st, FACT_STATUSES);
            }
            let unless = self.unless(f, &c.id, &c.unless);
            let pat = whole_label(&c.pattern);
            if let Some(re) = self.regex_of(f, "transition_column", &c.id, &c.pattern, &pat) {
                self.examples(f, &c.id, "transition_column", &c.examples, &c.counter, None);
                self.push(|r| {
                    r.transition_columns.push(TransitionColumn {
                        id: c.id.clone(),
                        re,
                        role,
                        status: c.status.clone(),
                        unless,
                    })
                });
            }
        }
    }

    fn cue(
        &mut self,
        f: &FileCtx,
        c: &CueRule,
        allowed: &[&str],
        kind: &'static str,
    ) -> Option<Cue> {
        self.check_id(f, &c.id);
        self.check_status(f, &c.id, &c.status, allowed);
        if let Some(ch) = &c.children {
            self.check_status(f, &c.id, ch, ITEM_STATUSES);
        }
        if let Some(w) = &c.when_unfinished {
            self.check_status(f, &c.id, w, allowed);
        }
        let unless = self.unless(f, &c.id, &c.unless);
        let re = self.regex(f, kind, &c.id, &c.pattern)?;
        self.examples(f, &c.id, kind, &c.examples, &c.counter, None);
        Some(Cue {
            id: c.id.clone(),
            re,
            status: c.status.clone(),
            unless,
            children: c.children.clone(),
            whole: c.whole,
            when_unfinished: c.when_unfinished.clone(),
            weak: c.weak,
            precedes: c.precedes,
            follows: c.follows,
        })
    }

    /// A cue label (or column label), checked: its id, status, pattern
    /// (matched against the whole label) and examples.
    fn label(&mut self, f: &FileCtx, l: &raw::CueLabel) -> Option<Label> {
        self.check_id(f, &l.id);
        self.check_status(f, &l.id, &l.status, ITEM_STATUSES);
        let pat = whole_label(&l.pattern);
        let re = self.regex_of(f, "item", &l.id, &l.pattern, &pat)?;
        self.examples(f, &l.id, "item", &l.examples, &l.counter, None);
        Some(Label {
            id: l.id.clone(),
            re,
            status: l.status.clone(),
            force: l.force,
            yields: l.yields,
        })
    }

    fn push(&mut self, f: impl FnOnce(&mut Rules)) {
        f(self.rules.get_or_insert_with(empty_rules))
    }

    fn finish(self) -> Result<Rules, RuleErrors> {
        if !self.errors.is_empty() {
            return Err(RuleErrors(self.errors));
        }
        let mut rules = self.rules.unwrap_or_else(empty_rules);
        rules.prefilters = Prefilters::build(&rules);
        Ok(rules)
    }
}

/// A pattern matched against a whole label or cell, ignoring case.
fn whole_label(pattern: &str) -> String {
    format!("(?i)^(?:{pattern})$")
}

/// A component name as a regex: literal, whitespace flexible, and
/// case-insensitive unless the name is written with a capital after its
/// first letter's position that matters (`Go` must not match the verb `go`).
fn name_regex(name: &str) -> String {
    let case_sensitive = name.len() <= 3 && name.chars().next().is_some_and(|c| c.is_uppercase());
    let body = regex::escape(name)
        .replace("\\ ", r"\s+")
        .replace(' ', r"\s+");
    if case_sensitive {
        body
    } else {
        format!("(?i:{body})")
    }
}

fn empty_rules() -> Rules {
    Rules {
        committees: vec![],
        title_dates: vec![],
        file_dates: vec![],
        sections: vec![],
        project_strip: vec![],
        heading_tags: vec![],
        components: vec![],
        component_patterns: vec![],
        name_stopwords: vec![],
        component_headers: vec![],
        not_lead_names: vec![],
        versions: vec![],
        not_versions: vec![],
        release_cues: vec![],
        transitions: vec![],
        transition_columns: vec![],
        item_cues: vec![],
        item_shapes: vec![],
        cue_labels: vec![],
        column_labels: vec![],
        relative_dates: vec![],
        item_label_max_words: usize::MAX,
        released_twice_days: 60,
        tracks: TrackSettings::default(),
        chart_top: 20,
        examples: vec![],
        prefilters: Prefilters::default(),
    }
}

impl Rules {
    /// The component whose id this is.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// The rule of a lifecycle table's column, by its header (normalised).
    pub fn transition_column(&self, header: &str) -> Option<&TransitionColumn> {
        self.transition_columns
            .iter()
            .find(|c| c.re.is_match(header))
    }

    /// The status a lifecycle table's cell (normalised) names, by the first
    /// `cell` rule that reads it.
    pub fn cell_status(&self, cell: &str) -> Option<&Transition> {
        self.transitions
            .iter()
            .filter(|t| t.cell)
            .find(|t| t.re.is_match(cell))
    }

    /// The column label a table header cell is, if any.
    pub fn column_label(&self, header: &str) -> Option<&Label> {
        self.column_labels.iter().find(|l| l.re.is_match(header))
    }

    /// The cue label a whole label is (`also planning`), also when it joins
    /// labels of one status with a slash (`under consideration / coming up`).
    pub fn cue_label(&self, label: &str) -> Option<&Label> {
        if label.is_empty() {
            return None;
        }
        let first = |text: &str| {
            let live = self.prefilters.cue_labels.which(text);
            live.into_iter()
                .map(|k| &self.cue_labels[k])
                .find(|l| l.re.is_match(text))
        };
        if let Some(l) = first(label) {
            return Some(l);
        }
        let parts: Vec<&str> = label.split('/').map(str::trim).collect();
        if parts.len() < 2 {
            return None;
        }
        let found: Vec<&Label> = parts.iter().filter_map(|p| first(p)).collect();
        (found.len() == parts.len() && found.iter().all(|l| l.status == found[0].status))
            .then(|| found[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_digits_and_word_characters_become_ascii() {
        assert_eq!(
            ascii_classes(r"(?i)\bv\d+[\d.]*\B\\b"),
            r"(?i)(?-u:\b)v(?-u:\d)+[\d.]*(?-u:\B)\\b"
        );
        assert_eq!(ascii_classes(r"[\b\]]x"), r"[\b\]]x");
        assert_eq!(ascii_classes("plain"), "plain");
        assert_eq!(ascii_classes(r"\b{start}x"), r"\b{start}x");
        assert_eq!(ascii_classes(r"\d{2,4}"), r"(?-u:\d){2,4}");
        assert_eq!(
            ascii_classes(r"^\W*\w+[\w`-]+[^\w]"),
            r"^[^[:word:]]*(?-u:\w)+[[:word:]`-]+[^[:word:]]"
        );
        assert_eq!(ascii_classes(r"[^]\w]+\w"), r"[^][:word:]]+(?-u:\w)");
        // Still matches text with non-ASCII letters, without splitting one.
        let re = regex::Regex::new(&ascii_classes(r"^\W*(\w+)")).unwrap();
        assert_eq!(&re.captures("«Köper»").unwrap()[1], "K");
        // `\D` compiles (as `(?-u:\D)` it was refused: it can match half a
        // character) and takes a whole non-ASCII character.
        assert_eq!(ascii_classes(r"v\D+"), r"v[^0-9]+");
        let re = regex::Regex::new(&ascii_classes(r"(\D+)\d")).unwrap();
        assert_eq!(&re.captures("é2").unwrap()[1], "é");
    }

    #[test]
    fn embedded_rules_load() {
        let r = Rules::load(&RuleSource::Embedded).unwrap_or_else(|e| panic!("{e}"));
        assert!(!r.components.is_empty());
        assert!(!r.item_cues.is_empty());
    }

    #[test]
    fn locate_finds_line_and_column() {
        assert_eq!(locate("a: 1\nb: '(x'\n", "(x"), Some((2, 5)));
    }
}
