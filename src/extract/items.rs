//! Items: where each piece of work stands as of the meeting.
//!
//! The decision, in order (each step is a rule or a named default, and the
//! fact's `rule` says which one decided):
//! 1. a whole cue label (`Also planning:`, `Notes:`) is `info` and sets the
//!    status of what hangs under it (`force`d labels override own words);
//! 2. the earliest cue word in the item's first sentence (`item_cues`), the
//!    longest when two start together; a cue may also set its children's
//!    status (the points under a proposal are `info`);
//! 3. an item that only introduces nested items is `info` (`item.label`),
//!    when it ends with a colon, hangs under a parent item's cue, or is short
//!    enough to be only their label (a long one under a cue heading or with
//!    no cue above is a statement);
//! 4. the nearest cue above: a table row's cue cell (`*Soon*`) or, in a
//!    roadmap laid out in columns (`| Now | Next |`), its first filled
//!    cell's column; then parent item, label paragraph (a caption over a
//!    table included), cue heading;
//! 5. the default: `done` in a project's update (a plain description of a
//!    change; `planned` when its first date lies after the meeting), `info`
//!    in committee-wide sections.

use crate::rules::{Cue, Prefilter, Rules};
use crate::structure::{Block, BlockKind, Outline};

use super::sections::Classified;
use super::text::{first_sentence, normalize_label, without_parentheses};
use super::when::{When, dated_ahead, find_when};
use super::{Base, Interner, Item};

pub const RULE_LABEL: &str = "item.label";
pub const RULE_DEFAULT_UPDATE: &str = "item.default.update";
pub const RULE_DEFAULT_COMMITTEE: &str = "item.default.committee";
/// A plain update whose first date lies after the meeting ("Inception on
/// May 19 2016" in a meeting of May 17) is work to come: `planned`.
pub const RULE_DATED_AHEAD: &str = "item.default.dated-ahead";
/// A committee-wide item with no cue of its own whose line reports a
/// lifecycle or maturity move takes that move's status ("CF Networking moved
/// to active projects!" is done; "… to active: vote at the next call" planned).
pub const RULE_DEFAULT_TRANSITION: &str = "item.default.transition";

/// The status of one block that is an item, and what it passes down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemState {
    pub project: String,
    pub status: String,
    pub rule: String,
    /// The text the status was read from (table rows: the content cells).
    pub text: String,
    /// Status for nested items without a cue: (status, rule, forced).
    pub child_cue: Option<(String, String, bool)>,
    /// The table cue cell over a row (`Soon`), read for relative dates.
    pub cue_text: Option<String>,
}

/// The content of a block as an item's text (`None`: not an item).
fn item_text(b: &Block) -> Option<String> {
    match b.kind {
        BlockKind::ListItem | BlockKind::Paragraph => Some(b.text()),
        BlockKind::TableRow => Some(content_cells(b, |_| true)).filter(|t| !t.is_empty()),
        _ => None,
    }
}

/// A table row's non-empty cells whose index `keep` takes, trimmed and
/// joined by ` | ` (empty when there are none).
fn content_cells(b: &Block, keep: impl Fn(usize) -> bool) -> String {
    b.cells
        .iter()
        .enumerate()
        .filter(|&(k, c)| keep(k) && !c.trim().is_empty())
        .map(|(_, c)| c.trim())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The cue that decides: a `whole` cue that matches anywhere, else the
/// earliest match (the longest when two start together, then the first listed).
pub(crate) fn earliest_cue<'r>(
    cues: &'r [Cue],
    prefilter: Option<&Prefilter>,
    text: &str,
    row: bool,
) -> Option<(&'r Cue, usize)> {
    // The words after a short `Label:` prefix are read as a start of their
    // own ("Robustness: closing some race conditions"). So are a table row's
    // cells ("bosh-dns | 1.27.0 | next"): a status column's word opens its
    // cell.
    let mut starts = vec![0usize];
    if row {
        starts.extend(text.match_indices(" | ").map(|(at, sep)| at + sep.len()));
    }
    // A cue for the whole item may also be the second of a row's two
    // cells, all that is said of what the row names ("vSphere | no
    // update"); beside other cells, "n/a" or "TBD" speaks for its column.
    let whole_at = if starts.len() == 2 { 2 } else { 1 };
    if let Some(key) = label_prefix(text) {
        starts.push(key.len() + 2);
    }
    // Only the cues the prefilter lets through (all of them without one).
    let live: Vec<usize> = match prefilter {
        Some(p) if p.len() == cues.len() => p.which(text),
        _ => (0..cues.len()).collect(),
    };
    if let Some(c) = live.iter().map(|&k| &cues[k]).find(|c| {
        c.whole
            && starts[..whole_at]
                .iter()
                .any(|&s| c.re.find_iter(&text[s..]).any(|m| c.accepts(m.as_str())))
    }) {
        return Some((c, 0));
    }
    let mut best: Option<(usize, usize, usize)> = None;
    for (k, cue) in live.into_iter().map(|k| (k, &cues[k])) {
        for &s in &starts {
            for m in cue.re.find_iter(&text[s..]) {
                if !cue.accepts(m.as_str()) {
                    continue;
                }
                let key = (s + m.start(), usize::MAX - m.len(), k);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
                break;
            }
        }
    }
    best.map(|(pos, _, k)| (&cues[k], pos))
}

/// Whether a status's rule is a cue label's or a cue heading's (`label.…`,
/// `section.…`), not an item's own words.
pub(crate) fn from_cue_label(rule: &str) -> bool {
    rule.starts_with("label.") || rule.starts_with("section.")
}

/// Whether an item's first sentence has a shape that says it is news (a
/// release named alone: `item.version-only`), not one that says it is info.
pub(crate) fn is_news_shape(text: &str, rules: &Rules) -> bool {
    earliest_cue(&rules.item_shapes, None, first_sentence(text), false)
        .is_some_and(|(cue, _)| cue.status != "info")
}

/// A text's words up to its first `;`, or its first comma that opens a
/// clause of lowercase words: what "Design docs written, inception on
/// 2019-10-29" says of itself is in "Design docs written" (a comma before a
/// name or a number, "Thursday, May 19 2016", goes on).
fn lead_clause(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            c == ';'
                || c == ','
                    && text[i + 1..].starts_with(' ')
                    && text[i + 2..].starts_with(|c: char| c.is_lowercase())
        })
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The short `Label` of a text opening `Label: …` (at most four words).
fn label_prefix(text: &str) -> Option<&str> {
    text.split_once(": ")
        .map(|(key, _)| key)
        .filter(|key| key.split_whitespace().count() <= 4)
}

/// The status each column of a table gives its cells, by table: work to
/// come (`planned`, `in_progress`) or done, with the label's rule id; a
/// column labelled `info` says nothing of when and is left out.
pub(crate) type ColumnCues = std::collections::HashMap<usize, Vec<Option<(String, String)>>>;

/// The status of work each column of each table is headed with, by table:
/// a roadmap laid out in columns ("| Project | Now | Next | Later |") says
/// a cell under "Next" is planned, as a "*Soon*" first cell says of its row.
pub(crate) fn column_cues(outline: &Outline, rules: &Rules) -> ColumnCues {
    outline
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableHeader)
        .filter_map(|b| {
            let cues: Vec<Option<(String, String)>> = b
                .cells
                .iter()
                .map(|c| {
                    rules
                        .column_label(&normalize_label(c))
                        .filter(|l| l.status != "info")
                        .map(|l| (l.status.clone(), l.id.clone()))
                })
                .collect();
            Some((b.table?, cues)).filter(|(_, c)| c.iter().any(Option::is_some))
        })
        .collect()
}

/// The words of an item read as a label: an aside in parentheses is not
/// counted ("Highlights (see release story link above for details)").
fn label_words(text: &str) -> usize {
    without_parentheses(text).split_whitespace().count()
}

/// Decide the status of every item block; `None` for blocks that are not items.
pub fn item_states(
    outline: &Outline,
    ctx: &Classified,
    columns: &ColumnCues,
    lifecycle: &super::transitions::LifecycleTables<'_>,
    rules: &Rules,
    meeting: Option<chrono::NaiveDate>,
) -> Vec<Option<ItemState>> {
    let mut states: Vec<Option<ItemState>> = vec![None; outline.blocks.len()];
    let mut table_cue: Option<(Option<usize>, String, String, String)> = None;
    for (i, b) in outline.blocks.iter().enumerate() {
        let sc = ctx.of(b.heading);
        let Some(project) = sc.project.clone() else {
            continue;
        };
        let Some(mut text) = item_text(b) else {
            continue;
        };

        // Table rows: a first cell that is a cue label (`*Soon*`) sets the
        // cue for its row and the rows after it.
        let mut row_cue = None;
        let mut cue_text = None;
        if b.kind == BlockKind::TableRow {
            if table_cue.as_ref().is_some_and(|t| t.0 != b.table) {
                table_cue = None;
            }
            let first = b
                .cells
                .first()
                .map(|c| normalize_label(c))
                .unwrap_or_default();
            if let Some(l) = rules.cue_label(&first) {
                table_cue = Some((b.table, l.status.clone(), l.id.clone(), first.clone()));
                let rest = content_cells(b, |k| k > 0);
                if rest.is_empty() {
                    continue;
                }
                text = rest;
            } else if !first.is_empty() && b.cells.len() > 1 {
                table_cue = None;
            }
            row_cue = table_cue.as_ref().map(|t| (t.1.clone(), t.2.clone()));
            cue_text = table_cue.as_ref().map(|t| t.3.clone());
        }
        let text = text.trim().trim_start_matches("- ").trim().to_string();

        // The nearest cue above: parent chain first, then table, then heading.
        let mut inherited: Option<(String, String, bool)> = None;
        // The cue comes from an item that introduces its children with a
        // colon ("Plan for the next release includes:"): a label's cue.
        let mut from_colon = false;
        // A table's status column decides for its rows, before a caption
        // above the table does: their cells name features ("Fetching
        // service instances", "Weighted routing"), not sentences. In a
        // roadmap laid out in columns ("| Area | Now | Next |"), the row's
        // work stands where its first filled cell under a column of work
        // to come says. (A table with a column of what is out, "| CPI |
        // Latest release | Next |", lists versions: its rows' own words
        // decide.)
        let column_cue = || {
            let cues = columns.get(&b.table?)?;
            if cues.iter().flatten().any(|(s, _)| s == "done") {
                return None;
            }
            cues.iter()
                .zip(&b.cells)
                .find_map(|(cue, cell)| cue.as_ref().filter(|_| !cell.trim().is_empty()))
                .map(|(s, r)| (s.clone(), r.clone(), true))
        };
        let row_cue = match b.kind {
            BlockKind::TableRow => row_cue.map(|(s, r)| (s, r, true)).or_else(column_cue),
            _ => None,
        };
        let mut p = if row_cue.is_some() { None } else { b.parent };
        while let Some(k) = p {
            if let Some(st) = &states[k]
                && let Some(c) = &st.child_cue
            {
                inherited = Some(c.clone());
                from_colon = st.text.trim_end().ends_with(':');
                break;
            }
            p = outline.blocks[k].parent;
        }
        let inherited = inherited
            .or(row_cue)
            .or_else(|| sc.cue.clone().map(|(s, r)| (s, r, false)));

        // A cue from a label or a cue heading ("#### Upcoming:") outranks an
        // item's shape; a parent item's own status does not. A weak cue
        // also yields to a planned item ending in a colon above it.
        let from_label = inherited
            .as_ref()
            .is_some_and(|(_, r, _)| from_cue_label(r));
        // A lifecycle table's status cells ("| garden-shed | active |
        // retiring |") name the move, not where the row's work stands: the
        // row's other cells, or the cue above it, say that.
        let cue_source = match b.table.and_then(|t| lifecycle.get(&t)) {
            Some(cols) if b.kind == BlockKind::TableRow => {
                content_cells(b, |k| k != cols.to && Some(k) != cols.from)
            }
            _ => text.clone(),
        };
        let first_sentence = first_sentence(&cue_source).to_string();
        let has_children = !b.children.is_empty() && b.kind != BlockKind::TableRow;

        let (status, rule, child_cue) = if let Some(l) = rules.cue_label(&normalize_label(&text)) {
            let own = (l.status.clone(), l.id.clone(), l.force);
            let child = if l.yields {
                inherited.clone().unwrap_or(own)
            } else {
                own
            };
            ("info".to_string(), l.id.clone(), Some(child))
        } else if let Some((s, r, true)) = &inherited {
            (s.clone(), r.clone(), inherited.clone())
        } else if let Some((cue, _)) = earliest_cue(
            &rules.item_cues,
            Some(&rules.prefilters.item_cues),
            &first_sentence,
            b.kind == BlockKind::TableRow,
        ) && !(cue.weak
            && (from_label || from_colon)
            && inherited.as_ref().is_some_and(|(s, _, _)| s == "planned"))
        {
            let child = cue
                .children
                .clone()
                .map(|c| (c, cue.id.clone(), false))
                .or_else(|| {
                    (cue.status != "info").then(|| (cue.status.clone(), cue.id.clone(), false))
                });
            (cue.status.clone(), cue.id.clone(), child)
        } else if let Some(l) = label_prefix(&first_sentence)
            .and_then(|key| rules.cue_label(&normalize_label(key)))
            .filter(|l| l.status != "info")
        {
            // A cue label opening the item ("Long-term: full HA BOSH") is
            // the status of what follows it.
            (l.status.clone(), l.id.clone(), None)
        } else if let Some((cue, _)) = earliest_cue(
            &rules.item_shapes,
            None,
            &first_sentence,
            b.kind == BlockKind::TableRow,
        )
        // Under a cue heading or label, only a shape that says the item is
        // news (a release named alone) counts: it is then no label of its
        // children, and takes the cue.
        .filter(|(cue, _)| !from_label || cue.status != "info")
        {
            // A shape that says the item is news yields to a cue from above.
            match &inherited {
                Some((s, r, _)) if cue.status != "info" => {
                    (s.clone(), r.clone(), inherited.clone())
                }
                _ => (cue.status.clone(), cue.id.clone(), inherited.clone()),
            }
        } else if has_children
            && (text.trim_end_matches(['*', '_', ' ']).ends_with(':')
                // Under a parent item's status, an item with points of its
                // own is their label; a cue heading or label speaks for
                // every item under it ("#### Imminent" over a long one).
                || (inherited.is_some() && !from_label)
                || label_words(&text) <= rules.item_label_max_words)
        {
            (
                "info".to_string(),
                RULE_LABEL.to_string(),
                inherited.clone(),
            )
        } else if let Some((s, r, _)) = &inherited {
            (s.clone(), r.clone(), inherited.clone())
        } else if project == "pmc" {
            ("info".to_string(), RULE_DEFAULT_COMMITTEE.to_string(), None)
        } else if dated_ahead(lead_clause(&first_sentence), meeting, rules) {
            ("planned".to_string(), RULE_DATED_AHEAD.to_string(), None)
        } else {
            ("done".to_string(), RULE_DEFAULT_UPDATE.to_string(), None)
        };
        // A short caption over a table ("Votes concluded since the last
        // meeting:", a paragraph the structure hangs rows under only when
        // it ends in a colon) only introduces its rows: its words are theirs.
        let caption = b.kind == BlockKind::Paragraph
            && label_words(&text) <= rules.item_label_max_words
            && b.children
                .first()
                .is_some_and(|&c| outline.blocks[c].kind == BlockKind::TableRow);
        let (status, rule, child_cue) = if caption && status != "info" {
            let child = child_cue.or(Some((status, rule, false)));
            ("info".to_string(), RULE_LABEL.to_string(), child)
        } else {
            (status, rule, child_cue)
        };
        states[i] = Some(ItemState {
            project,
            status,
            rule,
            text,
            child_cue,
            cue_text,
        });
    }
    states
}

/// The first relative date in the item's text, else in its table cue cell.
fn when_of(st: &ItemState, base: &Base, rules: &Rules) -> Option<When> {
    find_when(
        std::iter::once(st.text.as_str()).chain(st.cue_text.as_deref()),
        base.date,
        rules,
    )
}

/// The item facts of a note.
pub(crate) fn items(
    outline: &Outline,
    states: &[Option<ItemState>],
    rules: &Rules,
    base: &Base,
) -> Vec<Item> {
    let mut sym = Interner::default();
    outline
        .blocks
        .iter()
        .zip(states)
        .filter_map(|(b, st)| {
            let st = st.as_ref()?;
            Some(Item {
                file: sym.get(base.file),
                line: b.line,
                project: sym.get(&st.project),
                status: sym.get(&st.status),
                date: base.date,
                rule: sym.get(&st.rule),
                // A whole item can be a pasted page: the fact quotes its start.
                text: super::text::cap(&st.text, 2000),
                when: when_of(st, base, rules).map(Box::new),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lead_clause;

    #[test]
    fn a_lead_clause_ends_where_a_clause_of_its_own_begins() {
        assert_eq!(
            lead_clause("Design docs written, inception on 2019-10-29"),
            "Design docs written"
        );
        assert_eq!(
            lead_clause("Deprecated X; it goes away in 2020"),
            "Deprecated X"
        );
        // A comma before a name or a number goes on.
        assert_eq!(
            lead_clause("Inception on Thursday, May 19 2016"),
            "Inception on Thursday, May 19 2016"
        );
        assert_eq!(
            lead_clause("End of support on January 1, 2021"),
            "End of support on January 1, 2021"
        );
    }
}
