//! The raw shape of a rules file, exactly as written in YAML.
//!
//! Strict on purpose: every struct denies unknown keys, so a typo such as
//! `patern:` is an error with its line and column instead of a rule that
//! silently never fires.

use serde::Deserialize;

/// One rules file. Every section is optional; files are merged.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RuleFile {
    /// Which committee a meeting belongs to, from its title.
    pub committees: Vec<CommitteeRule>,
    /// How a meeting date is read from a title or a file name.
    pub dates: Vec<DateRule>,
    /// Heading classes: committee-wide, skipped, containers, generic, status groups.
    pub sections: Vec<SectionRule>,
    /// Regexes removed from a project heading before it becomes a slug.
    pub project_strip: Vec<String>,
    /// Lifecycle tags in project headings (`### Eirini (incubating)`).
    pub heading_tags: Vec<TagRule>,
    /// Words that are never a person's name in a heading's lead
    /// (`#### Known issues - Windows`): such a lead makes no sub-project.
    pub not_lead_names: Vec<String>,
    /// Named components and their aliases.
    pub components: Vec<ComponentRule>,
    /// Shapes of names that are components (`*-release`, `*-buildpack`).
    pub component_patterns: Vec<ComponentPattern>,
    /// Words that are never a component name when they precede a version.
    pub name_stopwords: Vec<String>,
    /// Headers of a table's first column whose cells each name a component
    /// as written (`| Component | Version |`): each row is that component's.
    pub component_headers: Vec<String>,
    /// The version grammar.
    pub versions: Vec<VersionRule>,
    /// What looks like a version but is not (`v3 API`, `99%`, `issue 1234`).
    pub not_versions: Vec<VersionRule>,
    /// Words that give a version its status (released, planned, adopted, mentioned).
    pub release_cues: Vec<CueRule>,
    /// Status transitions (lifecycle and maturity).
    pub transitions: Vec<TransitionRule>,
    /// Column headers of a lifecycle table (`| Project | From | To |`): the
    /// column of each row's new status, and of its old one.
    pub transition_columns: Vec<TransitionColumn>,
    /// Words that give an item its status.
    pub item_cues: Vec<CueRule>,
    /// Shapes of items with no cue of their own (`Project lead: Jane`), tried
    /// before the item inherits a cue from above.
    pub item_shapes: Vec<CueRule>,
    /// Whole labels (`Also planning:`, `#### In Progress:`) that set the status
    /// of what follows them.
    pub cue_labels: Vec<CueLabel>,
    /// Table column headers (`| Now | Next | Later |`, `Latest release`) that
    /// give the status of the work in the cells under them.
    #[serde(default)]
    pub column_labels: Vec<CueLabel>,
    /// The most words an item with nested items and no cue of its own may
    /// have and still be only their label (`info`): a longer one is a
    /// statement of its own ("PR-ed cf-deployment to make ContainerD mode the
    /// default when not rootless").
    pub item_label_max_words: Option<usize>,
    /// Dates, relative ("this week", "until 09/13") or written out ("on
    /// 2020-07-31"), and how they resolve.
    pub relative_dates: Vec<WhenRule>,
    /// Settings of the timeline (release history, item tracking).
    pub timeline: Option<TimelineRule>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhenRule {
    pub id: String,
    pub pattern: String,
    /// this_week, next_week, this_month, next_month, end_of_month,
    /// this_quarter, next_quarter, end_of_quarter, this_year, next_year,
    /// until (needs groups `m` and `d`), days (needs `days: [from, to]`),
    /// date (a date written out: groups `y` and `m`, a number or a month's
    /// name, and `d` when a day is given).
    pub resolve: String,
    #[serde(default)]
    pub days: Option<[i64; 2]>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TimelineRule {
    /// A version called released in meetings further apart than this is flagged.
    pub released_twice_days: Option<i64>,
    pub tracks: Option<TrackRule>,
    pub charts: Option<ChartRule>,
}

/// Which lanes the charts show (`roadmap build --top N` overrides `top`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChartRule {
    /// Lanes (components, projects) a chart shows at most: the busiest ones.
    pub top: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TrackRule {
    /// How alike (weighted cosine, 0-1) an item must be to a track's latest mention to join it.
    pub similarity: Option<f64>,
    /// An unfinished track not seen in this many later meetings of its project slipped.
    pub slip_after_meetings: Option<usize>,
    /// A track still planned this many days after it was first planned slipped.
    pub planned_horizon_days: Option<i64>,
    /// Items further apart than this are never the same track.
    pub max_gap_days: Option<i64>,
    /// Words that say nothing about which work an item is.
    pub stopwords: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeRule {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRule {
    pub id: String,
    /// `title` or `file`.
    pub source: String,
    pub pattern: String,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Content is committee-wide: items get project `pmc`.
    Committee,
    /// Content is not roadmap items (agenda, attendees, zoom info).
    Skip,
    /// Groups projects; not a project itself (`Backlog Reviews`, `Projects`).
    Container,
    /// Committee-wide for what sits right under it (its `cue` applies), but
    /// a project heading under it is that project: `## Roadmaps` over
    /// `### Director` and `### CLI`.
    Overview,
    /// Inside a project, not a project (`Releases`, `General`).
    Generic,
    /// Extensions status group (`## _Incubating_`); needs `status`.
    StatusGroup,
    /// A heading that is a status cue for what is under it (`#### Released in
    /// v2.39.0:`); needs `cue`. Whole cue labels of items.yaml are cue
    /// headings too; these are the heading-only shapes.
    Cue,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionRule {
    pub id: String,
    pub kind: SectionKind,
    pub pattern: String,
    /// Lifecycle status of a status group.
    #[serde(default)]
    pub status: Option<String>,
    /// Item status for items with no cue of their own (`planned` for roadmaps).
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagRule {
    pub id: String,
    pub pattern: String,
    /// The lifecycle status the tag states.
    pub status: String,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentRule {
    pub id: String,
    pub names: Vec<String>,
    /// Project sections whose versions belong to this component by default.
    #[serde(default)]
    pub projects: Vec<String>,
    /// Projects that cut this component's releases without being its
    /// section (Release Integration cuts cf-deployment): a version named so
    /// in their update is released, not a dependency they adopted.
    #[serde(default)]
    pub released_by: Vec<String>,
    /// Whole numbers right after the name are versions (`cf-release 218`).
    #[serde(default)]
    pub release_numbered: bool,
    /// Only a whole number right after the name is a version (`Loggregator
    /// 99`); a bare `v2` in the project's section is not (the v2 API).
    #[serde(default)]
    pub numbered_after_name: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentPattern {
    pub id: String,
    pub pattern: String,
    #[serde(default)]
    pub release_numbered: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRule {
    pub id: String,
    pub pattern: String,
    /// The component this shape always names (`cf212` is cf-release).
    #[serde(default)]
    pub component: Option<String>,
    /// A status this shape always has (`1.8.x` is only ever mentioned).
    #[serde(default)]
    pub status: Option<String>,
    /// Counts only right after a release-numbered component name.
    #[serde(default)]
    pub only_after_component: bool,
    /// Names a major line (`V7 CLI`), not the release x.0.0: kept apart in
    /// the release history.
    #[serde(default)]
    pub major_line: bool,
    /// Counts only when the component it resolves to is numbered by whole
    /// numbers (`release_numbered`): `v7` in the CLI's section, not `v3` of an API.
    #[serde(default)]
    pub numbered_only: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CueRule {
    pub id: String,
    pub pattern: String,
    pub status: String,
    /// Regexes that veto a match (tested on the matched text).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Status for nested items that have no cue of their own.
    #[serde(default)]
    pub children: Option<String>,
    /// Decides whenever it matches, before the earliest-cue rule (a question
    /// is info whatever verbs it holds).
    #[serde(default)]
    pub whole: bool,
    /// Release cues: the status when the item holding the version is still
    /// planned or in progress (a move to a dependency not yet made).
    #[serde(default)]
    pub when_unfinished: Option<String>,
    /// Item cues: a weak cue (a word's shape, as a leading "-ing") yields to
    /// a label above the item that says its work is planned ("Plan for the
    /// next release includes:" over "uploading of droplets").
    #[serde(default)]
    pub weak: bool,
    /// Release cues: the cue speaks only of versions after it ("shipped
    /// with golang 1.7" says how Go was used, not how the release before
    /// it was), and only within its phrase: a "to", "for" or "into" after
    /// it starts another ("from v2.2.5 to v2.2.13", "built with Go 1.9
    /// for cf CLI 6.31.0").
    #[serde(default)]
    pub precedes: bool,
    /// Release cues: the cue speaks only of the version right before it,
    /// its subject ("v0.28.0 introduces", "cf-release v231 also
    /// includes"): only "release", "also" or "now" may stand between.
    #[serde(default)]
    pub follows: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CueLabel {
    pub id: String,
    /// Matched against the whole label, lowercased, markup and `:` removed.
    pub pattern: String,
    pub status: String,
    /// Children take this status even when their own words say otherwise.
    #[serde(default)]
    pub force: bool,
    /// Children take the cue from above the label when there is one, this
    /// status only otherwise (the highlights of a release still to come are
    /// still to come).
    #[serde(default)]
    pub yields: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRule {
    pub id: String,
    pub pattern: String,
    pub to: String,
    #[serde(default)]
    pub from: Option<String>,
    /// `done` or `planned`; when absent, taken from the item's status.
    #[serde(default)]
    pub status: Option<String>,
    /// A label (`Enabled by default:`) whose nested items each change status.
    #[serde(default)]
    pub label: bool,
    /// A status word read from a lifecycle table's `To` or `From` cell
    /// (`attic`): the pattern is matched against the whole cell, lowercased,
    /// markup removed, and never against running text.
    #[serde(default)]
    pub cell: bool,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

/// A column header of a lifecycle table.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionColumn {
    pub id: String,
    /// Matched against the whole header cell, lowercased, markup removed.
    pub pattern: String,
    /// `to`: the column names each row's new status; `from`: its old one.
    pub role: String,
    /// `done` or `planned`: what a move under this column is when its row
    /// says neither (a "Proposed" column holds proposals).
    #[serde(default)]
    pub status: Option<String>,
    /// Regexes tried on the whole row: a row that matches one holds no move
    /// ("vote failed, stays active", "withdrawn").
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub counter: Vec<String>,
}

/// A rule's example: a text (a list item under a project heading) or a whole
/// document, and the fact it must give.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
    /// File name the document is read from (for meeting examples).
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub release: Option<ExpectRelease>,
    #[serde(default)]
    pub transition: Option<ExpectTransition>,
    #[serde(default)]
    pub item: Option<ExpectItem>,
    #[serde(default)]
    pub meeting: Option<ExpectMeeting>,
    /// The date a fact of the text carries, resolved against the example
    /// note's meeting date (2017-09-05, a Tuesday).
    #[serde(default)]
    pub when: Option<ExpectWhen>,
    /// The lifecycle state a project heading or status group gives.
    #[serde(default)]
    pub project_status: Option<ExpectProjectStatus>,
    /// The text gives no release at all.
    #[serde(default)]
    pub no_release: bool,
    /// The text gives no item at all (a skipped or container section).
    #[serde(default)]
    pub no_item: bool,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectRelease {
    #[serde(default)]
    pub component: Option<String>,
    pub version: String,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectTransition {
    pub to: String,
    #[serde(default)]
    pub status: Option<String>,
    /// The project or repository that changes state.
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectItem {
    pub status: String,
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub line: Option<usize>,
}

/// A project seen in a lifecycle state (`### Eirini (incubating)`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectProjectStatus {
    pub project: String,
    pub status: String,
}

impl std::fmt::Display for ExpectProjectStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "project {} {}", self.project, self.status)
    }
}

/// A resolved date range (`YYYY-MM-DD`, both ends included).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectWhen {
    pub start: String,
    pub end: String,
    /// day, week, month, quarter, year or fuzzy.
    #[serde(default)]
    pub precision: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectMeeting {
    #[serde(default)]
    pub pmc: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

/// A YAML error in a rules file: line, column, message.
pub type ParseError = (usize, usize, String);

/// Parse one file; on error give (line, column, message).
pub fn parse(text: &str) -> Result<RuleFile, ParseError> {
    if text.trim().is_empty() {
        return Ok(RuleFile::default());
    }
    serde_norway::from_str::<RuleFile>(text).map_err(|e| located(&e, 0))
}

/// A parse error with its line moved down by `offset` lines.
fn located(e: &serde_norway::Error, offset: usize) -> ParseError {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let mut msg = e.to_string();
    // serde_norway appends " at line L column C"; we print the location ourselves.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    (line + offset, col, msg)
}

/// A file that does not parse, read again piece by piece so that every
/// error is found at once, not one per run: each top-level key alone, and
/// a list that fails, entry by entry. The pieces that parse are returned
/// too, so that their rules are checked as well. (serde stops at a file's
/// first error; the pieces are cut at the lines where block-style YAML
/// starts a key or a list entry, as rule files are written.)
pub fn parse_pieces(text: &str) -> (Vec<RuleFile>, Vec<ParseError>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // A top-level key: a name at column 0 and a colon (not a line of a
    // flow list such as `pre, post:x,`), outside an open `[` or `{`.
    let mut depth = 0i32;
    let mut keys = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let name_len = l
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(l.len());
        let key = depth <= 0
            && l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && l[name_len..].starts_with(':')
            && l[name_len + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
        if key {
            keys.push(i);
        }
        for c in l.chars() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth -= 1,
                '#' => break,
                _ => {}
            }
        }
    }
    let chunks = keys
        .iter()
        .enumerate()
        .map(|(k, &a)| (a, keys.get(k + 1).copied().unwrap_or(lines.len())));
    for (start, end) in chunks {
        let chunk: String = lines[start..end].concat();
        let e = match serde_norway::from_str::<RuleFile>(&chunk) {
            Ok(f) => {
                files.push(f);
                continue;
            }
            Err(e) => e,
        };
        // A block list (`key:` then `  - …` entries, its first line an
        // entry): each entry alone. Anything else: the chunk's error.
        let header = lines[start];
        let body = &lines[start + 1..end];
        let first = body.iter().find(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        });
        let is_entry = |rest: &str| rest.starts_with("- ") || rest.trim_end() == "-";
        let indent = first
            .filter(|l| is_entry(l.trim_start()))
            .map(|l| l.len() - l.trim_start().len());
        let entries = indent.map(|n| {
            runs(body, |l| {
                l.get(..n).is_some_and(|p| p.trim().is_empty()) && l.get(n..).is_some_and(is_entry)
            })
        });
        let before = errors.len();
        match (header.trim_end().ends_with(':'), entries) {
            (true, Some(entries)) if !entries.is_empty() => {
                let key = header.trim_end().trim_end_matches(':');
                for (k, (a, b)) in entries.into_iter().enumerate() {
                    let piece = format!("{}{}", header, body[a..b].concat());
                    match serde_norway::from_str::<RuleFile>(&piece) {
                        Ok(f) => files.push(f),
                        // Line 1 of the piece is the header; line 2 the entry's
                        // first (file line start + 2 + a); an error at the end
                        // of the piece is on its last line. The entry is the
                        // k-th of its list.
                        Err(e) => {
                            let (line, col, msg) = located(&e, 0);
                            let alone = format!("{key}[0]");
                            let msg = match msg.strip_prefix(&alone) {
                                Some(rest) => format!("{key}[{k}]{rest}"),
                                None => msg,
                            };
                            let line = if line <= 1 {
                                start + 1
                            } else {
                                (start + a + line).min(start + 1 + b)
                            };
                            errors.push((line, col, msg));
                        }
                    }
                }
                // Entries that parse alone but not together: the chunk's error.
                if errors.len() == before {
                    errors.push(located(&e, start));
                }
            }
            _ => errors.push(located(&e, start)),
        }
    }
    // A piece that uses an anchor another piece defines cannot be read
    // alone: that is no error of the file.
    errors.retain(|(_, _, msg)| !msg.starts_with("unknown anchor"));
    if errors.is_empty() {
        // Pieces that parse alone but not together (a key given twice, an
        // alias that expands to the wrong type): the whole file's error.
        if let Err(e) = parse(text) {
            errors.push(e);
        }
    }
    (files, errors)
}

/// Ranges of `lines`, each from a line that `starts` to the next such line
/// (lines before the first are left out).
fn runs(lines: &[&str], starts: impl Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let heads: Vec<usize> = (0..lines.len()).filter(|&i| starts(lines[i])).collect();
    heads
        .iter()
        .enumerate()
        .map(|(k, &a)| (a, heads.get(k + 1).copied().unwrap_or(lines.len())))
        .collect()
}

fn opt(label: &str, v: &Option<impl std::fmt::Display>) -> String {
    v.as_ref()
        .map(|v| format!(" {label} {v}"))
        .unwrap_or_default()
}

impl std::fmt::Display for ExpectRelease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = self.component.as_deref().unwrap_or("?");
        write!(
            f,
            "release {c}@{}{}",
            self.version,
            opt("status", &self.status)
        )
    }
}

impl std::fmt::Display for ExpectTransition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "transition to {}{}{}{}",
            self.to,
            opt("status", &self.status),
            opt("subject", &self.subject),
            opt("line", &self.line)
        )
    }
}

impl std::fmt::Display for ExpectItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "item {}{}{}",
            self.status,
            opt("project", &self.project),
            opt("line", &self.line)
        )
    }
}

impl std::fmt::Display for ExpectWhen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "when {}..{}{}",
            self.start,
            self.end,
            opt("precision", &self.precision)
        )
    }
}

impl std::fmt::Display for ExpectMeeting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "meeting{}{}",
            opt("pmc", &self.pmc),
            opt("date", &self.date)
        )
    }
}

/// The JSON Schema of a rules file, for editors (generated from these types).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RuleFile);
    serde_json::to_string_pretty(&schema).expect("schema serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::{parse, parse_pieces};
    use proptest::prelude::*;

    /// Lines rule files are made of, well- and ill-formed.
    const LINES: &[&str] = &[
        "item_cues:\n",
        "  - id: a\n",
        "    pattern: x\n",
        "    status: done\n",
        "    colour: 1\n",
        "€€€\n",
        "name_stopwords: [\n",
        "pre, post:x,\n",
        "]\n",
        "  -\n",
        "    id: b\r\n",
        "timeline:\n",
        "  released_twice_days: x\n",
        "  oops\n",
        "# comment\n",
        "\n",
        "\t- x\n",
        "é: 1\n",
        "  - {id: c, pattern: 'y', status: done}\n",
        "cue_labels:",
        "  - &a [x]\n",
        "  - *a\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Reading a file piece by piece never panics, finds an error
        /// whenever the whole file has one, and places each on a line of
        /// the file (or just past its end, where YAML ends early).
        #[test]
        fn a_file_read_piece_by_piece_is_placed_and_never_panics(
            lines in prop::collection::vec(prop::sample::select(LINES), 0..24)
        ) {
            let text = lines.concat();
            let (_, errors) = parse_pieces(&text);
            if parse(&text).is_err() {
                prop_assert!(!errors.is_empty(), "{text:?}");
            }
            let n = text.split_inclusive('\n').count().max(1);
            for (line, col, _) in &errors {
                prop_assert!((1..=n + 1).contains(line), "line {line} of {n}: {text:?}");
                prop_assert!(*col >= 1);
            }
        }
    }
}
